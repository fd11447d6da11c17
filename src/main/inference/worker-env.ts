/**
 * Environment of the inference worker process, whichever carrier starts it.
 *
 * node-llama-cpp runs every `llama_decode` as a job on libuv's thread pool (4 threads by
 * default), and ggml starts its helper threads from whichever pool thread took the job. With
 * several pool threads, successive tokens start from different threads and ggml's threads often
 * share one core for part of a token: on a 2-core machine, decode with 2 threads ran *slower*
 * than with 1 (32–39 against 40 tokens/s; ggml_barrier took 18.7% of the samples in `perf`,
 * 8% in llama-bench). A one-thread pool keeps decode on one thread, and 2 threads reach
 * 52–62 tokens/s. The worker does nothing else on the pool that could wait behind a decode.
 */
export function workerEnv(base: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(base)) if (value !== undefined) env[key] = value;
  env.UV_THREADPOOL_SIZE = '1';
  return env;
}
