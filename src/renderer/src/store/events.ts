import { SentenceAnnouncer } from '../announce/sentences';
import type { EventPayload } from '../../../shared/ipc-contract';
import type { Api } from '../ipc';
import { announce, announceError, onChatChanged, reportError, resync } from './actions';
import { applyDownload } from './library-actions';
import { applyDelta, applyDone, applyQueued } from './reducers';
import { frameBatch } from './frame-batch';
import { useAppStore, type AppState } from './state';

const doneAnnouncement = { done: 'live.replyDone', stopped: 'live.replyStopped', error: 'live.replyFailed' } as const;

/** Feeds pushed events and connection changes into the store; returns the unsubscriber. */
export function bindEvents(api: Api): () => void {
  const { getState, setState } = useAppStore;
  setState({ connection: api.connectionState() });
  // The message list is not a live region: the open chat's reply is read here, a sentence at a time.
  const sentences = new SentenceAnnouncer();
  const deltas = frameBatch<EventPayload<'chat.delta'>>((batch) => {
    setState((s) => batch.reduce<AppState>((state, delta) => ({ ...state, ...applyDelta(state, delta) }), s));
    const replies = new Map(batch.map((delta) => [delta.messageId, delta.chatId]));
    for (const [messageId, chatId] of replies) {
      const said = sentences.feed(messageId, getState().streaming[messageId]?.text ?? '');
      if (said && chatId === getState().currentChatId) announce('live.replySentence', said);
    }
  });

  const offs = [
    api.on('chat.delta', (delta) => deltas.push(delta)),
    api.on('chat.done', (done) => {
      deltas.flush();
      setState((s) => applyDone(s, done));
      const rest = sentences.finish(done.message.id, done.message.content);
      if (done.chatId !== getState().currentChatId) return;
      const status = done.message.status;
      if (status === 'done' && rest) announce('live.replyRest', rest);
      else if (status !== 'streaming') announceError(doneAnnouncement[status], done.message.error);
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
    api.on('updates.changed', (update) => setState({ update })),
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
  return () => {
    deltas.flush();
    offs.forEach((off) => off());
  };
}
