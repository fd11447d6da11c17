import { chmodSync, existsSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';

/** Where the Hugging Face token is kept: never in the database, never sent to the renderer. */
export interface SecretStore {
  get(): string | null;
  set(secret: string | null): void;
}

export interface SecretCodec {
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

/**
 * A file readable by the user only. The desktop app passes a codec backed by the OS keychain
 * (Electron's safeStorage), so the file holds ciphertext; the browser host relies on file modes.
 */
export function fileSecretStore(file: string, codec?: SecretCodec): SecretStore {
  // Read once: settings.get() asks whether a token exists on every call, and decrypting with
  // the keychain each time would put a system call on that path.
  let cached: { value: string | null } | null = null;
  return {
    get() {
      cached ??= { value: read() };
      return cached.value;
    },
    set(secret) {
      const value = secret === null || secret === '' ? null : secret;
      if (value === null) {
        if (existsSync(file)) unlinkSync(file);
      } else {
        writeFileSync(file, codec ? codec.encrypt(value) : value, { mode: 0o600 });
        chmodSync(file, 0o600);
      }
      cached = { value };
    },
  };

  function read(): string | null {
    if (!existsSync(file)) return null;
    const data = readFileSync(file);
    try {
      return codec ? codec.decrypt(data) : data.toString('utf8');
    } catch {
      return null;
    }
  }
}
