import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppStore } from '../../store/state';
import { ChatSettingsDialog } from '../chat-settings/ChatSettingsDialog';
import { ExportChatDialog } from '../transfer/ExportChatDialog';
import { Icon } from '../common/Icon';
import { IconButton } from '../common/IconButton';
import { ModelPicker } from '../models/ModelPicker';
import { DownloadSlot } from './DownloadSlot';

export function AppHeader({ onOpenSettings, onOpenShortcuts }: { onOpenSettings: () => void; onOpenShortcuts: () => void }): React.JSX.Element {
  const { t } = useTranslation();
  const chat = useAppStore((s) => s.currentChat);
  // A completion continues a text as it is: there is no system prompt to set.
  const isCompletion = useAppStore((s) => (s.currentChat?.mode ?? s.draftMode) === 'completion');
  const onModels = useAppStore((s) => s.view === 'models');
  const [editingPrompt, setEditingPrompt] = useState(false);
  const [exporting, setExporting] = useState(false);

  return (
    <header className="app-header">
      <div className="app-header-chat">
        <h1 className="chat-title">
          {onModels ? t('models.title') : chat?.title || (isCompletion ? t('completion.emptyTitle') : t('sidebar.untitled'))}
        </h1>
        {!onModels && !isCompletion && (
          <button
            type="button"
            className={`button small ghost ${chat?.systemPrompt || chat?.fewShot.length ? 'is-set' : ''}`}
            onClick={() => setEditingPrompt(true)}
          >
            <Icon name="sliders" />
            {t('header.chatSettings')}
          </button>
        )}
        {!onModels && chat && (
          <button type="button" className="button small ghost" aria-haspopup="dialog" onClick={() => setExporting(true)}>
            <Icon name="download" />
            {t('transfer.exportChat')}
          </button>
        )}
      </div>
      <div className="app-header-tools">
        <ModelPicker />
        <DownloadSlot />
        <IconButton icon="keyboard" label={t('shortcuts.open')} aria-haspopup="dialog" onClick={onOpenShortcuts} />
        <IconButton icon="settings" label={t('header.settings')} onClick={onOpenSettings} />
      </div>
      {editingPrompt && <ChatSettingsDialog chat={chat} onClose={() => setEditingPrompt(false)} />}
      {exporting && chat && <ExportChatDialog chat={chat} onClose={() => setExporting(false)} />}
    </header>
  );
}
