import type { ChatSummary } from '../../../../shared/domain';

export type ChatGroupKey = 'pinned' | 'today' | 'yesterday' | 'week' | 'older';

export interface ChatGroup {
  key: ChatGroupKey;
  chats: ChatSummary[];
}

const DAY = 24 * 60 * 60 * 1000;

/**
 * Pinned chats first, then by the day of their last message in the user's own time zone:
 * today, yesterday, the 7 days before, older. Empty groups are left out; order inside a
 * group is the order given (newest first).
 */
export function groupChats(chats: readonly ChatSummary[], now: Date): ChatGroup[] {
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate()).getTime();
  const buckets: Record<ChatGroupKey, ChatSummary[]> = { pinned: [], today: [], yesterday: [], week: [], older: [] };
  for (const chat of chats) {
    const key: ChatGroupKey = chat.pinned
      ? 'pinned'
      : chat.updatedAt >= midnight
        ? 'today'
        : chat.updatedAt >= midnight - DAY
          ? 'yesterday'
          : chat.updatedAt >= midnight - 8 * DAY
            ? 'week'
            : 'older';
    buckets[key].push(chat);
  }
  return (Object.keys(buckets) as ChatGroupKey[]).filter((key) => buckets[key].length > 0).map((key) => ({ key, chats: buckets[key] }));
}
