import { z } from 'zod';
import { errorCodes } from './errors';
import { fewShotSchema, samplingSchema } from './ipc-contract';

/**
 * Candil's export format, version 1: every chat with its whole message tree, so an import
 * brings back every version and the branch that was shown. One schema writes and checks it;
 * a file that does not match it is refused before anything is stored.
 * A later version gets a new `version` number and its own schema next to this one.
 */
export const CHAT_ARCHIVE_FORMAT = 'candil-chats';
export const CHAT_ARCHIVE_VERSION = 1;

const archiveId = z.string().min(1).max(100);
const time = z.number().int().min(0).max(8.64e15);
const count = z.number().min(0).max(1e12).nullable();

export const archivedMessageSchema = z.object({
  id: archiveId,
  /** The message this one follows; null for the first. Siblings are versions of one message. */
  parentId: archiveId.nullable(),
  role: z.enum(['user', 'assistant']),
  content: z.string().max(10_000_000),
  status: z.enum(['done', 'stopped', 'error']),
  error: z
    .object({
      code: z.enum(errorCodes),
      message: z.string().max(10_000),
      // The reason and numbers the UI says it with; older exports have none.
      params: z.record(z.string().max(100), z.union([z.string().max(10_000), z.number()])).optional(),
    })
    .nullable()
    .optional(),
  modelPath: z.string().max(4096).nullable().optional(),
  sampling: samplingSchema.nullable().optional(),
  /** Still sent when the oldest turns are dropped (left out when false). */
  pinned: z.boolean().optional(),
  createdAt: time,
  updatedAt: time,
  stats: z
    .object({
      promptTokens: count,
      completionTokens: count,
      firstTokenMs: count,
      durationMs: count,
      contextSize: count,
      evaluatedTokens: count,
      reusedTokens: count,
    })
    .optional(),
});

export const archivedChatSchema = z.object({
  id: archiveId,
  title: z.string().max(1000),
  systemPrompt: z.string().max(100_000),
  mode: z.enum(['chat', 'completion']),
  pinned: z.boolean(),
  modelPath: z.string().max(4096).nullable().optional(),
  /** Example exchanges sent before the conversation, and the chat's own generation settings. */
  fewShot: fewShotSchema.optional(),
  sampling: samplingSchema.partial().strict().optional(),
  createdAt: time,
  updatedAt: time,
  /** The last message of the branch the chat shows (null: none). */
  leafId: archiveId.nullable(),
  /** Every message of the tree, parents before their children. */
  messages: z.array(archivedMessageSchema).max(1_000_000),
});

export const chatArchiveSchema = z.object({
  format: z.literal(CHAT_ARCHIVE_FORMAT),
  version: z.literal(CHAT_ARCHIVE_VERSION),
  exportedAt: z.iso.datetime(),
  chats: z.array(archivedChatSchema).max(100_000),
});

export type ArchivedMessage = z.infer<typeof archivedMessageSchema>;
export type ArchivedChat = z.infer<typeof archivedChatSchema>;
export type ChatArchive = z.infer<typeof chatArchiveSchema>;

