import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from './test/render-app';
import { fakeMain } from './test/fake-main';
import { chat, message } from './test/fixtures';
import { useTestEnvironment } from './test/setup';

// Main writes its messages in English; in a Spanish UI none of that English may show.
describe('errors from main in a Spanish UI', () => {
  const env = useTestEnvironment('es');

  it('say an engine crash, its last error, a broken model and a refused import in Spanish', async () => {
    const c = chat({ id: 'c1', title: 'Lámparas' });
    const messages = [
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
    fakeMain(env.carrier(), { chats: [{ chat: c, messages }], settings: { language: 'es', selectedModelPath: null } });
    await renderApp();

    const failed = screen.getByRole('region', { name: 'Mensajes' }).querySelector('[data-status="error"]') as HTMLElement;
    expect(within(failed).getByText(/^Error: El motor se detuvo de forma inesperada \(código de salida 139\)\./)).toBeTruthy();
    expect(failed.textContent).not.toContain('stopped unexpectedly');

    act(() =>
      env.carrier().emit('worker.status', {
        state: 'down',
        modelPath: null,
        loaded: null,
        recentCrashes: 3,
        lastError: {
          code: 'WORKER_CRASHED',
          message: 'The inference engine stopped answering for 30 s and was restarted.',
          params: { reason: 'hung', seconds: 30 },
        },
      }),
    );
    expect(within(screen.getByRole('alert')).getByText('Último error: El motor dejó de responder durante 30 s y se reinició.')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: 'Modelo: Elige un modelo' }));
    const listbox = screen.getByRole('listbox', { name: 'Modelos disponibles' });
    expect(within(listbox).getByRole('option', { name: /empty\.gguf: El archivo está vacío\./ })).toBeTruthy();
    fireEvent.keyDown(listbox, { key: 'Escape' });

    fireEvent.click(screen.getByRole('button', { name: 'Exportar / importar' }));
    const dialog = screen.getByRole('dialog', { name: 'Exportar e importar chats' });
    const input = within(dialog).getByLabelText('Archivo que importar') as HTMLInputElement;
    fireEvent.change(input, { target: { files: [new File(['no soy JSON'], 'notas.txt', { type: 'text/plain' })] } });
    const refusal = 'El archivo no es JSON. Elige una exportación de Candil (.json) o el conversations.json de ChatGPT. No se ha cambiado nada.';
    const toast = await screen.findByTestId('error-toast');
    expect(within(toast).getByText(refusal)).toBeTruthy();
    await waitFor(() => expect(screen.getByRole('status').textContent).toBe(`Error: ${refusal}`));
  });
});
