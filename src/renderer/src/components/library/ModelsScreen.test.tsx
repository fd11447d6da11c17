import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { DownloadInfo } from '../../../../shared/downloads';
import { FakeFailure } from '../../test/fake-carrier';
import { renderApp } from '../../test/render-app';
import { fakeMain, type FakeMainOptions } from '../../test/fake-main';
import { compatReport, download, hfFile, hfRepo, storiesEntry } from '../../test/fixtures';
import { useTestEnvironment } from '../../test/setup';

const storiesUrl = 'https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf';

function useModelsScreen(language: 'en' | 'es' = 'en') {
  const env = useTestEnvironment(language);

  async function start(options: FakeMainOptions = {}) {
    const main = fakeMain(env.carrier(), { ...options, settings: { language, ...options.settings } });
    await renderApp();
    return main;
  }

  async function openModels(tab?: string) {
    fireEvent.click(screen.getByRole('button', { name: language === 'es' ? 'Modelos' : 'Models' }));
    await screen.findByRole('tablist');
    if (tab) fireEvent.click(screen.getByRole('tab', { name: tab }));
  }

  return { env, start, openModels };
}

function card(name: string): HTMLElement {
  return screen.getByRole('listitem', { name });
}

function emit(env: ReturnType<typeof useTestEnvironment>, info: DownloadInfo) {
  act(() => env.carrier().emit('downloads.changed', info));
}

describe('Models screen', () => {
  const { env, start, openModels } = useModelsScreen('en');

  it('opens from the sidebar, shows the catalog in English, filters by tag and goes back to the chat', async () => {
    await start();
    await openModels();
    const tabs = screen.getAllByRole('tab').map((tab) => tab.textContent);
    expect(tabs).toEqual(['Catalog', 'Hugging Face', 'Installed', 'Downloads', 'Remote servers']);
    expect(screen.getByRole('tab', { name: 'Catalog' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('heading', { level: 1, name: 'Models' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Models' }).getAttribute('aria-current')).toBe('true');
    expect(screen.getByRole('button', { name: 'Chat' }).getAttribute('aria-current')).toBeNull();

    const stories = await screen.findByRole('listitem', { name: 'TinyStories 260K' });
    expect(within(stories).getByText(/writes tiny children’s stories/)).toBeTruthy();
    // The catalog's "0.3M" in the UI's compact notation.
    expect(within(stories).getByText('300K')).toBeTruthy();
    expect(within(stories).getByText('F32')).toBeTruthy();
    expect(within(stories).getByText('1 MB')).toBeTruthy();
    expect(within(stories).getByText('4 MB with 512 tokens of context')).toBeTruthy();
    expect(within(stories).getByText('2,048 tokens')).toBeTruthy();
    expect(within(stories).getByRole('link', { name: 'MIT' }).getAttribute('href')).toBe(storiesEntry.licence.url);
    expect(within(stories).getByText('ggml-org/models/tinyllamas/stories260K.gguf')).toBeTruthy();
    expect(within(card('Qwen2.5 Coder 1.5B Instruct')).getByText('about 986 MB')).toBeTruthy();

    const filter = screen.getByRole('group', { name: 'Show models for' });
    fireEvent.click(within(filter).getByRole('button', { name: 'Filter by Code' }));
    expect(screen.queryByRole('listitem', { name: 'TinyStories 260K' })).toBeNull();
    expect(card('Qwen2.5 Coder 1.5B Instruct')).toBeTruthy();
    fireEvent.click(within(filter).getByRole('button', { name: 'All' }));
    expect(card('TinyStories 260K')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Chat' }));
    expect(screen.queryByRole('tablist')).toBeNull();
    expect(screen.getByRole('textbox', { name: 'Message' })).toBeTruthy();
  });

  it('moves between tabs with the arrow keys', async () => {
    await start();
    await openModels();
    fireEvent.keyDown(screen.getByRole('tab', { name: 'Catalog' }), { key: 'ArrowRight' });
    const hf = screen.getByRole('tab', { name: 'Hugging Face' });
    expect(hf.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(hf);
    fireEvent.keyDown(hf, { key: 'End' });
    expect(screen.getByRole('tab', { name: 'Remote servers' }).getAttribute('aria-selected')).toBe('true');
    expect(screen.getByRole('tabpanel', { name: 'Remote servers' })).toBeTruthy();
  });

  it('checks compatibility and shows the verdict, the numbers and each reason', async () => {
    await start({
      check: () =>
        compatReport({
          verdict: 'tight',
          contextSize: 4096,
          ramBytes: 7_000_000_000,
          freeRamBytes: 2_000_000_000,
          reasons: [
            { code: 'free-ram', needed: 7_000_000_000, available: 2_000_000_000 },
            { code: 'context-too-large', requested: 4096, trained: 2048 },
          ],
        }),
    });
    await openModels();
    const stories = await screen.findByRole('listitem', { name: 'TinyStories 260K' });
    fireEvent.click(within(stories).getByRole('button', { name: 'Check compatibility of TinyStories 260K' }));
    const report = await within(stories).findByRole('region', { name: 'Compatibility of TinyStories 260K' });
    expect(env.carrier().callsTo('models.check')).toEqual([{ source: storiesUrl, fileSize: 1_185_376 }]);
    expect(report.getAttribute('data-verdict')).toBe('tight');
    expect(within(report).getByText('Tight: it may be slow or leave little memory for other apps')).toBeTruthy();
    expect(within(report).getByText('Architecture: llama (supported)')).toBeTruthy();
    expect(within(report).getByText('Trained context: 2,048 tokens')).toBeTruthy();
    expect(within(report).getByText(/Chat template: none/)).toBeTruthy();
    expect(within(report).getByText('RAM: needs 7 GB with a 4,096-token context; this computer has 16 GB (2 GB free now)')).toBeTruthy();
    expect(within(report).getByText('Disk: 50 GB free in the models folder; the file is 1 MB')).toBeTruthy();
    expect(within(report).getByText('It needs 7 GB of RAM but only 2 GB is free right now: close other apps before using it.')).toBeTruthy();
    expect(within(report).getByText(/The context size in use \(4,096 tokens\) is larger than the 2,048 tokens/)).toBeTruthy();
  });

  it('says why a check failed instead of a verdict', async () => {
    await start();
    env.carrier().handle('models.check', () => {
      throw new FakeFailure({
        code: 'NETWORK',
        message: 'Could not reach https://huggingface.co to read the header: getaddrinfo ENOTFOUND huggingface.co',
        params: { reason: 'hubUnreachable', endpoint: 'https://huggingface.co', detail: 'getaddrinfo ENOTFOUND huggingface.co' },
      });
    });
    await openModels();
    const stories = await screen.findByRole('listitem', { name: 'TinyStories 260K' });
    fireEvent.click(within(stories).getByRole('button', { name: 'Check compatibility of TinyStories 260K' }));
    expect(await within(stories).findByText(/The compatibility check failed: https:\/\/huggingface\.co cannot be reached \(getaddrinfo ENOTFOUND huggingface\.co\)\./)).toBeTruthy();
    expect(screen.queryByTestId('error-toast')).toBeNull();
  });

  it('checks before downloading, then sends the catalog file with its checksum and size', async () => {
    await start();
    await openModels();
    const stories = await screen.findByRole('listitem', { name: 'TinyStories 260K' });
    fireEvent.click(within(stories).getByRole('button', { name: 'Download TinyStories 260K' }));
    await waitFor(() => expect(env.carrier().callsTo('downloads.start')).toHaveLength(1));
    expect(env.carrier().callsTo('models.check')).toEqual([{ source: storiesUrl, fileSize: 1_185_376 }]);
    expect(env.carrier().callsTo('downloads.start')).toEqual([
      { url: storiesUrl, fileName: 'stories260K.gguf', sha256: storiesEntry.sha256, size: 1_185_376 },
    ]);
    // The card now follows the download instead of offering it again.
    expect(await within(stories).findByRole('progressbar', { name: 'Download progress of stories260K.gguf' })).toBeTruthy();
    expect(within(stories).queryByRole('button', { name: 'Download TinyStories 260K' })).toBeNull();
    expect(screen.getByRole('status').textContent).toBe('Download started: stories260K.gguf');
  });

  it('asks before downloading a model that will not fit on the disk', async () => {
    await start({
      check: () =>
        compatReport({
          verdict: 'wont-fit',
          diskOk: false,
          freeDiskBytes: 500_000,
          reasons: [{ code: 'disk', needed: 1_685_376, available: 500_000 }],
        }),
    });
    await openModels();
    const stories = await screen.findByRole('listitem', { name: 'TinyStories 260K' });
    const downloadButton = within(stories).getByRole('button', { name: 'Download TinyStories 260K' });
    fireEvent.click(downloadButton);
    const dialog = await screen.findByRole('alertdialog', { name: 'Download anyway?' });
    expect(dialog.textContent).toContain('TinyStories 260K will probably not run on this computer.');
    expect(dialog.textContent).toContain('There is not enough free disk space for TinyStories 260K.');
    expect(dialog.textContent).toContain('The download needs 2 MB of disk space but only 500 KB is free in the models folder.');
    expect(within(stories).getByRole('region', { name: 'Compatibility of TinyStories 260K' }).getAttribute('data-verdict')).toBe('wont-fit');

    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(env.carrier().callsTo('downloads.start')).toHaveLength(0);

    // The report is known now: the warning comes back without a second check.
    fireEvent.click(downloadButton);
    const again = await screen.findByRole('alertdialog', { name: 'Download anyway?' });
    expect(env.carrier().callsTo('models.check')).toHaveLength(1);
    fireEvent.click(within(again).getByRole('button', { name: 'Download anyway' }));
    await waitFor(() => expect(env.carrier().callsTo('downloads.start')).toHaveLength(1));
  });

  it('follows downloads.changed in the Downloads tab and in the header, and refreshes the models when done', async () => {
    await start();
    const slot = screen.getByTestId('download-slot');
    expect(slot.childElementCount).toBe(0);

    const d1 = download({ id: 'd1', fileName: 'stories260K.gguf', receivedBytes: 250, totalBytes: 1000, bytesPerSecond: 2_000_000, etaSeconds: 200 });
    emit(env, d1);
    const indicator = within(slot).getByRole('button', { name: 'Downloads: 1 in progress, 25% done' });
    expect(indicator.textContent).toContain('25%');

    // Visible from the chat; it opens the Downloads tab.
    fireEvent.click(indicator);
    expect(screen.getByRole('tab', { name: 'Downloads' }).getAttribute('aria-selected')).toBe('true');
    const row = screen.getByRole('listitem');
    expect(row.getAttribute('data-state')).toBe('downloading');
    const bar = within(row).getByRole('progressbar', { name: 'Download progress of stories260K.gguf' });
    expect(bar.getAttribute('aria-valuenow')).toBe('250');
    expect(bar.getAttribute('aria-valuemax')).toBe('1000');
    expect(within(row).getByText('250 B of 1 KB · 2 MB/s · 3 min 20 s left')).toBeTruthy();

    emit(env, { ...d1, receivedBytes: 750, updatedAt: d1.updatedAt + 1 });
    expect(bar.getAttribute('aria-valuenow')).toBe('750');
    expect(within(slot).getByRole('button', { name: 'Downloads: 1 in progress, 75% done' })).toBeTruthy();

    // A stale copy (older updatedAt) does not move the bar back.
    emit(env, { ...d1, receivedBytes: 500 });
    expect(bar.getAttribute('aria-valuenow')).toBe('750');

    const listsBefore = env.carrier().callsTo('models.list').length;
    emit(env, { ...d1, state: 'completed', receivedBytes: 1000, updatedAt: d1.updatedAt + 2 });
    expect(slot.childElementCount).toBe(0);
    expect(screen.getByRole('listitem').getAttribute('data-state')).toBe('completed');
    await waitFor(() => expect(env.carrier().callsTo('models.list').length).toBe(listsBefore + 1));
    expect(env.carrier().callsTo('models.list').at(-1)).toEqual({ rescan: true });
    expect(screen.getByRole('status').textContent).toBe('Download finished: stories260K.gguf');
  });

  it('pauses, resumes, cancels and removes a download', async () => {
    const main = await start({ downloads: [download({ id: 'd1', fileName: 'stories260K.gguf', receivedBytes: 100 })] });
    await openModels('Downloads');
    const row = () => screen.getByRole('listitem');
    expect(row().getAttribute('data-state')).toBe('downloading');

    fireEvent.click(screen.getByRole('button', { name: 'Pause download of stories260K.gguf' }));
    await waitFor(() => expect(row().getAttribute('data-state')).toBe('paused'));
    expect(env.carrier().callsTo('downloads.pause')).toEqual([{ id: 'd1' }]);
    expect(within(row()).getByText('Paused by you.')).toBeTruthy();
    expect(screen.queryByRole('button', { name: 'Pause download of stories260K.gguf' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Resume download of stories260K.gguf' }));
    await waitFor(() => expect(row().getAttribute('data-state')).toBe('downloading'));
    expect(env.carrier().callsTo('downloads.resume')).toEqual([{ id: 'd1' }]);

    fireEvent.click(screen.getByRole('button', { name: 'Cancel download of stories260K.gguf' }));
    await waitFor(() => expect(row().getAttribute('data-state')).toBe('cancelled'));
    expect(env.carrier().callsTo('downloads.cancel')).toEqual([{ id: 'd1' }]);
    expect(main.download('d1').state).toBe('cancelled');
    expect(screen.queryByRole('button', { name: 'Resume download of stories260K.gguf' })).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Remove stories260K.gguf from the list' }));
    await waitFor(() => expect(screen.queryByRole('listitem')).toBeNull());
    expect(env.carrier().callsTo('downloads.remove')).toEqual([{ id: 'd1' }]);
    expect(screen.getByText(/No downloads yet/)).toBeTruthy();
  });

  it('explains a full disk and a failed download, and retries it', async () => {
    await start({
      downloads: [
        download({ id: 'd1', fileName: 'big.gguf', state: 'paused', pausedReason: 'disk-full', receivedBytes: 400_000_000, totalBytes: 1_000_000_000 }),
        download({
          id: 'd2',
          fileName: 'broken.gguf',
          state: 'failed',
          error: { code: 'CHECKSUM_MISMATCH', message: 'sha256 differs', params: { reason: 'mismatch', actual: 'ab12', expected: 'cd34' } },
        }),
      ],
    });
    await openModels('Downloads');
    const [failed, full] = screen.getAllByRole('listitem');
    expect(full?.getAttribute('data-state')).toBe('paused');
    expect(within(full!).getByText(/The disk is full\. Free up at least 600 MB on it/)).toBeTruthy();
    expect(failed?.getAttribute('data-state')).toBe('failed');
    expect(within(failed!).getByText('The downloaded file is damaged')).toBeTruthy();
    expect(within(failed!).getByText(/did not match its checksum/)).toBeTruthy();
    fireEvent.click(within(failed!).getByRole('button', { name: 'Retry download of broken.gguf' }));
    await waitFor(() => expect(env.carrier().callsTo('downloads.resume')).toEqual([{ id: 'd2' }]));
  });

  it('says when a download waits to reconnect after the network dropped', async () => {
    await start({
      downloads: [
        download({
          id: 'd1',
          fileName: 'offline.gguf',
          state: 'downloading',
          retryAttempt: 1,
          nextRetryAt: Date.now() + 4_000,
          error: {
            code: 'NETWORK',
            message: 'The connection to the download server was lost (getaddrinfo ENOTFOUND huggingface.co).',
            params: { reason: 'connectionLost', detail: 'getaddrinfo ENOTFOUND huggingface.co' },
          },
        }),
      ],
    });
    await openModels('Downloads');
    const row = screen.getByRole('listitem');
    expect(within(row).getByRole('note').textContent).toMatch(/The connection was lost\. Retrying in [1-4] s \(attempt 2\)\..*ENOTFOUND/);
  });

  it('lists installed models and deletes one only after confirming', async () => {
    await start();
    await openModels('Installed');
    const table = screen.getByRole('table', { name: 'Installed models' });
    const tiny = within(table).getByRole('row', { name: /tiny\.gguf/ });
    expect(within(tiny).getByText('Q4_K_M')).toBeTruthy();
    expect(within(tiny).getByText('llama')).toBeTruthy();
    expect(within(tiny).getByText('2,048')).toBeTruthy();
    expect(within(tiny).getByText('in use')).toBeTruthy();
    const broken = within(table).getByRole('row', { name: /empty\.gguf/ });
    expect(within(broken).getByText(/Can’t be used: The file is empty\./)).toBeTruthy();

    fireEvent.click(within(tiny).getByRole('button', { name: 'Delete tiny.gguf' }));
    const dialog = screen.getByRole('alertdialog', { name: 'Delete tiny.gguf?' });
    expect(dialog.textContent).toContain('Chats that used it are kept.');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(env.carrier().callsTo('models.delete')).toHaveLength(0);

    fireEvent.click(within(tiny).getByRole('button', { name: 'Delete tiny.gguf' }));
    fireEvent.click(within(screen.getByRole('alertdialog')).getByRole('button', { name: 'Delete' }));
    await waitFor(() => expect(within(table).queryByRole('row', { name: /tiny\.gguf/ })).toBeNull());
    expect(env.carrier().callsTo('models.delete')).toEqual([{ path: '/home/ana/models/tiny.gguf' }]);
  });

  it('edits a model’s defaults and validates them', async () => {
    await start();
    await openModels('Installed');
    fireEvent.click(screen.getByRole('button', { name: 'Model settings for tiny.gguf' }));
    const dialog = screen.getByRole('dialog', { name: 'Model settings: tiny.gguf' });
    const temperature = within(dialog).getByRole('spinbutton', { name: 'Temperature' }) as HTMLInputElement;
    expect(temperature.placeholder).toBe('0.7');
    fireEvent.change(temperature, { target: { value: '7' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Enter a number from 0 to 5.')).toBeTruthy();
    expect(env.carrier().callsTo('models.setDefaults')).toHaveLength(0);

    fireEvent.change(temperature, { target: { value: '0.3' } });
    fireEvent.change(within(dialog).getByRole('spinbutton', { name: 'Context size (tokens)' }), { target: { value: '2048' } });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Chat template' }), { target: { value: 'raw' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'System prompt' }), { target: { value: 'Cuenta cuentos.' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(env.carrier().callsTo('models.setDefaults')).toEqual([
      {
        path: '/home/ana/models/tiny.gguf',
        defaults: { contextSize: 2048, sampling: { temperature: 0.3 }, chatTemplate: 'raw', systemPrompt: 'Cuenta cuentos.' },
      },
    ]);
    expect(within(screen.getByRole('row', { name: /tiny\.gguf/ })).getByText('own defaults')).toBeTruthy();
  });

  describe('import', () => {
    afterEach(() => {
      delete window.candil;
    });

    it('imports a typed path in place', async () => {
      await start();
      await openModels('Installed');
      fireEvent.change(screen.getByRole('textbox', { name: 'Path to a .gguf file' }), { target: { value: '/data/llm/phi.gguf' } });
      fireEvent.click(screen.getByRole('button', { name: 'Use in place' }));
      await waitFor(() => expect(env.carrier().callsTo('models.import')).toEqual([{ path: '/data/llm/phi.gguf', mode: 'reference' }]));
      expect(await screen.findByRole('row', { name: /phi\.gguf/ })).toBeTruthy();
    });

    it('says to paste the path when a file is dropped in the browser', async () => {
      await start();
      await openModels();
      const file = new File(['x'], 'phi.gguf');
      fireEvent.drop(screen.getByRole('region', { name: 'Models' }), { dataTransfer: { files: [file], types: ['Files'] } });
      expect(screen.getByRole('tab', { name: 'Installed' }).getAttribute('aria-selected')).toBe('true');
      expect(screen.getByText(/paste its path/)).toBeTruthy();
    });

    it('uses the bridge’s pathForFile for dropped files in Electron', async () => {
      window.candil = {
        invoke: () => Promise.reject(new Error('unused')),
        subscribe: () => () => undefined,
        ...{ pathForFile: (file: File) => `/home/ana/Descargas/${file.name}` },
      };
      await start();
      await openModels();
      const files = [new File(['x'], 'phi.gguf'), new File(['y'], 'notes.txt')];
      fireEvent.drop(screen.getByRole('region', { name: 'Models' }), { dataTransfer: { files, types: ['Files'] } });
      const list = screen.getByRole('list', { name: 'Files to add' });
      expect(within(list).getByText('phi.gguf')).toBeTruthy();
      expect(within(list).queryByText('notes.txt')).toBeNull();
      fireEvent.click(screen.getByRole('button', { name: 'Copy into models folder' }));
      await waitFor(() => expect(env.carrier().callsTo('models.import')).toEqual([{ path: '/home/ana/Descargas/phi.gguf', mode: 'copy' }]));
      await waitFor(() => expect(screen.queryByRole('list', { name: 'Files to add' })).toBeNull());
    });
  });

  it('searches Hugging Face, lists a repo’s files and downloads one', async () => {
    const files = [
      hfFile('SmolLM2-135M-Instruct-Q4_K_M.gguf'),
      hfFile('mmproj-SmolLM2-f16.gguf', { isProjector: true, quantization: 'F16' }),
      hfFile('SmolLM2-135M-Instruct-Q8_0-00001-of-00002.gguf', { split: { count: 2, complete: false }, sha256: null }),
    ];
    await start({ hfRepos: [{ ...hfRepo, gated: true }], hfFiles: { [hfRepo.id]: files } });
    await openModels('Hugging Face');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search Hugging Face' }), { target: { value: 'smollm' } });
    fireEvent.change(screen.getByRole('combobox', { name: 'Sort by' }), { target: { value: 'likes' } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const results = await screen.findByRole('region', { name: 'Repositories' });
    expect(env.carrier().callsTo('hf.search')).toEqual([{ query: 'smollm', sort: 'likes', limit: 30 }]);
    expect(within(results).getByText('12,345 downloads · 42 likes · updated Jan 15, 2025')).toBeTruthy();
    expect(within(results).getByText('Gated')).toBeTruthy();

    fireEvent.click(within(results).getByRole('button', { name: hfRepo.id }));
    const list = await screen.findByRole('region', { name: `GGUF files in ${hfRepo.id}` });
    expect(env.carrier().callsTo('hf.files')).toEqual([{ repo: hfRepo.id }]);
    await within(list).findByText('SmolLM2-135M-Instruct-Q4_K_M.gguf');
    expect(within(list).getByText('100 MB · Q4_K_M')).toBeTruthy();
    expect(within(list).getByText('Vision projector: not a model on its own')).toBeTruthy();
    expect(within(list).getByText(/Incomplete/)).toBeTruthy();
    const splitDownload = within(list).getByRole('button', { name: 'Download SmolLM2-135M-Instruct-Q8_0-00001-of-00002.gguf' }) as HTMLButtonElement;
    expect(splitDownload.disabled).toBe(true);

    fireEvent.click(within(list).getByRole('button', { name: 'Download SmolLM2-135M-Instruct-Q4_K_M.gguf' }));
    await waitFor(() => expect(env.carrier().callsTo('downloads.start')).toHaveLength(1));
    expect(env.carrier().callsTo('downloads.start')[0]).toEqual({
      url: files[0]!.downloadUrl,
      fileName: 'SmolLM2-135M-Instruct-Q4_K_M.gguf',
      sha256: 'a'.repeat(64),
      size: 100_000_000,
    });

    fireEvent.click(screen.getByRole('button', { name: 'Back to results' }));
    expect(screen.getByRole('region', { name: 'Repositories' })).toBeTruthy();
  });

  it('opens a repo straight from an owner/repo query', async () => {
    await start({ hfFiles: { [hfRepo.id]: [hfFile('SmolLM2-135M-Instruct-Q4_K_M.gguf')] } });
    await openModels('Hugging Face');
    fireEvent.change(screen.getByRole('searchbox', { name: 'Search Hugging Face' }), { target: { value: hfRepo.id } });
    fireEvent.click(screen.getByRole('button', { name: 'Search' }));
    const list = await screen.findByRole('region', { name: `GGUF files in ${hfRepo.id}` });
    expect(within(list).getByText('SmolLM2-135M-Instruct-Q4_K_M.gguf')).toBeTruthy();
    expect(env.carrier().callsTo('hf.files')).toHaveLength(0);
  });

  it('saves and removes the Hugging Face token, and validates the endpoint', async () => {
    await start();
    await openModels('Hugging Face');
    const token = screen.getByLabelText('Access token') as HTMLInputElement;
    expect(token.type).toBe('password');
    fireEvent.change(token, { target: { value: ' hf_secret ' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save token' }));
    await waitFor(() => expect(screen.getByText(/A token is saved\./)).toBeTruthy());
    expect(env.carrier().callsTo('hf.setToken')).toEqual([{ token: 'hf_secret' }]);
    expect(token.value).toBe('');
    fireEvent.click(screen.getByRole('button', { name: 'Remove token' }));
    await waitFor(() => expect(screen.queryByText(/A token is saved\./)).toBeNull());
    expect(env.carrier().callsTo('hf.setToken').at(-1)).toEqual({ token: null });

    // The proxy in effect, as main resolved it (fixtures: the system's, proxy.corp:3128).
    expect(screen.getByText('Candil reaches it through the proxy proxy.corp:3128 (system proxy settings).')).toBeTruthy();
    const endpoint = screen.getByRole('textbox', { name: 'Hub address' });
    fireEvent.change(endpoint, { target: { value: 'ftp://mirror' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address' }));
    expect(screen.getByText('Enter an address that starts with http:// or https://.')).toBeTruthy();
    expect(env.carrier().callsTo('settings.update')).toHaveLength(0);
    fireEvent.change(endpoint, { target: { value: 'https://hf-mirror.com' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address' }));
    const mirror = await screen.findByRole('alertdialog', { name: 'Use this Hub address?' });
    expect(mirror.textContent).toContain('https://hf-mirror.com is not Hugging Face');
    fireEvent.click(within(mirror).getByRole('button', { name: 'Use this address' }));
    await waitFor(() => expect(env.carrier().callsTo('settings.update')).toEqual([{ hfEndpoint: 'https://hf-mirror.com' }]));
  });

  it('asks before using a plain-http Hub address, and saves nothing when cancelled', async () => {
    await start();
    await openModels('Hugging Face');
    const endpoint = screen.getByRole('textbox', { name: 'Hub address' });
    fireEvent.change(endpoint, { target: { value: 'http://mirror.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address' }));
    const dialog = await screen.findByRole('alertdialog', { name: 'Use this Hub address?' });
    expect(dialog.textContent).toContain('http://mirror.example is not encrypted');
    expect(dialog.textContent).toContain('your Hugging Face token is not sent to it');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('alertdialog')).toBeNull();
    expect(env.carrier().callsTo('settings.update')).toHaveLength(0);

    fireEvent.change(endpoint, { target: { value: 'https://huggingface.co/' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save address' }));
    await waitFor(() => expect(env.carrier().callsTo('settings.update')).toEqual([{ hfEndpoint: 'https://huggingface.co/' }]));
    expect(screen.queryByRole('alertdialog')).toBeNull();
  });

  it('says how each finished download was checked, and when a busy server lets a download retry', async () => {
    const retryAt = new Date(2030, 0, 1, 14, 35, 0).getTime();
    await start({
      downloads: [
        download({ id: 'd1', fileName: 'hashed.gguf', state: 'completed', receivedBytes: 1000, sha256: 'a'.repeat(64), verification: 'sha256' }),
        download({ id: 'd2', fileName: 'sized.gguf', state: 'completed', receivedBytes: 1000, verification: 'size' }),
        download({ id: 'd3', fileName: 'blind.gguf', state: 'completed', receivedBytes: 1000, totalBytes: null, verification: 'none' }),
        download({
          id: 'd4',
          fileName: 'busy.gguf',
          state: 'downloading',
          nextRetryAt: retryAt,
          retryWait: 'retry-after',
          error: {
            code: 'DOWNLOAD_FAILED',
            message: 'The download server answered HTTP 429. It asked to wait 600 s.',
            params: { reason: 'httpStatusWait', status: 429, seconds: 600 },
          },
        }),
      ],
    });
    await openModels('Downloads');
    const row = (name: string) => screen.getByRole('listitem', { name });
    expect(within(row('hashed.gguf')).getByText('Verified: its SHA-256 matches the published one.')).toBeTruthy();
    expect(within(row('sized.gguf')).getByText(/^Not verified: the server published no checksum for it; only its size was checked\./)).toBeTruthy();
    expect(within(row('blind.gguf')).getByText(/^Not verified: the server published neither a checksum nor a size for it\./)).toBeTruthy();
    const note = within(row('busy.gguf')).getByRole('note');
    expect(note.textContent).toMatch(/^The server is busy and asked to wait until 2:35\sPM\. Retrying then \(in .+\)\./);
    expect(note.textContent).toContain('HTTP 429');
    expect(note.textContent).not.toContain('connection was lost');
  });
});

describe('Models screen in Spanish', () => {
  const { env, start, openModels } = useModelsScreen('es');

  it('shows the catalog, its actions and the downloads in Spanish', async () => {
    const main = await start();
    await openModels();
    expect(screen.getAllByRole('tab').map((tab) => tab.textContent)).toEqual(['Catálogo', 'Hugging Face', 'Instalados', 'Descargas', 'Servidores remotos']);
    const stories = await screen.findByRole('listitem', { name: 'TinyStories 260K' });
    expect(within(stories).getByText(/escribe cuentos infantiles diminutos/)).toBeTruthy();
    expect(within(stories).getByText('1 MB')).toBeTruthy();
    expect(within(stories).getByText('2048 tokens')).toBeTruthy();
    expect(within(stories).getByText('Licencia')).toBeTruthy();
    expect(within(stories).getByRole('button', { name: 'Comprobar compatibilidad de TinyStories 260K' })).toBeTruthy();
    fireEvent.click(within(stories).getByRole('button', { name: 'Descargar TinyStories 260K' }));
    await waitFor(() => expect(env.carrier().callsTo('downloads.start')).toHaveLength(1));
    const report = within(stories).getByRole('region', { name: 'Compatibilidad de TinyStories 260K' });
    expect(within(report).getByText('Cabe en este ordenador')).toBeTruthy();

    const started = main.download('d1');
    emit(env, { ...started, state: 'downloading', receivedBytes: 592_688, updatedAt: started.updatedAt + 1 });
    expect(screen.getByRole('button', { name: 'Descargas: 1 en curso, 50 % completado' })).toBeTruthy();
    fireEvent.click(screen.getByRole('tab', { name: 'Descargas' }));
    expect(screen.getByRole('button', { name: 'Pausar la descarga de stories260K.gguf' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Cancelar la descarga de stories260K.gguf' })).toBeTruthy();
    expect(screen.getAllByText('Descargando').length).toBeGreaterThan(0);
  });

  it('says in Spanish that a download was not verified, that a server asked to wait, and asks before a plain-http Hub', async () => {
    await start({
      downloads: [
        download({ id: 'd1', fileName: 'sized.gguf', state: 'completed', receivedBytes: 1000, verification: 'size' }),
        download({ id: 'd2', fileName: 'busy.gguf', state: 'downloading', nextRetryAt: new Date(2030, 0, 1, 9, 5, 0).getTime(), retryWait: 'retry-after' }),
      ],
    });
    await openModels('Descargas');
    expect(screen.getByText(/^Sin verificar: el servidor no publica su suma de comprobación; solo se ha comprobado su tamaño\./)).toBeTruthy();
    expect(within(screen.getByRole('listitem', { name: 'busy.gguf' })).getByRole('note').textContent).toMatch(
      /^El servidor está ocupado y ha pedido esperar hasta las 9:05\. Se volverá a intentar entonces \(dentro de .+\)\./,
    );
    fireEvent.click(screen.getByRole('tab', { name: 'Hugging Face' }));
    fireEvent.change(screen.getByRole('textbox', { name: 'Dirección del Hub' }), { target: { value: 'http://espejo.example' } });
    fireEvent.click(screen.getByRole('button', { name: 'Guardar la dirección' }));
    const dialog = await screen.findByRole('alertdialog', { name: '¿Usar esta dirección del Hub?' });
    expect(dialog.textContent).toContain('no se le envía tu token de Hugging Face');
    fireEvent.click(within(dialog).getByRole('button', { name: 'Usar esta dirección' }));
    await waitFor(() => expect(env.carrier().callsTo('settings.update')).toEqual([{ hfEndpoint: 'http://espejo.example' }]));
  });
});
