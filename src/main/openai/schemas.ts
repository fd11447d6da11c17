import { z } from 'zod';

/**
 * Requests of OpenAI's API as Candil accepts them. Fields OpenAI's SDKs send that change nothing
 * here (user, metadata, store…) pass; fields that would change the answer and that Candil cannot
 * honour are refused with a 400 naming them, never ignored (see `unsupported` in the routes).
 */

const text = z.string().max(4_000_000);

const contentPart = z.looseObject({ type: z.string(), text: z.string().optional() });
const content = z.union([text, z.array(contentPart).max(1000)]);

const toolCall = z.looseObject({
  id: z.string().max(200),
  type: z.literal('function'),
  function: z.looseObject({ name: z.string().min(1).max(200), arguments: z.string().max(1_000_000) }),
});

export const chatMessageSchema = z.discriminatedUnion('role', [
  z.looseObject({ role: z.enum(['system', 'developer']), content }),
  z.looseObject({ role: z.literal('user'), content }),
  z.looseObject({ role: z.literal('assistant'), content: content.nullish(), tool_calls: z.array(toolCall).max(100).optional() }),
  z.looseObject({ role: z.literal('tool'), content, tool_call_id: z.string().max(200) }),
]);

export type ChatMessage = z.infer<typeof chatMessageSchema>;

const stop = z.union([z.string().max(1000), z.array(z.string().max(1000)).max(16)]).nullish();

/** GPT4All's `generate` knobs, as llama.cpp's server names them. */
const llamaExtensions = {
  top_k: z.number().int().min(0).max(1000).optional(),
  min_p: z.number().min(0).max(1).optional(),
  repeat_penalty: z.number().min(0.5).max(3).optional(),
  repeat_last_n: z.number().int().min(0).max(8192).optional(),
};

const sampling = {
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().min(1).max(131072).nullish(),
  stop,
  seed: z.number().int().min(0).max(2 ** 32 - 1).nullish(),
  presence_penalty: z.number().min(-2).max(2).nullish(),
  frequency_penalty: z.number().min(-2).max(2).nullish(),
  n: z.number().int().min(1).max(128).nullish(),
  stream: z.boolean().nullish(),
  stream_options: z.looseObject({ include_usage: z.boolean().optional() }).nullish(),
  logprobs: z.union([z.boolean(), z.number()]).nullish(),
  ...llamaExtensions,
};

const jsonSchemaFormat = z.looseObject({
  name: z.string().max(200).optional(),
  schema: z.record(z.string(), z.unknown()).optional(),
  strict: z.boolean().nullish(),
});

export const chatCompletionRequestSchema = z.looseObject({
  model: z.string().min(1).max(500),
  messages: z.array(chatMessageSchema).min(1).max(10_000),
  ...sampling,
  max_completion_tokens: z.number().int().min(1).max(131072).nullish(),
  top_logprobs: z.number().int().nullish(),
  response_format: z
    .discriminatedUnion('type', [
      z.looseObject({ type: z.literal('text') }),
      z.looseObject({ type: z.literal('json_object') }),
      z.looseObject({ type: z.literal('json_schema'), json_schema: jsonSchemaFormat }),
    ])
    .nullish(),
  tools: z
    .array(
      z.looseObject({
        type: z.literal('function'),
        function: z.looseObject({
          name: z.string().min(1).max(200),
          description: z.string().max(100_000).optional(),
          parameters: z.record(z.string(), z.unknown()).optional(),
        }),
      }),
    )
    .max(128)
    .nullish(),
  tool_choice: z
    .union([z.enum(['none', 'auto', 'required']), z.looseObject({ type: z.literal('function'), function: z.looseObject({ name: z.string() }) })])
    .nullish(),
  parallel_tool_calls: z.boolean().nullish(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

export const completionRequestSchema = z.looseObject({
  model: z.string().min(1).max(500),
  prompt: z.union([text, z.array(text).length(1)]),
  ...sampling,
  echo: z.boolean().nullish(),
  suffix: z.string().nullish(),
  best_of: z.number().int().nullish(),
});

export type CompletionRequest = z.infer<typeof completionRequestSchema>;

export const embeddingRequestSchema = z.looseObject({
  model: z.string().min(1).max(500),
  // Token arrays are OpenAI's tokenizer's numbers, meaningless to another model: refused by the route.
  input: z.union([text, z.array(text).min(1).max(2048), z.array(z.number()), z.array(z.array(z.number()))]),
  encoding_format: z.enum(['float', 'base64']).nullish(),
  dimensions: z.number().int().positive().nullish(),
});

export type EmbeddingRequest = z.infer<typeof embeddingRequestSchema>;
