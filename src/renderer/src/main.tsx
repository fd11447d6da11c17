import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App';
import { applyAppearance, defaultAppearance } from './appearance/appearance';
import { initI18n, resolveLanguage } from './i18n';
import { connectApi } from './ipc';
import { loadInitial } from './store/actions';
import { bindEvents } from './store/events';
import './styles/base.css';
import './styles/layout.css';
import './styles/chat.css';
import './styles/controls.css';
import './styles/library.css';
import './styles/markdown.css';
import './styles/highlight.css';

// The system language until the settings arrive, so the first frame is not in the wrong one.
initI18n(resolveLanguage('auto', navigator.language));
// The default look until the settings arrive, so the first frame follows the system's theme.
applyAppearance(document.documentElement, defaultAppearance, window.matchMedia('(prefers-color-scheme: dark)').matches);
const api = connectApi();
bindEvents(api);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root');
createRoot(container).render(
  <StrictMode>
    <App />
  </StrictMode>,
);

void loadInitial();
