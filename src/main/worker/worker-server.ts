import { AppError } from '../../shared/errors';
import { WORKER_PROTOCOL_VERSION, type WorkerRequest } from '../../shared/worker-protocol';
import { TextCoalescer } from '../streaming/text-coalescer';
import type { LlamaEngine } from './llama-engine';
import type { ParentChannel } from './parent-channel';

/**
 * Answers main's requests one message at a time. Requests are validated by shape only:
 * main is the one trusted peer, but a bug there must produce a typed error, not a crash.
 */
export function serveWorker(channel: ParentChannel, engine: LlamaEngine): void {
  const running = new Map<number, AbortController>();

  channel.onMessage((message) => {
    if (!message || typeof message !== 'object') return;
    switch (message.type) {
      case 'hello':
        void engine
          .mathCores()
          .catch(() => 0)
          .then((mathCores) => channel.send({ type: 'hello', version: WORKER_PROTOCOL_VERSION, pid: process.pid, mathCores }));
        return;
      case 'cancel':
        running.get(message.id)?.abort();
        return;
      case 'ping':
        channel.send({ type: 'pong', id: message.id });
        return;
      case 'request':
        void handle(message);
        return;
      default:
        channel.send({ type: 'fatal', error: { code: 'WORKER_PROTOCOL', message: 'Unknown message type', params: { reason: 'unknownMessage' } } });
    }
  });

  async function handle(request: WorkerRequest): Promise<void> {
    const controller = new AbortController();
    running.set(request.id, controller);
    try {
      const result = await dispatch(request, controller.signal);
      channel.send({ type: 'result', id: request.id, result });
    } catch (error) {
      channel.send({ type: 'error', id: request.id, error: AppError.from(error).toPayload() });
    } finally {
      running.delete(request.id);
    }
  }

  async function dispatch(request: WorkerRequest, signal: AbortSignal) {
    switch (request.method) {
      case 'configure':
        engine.configure(request.params);
        return { configured: true as const };
      case 'load':
        return engine.load(request.params);
      case 'unload':
        return { unloaded: await engine.unload() };
      case 'countTokens':
        return { tokens: engine.countTokens(request.params.text) };
      case 'measure':
        return engine.measure(request.params);
      case 'saveSessions':
        return { saved: await engine.saveSessions() };
      case 'forgetSession':
        return { forgotten: await engine.forgetSession(request.params.sessionId) };
      case 'embed':
        return engine.embed(request.params.modelPath, request.params.texts);
      case 'generate': {
        const batch = new TextCoalescer((text, tokens) => channel.send({ type: 'chunk', id: request.id, text, tokens }), 4);
        try {
          return await engine.generate(request.params, { signal, onChunk: (text, tokens) => batch.push(text, tokens) });
        } finally {
          batch.flush();
        }
      }
      default:
        throw new AppError('WORKER_PROTOCOL', 'Unknown worker method', { reason: 'unknownMethod' });
    }
  }
}
