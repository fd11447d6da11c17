import { describe, expect, it } from 'vitest';
import { AppError } from '../shared/errors';
import { startupMessage } from './startup-messages';

describe('startup messages', () => {
  const corrupt = new AppError('DB_CORRUPT', 'damaged', { reason: 'damaged', path: '/data/candil.db', copy: '/data/damaged/candil-copy-x.db' });

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

  it('offers no fresh start for other failures and says them in both languages, the user’s first', () => {
    const tooNew = new AppError('DB_TOO_NEW', 'written by a newer Candil', { reason: 'tooNew', path: '/data/candil.db', version: 12, known: 9 });
    const message = startupMessage(tooNew, 'es-MX');
    expect(message.startFresh).toBeUndefined();
    expect(message.text).toBe(
      'El historial de chats /data/candil.db lo escribió un Candil más nuevo (esquema 12; esta versión conoce hasta el 9). Actualiza Candil; el archivo no se ha modificado.\n\n' +
        'The chat history /data/candil.db was written by a newer Candil (schema 12; this version knows 9). Update Candil; the file was not changed.',
    );
    const locked = startupMessage(new AppError('BUSY', 'locked', { reason: 'dataLocked', pid: 42, path: '/data' }), 'en');
    expect(locked.text.split('\n\n')[0]).toBe('Another Candil (process 42) is using the data folder /data. Close it first.');
  });

  it('keeps the English message of a failure it does not know', () => {
    expect(startupMessage(new AppError('INTERNAL', 'disk on fire', { reason: 'unexpected', detail: 'disk on fire' }), 'es').text).toBe('disk on fire');
  });
});
