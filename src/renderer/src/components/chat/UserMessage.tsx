import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '../../../../shared/domain';
import { deleteMessage, editMessage } from '../../store/actions';
import { isReplyBusy } from '../../store/selectors';
import { useAppStore } from '../../store/state';
import { CopyButton } from '../common/CopyButton';
import { IconButton } from '../common/IconButton';
import { EditMessageForm } from './EditMessageForm';
import { PinButton, PinnedMarker } from './MessagePin';
import { VersionSwitcher } from './VersionSwitcher';

export function UserMessage({ message }: { message: Message }): React.JSX.Element {
  const { t } = useTranslation();
  const busy = useAppStore(isReplyBusy);
  const [editing, setEditing] = useState(false);

  return (
    <article className="message is-user" aria-label={t('chat.you')}>
      {editing ? (
        <EditMessageForm
          initial={message.content}
          onCancel={() => setEditing(false)}
          onSave={async (content) => {
            const ok = await editMessage(message.id, content);
            if (ok) setEditing(false);
            return ok;
          }}
        />
      ) : (
        <>
          <PinnedMarker message={message} />
          {/* The user's own words are shown exactly as typed, never as Markdown. */}
          <div className="message-body user-text">{message.content}</div>
          <div className="message-actions">
            <VersionSwitcher message={message} />
            <CopyButton label={t('chat.copy')} text={() => message.content} />
            <PinButton message={message} />
            <IconButton icon="pencil" label={t('chat.edit')} disabled={busy} onClick={() => setEditing(true)} />
            <IconButton icon="trash" label={t('chat.deleteMessage')} disabled={busy} onClick={() => void deleteMessage(message.id)} />
          </div>
        </>
      )}
    </article>
  );
}
