import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { continueReply, editMessage, regenerate, sendMessage, stopReply } from '../../store/actions';
import { streamingRequestOf } from '../../store/reducers';
import { hasUsableModel } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { ReplyStats } from '../chat/ReplyStats';
import { ReplyStatus } from '../chat/ReplyStatus';
import { VersionSwitcher } from '../chat/VersionSwitcher';
import { CopyButton } from '../common/CopyButton';
import { Icon } from '../common/Icon';
import { CompletionOutput } from './CompletionOutput';
import { looksLikeCode } from './looks-like-code';

/**
 * Completion mode: a plain text or code prompt that the model continues as it is (GPT4All's
 * `generate`). The prompt is the chat's first message and each continuation a reply to it, so
 * editing the prompt, another version and "keep writing" are the chat's own branches.
 */
export function CompletionView(): React.JSX.Element {
  const { t } = useTranslation();
  const fieldId = useId();
  const hintId = useId();
  const chatId = useAppStore((s) => s.currentChatId);
  const prompt = useAppStore((s) => (s.messageIds[0] ? s.messages[s.messageIds[0]] : undefined));
  const output = useAppStore((s) => (s.messageIds[1] ? s.messages[s.messageIds[1]] : undefined));
  const canRun = useAppStore(hasUsableModel);
  const requestId = useAppStore((s) => streamingRequestOf(s, s.currentChatId));
  const sending = useAppStore((s) => s.sending);
  const onCodeModel = useAppStore((s) => /coder|code/i.test(s.settings?.selectedModelPath ?? ''));
  const busy = requestId !== null || sending;
  const [text, setText] = useState(prompt?.content ?? '');

  // Another completion opened, or another version of its prompt shown: the field follows it.
  const promptId = prompt?.id;
  const promptText = prompt?.content ?? '';
  useEffect(() => setText(promptText), [chatId, promptId, promptText]);

  const changed = prompt !== undefined && text !== prompt.content;
  const streaming = output?.status === 'streaming';

  async function generate(): Promise<void> {
    if (!text.trim() || busy || !canRun) return;
    if (!prompt) await sendMessage(text);
    else if (changed) await editMessage(prompt.id, text);
    else await regenerate();
  }

  return (
    <section className="completion-view" aria-label={t('completion.emptyTitle')}>
      <div className="completion-scroll">
        {!prompt && (
          <div className="completion-intro">
            <h2>{t('completion.emptyTitle')}</h2>
            <p>{t('completion.emptyBody')}</p>
          </div>
        )}
        <form
          className="completion-form"
          onSubmit={(e) => {
            e.preventDefault();
            void generate();
          }}
        >
          <div className="completion-label-row">
            <label htmlFor={fieldId}>{t('completion.label')}</label>
            {prompt && <VersionSwitcher message={prompt} />}
          </div>
          <textarea
            id={fieldId}
            data-focus-fallback
            className="completion-prompt"
            value={text}
            rows={8}
            placeholder={t('completion.placeholder')}
            aria-describedby={hintId}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                void generate();
              }
            }}
          />
          <div id={hintId} className="completion-hints">
            {changed && <p className="field-hint">{t('completion.edited')}</p>}
            {!onCodeModel && looksLikeCode(text) && <p className="field-hint">{t('completion.codeHint')}</p>}
            {!canRun && <p className="field-hint">{t('composer.noModel')}</p>}
          </div>
          <div className="completion-actions">
            {busy ? (
              <button type="button" className="button stop" disabled={!requestId} onClick={() => void stopReply()}>
                <Icon name="stop" />
                {t('composer.stop')}
              </button>
            ) : (
              <>
                <button type="submit" className="button primary" disabled={!text.trim() || !canRun}>
                  <Icon name="send" />
                  {prompt && !changed ? t('completion.again') : t('completion.generate')}
                </button>
                {output?.content && !changed && (
                  <button type="button" className="button" disabled={!canRun} onClick={() => void continueReply()}>
                    <Icon name="forward" />
                    {t('completion.keepWriting')}
                  </button>
                )}
              </>
            )}
          </div>
        </form>
        {output && (
          <article className="completion-result" aria-labelledby={`${fieldId}-output`} aria-busy={streaming}>
            <div className="completion-label-row">
              <h2 id={`${fieldId}-output`} className="completion-output-title">
                {t('completion.output')}
              </h2>
              <span className="message-actions">
                <VersionSwitcher message={output} />
                {output.content && <CopyButton label={t('chat.copy')} text={() => output.content} />}
              </span>
            </div>
            <CompletionOutput message={output} prompt={prompt?.content ?? ''} />
            {!streaming && (
              <>
                <ReplyStatus message={output} />
                <ReplyStats message={output} />
              </>
            )}
          </article>
        )}
      </div>
    </section>
  );
}
