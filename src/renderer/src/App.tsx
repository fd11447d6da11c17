import { useEffect, useState } from 'react';
import { useAppearance } from './appearance/use-appearance';
import { AppHeader } from './components/layout/AppHeader';
import { ChatView } from './components/chat/ChatView';
import { ModelsScreen } from './components/library/ModelsScreen';
import { SettingsDialog } from './components/settings/SettingsDialog';
import { Sidebar } from './components/sidebar/Sidebar';
import { ConnectionBanner } from './components/status/ConnectionBanner';
import { LiveRegion } from './components/status/LiveRegion';
import { Toasts } from './components/status/Toasts';
import { WorkerBanner } from './components/status/WorkerBanner';
import { resolveLanguage, setLanguage } from './i18n';
import { useAppStore } from './store/state';

/** Follows the language setting once it is known. */
function useLanguageSetting(): void {
  const language = useAppStore((s) => s.settings?.language);
  useEffect(() => {
    if (language) setLanguage(resolveLanguage(language, navigator.language));
  }, [language]);
}

/** Tells end-to-end tests (and nothing else) that the first data is on screen. */
function useReadyFlag(): void {
  const ready = useAppStore((s) => s.ready);
  useEffect(() => {
    if (ready) document.documentElement.dataset.ready = 'true';
  }, [ready]);
}

export function App(): React.JSX.Element {
  const settings = useAppStore((s) => s.settings);
  const view = useAppStore((s) => s.view);
  const [settingsOpen, setSettingsOpen] = useState(false);
  useLanguageSetting();
  useAppearance();
  useReadyFlag();

  return (
    <div className="app">
      <Sidebar />
      <main className="main">
        <AppHeader onOpenSettings={() => setSettingsOpen(true)} />
        <ConnectionBanner />
        <WorkerBanner />
        {view === 'models' ? <ModelsScreen /> : <ChatView />}
      </main>
      <Toasts />
      <LiveRegion />
      {settingsOpen && settings && <SettingsDialog settings={settings} onClose={() => setSettingsOpen(false)} />}
    </div>
  );
}
