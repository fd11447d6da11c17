import type { Api } from '../ipc';
import { announce, onChatChanged, reportError, resync } from './actions';
import { applyDownload } from './library-actions';
import { applyDelta, applyDone, applyQueued } from './reducers';
import { useAppStore } from './state';

const doneAnnouncement = { done: 'live.replyDone', stopped: 'live.replyStopped', error: 'live.replyFailed' } as const;

/** Feeds pushed events and connection changes into the store; returns the unsubscriber. */
export function bindEvents(api: Api): () => void {
  const { getState, setState } = useAppStore;
  setState({ connection: api.connectionState() });

  const offs = [
    api.on('chat.delta', (delta) => {
      const patch = applyDelta(getState(), delta);
      if (patch) setState(patch);
    }),
    api.on('chat.done', (done) => {
      setState((s) => applyDone(s, done));
      if (done.chatId !== getState().currentChatId) return;
      const status = done.message.status;
      if (status !== 'streaming') announce(doneAnnouncement[status], done.message.error?.message);
    }),
    api.on('chat.queued', (queued) => {
      const patch = applyQueued(getState(), queued);
      if (patch) setState(patch);
    }),
    api.on('chats.changed', ({ chatId }) => void onChatChanged(chatId)),
    api.on('worker.status', (worker) => setState({ worker })),
    api.on('api.status', (apiStatus) => setState({ apiStatus })),
    api.on('api.requests', (apiRequests) => setState({ apiRequests })),
    api.on('models.changed', ({ models }) => setState({ models, modelsLoaded: true })),
    api.on('downloads.changed', applyDownload),
    api.onConnectionChange((connection) => {
      const wasDown = getState().connection === 'reconnecting';
      setState({ connection });
      if (connection === 'open' && wasDown && getState().ready) void resync();
    }),
    // Refusal shows as the connection banner; other host errors are worth a toast.
    api.onHostError((error) => {
      if (error.code !== 'FORBIDDEN') reportError(error);
    }),
  ];
  return () => offs.forEach((off) => off());
}
