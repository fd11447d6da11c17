import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { ArchivedChat, ArchivedMessage } from '../../shared/chat-archive';

/**
 * ChatGPT's `conversations.json` (Settings → Data controls → Export): an array of
 * conversations, each a tree of nodes keyed by id in `mapping`, with `current_node` the end of
 * the branch last shown. Only what this importer reads is described; everything else is ignored.
 */
const chatGptMessageSchema = z.object({
  author: z.object({ role: z.string().max(100) }),
  content: z.object({ content_type: z.string().max(100), parts: z.array(z.unknown()).max(10_000).optional() }),
  create_time: z.number().nullable().optional(),
  recipient: z.string().max(200).nullable().optional(),
  metadata: z.object({ is_visually_hidden_from_conversation: z.boolean().nullable().optional() }).nullable().optional(),
});

const chatGptNodeSchema = z.object({
  message: chatGptMessageSchema.nullable().optional(),
  parent: z.string().max(200).nullable().optional(),
});

const chatGptConversationSchema = z.object({
  id: z.string().max(200).optional(),
  conversation_id: z.string().max(200).optional(),
  title: z.string().max(10_000).nullable().optional(),
  create_time: z.number().nullable().optional(),
  update_time: z.number().nullable().optional(),
  // zod builds a new object and leaves out a `__proto__` key, so a node id cannot reach a prototype.
  mapping: z.record(z.string().max(200), chatGptNodeSchema),
  current_node: z.string().max(200).nullable().optional(),
});

export const chatGptExportSchema = z.array(chatGptConversationSchema).max(100_000);

type ChatGptConversation = z.infer<typeof chatGptConversationSchema>;
type ChatGptMessage = z.infer<typeof chatGptMessageSchema>;

/** Raised for a mapping whose parent links loop; the importer turns it into IMPORT_INVALID. */
export class BrokenTreeError extends Error {}

/** ChatGPT's conversations as Candil chats. Conversations with no text to keep are left out. */
export function chatGptToChats(conversations: ChatGptConversation[]): ArchivedChat[] {
  return conversations.flatMap((conversation) => {
    const chat = toChat(conversation);
    return chat.messages.length > 0 ? [chat] : [];
  });
}

function toChat(conversation: ChatGptConversation): ArchivedChat {
  // The same conversation gets the same ids at every import: that is what keeps a second import of the file from adding it again.
  const key = conversation.conversation_id ?? conversation.id ?? `${conversation.title ?? ''}|${conversation.create_time ?? ''}`;
  const idOf = (nodeId: string) => stableId(`chatgpt:${key}:${nodeId}`);
  const created = toMs(conversation.create_time) ?? 0;
  const nodes = new Map(Object.entries(conversation.mapping));

  const texts = new Map<string, { role: 'user' | 'assistant'; text: string; createdAt: number }>();
  for (const [nodeId, node] of nodes) {
    const kept = keptMessage(node.message);
    if (kept) texts.set(nodeId, { ...kept, createdAt: toMs(node.message?.create_time) ?? created });
  }

  const parentOf = nearestKeptAncestors(nodes, texts);
  const children = new Map<string | null, string[]>();
  for (const nodeId of texts.keys()) {
    const parent = parentOf.get(nodeId) ?? null;
    const list = children.get(parent);
    if (list) list.push(nodeId);
    else children.set(parent, [nodeId]);
  }
  // Versions (siblings) in the order they were written; parents always before their children.
  const order: string[] = [];
  const stack = [...sortedByTime(children.get(null) ?? [], texts)].reverse();
  while (stack.length > 0) {
    const nodeId = stack.pop() as string;
    order.push(nodeId);
    const next = sortedByTime(children.get(nodeId) ?? [], texts);
    for (let i = next.length - 1; i >= 0; i--) stack.push(next[i] as string);
  }
  // Kept messages that only lead to each other never reach a first message.
  if (order.length !== texts.size) throw new BrokenTreeError(`The conversation "${key}" has a loop of parent links.`);

  const messages: ArchivedMessage[] = order.map((nodeId) => {
    const kept = texts.get(nodeId) as { role: 'user' | 'assistant'; text: string; createdAt: number };
    const parent = parentOf.get(nodeId) ?? null;
    return {
      id: idOf(nodeId),
      parentId: parent === null ? null : idOf(parent),
      role: kept.role,
      content: kept.text,
      status: 'done',
      createdAt: kept.createdAt,
      updatedAt: kept.createdAt,
    };
  });

  const current = conversation.current_node ?? null;
  const leaf = current === null ? undefined : texts.has(current) ? current : parentOf.get(current);
  return {
    id: stableId(`chatgpt:${key}`),
    title: (conversation.title ?? '').trim().slice(0, 200),
    systemPrompt: '',
    mode: 'chat',
    pinned: false,
    createdAt: created,
    updatedAt: toMs(conversation.update_time) ?? created,
    // Without a current node that leads to a kept message, the newest branch is shown.
    leafId: leaf ? idOf(leaf) : (messages.at(-1)?.id ?? null),
    messages,
  };
}

/** The user's and the assistant's visible text; system, tool and hidden messages and images are left out. */
function keptMessage(message: ChatGptMessage | null | undefined): { role: 'user' | 'assistant'; text: string } | null {
  if (!message) return null;
  const role = message.author.role;
  if (role !== 'user' && role !== 'assistant') return null;
  if (message.metadata?.is_visually_hidden_from_conversation) return null;
  // An assistant message addressed to a tool (a search, code to run) is not part of the conversation.
  if (message.recipient && message.recipient !== 'all') return null;
  if (message.content.content_type !== 'text' && message.content.content_type !== 'multimodal_text') return null;
  const text = (message.content.parts ?? [])
    .filter((part): part is string => typeof part === 'string')
    .join('\n')
    .trim();
  return text ? { role, text } : null;
}

/**
 * For every node, the closest node above it that is kept (null: none). Walks each path once,
 * without recursion, so a very deep conversation cannot exhaust the stack; a loop is refused.
 */
function nearestKeptAncestors(nodes: Map<string, { parent?: string | null }>, kept: Map<string, unknown>): Map<string, string | null> {
  const result = new Map<string, string | null>();
  for (const start of nodes.keys()) {
    const path: string[] = [];
    const onPath = new Set<string>();
    let cursor = nodes.get(start)?.parent ?? null;
    let found: string | null = null;
    while (cursor !== null) {
      if (kept.has(cursor)) {
        found = cursor;
        break;
      }
      const known = result.get(cursor);
      if (known !== undefined) {
        found = known;
        break;
      }
      if (onPath.has(cursor) || cursor === start) throw new BrokenTreeError(`The conversation "${start}" has a loop of parent links.`);
      onPath.add(cursor);
      path.push(cursor);
      // A parent the mapping does not hold ends the walk: that message starts the conversation.
      cursor = nodes.get(cursor)?.parent ?? null;
    }
    result.set(start, found);
    for (const skipped of path) result.set(skipped, found);
  }
  return result;
}

function sortedByTime(ids: string[], texts: Map<string, { createdAt: number }>): string[] {
  return [...ids].sort((a, b) => (texts.get(a)?.createdAt ?? 0) - (texts.get(b)?.createdAt ?? 0));
}

/** ChatGPT counts seconds (with a fraction); Candil milliseconds. */
function toMs(seconds: number | null | undefined): number | null {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 && seconds < 8.64e12 ? Math.round(seconds * 1000) : null;
}

/** A UUID-shaped id derived from a name, so the same name always gives the same id. */
export function stableId(name: string): string {
  const h = createHash('sha256').update(name).digest('hex');
  const variant = ((parseInt(h[16] ?? '0', 16) & 0x3) | 0x8).toString(16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
