import type { Message } from '../../shared/domain';

/**
 * The messages of the shown branch the model is sent: from `from` (where the chat's context
 * starts; 0 when nothing was dropped) on, and before it the pinned ones, each with its turn
 * partner (a question with its reply), in order — a pinned reply keeps the question it answers,
 * and the turns still alternate, as many chat templates require.
 */
export function sentMessages(history: Message[], from: number): Message[] {
  const older = history.slice(0, from);
  const kept = new Set<number>();
  older.forEach((message, i) => {
    if (!message.pinned) return;
    kept.add(i);
    const partner = message.role === 'user' ? i + 1 : i - 1;
    if (older[partner] && older[partner].role !== message.role) kept.add(partner);
  });
  return [...older.filter((_, i) => kept.has(i)), ...history.slice(from)];
}

