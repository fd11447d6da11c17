import { getLlama, LlamaChat, LlamaLogLevel } from 'node-llama-cpp';
import { RawChatWrapper } from '../../src/main/worker/raw-chat-wrapper';

/**
 * The benchmark's baseline: node-llama-cpp alone in its own process, no Candil code around it
 * but the same raw prompt format. Answers {tokens} with one timed greedy generation.
 */
export interface DirectSample {
  tokens: number;
  firstTokenMs: number;
  decodeTokensPerSecond: number;
  loadMs: number;
}

const [modelPath, threadsArg, contextArg] = process.argv.slice(2);
const llama = await getLlama({ gpu: false, build: 'never', maxThreads: 0, logLevel: LlamaLogLevel.error });
const t0 = performance.now();
const model = await llama.loadModel({ modelPath: modelPath as string });
const loadMs = performance.now() - t0;
const context = await model.createContext({ contextSize: Number(contextArg), threads: Number(threadsArg) });
const chat = new LlamaChat({ contextSequence: context.getSequence(), chatWrapper: new RawChatWrapper() });

process.on('message', async (message: { prompt: string; tokens: number }) => {
  const start = performance.now();
  let first = 0;
  let tokens = 0;
  await chat.generateResponse([{ type: 'user', text: message.prompt }, { type: 'model', response: [] }], {
    maxTokens: message.tokens,
    temperature: 0,
    repeatPenalty: false,
    onResponseChunk(chunk) {
      if (tokens === 0) first = performance.now();
      tokens += chunk.tokens.length;
    },
  });
  const end = performance.now();
  const sample: DirectSample = { tokens, firstTokenMs: first - start, decodeTokensPerSecond: ((tokens - 1) * 1000) / (end - first), loadMs };
  process.send?.(sample);
});
process.send?.({ ready: true });
