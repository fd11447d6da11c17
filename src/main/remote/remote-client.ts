import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, AzureOpenAI } from 'openai';
import type { SamplingParams } from '../../shared/domain';
import { AppError, type ReasonParams } from '../../shared/errors';
import { netFetch } from '../net/http';
import { proxyErrorIn } from '../net/proxy-error';
import { remotePresets, type RemoteServerConfig } from '../../shared/remote';
import type { HistoryTurn, StopReason } from '../../shared/worker-protocol';

/** A remote server that does not answer in this long is reported as unreachable. */
const TIMEOUT_MS = 60_000;

/**
 * OpenAI's own SDK speaks to every kind of server: Azure through its Azure client. No silent
 * retries: a busy or failing server is reported at once, with how long it asks to wait.
 */
function clientFor(server: RemoteServerConfig, key: string | null): OpenAI {
  const common = { apiKey: key ?? 'no-key', timeout: TIMEOUT_MS, maxRetries: 0, fetch: netFetch };
  if (server.kind === 'azure') {
    return new AzureOpenAI({ ...common, endpoint: server.baseUrl, apiVersion: server.apiVersion ?? remotePresets.azure.apiVersion });
  }
  return new OpenAI({ ...common, baseURL: server.baseUrl });
}

/** A remote server's failures in words a person can act on, with the code the UI translates. */
export function remoteError(server: RemoteServerConfig, error: unknown, model?: string): AppError {
  if (error instanceof AppError) return error;
  if (error instanceof APIConnectionTimeoutError) {
    return new AppError('NETWORK', `${server.name} did not answer within ${TIMEOUT_MS / 1000} seconds.`, {
      reason: 'remoteTimeout',
      server: server.name,
      seconds: TIMEOUT_MS / 1000,
    });
  }
  // A proxy that refused us is named as such (its own reason), not as the server being down.
  const proxy = proxyErrorIn(error);
  if (proxy) return new AppError('NETWORK', proxy.message, { ...proxy.params, reason: proxy.reason, server: server.name });
  if (error instanceof APIConnectionError) {
    const detail = error.cause instanceof Error ? error.cause.message : error.message;
    return new AppError('NETWORK', `${server.name} cannot be reached at ${server.baseUrl}: ${detail}`, {
      reason: 'remoteUnreachable',
      server: server.name,
      url: server.baseUrl,
      detail,
    });
  }
  if (error instanceof APIError) {
    const detail = error.message;
    if (error.status === 401 || error.status === 403) {
      return new AppError('AUTH_REQUIRED', `${server.name} refused the request (${error.status}): check its API key. ${detail}`, {
        reason: 'remoteRefused',
        server: server.name,
        status: error.status,
      });
    }
    if (error.status === 404) {
      const params: ReasonParams<'NOT_FOUND'> = model ? { reason: 'remoteModel', server: server.name, model } : { reason: 'remoteAddress', server: server.name };
      return new AppError('NOT_FOUND', `${server.name} has no ${model ? `model "${model}"` : 'such address'}. ${detail}`, params);
    }
    if (error.status === 429) {
      const wait = Number(error.headers?.get('retry-after'));
      return new AppError('RATE_LIMITED', `${server.name} is limiting requests${wait > 0 ? `; try again in ${wait} s` : ''}. ${detail}`, wait > 0 ? { reason: 'remoteLimitedWait', server: server.name, seconds: wait } : { reason: 'remoteLimited', server: server.name });
    }
    return new AppError('GENERATION_FAILED', `${server.name} answered ${error.status ?? 'an error'}: ${detail}`, {
      reason: 'remoteStatus',
      server: server.name,
      status: error.status ?? '?',
      detail,
    });
  }
  return AppError.from(error, 'GENERATION_FAILED');
}

/** The models a server offers: what it lists, plus the ones typed in for servers that cannot list (Azure). */
export async function listRemoteModels(server: RemoteServerConfig, key: string | null): Promise<string[]> {
  const listed: string[] = [];
  if (server.kind !== 'azure') {
    try {
      for await (const model of clientFor(server, key).models.list()) listed.push(model.id);
    } catch (error) {
      // GitHub Models lists its catalog elsewhere: models typed in by the user then suffice.
      if (!(error instanceof APIError && error.status === 404 && server.models.length > 0)) throw remoteError(server, error);
    }
  }
  return [...new Set([...listed, ...server.models])];
}

export interface RemoteChatResult {
  text: string;
  stopReason: StopReason;
  promptTokens: number | null;
  completionTokens: number;
  firstTokenMs: number | null;
  durationMs: number;
}

/** A chat reply streamed from a remote server; `signal` stops it (the partial text is kept). */
export async function streamRemoteChat(
  server: RemoteServerConfig,
  key: string | null,
  request: { model: string; systemPrompt: string; history: HistoryTurn[]; sampling: SamplingParams },
  signal: AbortSignal,
  onChunk: (text: string, tokens: number) => void,
): Promise<RemoteChatResult> {
  const { sampling } = request;
  const messages: OpenAI.ChatCompletionMessageParam[] = [
    ...(request.systemPrompt.trim() ? [{ role: 'system' as const, content: request.systemPrompt }] : []),
    ...request.history.map((turn) => ({ role: turn.role, content: turn.text })),
  ];
  const started = performance.now();
  let firstTokenMs: number | null = null;
  let text = '';
  let chunks = 0;
  let finish: string | null = null;
  let usage: OpenAI.CompletionUsage | undefined;
  try {
    const stream = await clientFor(server, key).chat.completions.create(
      {
        model: request.model,
        messages,
        stream: true,
        stream_options: { include_usage: true },
        temperature: sampling.temperature,
        top_p: sampling.topP,
        max_tokens: sampling.maxTokens,
        ...(sampling.seed === null ? {} : { seed: sampling.seed }),
      },
      { signal },
    );
    for await (const chunk of stream) {
      usage = chunk.usage ?? usage;
      const choice = chunk.choices[0];
      if (!choice) continue;
      finish = choice.finish_reason ?? finish;
      const piece = choice.delta?.content;
      if (!piece) continue;
      firstTokenMs ??= performance.now() - started;
      text += piece;
      chunks += 1;
      onChunk(piece, 1);
    }
  } catch (error) {
    if (!(error instanceof APIUserAbortError) && !signal.aborted) throw remoteError(server, error, request.model);
  }
  // A stopped stream may end quietly rather than with an abort error.
  if (signal.aborted) finish = 'abort';
  return {
    text,
    stopReason: finish === 'abort' ? 'abort' : finish === 'length' ? 'maxTokens' : 'eog',
    promptTokens: usage?.prompt_tokens ?? null,
    // Servers that send no usage: one streamed piece is about one token.
    completionTokens: usage?.completion_tokens ?? chunks,
    firstTokenMs: firstTokenMs === null ? null : Math.round(firstTokenMs),
    durationMs: Math.round(performance.now() - started),
  };
}
