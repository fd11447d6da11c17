import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { DownloadInfo } from '../../../../shared/downloads';
import { renderApp } from '../../test/render-app';
import { fakeMain, type FakeMainOptions } from '../../test/fake-main';
import { storiesEntry, tinyModel } from '../../test/fixtures';
import { useTestEnvironment } from '../../test/setup';

const storiesUrl = 'https://huggingface.co/ggml-org/models/resolve/main/tinyllamas/stories260K.gguf';
const gpt4allFolder = '/home/ana/.local/share/nomic.ai/GPT4All';

describe('Get started (first start without a model)', () => {
  const env = useTestEnvironment('en');

  async function start(options: FakeMainOptions = {}) {
    const main = fakeMain(env.carrier(), { models: [], ...options });
    await renderApp();
    return main;
  }

  function panel(): HTMLElement {
    return screen.getByRole('region', { name: 'Get started' });
  }

  function composer(): HTMLTextAreaElement {
    return screen.getByRole('textbox', { name: 'Message' }) as HTMLTextAreaElement;
  }

  function emit(info: DownloadInfo) {
    act(() => env.carrier().emit('downloads.changed', info));
  }

  it('recommends one model with its size and why, downloads it with progress, then chooses it and focuses the composer', async () => {
    const main = await start();
    const suggestion = await within(panel()).findByRole('heading', { name: 'TinyStories 260K' });
    expect(suggestion).toBeTruthy();
    expect(within(panel()).getByText('300K parameters · 1 MB download')).toBeTruthy();
    expect(within(panel()).getByText(/fits in your 24 GB of memory/)).toBeTruthy();
    expect(composer().disabled).toBe(true);

    fireEvent.click(within(panel()).getByRole('button', { name: 'Download and start' }));
    await waitFor(() =>
      expect(env.carrier().callsTo('downloads.start')).toEqual([{ url: storiesUrl, fileName: 'stories260K.gguf', sha256: storiesEntry.sha256, size: storiesEntry.fileSizeBytes }]),
    );
    const started = main.download('d1');
    emit({ ...started, state: 'downloading', receivedBytes: 592_688 });
    expect(within(panel()).getByRole('progressbar').getAttribute('aria-valuetext')).toMatch(/^50%/);

    const installed = { ...tinyModel, path: '/home/ana/models/stories260K.gguf', fileName: 'stories260K.gguf' };
    main.setModels([installed]);
    emit({ ...started, state: 'completed', receivedBytes: storiesEntry.fileSizeBytes });
    await waitFor(() => expect(env.carrier().callsTo('models.select')).toEqual([{ path: installed.path }]));
    await waitFor(() => expect(document.activeElement).toBe(composer()));
    expect(screen.queryByRole('region', { name: 'Get started' })).toBeNull();
    expect(composer().disabled).toBe(false);
  });

  it('Skip hides the panel in one click and shows the usual empty chat', async () => {
    await start();
    fireEvent.click(within(panel()).getByRole('button', { name: 'Skip' }));
    expect(screen.queryByRole('region', { name: 'Get started' })).toBeNull();
    expect(screen.getByText('What shall we talk about?')).toBeTruthy();
    expect(env.carrier().callsTo('downloads.start')).toHaveLength(0);
  });

  it('is not shown with a model installed', async () => {
    await start({ models: [tinyModel] });
    expect(screen.queryByRole('region', { name: 'Get started' })).toBeNull();
  });

  it('is not shown when a remote server is the chosen model', async () => {
    await start({
      settings: { selectedModelPath: 'remote:srv-1:gpt-4o' },
      remoteServers: [{ id: 'srv-1', name: 'Work', kind: 'openai', baseUrl: 'https://api.example.com/v1', apiVersion: null, models: ['gpt-4o'], hasKey: true }],
    });
    expect(screen.queryByRole('region', { name: 'Get started' })).toBeNull();
  });

  it('says so when no catalog model fits, and points to the Models screen', async () => {
    await start({ recommendation: null });
    expect(await within(panel()).findByText(/No model in the catalog fits this computer/)).toBeTruthy();
    expect(within(panel()).queryByRole('button', { name: 'Download and start' })).toBeNull();
  });

  it('offers GPT4All’s models, uses them in place, chooses one and lists the file it refused with the reason', async () => {
    const good = `${gpt4allFolder}/Llama-3.2-1B-Instruct-Q4_0.gguf`;
    const corrupt = `${gpt4allFolder}/broken.gguf`;
    await start({
      gpt4all: { folder: gpt4allFolder, files: [{ path: corrupt, size: 20 }, { path: good, size: 773_000_000 }] },
      importRefusals: { [corrupt]: { code: 'MODEL_INVALID', message: '"broken.gguf" is not a GGUF file', params: { reason: 'notGguf', file: 'broken.gguf' } } },
    });
    expect(await within(panel()).findByText('Found 2 models from GPT4All in')).toBeTruthy();
    expect(within(panel()).getByText(gpt4allFolder)).toBeTruthy();

    fireEvent.click(within(panel()).getByRole('button', { name: 'Use them in place' }));
    await waitFor(() => expect(within(panel()).getByText('Added 1 model from GPT4All.')).toBeTruthy());
    expect(env.carrier().callsTo('models.import')).toEqual([
      { path: corrupt, mode: 'reference' },
      { path: good, mode: 'reference' },
    ]);
    expect(within(panel()).getByText('1 file could not be used:')).toBeTruthy();
    expect(within(panel()).getByText(/It is not a GGUF file\./).closest('li')?.textContent).toContain('broken.gguf');
    expect(env.carrier().callsTo('models.select')).toEqual([{ path: good }]);
    expect(screen.getByRole('status').textContent).toBe('Models added from GPT4All: 1. Refused: 1.');

    fireEvent.click(within(panel()).getByRole('button', { name: 'Start chatting' }));
    expect(screen.queryByRole('region', { name: 'Get started' })).toBeNull();
    await waitFor(() => expect(document.activeElement).toBe(composer()));
  });

  it('offers GPT4All’s models on Models → Installed too, leaving out those already listed', async () => {
    const other = `${gpt4allFolder}/other.gguf`;
    await start({ models: [tinyModel], gpt4all: { folder: gpt4allFolder, files: [{ path: tinyModel.path, size: 1 }, { path: other, size: 2 }] } });
    fireEvent.click(screen.getByRole('button', { name: 'Models' }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Installed' }));
    expect(await screen.findByText('Found 1 model from GPT4All in')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Use them in place' }));
    await waitFor(() => expect(screen.getByText('Added 1 model from GPT4All.')).toBeTruthy());
    expect(env.carrier().callsTo('models.import')).toEqual([{ path: other, mode: 'reference' }]);
    // A model was already chosen: the import does not change it.
    expect(env.carrier().callsTo('models.select')).toEqual([]);
  });
});
