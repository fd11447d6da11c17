import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import { startupMessage } from './startup-messages';

describe('startup messages', () => {
  const corrupt = new AppError('DB_CORRUPT', 'damaged', { path: '/data/candil.db', copy: '/data/damaged/candil-copy-x.db' });

  it('explains a damaged history in both languages, the user’s first, with both paths and a way to start fresh', () => {
    const es = startupMessage(corrupt, 'es-ES');
    expect(es.text.indexOf('historial de chats está dañado')).toBeLessThan(es.text.indexOf('chat history is damaged'));
    for (const text of [es.text, startupMessage(corrupt, 'en-US').text]) {
      expect(text.split('/data/candil.db')).toHaveLength(3);
      expect(text.split('/data/damaged/candil-copy-x.db')).toHaveLength(3);
    }
    expect(es.startFresh?.button).toMatch(/^Empezar de cero/);
    expect(startupMessage(corrupt, 'en-US').startFresh).toEqual({ button: 'Start fresh · Empezar de cero', flag: '--start-fresh' });
  });

  it('offers no fresh start for other failures and keeps their message', () => {
    const message = startupMessage(new AppError('DB_TOO_NEW', 'written by a newer Candil'), 'en');
    expect(message.startFresh).toBeUndefined();
    expect(message.text).toBe('written by a newer Candil');
  });
});
