import type { GgufInsights } from 'node-llama-cpp';

export interface RamEstimate {
  /** Weights: on CPU with mmap these are file-backed pages that still have to fit in RAM. */
  modelBytes: number;
  /** KV cache plus compute buffers for one sequence of `contextSize` tokens. */
  contextBytes: number;
  totalBytes: number;
}

/**
 * RAM a model needs on CPU only (no layers offloaded) with one chat sequence of `contextSize`,
 * using node-llama-cpp's own estimator, which simulates llama.cpp's allocations from the header.
 */
export async function estimateCpuRam(insights: GgufInsights, contextSize: number, batchSize?: number): Promise<RamEstimate> {
  const model = await insights.estimateModelResourceRequirementsV2({ gpuLayers: 0 });
  const context = await insights.estimateContextResourceRequirementsV2({
    contextSize,
    modelGpuLayers: 0,
    sequences: 1,
    batchSize,
  });
  // On CPU everything lands in RAM; count any "VRAM" share too in case a build reports one.
  const modelBytes = model.cpuRam + model.gpuVram;
  const contextBytes = context.cpuRam + context.gpuVram;
  return { modelBytes, contextBytes, totalBytes: modelBytes + contextBytes };
}
