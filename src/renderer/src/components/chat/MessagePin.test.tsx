import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app';
import { fakeMain } from '../../test/fake-main';
import { chat, message } from '../../test/fixtures';
import { useTestEnvironment } from '../../test/setup';

describe('pinned messages and chat titles', () => {
  const env = useTestEnvironment();

  it('pins a message with a toggle button, marks it, says so, and tells the cut that pinned messages are still sent', async () => {
    const c = chat({ id: 'c1', title: 'Larga', contextFromId: 'u2' });
    const messages = [
      message({ id: 'u1', chatId: 'c1', position: 0, role: 'user', content: 'Me llamo Ana' }),
      message({ id: 'a1', chatId: 'c1', parentId: 'u1', position: 1, role: 'assistant', content: 'Hola, Ana' }),
      message({ id: 'u2', chatId: 'c1', parentId: 'a1', position: 2, role: 'user', content: 'Segunda' }),
      message({ id: 'a2', chatId: 'c1', parentId: 'u2', position: 3, role: 'assistant', content: 'Respuesta dos' }),
    ];
    fakeMain(env.carrier(), { chats: [{ chat: c, messages }] });
    await renderApp();
    expect(screen.getByRole('note').textContent).toContain('The messages above are not sent to the model any more, to make room');
    const question = screen.getByText('Me llamo Ana').closest('article') as HTMLElement;
    const toggle = within(question).getByRole('button', { name: 'Pin message' });
    // A real button in the tab order, off to begin with.
    expect(toggle.tagName).toBe('BUTTON');
    expect(toggle.getAttribute('tabindex')).toBeNull();
    expect(toggle.getAttribute('aria-pressed')).toBe('false');
    expect(within(question).queryByText('Pinned: always sent')).toBeNull();

    await waitFor(() => expect(env.carrier().callsTo('chat.measure')).toHaveLength(1));
    const pinnedMessages = messages.map((m) => (m.id === 'u1' ? { ...m, pinned: true } : m));
    env.carrier().handle('chat.pinMessage', () => ({ chat: { ...c, updatedAt: c.updatedAt + 1 }, messages: pinnedMessages, context: null, active: null, pinnedBeforeCut: true }));
    fireEvent.click(toggle);
    await waitFor(() => expect(within(question).getByRole('button', { name: 'Pin message' }).getAttribute('aria-pressed')).toBe('true'));
    expect(env.carrier().callsTo('chat.pinMessage')).toEqual([{ messageId: 'u1', pinned: true, from: 'u1' }]);
    expect(within(question).getByText('Pinned: always sent')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Message pinned: it is sent even when older messages are dropped');
    expect(screen.getByRole('note').textContent).toContain('except the pinned ones');
    // The context meter measures again: what the chat sends changed.
    await waitFor(() => expect(env.carrier().callsTo('chat.measure')).toHaveLength(2));

    env.carrier().handle('chat.pinMessage', () => ({ chat: c, messages, context: null, active: null, pinnedBeforeCut: false }));
    fireEvent.click(within(question).getByRole('button', { name: 'Pin message' }));
    await waitFor(() => expect(within(question).getByRole('button', { name: 'Pin message' }).getAttribute('aria-pressed')).toBe('false'));
    expect(env.carrier().callsTo('chat.pinMessage').at(-1)).toEqual({ messageId: 'u1', pinned: false, from: 'u1' });
    expect(screen.getByRole('status').textContent).toBe('Message unpinned');
  });

  it('shows the title the model wrote as soon as main says the chat changed, and the setting turns it off', async () => {
    const c = chat({ id: 'c1', title: '¿Qué visito en Lisboa?' });
    fakeMain(env.carrier(), { chats: [{ chat: c, messages: [] }] });
    await renderApp();
    const nav = screen.getByRole('navigation', { name: 'Chats' });
    expect(within(nav).getByRole('button', { name: '¿Qué visito en Lisboa?' })).toBeTruthy();
    env.carrier().handle('chats.list', () => [{ ...c, title: 'Viaje a Lisboa' }]);
    act(() => env.carrier().emit('chats.changed', { chatId: 'c1' }));
    await waitFor(() => expect(within(nav).getByRole('button', { name: 'Viaje a Lisboa' })).toBeTruthy());

    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const named = within(dialog).getByRole('checkbox', { name: 'Let the model name new chats' });
    expect(named).toHaveProperty('checked', true);
    fireEvent.click(named);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(env.carrier().callsTo('settings.update')).toEqual([{ generatedTitles: false }]));
  });
});
