import { describe, expect, it } from 'vitest';
import { chat } from '../../test/fixtures';
import { groupChats } from './chat-groups';

describe('groupChats', () => {
  it('puts pinned chats first, then today, yesterday, the previous 7 days and older, by local day', () => {
    const now = new Date(2026, 10, 29, 9, 30);
    const at = (days: number, hour = 12) => new Date(2026, 10, 29 - days, hour).getTime();
    const list = [
      chat({ id: 'early-today', updatedAt: new Date(2026, 10, 29, 0, 5).getTime() }),
      chat({ id: 'pinned-old', updatedAt: at(40), pinned: true }),
      chat({ id: 'late-yesterday', updatedAt: new Date(2026, 10, 28, 23, 59).getTime() }),
      chat({ id: 'five-days', updatedAt: at(5) }),
      chat({ id: 'eight-days', updatedAt: at(8) }),
      chat({ id: 'ten-days', updatedAt: at(10) }),
    ];
    expect(groupChats(list, now).map((g) => [g.key, g.chats.map((c) => c.id)])).toEqual([
      ['pinned', ['pinned-old']],
      ['today', ['early-today']],
      ['yesterday', ['late-yesterday']],
      ['week', ['five-days', 'eight-days']],
      ['older', ['ten-days']],
    ]);
    expect(groupChats([], now)).toEqual([]);
  });
});
