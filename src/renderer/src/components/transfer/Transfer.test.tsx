import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { IMPORT_MAX_CHARS } from '../../../../shared/chat-transfer';
import { renderApp } from '../../test/render-app';
import { fakeMain } from '../../test/fake-main';
import { chat, message } from '../../test/fixtures';
import { useTestEnvironment } from '../../test/setup';

/** What the page handed to the browser to save: jsdom has no downloads, so the link's click is caught. */
interface Download {
  fileName: string;
  text: Promise<string>;
  type: string;
}

describe('export and import', () => {
  const env = useTestEnvironment();
  let downloads: Download[];
  let blobs: Map<string, Blob>;

  beforeEach(() => {
    downloads = [];
    blobs = new Map();
    // jsdom lacks object URLs; the real Blob is kept so the test reads what would be saved.
    vi.stubGlobal('URL', Object.assign(globalThis.URL, {
      createObjectURL: (blob: Blob) => {
        const url = `blob:candil/${blobs.size}`;
        blobs.set(url, blob);
        return url;
      },
      revokeObjectURL: (url: string) => blobs.delete(url),
    }));
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (blob) downloads.push({ fileName: this.download, text: blob.text(), type: blob.type });
    });
  });

  afterEach(() => {
    vi.restoreAllMocks();
    vi.unstubAllGlobals();
  });

  const lamps = chat({ id: 'c1', title: 'Lámparas' });
  const lampMessages = [
    message({ id: 'u1', chatId: 'c1', position: 0, role: 'user', content: 'Hola' }),
    message({ id: 'a1', chatId: 'c1', position: 1, role: 'assistant', content: 'Buenas' }),
  ];

  it('exports every chat as JSON and as Markdown from the sidebar, and the open chat from the header', async () => {
    fakeMain(env.carrier(), { chats: [{ chat: lamps, messages: lampMessages }] });
    await renderApp();

    fireEvent.click(screen.getByRole('button', { name: 'Export / import' }));
    const dialog = screen.getByRole('dialog', { name: 'Export and import chats' });
    // Focus moves into the dialog, to its first control.
    expect(dialog.contains(document.activeElement)).toBe(true);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Export all as JSON' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(env.carrier().callsTo('chats.export')).toEqual([{ format: 'json', language: 'en' }]);
    expect(downloads[0]?.fileName).toBe('candil-chats.json');
    expect(downloads[0]?.type).toBe('application/json;charset=utf-8');
    expect(JSON.parse(await (downloads[0]?.text ?? '')) as unknown).toMatchObject({ format: 'candil-chats', chats: [{ id: 'c1' }] });
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe('Saved candil-chats.json'));

    fireEvent.click(within(dialog).getByRole('button', { name: 'Export all as Markdown' }));
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads[1]?.fileName).toBe('candil-chats.md');
    expect(await downloads[1]?.text).toBe('# Lámparas');
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Export' }));
    const one = screen.getByRole('dialog', { name: 'Export “Lámparas”' });
    fireEvent.click(within(one).getByRole('button', { name: 'Export as Markdown' }));
    await waitFor(() => expect(downloads).toHaveLength(3));
    expect(env.carrier().callsTo('chats.export').at(-1)).toEqual({ format: 'markdown', language: 'en', chatId: 'c1' });
    expect(downloads[2]?.fileName).toBe('candil-c1.md');
    // The dialog closes once the file is handed over.
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('imports a chosen file, shows and announces what was added, and says 0 the second time', async () => {
    fakeMain(env.carrier());
    await renderApp();
    const file = new File([JSON.stringify({ format: 'candil-chats', version: 1, chats: [{ ...lamps, messages: lampMessages }] })], 'candil-chats.json', {
      type: 'application/json',
    });

    fireEvent.click(screen.getByRole('button', { name: 'Export / import' }));
    const dialog = screen.getByRole('dialog', { name: 'Export and import chats' });
    const input = within(dialog).getByLabelText('File to import') as HTMLInputElement;
    // The visible button opens the file picker the hidden input stands for.
    const picked = vi.spyOn(input, 'click').mockImplementation(() => undefined);
    fireEvent.click(within(dialog).getByRole('button', { name: 'Import a file…' }));
    expect(picked).toHaveBeenCalledOnce();

    fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() => expect(within(dialog).getByText('Chats imported: 1. Already here, skipped: 0.')).toBeTruthy());
    expect(env.carrier().callsTo('chats.import')).toEqual([{ text: await file.text() }]);
    expect(screen.getByRole('status').textContent).toBe('Chats imported: 1. Already here, skipped: 0.');
    // The chat list shows the imported chat.
    await waitFor(() => expect(screen.getByRole('button', { name: 'Lámparas' })).toBeTruthy());

    fireEvent.change(input, { target: { files: [file] } });
    await waitFor(() => expect(within(dialog).getByText('Chats imported: 0. Already here, skipped: 1.')).toBeTruthy());
  });

  it('says why a file is refused, in the UI language', async () => {
    fakeMain(env.carrier());
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Export / import' }));
    const input = screen.getByLabelText('File to import') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['{"hello": 1}'], 'other.json')] } });
    const toast = await screen.findByTestId('error-toast');
    expect(toast.dataset.code).toBe('IMPORT_INVALID');
    expect(toast.textContent).toContain('This JSON is neither a Candil export nor ChatGPT’s conversations.json. Nothing was changed.');

    // Too large to send: refused before it is read, with the limit named.
    const huge = new File(['{}'], 'huge.json');
    Object.defineProperty(huge, 'size', { value: IMPORT_MAX_CHARS + 1 });
    fireEvent.change(input, { target: { files: [huge] } });
    await waitFor(() => expect(screen.getAllByTestId('error-toast')).toHaveLength(2));
    expect(screen.getAllByTestId('error-toast')[1]?.textContent).toContain('The file is larger than 32 MB.');
    expect(env.carrier().callsTo('chats.import')).toHaveLength(1);
  });
});
