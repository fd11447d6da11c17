import { randomUUID, timingSafeEqual } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import cors from '@fastify/cors';
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import type { ZodType } from 'zod';
import type { EmbedResult, GenerateParams, GenerateResult, LoadParams, StopReason } from '../../shared/worker-protocol';
import type { QueuedGeneration } from '../inference/generation-queue';
import type { EffectiveSettings } from '../settings/effective-settings';
import { ApiError } from './errors';
import type { ApiRequestLog } from './request-log';
import { planChat, planCompletion } from './requests';
import { chatCompletionRequestSchema, completionRequestSchema, embeddingRequestSchema } from './schemas';

/** A model the API offers: installed and readable. */
export interface ApiModel {
  /** What clients pass as `model`: the file name without `.gguf`. */
  id: string;
  path: string;
  /** Unix seconds (the file's modification time). */
  created: number;
}

/** What the API needs from the rest of Candil. */
export interface ApiBackend {
  models(): Promise<ApiModel[]>;
  settingsFor(modelPath: string): EffectiveSettings & { load: LoadParams };
  /** The engine's one queue, shared with the app's chats. */
  submit(job: {
    load: LoadParams;
    params: GenerateParams;
    onChunk(text: string, tokens: number): void;
    onPosition?(position: number): void;
  }): QueuedGeneration;
  requests: ApiRequestLog;
  embed(modelPath: string, texts: string[]): Promise<EmbedResult>;
  version: string;
}

export interface ApiServerOptions {
  /** 127.0.0.1 unless the user opted in to a LAN address (then a key is required). */
  host: string;
  port: number;
  /** Read at every request, so setting or clearing the key needs no restart. */
  apiKey: () => string | null;
  /** Web origins allowed to call the API from a browser; none by default. */
  corsOrigins: string[];
  /** Largest request body, in bytes. */
  bodyLimit?: number;
}

export interface ApiServer {
  url: string;
  port: number;
  close(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

function finishReason(stop: StopReason): 'stop' | 'length' | 'tool_calls' {
  if (stop === 'toolCalls') return 'tool_calls';
  return stop === 'maxTokens' || stop === 'contextFull' ? 'length' : 'stop';
}

/** The model's function calls in OpenAI's shape, each with an id the program answers to. */
function toolCallsOf(result: GenerateResult): { id: string; type: 'function'; function: { name: string; arguments: string } }[] | undefined {
  return result.toolCalls?.map((call) => ({ id: `call_${randomUUID().replaceAll('-', '').slice(0, 24)}`, type: 'function', function: call }));
}

function parse<T>(schema: ZodType<T>, body: unknown): T {
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw ApiError.fromZod(parsed.error);
  return parsed.data;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Server-sent events straight on the socket, respecting backpressure. */
class EventStream {
  constructor(private readonly res: ServerResponse) {
    res.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
  }

  send(data: unknown): void {
    if (!this.res.writableEnded) this.res.write(`data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`);
  }

  end(): void {
    if (!this.res.writableEnded) this.res.end();
  }
}

/**
 * OpenAI's API on a local port, over the same engine and queue as the app's chats: programs
 * written for OpenAI (its Python and JavaScript SDKs, curl) work by changing only `base_url`.
 */
export async function startApiServer(options: ApiServerOptions, backend: ApiBackend): Promise<ApiServer> {
  const app: FastifyInstance = Fastify({ bodyLimit: options.bodyLimit ?? 8 * 1024 * 1024, logger: false, return503OnClosing: true });
  let port = options.port;

  await app.register(cors, { origin: options.corsOrigins.length > 0 ? options.corsOrigins : false });

  // DNS rebinding: a web page may resolve its own name to 127.0.0.1, but cannot change the Host it sends.
  app.addHook('onRequest', async (request) => {
    const host = (request.headers.host ?? '').toLowerCase();
    const name = host.startsWith('[') ? host.slice(0, host.indexOf(']') + 1) : host.split(':')[0]!;
    const hostPort = host.slice(name.length + 1);
    const known = LOOPBACK.has(name) || name === options.host.toLowerCase();
    if (!known || (hostPort !== '' && hostPort !== String(port))) {
      throw new ApiError(403, `Requests for host "${host}" are refused: use ${`http://127.0.0.1:${port}`}.`, 'invalid_request_error', null, 'host_not_allowed');
    }
    const key = options.apiKey();
    if (key) {
      const header = request.headers.authorization ?? '';
      const given = header.startsWith('Bearer ') ? header.slice(7).trim() : '';
      if (!sameSecret(given, key)) {
        throw new ApiError(401, 'Missing or wrong API key: send it as "Authorization: Bearer <key>".', 'invalid_request_error', null, 'invalid_api_key');
      }
    }
  });

  app.setErrorHandler((error: unknown, _request, reply) => {
    // Fastify's own refusals (malformed JSON, body too large, wrong content type) carry a 4xx status.
    const status = error instanceof Error && 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
    const apiError =
      error instanceof ApiError
        ? error
        : status < 500 && error instanceof Error
          ? new ApiError(
              status,
              status === 413 ? 'The request body is too large.' : error.message,
              'invalid_request_error',
              null,
              status === 413 ? 'request_too_large' : 'invalid_body',
            )
          : ApiError.fromApp(error);
    if (apiError.retryAfter) void reply.header('retry-after', String(apiError.retryAfter));
    void reply.status(apiError.status).send(apiError.toBody());
  });
  app.setNotFoundHandler((request, reply) => {
    void reply.status(404).send(new ApiError(404, `No route ${request.method} ${request.url}.`, 'invalid_request_error', null, 'unknown_url').toBody());
  });

  async function findModel(id: string): Promise<ApiModel> {
    const models = await backend.models();
    const model = models.find((m) => m.id === id || `${m.id}.gguf` === id || m.path === id);
    if (!model) {
      const names = models.map((m) => m.id).join(', ') || 'none installed';
      throw new ApiError(404, `The model "${id}" does not exist. Installed: ${names}.`, 'invalid_request_error', 'model', 'model_not_found');
    }
    return model;
  }

  app.get('/v1/models', async () => ({
    object: 'list',
    data: (await backend.models()).map((m) => ({ id: m.id, object: 'model', created: m.created, owned_by: 'candil' })),
  }));

  app.get<{ Params: { id: string } }>('/v1/models/:id', async (request) => {
    const m = await findModel(request.params.id);
    return { id: m.id, object: 'model', created: m.created, owned_by: 'candil' };
  });

  /**
   * Runs one generation through the queue; the job is cancelled when the client goes away, so no
   * CPU is spent on a reply nobody will read.
   */
  /**
   * Queues one generation and resolves with its result. A refusal (a full queue) is thrown at
   * once, before a streamed answer has sent its headers, so it arrives as a real 429.
   */
  function run(request: FastifyRequest, reply: FastifyReply, model: ApiModel, params: GenerateParams, onChunk: (text: string) => void): { result: Promise<GenerateResult | null> } {
    const settings = backend.settingsFor(model.path);
    let cancel = (): void => undefined;
    const tracked = backend.requests.begin({ model: model.id, endpoint: params.kind, stop: () => cancel() });
    let job: QueuedGeneration;
    try {
      job = backend.submit({
        load: settings.load,
        params,
        onChunk: (text, tokens) => {
          tracked.tokens(tokens);
          onChunk(text);
        },
        onPosition: (position) => tracked.queued(position),
      });
    } catch (error) {
      tracked.end('error');
      throw error;
    }
    cancel = () => job.cancel();
    reply.raw.once('close', cancel);
    request.raw.once('aborted', cancel);
    const result = job.result.then(
      (value) => {
        tracked.end(value && value.stopReason !== 'abort' ? 'done' : 'stopped', value?.completionTokens);
        return value;
      },
      (error: unknown) => {
        tracked.end('error');
        throw error;
      },
    );
    return {
      result: result.finally(() => {
        reply.raw.off('close', cancel);
        request.raw.off('aborted', cancel);
      }),
    };
  }

  const usageOf = (result: GenerateResult) => ({
    prompt_tokens: result.promptTokens,
    completion_tokens: result.completionTokens,
    total_tokens: result.promptTokens + result.completionTokens,
  });

  app.post('/v1/chat/completions', async (request, reply) => {
    const body = parse(chatCompletionRequestSchema, request.body);
    const model = await findModel(body.model);
    const plan = planChat(body, backend.settingsFor(model.path));
    const id = `chatcmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const params: GenerateParams = {
      kind: 'chat',
      sessionId: `api-${randomUUID()}`,
      ephemeral: true,
      systemPrompt: '',
      history: plan.history,
      sampling: plan.sampling,
      options: plan.options,
    };
    const fingerprint = `candil-${backend.version}`;
    const chunk = (delta: object, finish: string | null) => ({
      id,
      object: 'chat.completion.chunk',
      created,
      model: model.id,
      system_fingerprint: fingerprint,
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    });

    if (!plan.stream) {
      const result = await run(request, reply, model, params, () => undefined).result;
      if (!result) return reply;
      const toolCalls = toolCallsOf(result);
      const message = toolCalls
        ? { role: 'assistant', content: result.text || null, refusal: null, tool_calls: toolCalls }
        : { role: 'assistant', content: result.text, refusal: null };
      return {
        id,
        object: 'chat.completion',
        created,
        model: model.id,
        system_fingerprint: fingerprint,
        choices: [{ index: 0, message, logprobs: null, finish_reason: finishReason(result.stopReason) }],
        usage: usageOf(result),
      };
    }

    // Tokens arrive in later events, by when the stream below exists.
    let stream: EventStream | null = null;
    const started = run(request, reply, model, params, (text) => stream?.send(chunk({ content: text }, null)));
    reply.hijack();
    stream = new EventStream(reply.raw);
    stream.send(chunk({ role: 'assistant', content: '' }, null));
    try {
      const result = await started.result;
      if (result) {
        // A call is sent whole once it is complete: clients join the pieces of a call anyway.
        const toolCalls = toolCallsOf(result);
        if (toolCalls) stream.send(chunk({ tool_calls: toolCalls.map((call, index) => ({ index, ...call })) }, null));
        stream.send(chunk({}, finishReason(result.stopReason)));
        if (plan.includeUsage) stream.send({ id, object: 'chat.completion.chunk', created, model: model.id, system_fingerprint: fingerprint, choices: [], usage: usageOf(result) });
      }
    } catch (error) {
      // Headers are gone: the error travels as an event, as OpenAI's own streams do.
      stream.send(ApiError.fromApp(error).toBody());
    }
    stream.send('[DONE]');
    stream.end();
    return reply;
  });

  app.post('/v1/completions', async (request, reply) => {
    const body = parse(completionRequestSchema, request.body);
    const model = await findModel(body.model);
    const plan = planCompletion(body, backend.settingsFor(model.path));
    const id = `cmpl-${randomUUID()}`;
    const created = Math.floor(Date.now() / 1000);
    const params: GenerateParams = { kind: 'completion', sessionId: `api-${randomUUID()}`, ephemeral: true, prompt: plan.prompt, sampling: plan.sampling, options: plan.options };
    const chunk = (text: string, finish: string | null) => ({
      id,
      object: 'text_completion',
      created,
      model: model.id,
      choices: [{ index: 0, text, logprobs: null, finish_reason: finish }],
    });

    if (!plan.stream) {
      const result = await run(request, reply, model, params, () => undefined).result;
      if (!result) return reply;
      return { ...chunk(result.text, finishReason(result.stopReason)), usage: usageOf(result) };
    }

    let stream: EventStream | null = null;
    const started = run(request, reply, model, params, (text) => stream?.send(chunk(text, null)));
    reply.hijack();
    stream = new EventStream(reply.raw);
    try {
      const result = await started.result;
      if (result) {
        stream.send(chunk('', finishReason(result.stopReason)));
        if (plan.includeUsage) stream.send({ id, object: 'text_completion', created, model: model.id, choices: [], usage: usageOf(result) });
      }
    } catch (error) {
      stream.send(ApiError.fromApp(error).toBody());
    }
    stream.send('[DONE]');
    stream.end();
    return reply;
  });

  app.post('/v1/embeddings', async (request) => {
    const body = parse(embeddingRequestSchema, request.body);
    const model = await findModel(body.model);
    const texts = typeof body.input === 'string' ? [body.input] : body.input;
    if (!texts.every((item): item is string => typeof item === 'string')) {
      throw ApiError.invalid('input must be text: token arrays are numbers from OpenAI\'s own tokenizer, which this model does not use.', 'input');
    }
    const tracked = backend.requests.begin({ model: model.id, endpoint: 'embeddings', stop: () => undefined });
    let result: EmbedResult;
    try {
      result = await backend.embed(model.path, texts);
      tracked.end('done', result.tokens);
    } catch (error) {
      tracked.end('error');
      throw error;
    }
    const size = result.vectors[0]?.length ?? 0;
    if (body.dimensions && body.dimensions !== size) {
      throw ApiError.invalid(`This model's embeddings have ${size} dimensions; it cannot give ${body.dimensions}.`, 'dimensions');
    }
    return {
      object: 'list',
      data: result.vectors.map((vector, index) => ({
        object: 'embedding',
        index,
        // OpenAI's Python package asks for base64 (little-endian float32) unless told otherwise.
        embedding: body.encoding_format === 'base64' ? Buffer.from(Float32Array.from(vector).buffer).toString('base64') : vector,
      })),
      model: model.id,
      usage: { prompt_tokens: result.tokens, total_tokens: result.tokens },
    };
  });

  await app.listen({ host: options.host, port: options.port });
  const address = app.server.address();
  port = typeof address === 'object' && address ? address.port : options.port;
  return {
    url: `http://${options.host}:${port}/v1`,
    port,
    close: () => app.close(),
  };
}
