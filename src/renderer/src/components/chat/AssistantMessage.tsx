import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../shared/domain';
import { continueReply, deleteMessage, regenerate } from '../../store/actions';
import { parseModelRef } from '../../../../shared/model-ref';
import { isReplyBusy, lastAssistantIdOf, remoteServerOf } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { CopyButton } from '../common/CopyButton';
import { IconButton } from '../common/IconButton';
import { PinButton, PinnedMarker } from './MessagePin';
import { ReplyStats } from './ReplyStats';
import { ReplyStatus } from './ReplyStatus';
import { ReplyBody } from './ReplyBody';
import { VersionSwitcher } from './VersionSwitcher';

export function AssistantMessage({ message }: { message: Message }): React.JSX.Element {
  const { t } = useTranslation();
  const isLast = useAppStore((s) => lastAssistantIdOf(s) === message.id);
  const busy = useAppStore(isReplyBusy);
  const streaming = message.status === 'streaming';
  // Replies from a remote server say which one wrote them (the server's name, if it still exists).
  const remote = message.modelPath ? parseModelRef(message.modelPath) : null;
  const serverName = useAppStore((s) => remoteServerOf(s, message.modelPath)?.name ?? null);

  return (
    <article
      className="message is-assistant"
      data-status={message.status}
      aria-label={t('chat.assistant')}
      // Screen readers wait for the finished reply instead of reading every token.
      aria-busy={streaming}
    >
      <PinnedMarker message={message} />
      <div className="message-body">
        <ReplyBody messageId={message.id} stored={message.content} streaming={streaming} />
      </div>
      {!streaming && (
        <>
          <ReplyStatus message={message} />
          <footer className="message-footer">
            <div className="message-actions">
              <VersionSwitcher message={message} />
              {message.content && <CopyButton label={t('chat.copy')} text={() => message.content} />}
              {message.content && <PinButton message={message} />}
              {isLast && <IconButton icon="refresh" label={t('chat.regenerate')} disabled={busy} onClick={() => void regenerate()} />}
              {isLast && message.content && remote?.kind !== 'remote' && (
                <IconButton icon="forward" label={t('chat.continue')} disabled={busy} onClick={() => void continueReply()} />
              )}
              <IconButton icon="trash" label={t('chat.deleteMessage')} disabled={busy} onClick={() => void deleteMessage(message.id)} />
            </div>
            <ReplyStats message={message} />
            {remote?.kind === 'remote' && (
              <p className="reply-remote">{t('remote.via', { model: remote.model, server: serverName ?? remote.serverId })}</p>
            )}
          </footer>
        </>
      )}
    </article>
  );
}
