import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../test/render-app';
import { fakeMain, type FakeMainOptions } from '../../test/fake-main';
import { modelSettingsInfo } from '../../test/fixtures';
import { useTestEnvironment } from '../../test/setup';

function useDialog(language: 'en' | 'es') {
  const env = useTestEnvironment(language);

  async function open(options: FakeMainOptions = {}): Promise<HTMLElement> {
    fakeMain(env.carrier(), { ...options, settings: { language, ...options.settings } });
    await renderApp();
    fireEvent.click(screen.getByRole('button', { name: language === 'es' ? 'Modelos' : 'Models' }));
    await screen.findByRole('tablist');
    fireEvent.click(screen.getByRole('tab', { name: language === 'es' ? 'Instalados' : 'Installed' }));
    fireEvent.click(screen.getByRole('button', { name: language === 'es' ? 'Ajustes del modelo tiny.gguf' : 'Model settings for tiny.gguf' }));
    return screen.getByRole('dialog', { name: language === 'es' ? 'Ajustes del modelo: tiny.gguf' : 'Model settings: tiny.gguf' });
  }

  return { env, open };
}

describe('Model settings dialog', () => {
  const { env, open } = useDialog('en');

  it('says what the model was trained with and what fits, and refuses a context beyond it before asking main', async () => {
    const dialog = await open();
    const context = within(dialog).getByRole('spinbutton', { name: 'Context size (tokens)' });
    expect((await within(dialog).findByText('Trained with 2,048 tokens; up to 1,536 fit in this computer’s memory.')).id).toBe(
      context.getAttribute('aria-describedby'),
    );
    const batch = within(dialog).getByRole('spinbutton', { name: 'Batch size' }) as HTMLInputElement;
    expect(within(dialog).getByText('Tokens evaluated per step. Empty: automatic (256 for this model).')).toBeTruthy();
    // Empty follows the general setting (512 here), as every field does.
    expect(batch.placeholder).toBe('512');

    fireEvent.change(context, { target: { value: '2048' } });
    fireEvent.change(batch, { target: { value: '128' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Enter a whole number from 128 to 1,536.')).toBeTruthy();
    expect(env.carrier().callsTo('models.setDefaults')).toHaveLength(0);

    fireEvent.change(context, { target: { value: '1024' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(env.carrier().callsTo('models.setDefaults')).toEqual([{ path: '/home/ana/models/tiny.gguf', defaults: { contextSize: 1024, batchSize: 128 } }]);
  });

  it('edits a custom template from the model’s own, previews it live and saves it', async () => {
    const dialog = await open({
      previewTemplate: ({ template, sample }) =>
        template.includes('messages')
          ? `<|im_start|>user\n${sample.user}<|im_end|>`
          : { code: 'BAD_REQUEST', message: 'never uses messages', params: { reason: 'templateNoMessages' } },
    });
    await within(dialog).findByText(/Trained with/);
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Chat template' }), { target: { value: 'custom' } });
    const editor = within(dialog).getByRole('textbox', { name: 'Custom chat template (Jinja)' }) as HTMLTextAreaElement;
    expect(editor.value).toBe(modelSettingsInfo.ownTemplate);
    // The model's own, read-only, beside it.
    expect(within(dialog).getByRole('region', { name: 'The model’s own template' }).textContent).toBe(modelSettingsInfo.ownTemplate);

    const preview = await within(dialog).findByRole('region', { name: 'Preview: a sample conversation as the model would read it' });
    expect(preview.textContent).toBe('<|im_start|>user\nWhat is a candil?<|im_end|>');
    expect(preview.tabIndex).toBe(0);

    fireEvent.change(editor, { target: { value: 'Hello {{ bos_token }}' } });
    expect(
      await within(dialog).findByText('The chat template never uses messages, so nothing you write would reach the model. Loop over messages, as the model’s own template does.'),
    ).toBeTruthy();
    expect(within(dialog).queryByRole('region', { name: /Preview/ })).toBeNull();

    fireEvent.click(within(dialog).getByRole('button', { name: 'Reset to the model’s template' }));
    expect((within(dialog).getByRole('combobox', { name: 'Chat template' }) as HTMLSelectElement).value).toBe('auto');
    expect(within(dialog).queryByRole('textbox', { name: 'Custom chat template (Jinja)' })).toBeNull();

    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Chat template' }), { target: { value: 'custom' } });
    const mine = `{{ bos_token }}${modelSettingsInfo.ownTemplate}`;
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Custom chat template (Jinja)' }), { target: { value: mine } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(env.carrier().callsTo('models.setDefaults')).toEqual([{ path: '/home/ana/models/tiny.gguf', defaults: { chatTemplate: { jinja: mine } } }]);
    // Live preview asked main with the sample in the UI's language.
    expect(env.carrier().callsTo('models.previewTemplate')[0]).toMatchObject({
      sample: { system: 'You are a helpful assistant.', user: 'What is a candil?', reply: 'An oil lamp.', followUp: 'Who used it?' },
    });
  });

  it('keeps the dialog open with main’s reason when it refuses, and asks for a template when the editor is empty', async () => {
    const dialog = await open({
      refuseDefaults: { code: 'BUSY', message: 'writing', params: { reason: 'modelSettings' } },
    });
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Chat template' }), { target: { value: 'custom' } });
    fireEvent.change(within(dialog).getByRole('textbox', { name: 'Custom chat template (Jinja)' }), { target: { value: ' ' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Write a template, or choose another option.')).toBeTruthy();
    expect(env.carrier().callsTo('models.setDefaults')).toHaveLength(0);

    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Chat template' }), { target: { value: 'raw' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect((await within(dialog).findByRole('alert')).textContent).toBe(
      'The model is writing a reply. Stop it or wait until it finishes, then save these settings again.',
    );
    expect(screen.getByRole('dialog')).toBe(dialog);
  });
});

describe('Model settings dialog in Spanish', () => {
  const { open } = useDialog('es');

  it('speaks Spanish and writes the numbers the Spanish way', async () => {
    const dialog = await open({ modelSettingsInfo: { ...modelSettingsInfo, trainedContextSize: 32_768, maxContextSize: 16_384 } });
    expect(await within(dialog).findByText('Entrenado con 32.768 tokens; en la memoria de este ordenador caben hasta 16.384.')).toBeTruthy();
    fireEvent.change(within(dialog).getByRole('combobox', { name: 'Plantilla de chat' }), { target: { value: 'custom' } });
    expect(within(dialog).getByRole('textbox', { name: 'Plantilla de chat propia (Jinja)' })).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Volver a la plantilla del modelo' })).toBeTruthy();
    expect(await within(dialog).findByRole('region', { name: 'Vista previa: una conversación de ejemplo tal como la leería el modelo' })).toBeTruthy();
  });
});
