import { z } from 'zod';

/** What a catalog model is good for; the UI filters and badges by these. */
export const catalogTags = ['chat', 'code', 'reasoning', 'multilingual', 'embedding'] as const;
export type CatalogTag = (typeof catalogTags)[number];

const repoId = z.string().regex(/^[A-Za-z0-9][\w.-]*\/[A-Za-z0-9][\w.-]*$/, 'must be "owner/name"');

export const catalogEntrySchema = z
  .object({
    /** Stable id, also used in URLs and settings: lower-case letters, digits, dots and dashes. */
    id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/),
    name: z.string().min(1),
    description: z.object({ en: z.string().min(1), es: z.string().min(1) }).strict(),
    /** Human-readable parameter count, e.g. "1.24B", "360M". */
    parameters: z.string().regex(/^\d+(\.\d+)?[MB]$/),
    quantization: z.string().min(1),
    fileSizeBytes: z.int().positive(),
    /** True when fileSizeBytes is the Hub's rounded figure rather than the exact byte count. */
    approximateSize: z.boolean().optional(),
    /**
     * RAM needed at `defaultContext` on CPU: file size (weights, mmapped) plus node-llama-cpp's
     * estimate for the context (KV cache + compute buffers), as compatibility.ts computes it.
     */
    ramBytes: z.int().positive(),
    defaultContext: z.int().positive(),
    /** Context length the model was trained with (as its GGUF header reports it). */
    contextLength: z.int().positive(),
    licence: z.object({ name: z.string().min(1), url: z.url() }).strict(),
    tags: z.array(z.enum(catalogTags)).min(1),
    hf: z.object({ repo: repoId, file: z.string().regex(/\.gguf$/i, 'must be a .gguf file') }).strict(),
    /** SHA-256 of the file when known; otherwise the download takes it from the Hub. */
    sha256: z
      .string()
      .regex(/^[0-9a-f]{64}$/)
      .optional(),
  })
  .strict()
  .refine((entry) => entry.defaultContext <= entry.contextLength, {
    message: 'defaultContext must not exceed contextLength',
    path: ['defaultContext'],
  });

export type CatalogEntry = z.infer<typeof catalogEntrySchema>;

export const catalogSchema = z
  .object({
    version: z.literal(1),
    models: z.array(catalogEntrySchema),
  })
  .strict()
  .superRefine((catalog, ctx) => {
    const seen = new Set<string>();
    catalog.models.forEach((model, index) => {
      if (seen.has(model.id)) ctx.addIssue({ code: 'custom', message: `duplicate id "${model.id}"`, path: ['models', index, 'id'] });
      seen.add(model.id);
    });
  });

export type Catalog = z.infer<typeof catalogSchema>;

/** `{endpoint}/{repo}/resolve/main/{file}`: where a catalog model downloads from. */
export function catalogDownloadUrl(entry: Pick<CatalogEntry, 'hf'>, endpoint: string): string {
  const file = entry.hf.file.split('/').map(encodeURIComponent).join('/');
  return `${endpoint.replace(/\/+$/, '')}/${entry.hf.repo}/resolve/main/${file}`;
}
