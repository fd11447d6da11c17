import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { sendMessage, stopReply } from '../../store/actions';
import { streamingRequestOf } from '../../store/reducers';
import { hasUsableModel, remoteServerOf } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { Icon } from '../common/Icon';
import { ContextMeter } from './ContextMeter';
import { ContextNotice } from './ContextNotice';
import { useContextMeasure } from './use-context-measure';

export function Composer(): React.JSX.Element {
  const { t } = useTranslation();
  const hintId = useId();
  const [text, setText] = useState('');
  const input = useRef<HTMLTextAreaElement>(null);
  const canChat = useAppStore(hasUsableModel);
  const noModels = useAppStore((s) => s.modelsLoaded && s.models.length === 0);
  const requestId = useAppStore((s) => streamingRequestOf(s, s.currentChatId));
  const sending = useAppStore((s) => s.sending);
  const replying = requestId !== null || sending;
  const remoteServer = useAppStore((s) => remoteServerOf(s, s.settings?.selectedModelPath)?.name ?? null);
  const focusRequest = useAppStore((s) => s.composerFocus);
  const focused = useRef(0);
  // Asked for once a model is ready (first start); the box is disabled until it can send.
  useEffect(() => {
    if (focusRequest > focused.current && canChat) {
      focused.current = focusRequest;
      input.current?.focus();
    }
  }, [focusRequest, canChat]);
  const content = text.trim();
  const measure = useContextMeasure(content);
  // Said before sending: a message that cannot fit is not sent until the user picks a way on.
  const tooLong = measure !== null && measure.exact && !measure.fits && content.length > 0;

  async function submit(): Promise<void> {
    if (!content || replying || !canChat || tooLong) return;
    const sent = text;
    const ok = await sendMessage(content);
    // Keep the text when the send failed, or when the user already typed something new.
    if (ok) setText((current) => (current === sent ? '' : current));
    input.current?.focus();
  }

  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {remoteServer && (
        <p className="remote-notice">
          <Icon name="alert" />
          {t('remote.notice', { server: remoteServer })}
        </p>
      )}
      {tooLong && <ContextNotice measure={measure} draft={content} />}
      {!canChat && (
        <p id={hintId} className="composer-hint">
          {noModels ? t('composer.noModels') : t('composer.noModel')}
        </p>
      )}
      <div className="composer-box">
        <textarea
          ref={input}
          data-focus-fallback
          aria-label={t('composer.label')}
          aria-describedby={canChat ? undefined : hintId}
          placeholder={t('composer.placeholder')}
          value={text}
          disabled={!canChat}
          rows={Math.min(8, Math.max(1, text.split('\n').length))}
          onChange={(e) => setText(e.target.value)}
          onKeyDown={(e) => {
            // isComposing: Enter that confirms an IME composition is not a send.
            if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
              e.preventDefault();
              void submit();
            } else if (e.key === 'Escape' && !e.shiftKey && requestId) {
              // Escape stops the reply being written; focus stays here to write the next message.
              e.preventDefault();
              void stopReply();
            }
          }}
        />
        {replying ? (
          <button type="button" className="button stop" disabled={!requestId} onClick={() => {
              void stopReply();
              // The Stop button goes away with the reply: the next thing to do is write.
              input.current?.focus();
            }}
          >
            <Icon name="stop" />
            {t('composer.stop')}
          </button>
        ) : (
          <button type="submit" className="button primary send" disabled={!content || !canChat || tooLong}>
            <Icon name="send" />
            {t('composer.send')}
          </button>
        )}
      </div>
      <ContextMeter measure={measure} />
    </form>
  );
}
