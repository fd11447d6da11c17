import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FakeFailure } from '../../test/fake-carrier';
import { fakeMain, type FakeMainOptions } from '../../test/fake-main';
import { renderApp } from '../../test/render-app';
import { useTestEnvironment } from '../../test/setup';

describe('Models → Remote servers', () => {
  const env = useTestEnvironment('en');

  async function start(options: FakeMainOptions = {}) {
    const main = fakeMain(env.carrier(), options);
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: 'Models' }));
    fireEvent.click(await screen.findByRole('tab', { name: 'Remote servers' }));
    return main;
  }

  it('adds a server from a preset, lists its models, uses one, and every chat says it leaves the computer', async () => {
    await start({ remoteModels: { 'srv-1': ['llama3.2', 'qwen2.5:7b'] } });
    const panel = screen.getByRole('tabpanel', { name: 'Remote servers' });
    expect(within(panel).getByText('No remote servers yet.')).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Add a server' }));
    fireEvent.change(within(panel).getByLabelText('Kind'), { target: { value: 'ollama' } });
    expect((within(panel).getByLabelText('Name') as HTMLInputElement).value).toBe('Ollama');
    expect((within(panel).getByLabelText('Address (base URL)') as HTMLInputElement).value).toBe('http://127.0.0.1:11434/v1');
    fireEvent.change(within(panel).getByLabelText('Address (base URL)'), { target: { value: 'not an address' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Save server' }));
    expect(within(panel).getByText('Write an address that starts with http:// or https://.')).toBeTruthy();
    fireEvent.change(within(panel).getByLabelText('Address (base URL)'), { target: { value: 'http://192.168.1.30:11434/v1' } });
    fireEvent.change(within(panel).getByLabelText('API key'), { target: { value: 'secret-key' } });
    fireEvent.click(within(panel).getByRole('button', { name: 'Save server' }));
    await waitFor(() =>
      expect(env.carrier().callsTo('remote.save')).toEqual([
        { name: 'Ollama', kind: 'ollama', baseUrl: 'http://192.168.1.30:11434/v1', apiVersion: null, models: [], key: 'secret-key' },
      ]),
    );
    expect(await within(panel).findByText(/Ollama · http:\/\/192.168.1.30:11434\/v1 · key saved/)).toBeTruthy();
    expect(within(panel).getByText('Leaves this computer')).toBeTruthy();
    fireEvent.click(await within(panel).findByRole('button', { name: 'Use qwen2.5:7b' }));
    await waitFor(() => expect(env.carrier().callsTo('models.select')).toEqual([{ path: 'remote:srv-1:qwen2.5:7b' }]));

    fireEvent.click(screen.getByRole('button', { name: 'Chat' }));
    expect(await screen.findByText('Your messages in this chat are sent to Ollama: they leave this computer.')).toBeTruthy();
    expect(screen.getByRole('button', { name: /^Model: qwen2.5:7b · Ollama/ })).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: /^Model:/ }));
    const option = screen.getByRole('option', { name: /llama3.2/ });
    expect(option.textContent).toContain('Remote: Ollama · Leaves this computer');
  });

  it('shows why a server could not list its models, and deletes a server after confirming', async () => {
    const server = { id: 'srv-9', name: 'Azure', kind: 'azure' as const, baseUrl: 'https://x.openai.azure.com', apiVersion: '2024-10-21', models: [], hasKey: true };
    await start({ remoteServers: [server] });
    env.carrier().handle('remote.models', () => {
      throw new FakeFailure({
        code: 'AUTH_REQUIRED',
        message: 'Azure refused the request (401): check its API key.',
        params: { reason: 'remoteRefused', server: 'Azure', status: 401 },
      });
    });
    const panel = screen.getByRole('tabpanel', { name: 'Remote servers' });
    fireEvent.click(within(panel).getByRole('button', { name: 'Show the models of Azure' }));
    expect(await within(panel).findByRole('alert')).toBeTruthy();
    fireEvent.click(within(panel).getByRole('button', { name: 'Delete Azure' }));
    const confirm = screen.getByRole('alertdialog');
    fireEvent.click(within(confirm).getByRole('button', { name: 'Delete Azure' }));
    await waitFor(() => expect(env.carrier().callsTo('remote.delete')).toEqual([{ id: 'srv-9' }]));
    expect(await within(panel).findByText('No remote servers yet.')).toBeTruthy();
  });
});
