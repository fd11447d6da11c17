import { request as httpRequest } from 'node:http';
import { createServer, connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { createCore, type CandilCore } from '../core';
import { forkWorkerLauncher } from '../inference/worker-port';
import { writeScriptedModel } from '../../test-support/scripted-model';
import { builtWorkerEntry } from '../../test-support/test-model';

// The local API as OpenAI's own SDK sees it: the real server, queue, worker and (scripted) models.

const REPLY = ['Hola', ',', ' soy', ' Candil', '.'];
const JSON_REPLY = ['{"name": "Candil", ', '"age": 3}'];

let dir: string;
let core: CandilCore;
let port: number;
let client: OpenAI;

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise((resolve) => server.close(resolve));
  return typeof address === 'object' && address ? address.port : 0;
}

async function call(name: string, input: unknown): Promise<unknown> {
  const result = await core.dispatch(name as never, input);
  if (!result.ok) throw Object.assign(new Error(result.error.message), result.error);
  return result.value;
}

/** A raw HTTP exchange, for what the SDK would never send. */
function raw(options: { method?: string; path: string; headers?: Record<string, string>; body?: string }): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      { host: '127.0.0.1', port, method: options.method ?? 'POST', path: options.path, headers: { 'content-type': 'application/json', ...options.headers } },
      (res) => {
        let body = '';
        res.on('data', (chunk: Buffer) => (body += chunk.toString()));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
      },
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'candil-api-'));
  const modelsDir = join(dir, 'models');
  await writeScriptedModel(join(modelsDir, 'candil-hola.gguf'), { reply: REPLY });
  await writeScriptedModel(join(modelsDir, 'candil-json.gguf'), { reply: JSON_REPLY });
  // It calls get_weather in node-llama-cpp's generic function syntax, which ChatML models are taught.
  await writeScriptedModel(join(modelsDir, 'candil-tools.gguf'), { reply: ['||call: get_weather', '(', '{"city": "Madrid"}', ')'] });
  await writeScriptedModel(join(modelsDir, 'candil-loop.gguf'), { reply: [' la', ' la', ' lá'].map((p, i) => `${p}${i}`), endless: true });
  core = createCore({ dataDir: dir, host: 'browser', version: 'test', launchWorker: forkWorkerLauncher(builtWorkerEntry()), modelsDir, maxWaitingReplies: 1 });
  port = await freePort();
  await call('models.list', { rescan: true });
  await call('settings.update', { apiEnabled: true, apiPort: port, sampling: { temperature: 0 } });
  expect(core.api.status).toMatchObject({ running: true, url: `http://127.0.0.1:${port}/v1` });
  client = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'not-needed', maxRetries: 0 });
}, 60_000);

afterAll(async () => {
  await core?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('OpenAI-compatible local API', () => {
  it('lists the installed models', async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id).sort()).toEqual(['candil-hola', 'candil-json', 'candil-loop', 'candil-tools']);
    expect((await client.models.retrieve('candil-hola')).owned_by).toBe('candil');
  });

  it('answers a chat completion with a system prompt and few-shot turns', async () => {
    const completion = await client.chat.completions.create({
      model: 'candil-hola',
      messages: [
        { role: 'system', content: 'Actúa como Yoda.' },
        { role: 'user', content: '¿Quién eres?' },
        { role: 'assistant', content: 'Un maestro, yo soy.' },
        { role: 'user', content: [{ type: 'text', text: '¿Y tú?' }] },
      ],
      temperature: 0,
    });
    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0]).toMatchObject({ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'Hola, soy Candil.' } });
    expect(completion.usage).toMatchObject({ completion_tokens: 5 });
    expect(completion.usage!.prompt_tokens).toBeGreaterThan(10);
    expect(completion.usage!.total_tokens).toBe(completion.usage!.prompt_tokens + 5);
  });

  it('streams server-sent events ending in [DONE], with usage when asked', async () => {
    const stream = await client.chat.completions.create({
      model: 'candil-hola',
      messages: [{ role: 'user', content: 'Hola' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const deltas: string[] = [];
    const finishes: (string | null)[] = [];
    let usage: OpenAI.CompletionUsage | null | undefined;
    for await (const chunk of stream) {
      expect(chunk.object).toBe('chat.completion.chunk');
      for (const choice of chunk.choices) {
        if (choice.delta.content) deltas.push(choice.delta.content);
        finishes.push(choice.finish_reason);
      }
      if (chunk.usage) usage = chunk.usage;
    }
    expect(deltas.join('')).toBe('Hola, soy Candil.');
    expect(deltas.length).toBeGreaterThan(1);
    expect(finishes.at(-1)).toBe('stop');
    expect(usage).toMatchObject({ completion_tokens: 5 });
  });

  it('honours stop sequences and max_tokens', async () => {
    const stopped = await client.chat.completions.create({ model: 'candil-hola', messages: [{ role: 'user', content: 'x' }], stop: [' Candil'] });
    expect(stopped.choices[0]?.message.content).toBe('Hola, soy');
    expect(stopped.choices[0]?.finish_reason).toBe('stop');
    const short = await client.chat.completions.create({ model: 'candil-hola', messages: [{ role: 'user', content: 'x' }], max_tokens: 2 });
    expect(short.choices[0]).toMatchObject({ finish_reason: 'length', message: { content: 'Hola,' } });
  });

  it('enforces a JSON schema, and JSON mode', async () => {
    const Person = z.object({ name: z.string(), age: z.number().int() });
    const completion = await client.chat.completions.create({
      model: 'candil-json',
      messages: [{ role: 'user', content: 'Describe a person as JSON.' }],
      response_format: {
        type: 'json_schema',
        json_schema: { name: 'person', strict: true, schema: { type: 'object', properties: { name: { type: 'string' }, age: { type: 'integer' } }, required: ['name', 'age'] } },
      },
    });
    expect(Person.parse(JSON.parse(completion.choices[0]!.message.content!))).toEqual({ name: 'Candil', age: 3 });
    const any = await client.chat.completions.create({ model: 'candil-json', messages: [{ role: 'user', content: 'JSON' }], response_format: { type: 'json_object' } });
    expect(JSON.parse(any.choices[0]!.message.content!)).toEqual({ name: 'Candil', age: 3 });
  });

  it('returns tool calls in OpenAI\'s shape, and takes their results back', async () => {
    const tools: OpenAI.ChatCompletionTool[] = [
      {
        type: 'function',
        function: { name: 'get_weather', description: 'The weather in a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
      },
    ];
    const question: OpenAI.ChatCompletionMessageParam = { role: 'user', content: '¿Qué tiempo hace en Madrid?' };
    const first = await client.chat.completions.create({ model: 'candil-tools', messages: [question], tools });
    const choice = first.choices[0]!;
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.content).toBeNull();
    const call = choice.message.tool_calls![0]!;
    expect(call).toMatchObject({ type: 'function', function: { name: 'get_weather' } });
    expect(call.id).toMatch(/^call_/);
    expect(JSON.parse((call as OpenAI.ChatCompletionMessageFunctionToolCall).function.arguments)).toEqual({ city: 'Madrid' });

    // The program runs the function and sends its result; the model reads it in the next turn.
    const result = JSON.stringify({ temperature: 21, sky: 'despejado, con algunas nubes por la tarde' });
    const second = await client.chat.completions.create({
      model: 'candil-tools',
      messages: [question, choice.message, { role: 'tool', tool_call_id: call.id, content: result }],
      tools,
    });
    expect(second.usage!.prompt_tokens).toBeGreaterThan(first.usage!.prompt_tokens + result.length / 2);

    const streamed = await client.chat.completions.create({ model: 'candil-tools', messages: [question], tools, stream: true });
    const pieces: OpenAI.ChatCompletionChunk.Choice.Delta.ToolCall[] = [];
    let finish: string | null = null;
    for await (const chunk of streamed) {
      pieces.push(...(chunk.choices[0]?.delta.tool_calls ?? []));
      finish = chunk.choices[0]?.finish_reason ?? finish;
    }
    expect(finish).toBe('tool_calls');
    expect(pieces).toMatchObject([{ index: 0, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Madrid"}' } }]);
  });

  it('gives unit-length embeddings, as floats or base64, without unloading the chat model', async () => {
    await client.chat.completions.create({ model: 'candil-hola', messages: [{ role: 'user', content: 'x' }] });
    const floats = await client.embeddings.create({ model: 'candil-json', input: ['un candil', 'una lámpara', 'un candil'], encoding_format: 'float' });
    expect(floats.data.map((d) => d.index)).toEqual([0, 1, 2]);
    const [a, b, again] = floats.data.map((d) => d.embedding);
    expect(a!.length).toBeGreaterThan(0);
    expect(Math.hypot(...a!)).toBeCloseTo(1, 5);
    expect(again).toEqual(a);
    expect(b).not.toEqual(a);
    expect(floats.usage.prompt_tokens).toBeGreaterThan(3);
    // The SDK's default: base64 float32, decoded by the SDK into the same numbers.
    const decoded = await client.embeddings.create({ model: 'candil-json', input: 'un candil' });
    expect(decoded.data[0]!.embedding.map((x) => Number(x.toFixed(5)))).toEqual(a!.map((x) => Number(Math.fround(x).toFixed(5))));
    expect(core.inference.loadedModel?.params.modelPath).toMatch(/candil-hola/);
    await expect(client.embeddings.create({ model: 'candil-json', input: [[1, 2, 3]] })).rejects.toMatchObject({ status: 400, param: 'input' });
    await expect(client.embeddings.create({ model: 'candil-json', input: 'x', dimensions: 7 })).rejects.toMatchObject({ status: 400, param: 'dimensions' });
  });

  it('continues a raw prompt (GPT4All-style generate), streamed and not', async () => {
    const completion = await client.completions.create({ model: 'candil-hola', prompt: 'def hola():', max_tokens: 20, temperature: 0, top_k: 40, repeat_penalty: 1.1, repeat_last_n: 64 } as OpenAI.CompletionCreateParamsNonStreaming);
    expect(completion.object).toBe('text_completion');
    expect(completion.choices[0]).toMatchObject({ text: 'Hola, soy Candil.', finish_reason: 'stop' });
    const stream = await client.completions.create({ model: 'candil-hola', prompt: 'Once upon a time', stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? '';
    expect(text).toBe('Hola, soy Candil.');
  });

  it('answers bad requests with OpenAI-style errors', async () => {
    await expect(client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 404,
      code: 'model_not_found',
      param: 'model',
    });
    await expect(client.chat.completions.create({ model: 'candil-hola', messages: [{ role: 'user', content: 'x' }], n: 2 })).rejects.toMatchObject({
      status: 400,
      param: 'n',
      type: 'invalid_request_error',
    });
    await expect(
      client.chat.completions.create({
        model: 'candil-hola',
        messages: [{ role: 'user', content: 'x' }],
        tools: [{ type: 'function', function: { name: 'get_weather', parameters: { type: 'object', properties: {} } } }],
        tool_choice: 'required',
      }),
    ).rejects.toMatchObject({ status: 400, param: 'tool_choice' });
    await expect(
      client.chat.completions.create({ model: 'candil-hola', messages: [{ role: 'tool', tool_call_id: 'call_nowhere', content: '21' }] }),
    ).rejects.toMatchObject({ status: 400, param: 'messages.0.tool_call_id' });
    await expect(client.chat.completions.create({ model: 'candil-hola', messages: [] })).rejects.toMatchObject({ status: 400, param: 'messages' });

    const malformed = await raw({ path: '/v1/chat/completions', body: '{"model": "candil-hola", "messages": [' });
    expect(malformed.status).toBe(400);
    expect(JSON.parse(malformed.body)).toMatchObject({ error: { type: 'invalid_request_error' } });
    const oversized = await raw({ path: '/v1/chat/completions', body: JSON.stringify({ model: 'candil-hola', messages: [{ role: 'user', content: 'x'.repeat(9 * 1024 * 1024) }] }) });
    expect(oversized.status).toBe(413);
    expect(JSON.parse(oversized.body)).toMatchObject({ error: { code: 'request_too_large' } });
    expect((await raw({ method: 'GET', path: '/v1/nothing' })).status).toBe(404);
  });

  it('refuses other Host names (DNS rebinding) and survives protocol garbage', async () => {
    const rebound = await raw({ method: 'GET', path: '/v1/models', headers: { host: `evil.example:${port}` } });
    expect(rebound.status).toBe(403);
    expect(JSON.parse(rebound.body)).toMatchObject({ error: { code: 'host_not_allowed' } });
    const socket = connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write('\x00\x01GARBAGE / HTTP/9.9\r\nContent-Length: -5\r\n\r\n\xff\xfe');
    // The server answers 400 Bad Request or hangs up; either way it stays up for everyone else.
    const answer = await new Promise<string>((resolve) => {
      socket.once('data', (data: Buffer) => resolve(data.toString()));
      socket.once('close', () => resolve(''));
    });
    socket.destroy();
    expect(answer === '' || answer.startsWith('HTTP/1.1 400')).toBe(true);
    expect((await client.models.list()).data.length).toBe(4);
  });

  it('requires the API key once one is set', async () => {
    await call('api.setKey', { key: 'sk-candil-test-key' });
    await expect(client.models.list()).rejects.toMatchObject({ status: 401, code: 'invalid_api_key' });
    const keyed = new OpenAI({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: 'sk-candil-test-key', maxRetries: 0 });
    expect((await keyed.models.list()).data.length).toBe(4);
    await call('api.setKey', { key: null });
    expect((await client.models.list()).data.length).toBe(4);
  });

  it('stops generating when the client goes away, and says 429 when the queue is full', async () => {
    // A reply that never ends by itself, in a window that takes a while to fill.
    await call('settings.update', { contextSize: 4096, parallelReplies: 1 });
    const abort = new AbortController();
    const stream = await client.completions.create({ model: 'candil-loop', prompt: 'x', stream: true }, { signal: abort.signal });
    const iterator = stream[Symbol.asyncIterator]();
    expect((await iterator.next()).done).toBe(false);
    expect(core.queue.size.running).toBe(1);
    // With one waiting place (this core's limit), a third request is refused at once.
    const waiting = client.chat.completions.create({ model: 'candil-loop', messages: [{ role: 'user', content: 'x' }], max_tokens: 3 });
    await vi.waitFor(() => expect(core.queue.size.waiting).toBe(1));
    await expect(client.chat.completions.create({ model: 'candil-hola', messages: [{ role: 'user', content: 'x' }] })).rejects.toMatchObject({
      status: 429,
      code: 'queue_full',
    });
    abort.abort();
    // The client's own stream ends (or reports the abort, depending on where it was).
    await (async () => {
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) void next;
    })().catch(() => undefined);
    // The endless reply stopped (its place went to the waiting request), long before its window filled.
    expect((await waiting).choices[0]?.message.content).toBe(' la0 la1 lá2');
    await vi.waitFor(() => expect(core.queue.size).toEqual({ running: 0, waiting: 0 }));
  });

  it('lists the requests it serves, and stops one on request from Settings', async () => {
    const stream = await client.chat.completions.create({ model: 'candil-loop', messages: [{ role: 'user', content: 'x' }], stream: true });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    type Listed = { id: string; model: string; endpoint: string; status: string; tokens: number };
    const running = await vi.waitFor(async () => {
      const found = ((await call('api.requests', {})) as Listed[]).find((r) => r.status === 'running' && r.tokens > 0);
      expect(found).toMatchObject({ model: 'candil-loop', endpoint: 'chat' });
      return found;
    });
    expect(await call('api.stop', { id: running!.id })).toEqual({ stopped: true });
    // The client sees its stream end (no more tokens after the stop), and the log says so.
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) void next;
    await vi.waitFor(async () => {
      const after = (await call('api.requests', {})) as { id: string; status: string; tokens: number }[];
      expect(after.find((r) => r.id === running!.id)).toMatchObject({ status: 'stopped' });
    });
    const finished = ((await call('api.requests', {})) as { status: string; tokens: number }[]).filter((r) => r.status === 'done');
    expect(finished.length).toBeGreaterThan(3);
    expect(finished.filter((r) => r.tokens === 0)).toEqual([]);
  });
});
