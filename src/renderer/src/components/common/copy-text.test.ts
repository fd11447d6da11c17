import { afterEach, describe, expect, it, vi } from 'vitest';
import { copyText } from './copy-text';

describe('copyText', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.restoreAllMocks();
  });

  it('uses the Clipboard API when it is there', async () => {
    const writeText = vi.fn(() => Promise.resolve());
    vi.stubGlobal('navigator', { clipboard: { writeText } });
    await copyText('print(1)');
    expect(writeText).toHaveBeenCalledWith('print(1)');
  });

  it('falls back to a selected field and execCommand when the Clipboard API is missing or refuses, and gives focus back', async () => {
    const button = document.createElement('button');
    document.body.append(button);
    button.focus();
    let selected = '';
    const execCommand = vi.fn(() => {
      selected = (document.activeElement as HTMLTextAreaElement).value;
      return true;
    });
    Object.defineProperty(document, 'execCommand', { value: execCommand, configurable: true });
    vi.stubGlobal('navigator', { clipboard: { writeText: () => Promise.reject(new Error('denied')) } });
    await copyText('echo hola');
    expect(execCommand).toHaveBeenCalledWith('copy');
    expect(selected).toBe('echo hola');
    expect(document.querySelector('textarea')).toBeNull();
    expect(document.activeElement).toBe(button);

    vi.stubGlobal('navigator', {});
    await copyText('again');
    expect(selected).toBe('again');
  });

  it('fails loudly when neither way copies', async () => {
    Object.defineProperty(document, 'execCommand', { value: () => false, configurable: true });
    vi.stubGlobal('navigator', {});
    await expect(copyText('x')).rejects.toThrow('clipboard');
  });
});
