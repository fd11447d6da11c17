import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAppearance } from './appearance/use-appearance';
import { AppHeader } from './components/layout/AppHeader';
import { ChatView } from './components/chat/ChatView';
import { ModelsScreen } from './components/library/ModelsScreen';
import { SettingsDialog } from './components/settings/SettingsDialog';
import { Sidebar } from './components/sidebar/Sidebar';
import { ConnectionBanner } from './components/status/ConnectionBanner';
import { LiveRegion } from './components/status/LiveRegion';
import { Toasts } from './components/status/Toasts';
import { UpdateNotice } from './components/status/UpdateNotice';
import { WorkerBanner } from './components/status/WorkerBanner';
import { installFocusRescue } from './focus/focus-rescue';
import { resolveLanguage, setLanguage } from './i18n';
import { ShortcutsDialog } from './shortcuts/ShortcutsDialog';
import { focusComposerSoon, useShortcuts } from './shortcuts/use-shortcuts';
import { showChat } from './store/actions';
import { useAppStore } from './store/state';

/** Follows the language setting once it is known. */
function useLanguageSetting(): void {
  const language = useAppStore((s) => s.settings?.language);
  useEffect(() => {
    if (language) setLanguage(resolveLanguage(language, navigator.language));
  }, [language]);
}

function useFocusRescue(): void {
  useEffect(() => installFocusRescue(), []);
}

/** Tells end-to-end tests (and nothing else) that the first data is on screen. */
function useReadyFlag(): void {
  const ready = useAppStore((s) => s.ready);
  useEffect(() => {
    if (ready) document.documentElement.dataset.ready = 'true';
  }, [ready]);
}

/** The first thing Tab reaches: past the sidebar and header, straight to writing. */
function SkipLink(): React.JSX.Element {
  const { t } = useTranslation();
  return (
    <a
      className="skip-link"
      // The main area always exists (the message box does not on Models); the click goes further, to the box.
      href="#main"
      onClick={(event) => {
        event.preventDefault();
        showChat();
        focusComposerSoon();
      }}
    >
      {t('app.skipToComposer')}
    </a>
  );
}

export function App(): React.JSX.Element {
  const settings = useAppStore((s) => s.settings);
  const view = useAppStore((s) => s.view);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [shortcutsOpen, setShortcutsOpen] = useState(false);
  const openShortcuts = useCallback(() => setShortcutsOpen(true), []);
  useShortcuts(openShortcuts);
  useLanguageSetting();
  useAppearance();
  useReadyFlag();
  useFocusRescue();

  return (
    <div className="app">
      <SkipLink />
      <Sidebar />
      <main className="main" id="main" tabIndex={-1}>
        <AppHeader onOpenSettings={() => setSettingsOpen(true)} onOpenShortcuts={openShortcuts} />
        <ConnectionBanner />
        <WorkerBanner />
        <UpdateNotice />
        {view === 'models' ? <ModelsScreen /> : <ChatView />}
      </main>
      <Toasts />
      <LiveRegion />
      {shortcutsOpen && <ShortcutsDialog onClose={() => setShortcutsOpen(false)} />}
      {settingsOpen && settings && <SettingsDialog settings={settings} onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}
