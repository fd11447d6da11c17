import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { Message } from '../../shared/domain';
import { FakeFailure } from './test/fake-carrier';
import { renderApp } from './test/render-app';
import { fakeMain, type FakeMainOptions } from './test/fake-main';
import { chat, message } from './test/fixtures';
import { useTestEnvironment } from './test/setup';

describe('App', () => {
  const env = useTestEnvironment();

  async function start(options: FakeMainOptions = {}) {
    const main = fakeMain(env.carrier(), options);
    await renderApp();
    return main;
  }

  function composer() {
    return screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  }

  function typeAndEnter(text: string) {
    fireEvent.change(composer(), { target: { value: text } });
    fireEvent.keyDown(composer(), { key: 'Enter' });
  }

  it('sends with Enter, streams the reply, stops it and keeps the partial text', async () => {
    const main = await start();
    fireEvent.change(composer(), { target: { value: 'line one' } });
    fireEvent.keyDown(composer(), { key: 'Enter', shiftKey: true });
    expect(env.carrier().callsTo('chat.send')).toHaveLength(0);

    typeAndEnter('¿Qué es un candil?');
    await waitFor(() => expect(env.carrier().callsTo('chat.send')).toHaveLength(1));
    expect(env.carrier().callsTo('chats.create')).toHaveLength(1);
    await waitFor(() => expect(composer().value).toBe(''));
    const { requestId, assistantMessage } = main.lastSend();
    const { chatId, id: messageId } = assistantMessage;

    const log = screen.getByRole('region', { name: 'Messages' });
    expect(within(log).getByText('¿Qué es un candil?')).toBeTruthy();
    const reply = log.querySelector('[data-status="streaming"]') as HTMLElement;
    expect(reply).not.toBeNull();
    act(() => env.carrier().emit('chat.delta', { requestId, chatId, messageId, seq: 1, text: 'Una lámpara ', tokens: 3 }));
    // Deltas are drawn with the next frame.
    await waitFor(() => expect(reply.textContent).toContain('Una lámpara'));

    const stop = screen.getByRole('button', { name: 'Stop' });
    stop.focus();
    fireEvent.click(stop);
    await waitFor(() => expect(env.carrier().callsTo('chat.stop')).toEqual([{ requestId }]));
    // The Stop button goes with the reply: focus is already back in the message box.
    expect(document.activeElement).toBe(composer());
    act(() =>
      env.carrier().emit('chat.done', {
        requestId,
        chatId,
        message: { ...assistantMessage, status: 'stopped', content: 'Una lámpara ', completionTokens: 3, durationMs: 600, firstTokenMs: 250 },
        stats: { promptTokens: 20, evaluatedTokens: 20, reusedTokens: 0, restored: false, completionTokens: 3, firstTokenMs: 250, durationMs: 600, tokensPerSecond: 5, contextUsed: 23, contextSize: 4096 },
      }),
    );
    const stopped = screen.getByRole('region', { name: 'Messages' }).querySelector('[data-status="stopped"]') as HTMLElement;
    expect(stopped.textContent).toContain('Una lámpara');
    expect(within(stopped).getByText('Stopped')).toBeTruthy();
    expect(within(stopped).getByText('3 tokens · 5 tokens/s · first token in 0.25 s')).toBeTruthy();
    expect(screen.getByText('Context: 23 / 4,096 tokens')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Reply stopped');
    expect(screen.getByRole('button', { name: 'Send' })).toBeTruthy();
  });

  it('shows an error reply with its partial text and the reason', async () => {
    const c = chat({ id: 'c1', title: 'Lámparas' });
    const messages: Message[] = [
      message({ id: 'u1', chatId: 'c1', position: 0, role: 'user', content: 'Hola' }),
      message({
        id: 'a1',
        chatId: 'c1',
        position: 1,
        role: 'assistant',
        content: 'Hola, soy',
        status: 'error',
        error: { code: 'WORKER_CRASHED', message: 'The inference engine stopped unexpectedly (exit code 139).', params: { reason: 'exitCode', exitCode: 139 } },
      }),
    ];
    await start({ chats: [{ chat: c, messages }] });
    const failed = screen.getByRole('region', { name: 'Messages' }).querySelector('[data-status="error"]') as HTMLElement;
    expect(failed.textContent).toContain('Hola, soy');
    expect(within(failed).getByText(/Error: The engine stopped unexpectedly \(exit code 139\)\./)).toBeTruthy();
    expect(within(failed).getByText(/The engine crashed/)).toBeTruthy();
    expect(screen.getByRole('heading', { level: 1, name: 'Lámparas' })).toBeTruthy();
  });

  it('shows how full the context is when a chat is reopened', async () => {
    const c = chat({ id: 'c1', title: 'Cuentos' });
    const messages = [message({ id: 'u1', chatId: 'c1', position: 0, role: 'user', content: 'Hola' })];
    await start({ chats: [{ chat: c, messages, context: { used: 40, size: 512 } }] });
    expect(await screen.findByText('Context: 40 / 512 tokens')).toBeTruthy();
  });

  it('keeps the text and shows a translated error when the send fails', async () => {
    await start();
    env.carrier().handle('chat.send', () => {
      throw new FakeFailure({
        code: 'BUSY',
        message: 'This chat is still writing a reply; stop it or wait for it to finish.',
        params: { reason: 'chatBusy' },
      });
    });
    typeAndEnter('No me pierdas');
    const toast = await screen.findByTestId('error-toast');
    expect(within(toast).getByText('Candil is busy with another reply')).toBeTruthy();
    expect(within(toast).getByText('This chat is still writing a reply; stop it or wait for it to finish.')).toBeTruthy();
    expect(composer().value).toBe('No me pierdas');
    expect(screen.getByRole('status').textContent).toBe('Error: This chat is still writing a reply; stop it or wait for it to finish.');
  });

  it('disables the composer with a hint while no model is selected', async () => {
    await start({ settings: { selectedModelPath: null } });
    expect(composer().disabled).toBe(true);
    expect(screen.getByText('Choose a model in the header to start chatting.')).toBeTruthy();
    expect(composer().getAttribute('aria-describedby')).toBeTruthy();
  });

  it('lists broken models disabled with their reason and selects a good one', async () => {
    await start({ settings: { selectedModelPath: null } });
    fireEvent.click(screen.getByRole('button', { name: 'Model: Choose a model' }));
    const listbox = screen.getByRole('listbox', { name: 'Available models' });
    const broken = within(listbox).getByRole('option', { name: /empty\.gguf: The file is empty\./ });
    expect(broken.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(broken);
    expect(env.carrier().callsTo('models.select')).toHaveLength(0);

    fireEvent.click(within(listbox).getByRole('option', { name: /^tiny/ }));
    await waitFor(() => expect(env.carrier().callsTo('models.select')).toEqual([{ path: '/home/ana/models/tiny.gguf' }]));
    await waitFor(() => expect(composer().disabled).toBe(false));
    expect(screen.getByRole('button', { name: 'Model: tiny' })).toBeTruthy();
  });

  it('follows models.changed', async () => {
    await start({ models: [] });
    act(() => env.carrier().emit('models.changed', { models: [] }));
    fireEvent.click(screen.getByRole('button', { name: /^Model:/ }));
    expect(screen.getByText('No models found in this folder.')).toBeTruthy();
  });

  it('regenerates the last reply and edits a user message, keeping the earlier versions one click away', async () => {
    const c = chat({ id: 'c1', title: 'Chat' });
    const messages = [
      message({ id: 'u1', chatId: 'c1', position: 0, role: 'user', content: 'Primera' }),
      message({ id: 'a1', chatId: 'c1', parentId: 'u1', position: 1, role: 'assistant', content: 'Respuesta uno' }),
      message({ id: 'u2', chatId: 'c1', parentId: 'a1', position: 2, role: 'user', content: 'Segunda' }),
      message({ id: 'a2', chatId: 'c1', parentId: 'u2', position: 3, role: 'assistant', content: 'Respuesta dos' }),
    ];
    await start({ chats: [{ chat: c, messages }] });
    // Only the last reply offers regenerate.
    expect(screen.getAllByRole('button', { name: 'Regenerate reply' })).toHaveLength(1);

    env.carrier().handle('chat.regenerate', () => ({
      requestId: 'r-regen',
      userMessage: null,
      assistantMessage: message({ id: 'a2b', chatId: 'c1', parentId: 'u2', versionIds: ['a2', 'a2b'], position: 4, role: 'assistant', status: 'streaming' }),
    }));
    fireEvent.click(screen.getByRole('button', { name: 'Regenerate reply' }));
    await waitFor(() => expect(screen.queryByText('Respuesta dos')).toBeNull());
    expect(env.carrier().callsTo('chat.regenerate')).toEqual([{ chatId: 'c1' }]);
    act(() =>
      env.carrier().emit('chat.done', {
        requestId: 'r-regen',
        chatId: 'c1',
        message: message({ id: 'a2b', chatId: 'c1', parentId: 'u2', versionIds: ['a2', 'a2b'], position: 4, role: 'assistant', content: 'Respuesta nueva' }),
        stats: null,
      }),
    );
    expect(screen.getByText('Respuesta nueva')).toBeTruthy();
    // Nothing of it was streamed, so the whole reply is read with the end.
    expect(screen.getByRole('status').textContent).toBe('Respuesta nueva (reply finished)');
    // The first version is one click away, and back.
    const versions = screen.getByRole('group', { name: 'Version 2 of 2' });
    expect(within(versions).getByRole('button', { name: 'Next version' })).toHaveProperty('disabled', true);
    env.carrier().handle('chat.showVersion', ({ messageId }) => ({
      chat: c,
      messages: [...messages.slice(0, 3), { ...messages[3]!, id: messageId, versionIds: ['a2', 'a2b'], content: messageId === 'a2' ? 'Respuesta dos' : 'Respuesta nueva' }],
      context: null,
      active: null,
      pinnedBeforeCut: false,
    }));
    fireEvent.click(within(versions).getByRole('button', { name: 'Previous version' }));
    await waitFor(() => expect(screen.getByText('Respuesta dos')).toBeTruthy());
    expect(env.carrier().callsTo('chat.showVersion')).toEqual([{ messageId: 'a2', from: 'u1' }]);
    expect(screen.getByRole('group', { name: 'Version 1 of 2' })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Next version' }));
    await waitFor(() => expect(screen.getByText('Respuesta nueva')).toBeTruthy());

    env.carrier().handle('chat.edit', ({ messageId, content }) => ({
      requestId: 'r-edit',
      userMessage: message({ id: 'u1b', chatId: 'c1', versionIds: [messageId, 'u1b'], position: 5, role: 'user', content }),
      assistantMessage: message({ id: 'a1b', chatId: 'c1', parentId: 'u1b', position: 6, role: 'assistant', status: 'streaming' }),
    }));
    fireEvent.click(screen.getAllByRole('button', { name: 'Edit message' })[0]!);
    const field = screen.getByRole('textbox', { name: 'Edit your message' });
    fireEvent.change(field, { target: { value: 'Primera, corregida' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save and regenerate' }));
    await waitFor(() => expect(screen.getByText('Primera, corregida')).toBeTruthy());
    expect(env.carrier().callsTo('chat.edit')).toEqual([{ messageId: 'u1', content: 'Primera, corregida' }]);
    for (const gone of ['Respuesta uno', 'Segunda', 'Respuesta nueva']) expect(screen.queryByText(gone)).toBeNull();
    expect(screen.getByRole('group', { name: 'Version 2 of 2' })).toBeTruthy();
  });

  it('searches, renames, pins and deletes chats to the trash, with undo', async () => {
    const one = { chat: chat({ id: 'c1', title: 'Recetas' }), messages: [] };
    const two = { chat: chat({ id: 'c2', title: 'Viajes' }), messages: [] };
    await start({ chats: [one, two] });
    const nav = screen.getByRole('navigation', { name: 'Chats' });
    // Most recent first, and it is the one opened.
    expect(within(nav).getAllByRole('button', { name: /^(Recetas|Viajes)$/ }).map((b) => b.textContent)).toEqual(['Viajes', 'Recetas']);
    expect(within(nav).getByRole('button', { name: 'Viajes' }).getAttribute('aria-current')).toBe('page');

    fireEvent.change(within(nav).getByRole('searchbox', { name: 'Search chats' }), { target: { value: 'rec' } });
    await waitFor(() => expect(within(nav).queryByRole('button', { name: 'Viajes' })).toBeNull());
    expect(env.carrier().callsTo('chats.list').at(-1)).toEqual({ query: 'rec' });

    fireEvent.click(within(nav).getByRole('button', { name: 'Rename chat “Recetas”' }));
    const title = within(nav).getByRole('textbox', { name: 'Chat title' });
    fireEvent.change(title, { target: { value: 'Recetas de abuela' } });
    fireEvent.keyDown(title, { key: 'Enter' });
    await waitFor(() => expect(within(nav).getByRole('button', { name: 'Recetas de abuela' })).toBeTruthy());
    expect(env.carrier().callsTo('chats.update')).toEqual([{ chatId: 'c1', title: 'Recetas de abuela' }]);

    fireEvent.click(within(nav).getByRole('button', { name: 'Pin “Recetas de abuela”' }));
    await waitFor(() => expect(within(nav).getByRole('region', { name: 'Pinned' })).toBeTruthy());
    expect(env.carrier().callsTo('chats.update').at(-1)).toEqual({ chatId: 'c1', pinned: true });
    expect(within(nav).getByRole('button', { name: 'Unpin “Recetas de abuela”' }).getAttribute('aria-pressed')).toBe('true');

    fireEvent.click(within(nav).getByRole('button', { name: 'Delete chat “Recetas de abuela”' }));
    await waitFor(() => expect(within(nav).queryByRole('button', { name: 'Recetas de abuela' })).toBeNull());
    expect(env.carrier().callsTo('chats.delete')).toEqual([{ chatId: 'c1' }]);
    expect(screen.getByRole('status').textContent).toBe('Moved to the trash: Recetas de abuela');
    fireEvent.click(within(nav).getByRole('button', { name: 'Undo' }));
    await waitFor(() => expect(within(nav).getByRole('button', { name: 'Recetas de abuela' })).toBeTruthy());
    expect(env.carrier().callsTo('chats.restore')).toEqual([{ chatId: 'c1' }]);

    // From the trash: restore one, or delete it for good.
    fireEvent.change(within(nav).getByRole('searchbox', { name: 'Search chats' }), { target: { value: '' } });
    await within(nav).findByRole('button', { name: 'Viajes' });
    fireEvent.click(within(nav).getByRole('button', { name: 'Delete chat “Recetas de abuela”' }));
    await waitFor(() => expect(within(nav).queryByRole('button', { name: 'Recetas de abuela' })).toBeNull());
    fireEvent.click(within(nav).getByRole('button', { name: 'Trash' }));
    const trash = await within(nav).findByRole('region', { name: 'Trash' });
    fireEvent.click(within(trash).getByRole('button', { name: 'Delete “Recetas de abuela” for good' }));
    await waitFor(() => expect(within(trash).getByText('The trash is empty.')).toBeTruthy());
    expect(env.carrier().callsTo('chats.purge')).toEqual([{ chatId: 'c1' }]);
    fireEvent.click(within(nav).getByRole('button', { name: 'Back to chats' }));
    expect(within(nav).getByRole('button', { name: 'Viajes' })).toBeTruthy();
  });

  it('says before sending that a message will not fit, and drops the oldest turns to make room', async () => {
    const c = chat({ id: 'c1', title: 'Larga' });
    const messages = [
      message({ id: 'u1', chatId: 'c1', position: 0, role: 'user', content: 'Primera' }),
      message({ id: 'a1', chatId: 'c1', parentId: 'u1', position: 1, role: 'assistant', content: 'Respuesta uno' }),
      message({ id: 'u2', chatId: 'c1', parentId: 'a1', position: 2, role: 'user', content: 'Segunda' }),
      message({ id: 'a2', chatId: 'c1', parentId: 'u2', position: 3, role: 'assistant', content: 'Respuesta dos' }),
    ];
    await start({ chats: [{ chat: c, messages }] });
    env.carrier().handle('chat.measure', ({ draft }) => ({ promptTokens: 1800 + draft.length, replyTokens: 512, contextSize: 2048, exact: true, fits: false }));
    const box = screen.getByRole('textbox', { name: 'Message' });
    fireEvent.change(box, { target: { value: 'Una pregunta larga' } });
    const notice = await screen.findByRole('alert');
    expect(notice.textContent).toContain("it needs 2,330 tokens, and this model's context window holds 2,048");
    expect(screen.getByRole('button', { name: 'Send' })).toHaveProperty('disabled', true);
    fireEvent.keyDown(box, { key: 'Enter' });
    expect(env.carrier().callsTo('chat.send')).toHaveLength(0);

    env.carrier().handle('chat.dropOldest', () => ({ chat: { ...c, contextFromId: 'u2' }, messages, context: null, active: null, pinnedBeforeCut: false }));
    env.carrier().handle('chat.measure', () => ({ promptTokens: 900, replyTokens: 512, contextSize: 2048, exact: true, fits: true }));
    fireEvent.click(within(notice).getByRole('button', { name: 'Stop sending the oldest messages' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(env.carrier().callsTo('chat.dropOldest')).toEqual([{ chatId: 'c1', draft: 'Una pregunta larga', from: 'u1' }]);
    // The turns stay in the chat, marked as no longer sent, with a way back.
    expect(screen.getByRole('note').textContent).toContain('The messages above are not sent to the model any more');
    expect(screen.getByText('Primera')).toBeTruthy();
    fireEvent.keyDown(box, { key: 'Enter' });
    await waitFor(() => expect(env.carrier().callsTo('chat.send')).toEqual([{ chatId: 'c1', content: 'Una pregunta larga' }]));
  });

  it('a search shows where each chat matched, and opens the chat at that message', async () => {
    const viaje = { chat: chat({ id: 'c1', title: 'Viaje' }), messages: [message({ id: 'm1', chatId: 'c1', position: 0, role: 'user', content: 'Quiero ver los patios de Córdoba' })] };
    const otro = { chat: chat({ id: 'c2', title: 'Otro' }), messages: [] };
    await start({ chats: [viaje, otro] });
    const nav = screen.getByRole('navigation', { name: 'Chats' });
    fireEvent.change(within(nav).getByRole('searchbox', { name: 'Search chats' }), { target: { value: 'patios' } });
    const snippet = await within(nav).findByRole('button', { name: 'Quiero ver los patios de Córdoba' });
    expect(snippet.querySelector('mark')?.textContent).toBe('patios');
    fireEvent.click(snippet);
    await waitFor(() => expect(document.activeElement?.id).toBe('message-m1'));
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Viaje');
  });

  it('a new chat is stored only once its first message is sent', async () => {
    await start({ chats: [] });
    for (let i = 0; i < 3; i += 1) fireEvent.click(screen.getByRole('button', { name: 'New chat' }));
    expect(env.carrier().callsTo('chats.create')).toHaveLength(0);
    fireEvent.change(screen.getByRole('textbox', { name: 'Message' }), { target: { value: 'Hola' } });
    fireEvent.keyDown(screen.getByRole('textbox', { name: 'Message' }), { key: 'Enter' });
    await waitFor(() => expect(env.carrier().callsTo('chat.send')).toHaveLength(1));
    expect(env.carrier().callsTo('chats.create')).toEqual([{ mode: 'chat' }]);
  });

  it('chat settings: system prompt, few-shot examples, the chat’s own generation settings, and presets', async () => {
    await start({ chats: [{ chat: chat({ id: 'c1', title: 'Chat' }), messages: [] }] });
    // An empty chat offers the presets to start from, in the UI's language.
    fireEvent.click(screen.getByRole('button', { name: /^Spanish ↔ English translator/ }));
    await waitFor(() => expect(env.carrier().callsTo('chats.update')).toHaveLength(1));
    expect(env.carrier().callsTo('chats.update')[0]).toMatchObject({ chatId: 'c1', fewShot: [{ user: 'Buenos días, ¿qué tal estás?' }, { user: 'The meeting was moved to Friday.' }], sampling: { temperature: 0.2 } });
    await waitFor(() => expect(screen.getByText('Examples sent before this conversation (2)')).toBeTruthy());

    fireEvent.click(screen.getByRole('button', { name: 'Chat settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Chat settings' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'System prompt' }), { target: { value: 'Responde en español.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Remove example 2' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Add an example' }));
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Example 2: your message' }), { target: { value: 'Gracias' } });
    const temperature = within(dialog).getByRole('spinbutton', { name: 'Temperature' });
    expect(temperature.getAttribute('placeholder')).toBe('Default: 0.7');
    fireEvent.change(temperature, { target: { value: '9' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    // Nothing is sent while a field is wrong: the range, and the example without its answer.
    expect(within(dialog).getByText('Enter a number from 0 to 5.')).toBeTruthy();
    expect(within(dialog).getByText('Write both the message and the answer, or remove the example.')).toBeTruthy();
    fireEvent.change(temperature, { target: { value: '0.3' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Example 2: the answer' }), { target: { value: 'Thank you' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Name for a new preset' }), { target: { value: 'Mi traductor' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save as a new preset' }));
    await waitFor(() => expect(env.carrier().callsTo('presets.save')).toHaveLength(1));
    expect(env.carrier().callsTo('presets.save')[0]).toMatchObject({ name: 'Mi traductor', systemPrompt: 'Responde en español.', sampling: { temperature: 0.3 } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(env.carrier().callsTo('chats.update').at(-1)).toEqual({
      chatId: 'c1',
      systemPrompt: 'Responde en español.',
      fewShot: [
        { user: 'Buenos días, ¿qué tal estás?', assistant: 'Good morning, how are you?' },
        { user: 'Gracias', assistant: 'Thank you' },
      ],
      sampling: { temperature: 0.3 },
    });
    // The new preset is offered from then on.
    fireEvent.click(screen.getByRole('button', { name: 'Chat settings' }));
    expect(within(screen.getByRole('dialog')).getByRole('option', { name: 'Mi traductor' })).toBeTruthy();
  });

  it('validates settings, sends only what changed, and rescans a new models folder', async () => {
    await start();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(within(dialog).getByText(/automatic: 4 threads, one per core llama.cpp computes on \(4 here\)/)).toBeTruthy();

    const temperature = within(dialog).getByRole('spinbutton', { name: 'Temperature' });
    fireEvent.change(temperature, { target: { value: '9' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Enter a number from 0 to 5.')).toBeTruthy();
    expect(temperature.getAttribute('aria-invalid')).toBe('true');
    expect(env.carrier().callsTo('settings.update')).toHaveLength(0);

    fireEvent.change(temperature, { target: { value: '0.2' } });
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Seed' }), { target: { value: '42' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Models folder' }), { target: { value: '/mnt/models' } });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Language' }), { target: { value: 'es' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(env.carrier().callsTo('settings.update')).toEqual([
      { modelsDir: '/mnt/models', language: 'es', sampling: { temperature: 0.2, seed: 42 } },
    ]);
    await waitFor(() => expect(env.carrier().callsTo('models.list').at(-1)).toEqual({ rescan: true }));
    // The language setting applies at once.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Nuevo chat' })).toBeTruthy());
  });

  it('reads a streamed reply out a sentence at a time through the one status region, then the rest with the end', async () => {
    const main = await start();
    typeAndEnter('¿Qué es un candil?');
    await waitFor(() => expect(env.carrier().callsTo('chat.send')).toHaveLength(1));
    const { requestId, assistantMessage } = main.lastSend();
    const { chatId, id: messageId } = assistantMessage;
    const status = screen.getByRole('status');
    const fragments = ['Una lám', 'para de ', 'aceite.', ' Da luz ', 'cálida! Y', ' poco humo'];
    const heard: string[] = [];
    for (const [i, text] of fragments.entries()) {
      act(() => env.carrier().emit('chat.delta', { requestId, chatId, messageId, seq: i + 1, text, tokens: 1 }));
      // Deltas are applied once per frame.
      await act(() => new Promise<void>((resolve) => requestAnimationFrame(() => resolve())));
      if (status.textContent && heard.at(-1) !== status.textContent) heard.push(status.textContent);
    }
    expect(heard).toEqual(['Una lámpara de aceite.', 'Da luz cálida!']);
    act(() =>
      env.carrier().emit('chat.done', { requestId, chatId, message: { ...assistantMessage, status: 'done', content: fragments.join('') }, stats: null }),
    );
    expect(status.textContent).toBe('Y poco humo (reply finished)');
    expect(document.querySelectorAll('[aria-live], [role="log"], [role="status"], [role="alert"]')).toHaveLength(1);
  });

  it('has a skip link first, and keyboard shortcuts listed in a help sheet: stop, search, new chat, message box', async () => {
    await start();
    const skip = screen.getByRole('link', { name: 'Skip to message box' });
    expect(document.querySelector('a, button, input, textarea, select')).toBe(skip);

    typeAndEnter('Hola');
    await waitFor(() => expect(env.carrier().callsTo('chat.send')).toHaveLength(1));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy());
    fireEvent.keyDown(composer(), { key: 'Escape' });
    await waitFor(() => expect(env.carrier().callsTo('chat.stop')).toHaveLength(1));

    fireEvent.keyDown(document.body, { key: '?', shiftKey: true });
    const help = screen.getByRole('dialog', { name: 'Keyboard shortcuts' });
    expect(within(help).getByText('Search chats')).toBeTruthy();
    fireEvent.keyDown(help, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    // Typing "?" in the message box is text, not a shortcut.
    fireEvent.keyDown(composer(), { key: '?', shiftKey: true });
    expect(screen.queryByRole('dialog')).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Keyboard shortcuts' }));
    expect(screen.getByRole('dialog', { name: 'Keyboard shortcuts' })).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });

    fireEvent.keyDown(document.body, { key: 'k', ctrlKey: true });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByRole('searchbox', { name: 'Search chats' })));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'Escape', shiftKey: true });
    await waitFor(() => expect(document.activeElement).toBe(composer()));
  });

  it('saves the theme, text size and spacing and applies them to the page at once', async () => {
    await start();
    expect(document.documentElement.dataset).toMatchObject({ theme: 'light', fontSize: 'normal', density: 'comfortable' });
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    const appearance = within(dialog).getByRole('group', { name: 'Appearance' });
    fireEvent.change(within(appearance).getByRole('combobox', { name: 'Theme' }), { target: { value: 'dark' } });
    fireEvent.change(within(appearance).getByRole('combobox', { name: 'Text size' }), { target: { value: 'large' } });
    fireEvent.change(within(appearance).getByRole('combobox', { name: 'Spacing' }), { target: { value: 'compact' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(env.carrier().callsTo('settings.update')).toEqual([{ theme: 'dark', fontSize: 'large', density: 'compact' }]);
    await waitFor(() => expect(document.documentElement.dataset).toMatchObject({ theme: 'dark', fontSize: 'large', density: 'compact' }));
  });

  it('shows the saved chat states in Settings and clears them', async () => {
    await start();
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(await within(dialog).findByText('150 MB in 3 saved states (limit 4.3 GB).')).toBeTruthy();
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Replies at the same time' }), { target: { value: '2' } });
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Disk for saved chat states (MB)' }), { target: { value: '0' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Clear saved states' }));
    expect(await within(dialog).findByText('0 B in 0 saved states (limit 4.3 GB).')).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('Saved chat states cleared');
    expect((within(dialog).getByRole('button', { name: 'Clear saved states' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(env.carrier().callsTo('settings.update')).toEqual([{ parallelReplies: 2, kvCacheBudgetMB: 0 }]));
  });

  it('shows a reply waiting its turn, then how much of the prompt it evaluated', async () => {
    const main = await start();
    typeAndEnter('¿Y ahora?');
    await waitFor(() => expect(env.carrier().callsTo('chat.send')).toHaveLength(1));
    const { requestId, assistantMessage } = main.lastSend();
    const { chatId, id: messageId } = assistantMessage;
    act(() => env.carrier().emit('chat.queued', { requestId, chatId, messageId, position: 2 }));
    expect(screen.getByText('Waiting for the engine: number 2 in the queue')).toBeTruthy();
    act(() => env.carrier().emit('chat.queued', { requestId, chatId, messageId, position: 0 }));
    expect(screen.queryByText(/Waiting for the engine/)).toBeNull();
    // Still stoppable while it waits or runs.
    expect(screen.getByRole('button', { name: 'Stop' })).toBeTruthy();
    act(() =>
      env.carrier().emit('chat.done', {
        requestId,
        chatId,
        message: { ...assistantMessage, status: 'done', content: 'Ahora sí.', completionTokens: 4, durationMs: 200, firstTokenMs: 90, evaluatedTokens: 12, reusedTokens: 3900 },
        stats: { promptTokens: 3912, evaluatedTokens: 12, reusedTokens: 3900, restored: true, completionTokens: 4, firstTokenMs: 90, durationMs: 200, tokensPerSecond: 20, contextUsed: 3916, contextSize: 8192 },
      }),
    );
    expect(screen.getByText(/prompt: 12 evaluated, 3,900 from cache/)).toBeTruthy();
  });

  it('says why a reply stopped at the end of the context window, in the UI language', async () => {
    const c = chat({ id: 'c1', title: 'Largo' });
    const messages: Message[] = [
      message({ id: 'u1', chatId: 'c1', position: 0, role: 'user', content: 'Cuéntame más' }),
      message({
        id: 'a1',
        chatId: 'c1',
        position: 1,
        role: 'assistant',
        content: 'Había una vez',
        status: 'stopped',
        error: { code: 'CONTEXT_FULL', message: 'The reply reached the end of the context window (2048 tokens).', params: { reason: 'replyEnded', contextSize: 2048 } },
      }),
    ];
    await start({ chats: [{ chat: c, messages }], settings: { language: 'es' } });
    const stopped = screen.getByRole('region', { name: 'Mensajes' }).querySelector('[data-status="stopped"]') as HTMLElement;
    expect(stopped.textContent).toContain('Detenida: la ventana de contexto está llena');
    expect(stopped.textContent).toContain('La respuesta llegó al final de la ventana de contexto (2048 tokens).');
  });

  it('switches on the local API, shows its address and examples, sets a key and stops a request', async () => {
    await start({
      apiRequests: [
        { id: 'r1', model: 'tiny', endpoint: 'chat', status: 'running', position: 0, tokens: 1234, startedAt: 2, endedAt: null },
        { id: 'r2', model: 'tiny', endpoint: 'completion', status: 'done', position: null, tokens: 40, startedAt: 1, endedAt: 3 },
      ],
    });
    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const dialog = screen.getByRole('dialog', { name: 'Settings' });
    expect(await within(dialog).findByText('The local API is off.')).toBeTruthy();
    expect(within(dialog).getByText('tiny · chat · 1,234 tokens · writing')).toBeTruthy();
    expect(within(dialog).getByText('tiny · completion · 40 tokens · done')).toBeTruthy();
    fireEvent.click(within(dialog).getByRole('button', { name: 'Stop the request to tiny' }));
    await waitFor(() => expect(env.carrier().callsTo('api.stop')).toEqual([{ id: 'r1' }]));

    fireEvent.change(within(dialog).getByRole('textbox', { name: /Web pages allowed/ }), { target: { value: 'not a url' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: 'Serve the local API' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Write one address per line, starting with http:// or https://.')).toBeTruthy();
    fireEvent.change(within(dialog).getByRole('textbox', { name: /Web pages allowed/ }), { target: { value: 'http://localhost:3000\n' } });
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Port' }), { target: { value: '5000' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(env.carrier().callsTo('settings.update')).toEqual([{ apiEnabled: true, apiPort: 5000, apiCorsOrigins: ['http://localhost:3000'] }]);

    fireEvent.click(screen.getByRole('button', { name: 'Settings' }));
    const again = screen.getByRole('dialog', { name: 'Settings' });
    expect(await within(again).findByText('Serving at http://127.0.0.1:5000/v1')).toBeTruthy();
    expect(within(again).getByText(/base_url="http:\/\/127.0.0.1:5000\/v1"/)).toBeTruthy();
    expect(within(again).getByText(/curl http:\/\/127.0.0.1:5000\/v1\/chat\/completions/)).toBeTruthy();
    const key = within(again).getByLabelText('API key');
    fireEvent.change(key, { target: { value: 'short' } });
    expect((within(again).getByRole('button', { name: 'Save key' }) as HTMLButtonElement).disabled).toBe(true);
    fireEvent.change(key, { target: { value: 'sk-local-secret' } });
    fireEvent.click(within(again).getByRole('button', { name: 'Save key' }));
    await waitFor(() => expect(env.carrier().callsTo('api.setKey')).toEqual([{ key: 'sk-local-secret' }]));
    expect(await within(again).findByText(/A key is set\./)).toBeTruthy();
    expect(screen.getByRole('status').textContent).toBe('API key saved');
  });

  it('offers to restart the engine when it is down, and says when it restarts', async () => {
    await start();
    act(() => env.carrier().emit('worker.status', { state: 'restarting', modelPath: null, loaded: null, recentCrashes: 1, lastError: null }));
    expect(screen.getByText('The engine is restarting…')).toBeTruthy();
    act(() =>
      env.carrier().emit('worker.status', {
        state: 'down',
        modelPath: null,
        loaded: null,
        recentCrashes: 3,
        lastError: { code: 'WORKER_CRASHED', message: 'The inference engine stopped unexpectedly (signal SIGSEGV).', params: { reason: 'exitSignal', signal: 'SIGSEGV' } },
      }),
    );
    const alert = screen.getByRole('alert');
    expect(within(alert).getByText('The engine stopped after crashing several times in a row.')).toBeTruthy();
    expect(within(alert).getByText('Last error: The engine stopped unexpectedly (signal SIGSEGV).')).toBeTruthy();
    fireEvent.click(within(alert).getByRole('button', { name: 'Restart engine' }));
    await waitFor(() => expect(screen.queryByRole('alert')).toBeNull());
    expect(env.carrier().callsTo('worker.restart')).toHaveLength(1);
  });

  it('shows a banner while disconnected and reloads after reconnecting', async () => {
    await start();
    const listsBefore = env.carrier().callsTo('chats.list').length;
    act(() => env.carrier().setConnection('reconnecting'));
    expect(screen.getByRole('alert').textContent).toContain('Disconnected — reconnecting…');
    await act(async () => env.carrier().setConnection('open'));
    expect(screen.queryByRole('alert')).toBeNull();
    await waitFor(() => expect(env.carrier().callsTo('chats.list').length).toBeGreaterThan(listsBefore));
  });

  it('explains a refused access token instead of retrying', async () => {
    await start();
    act(() => {
      env.carrier().hostError({ code: 'FORBIDDEN', message: 'Wrong or missing access token.', params: { reason: 'wrongToken' } });
      env.carrier().setConnection('refused');
    });
    expect(screen.getByRole('alert').textContent).toContain('did not accept this page’s access key');
    expect(screen.queryByTestId('error-toast')).toBeNull();
  });
});
