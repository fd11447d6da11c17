import { describe, expect, it } from 'vitest';
import { FakeCarrier, FakeFailure } from '../test/fake-carrier';
import { appInfo } from '../test/fixtures';
import { AppError } from '../../../shared/errors';
import { createApi } from './api';

describe('api', () => {
  it('returns the value of a successful call', async () => {
    const api = createApi(new FakeCarrier().handle('app.info', () => appInfo));
    await expect(api.call('app.info', {})).resolves.toEqual(appInfo);
  });

  it('throws an AppError with code and message when main answers ok:false', async () => {
    const carrier = new FakeCarrier().handle('chats.get', () => {
      throw new FakeFailure({ code: 'NOT_FOUND', message: 'no such chat' });
    });
    const error = await createApi(carrier).call('chats.get', { chatId: 'x' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({ code: 'NOT_FOUND', message: 'no such chat' });
  });

  it('delivers only the events asked for, until unsubscribed', () => {
    const carrier = new FakeCarrier();
    const seen: string[] = [];
    const off = createApi(carrier).on('chats.changed', ({ chatId }) => seen.push(chatId));
    carrier.emit('chats.changed', { chatId: 'a' });
    carrier.emit('models.changed', { models: [] });
    off();
    carrier.emit('chats.changed', { chatId: 'b' });
    expect(seen).toEqual(['a']);
  });
});
