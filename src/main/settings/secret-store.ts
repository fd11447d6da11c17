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
  return {
    get() {
      if (!existsSync(file)) return null;
      const data = readFileSync(file);
      try {
        return codec ? codec.decrypt(data) : data.toString('utf8');
      } catch {
        return null;
      }
    },
    set(secret) {
      if (secret === null || secret === '') {
        if (existsSync(file)) unlinkSync(file);
        return;
      }
      writeFileSync(file, codec ? codec.encrypt(secret) : secret, { mode: 0o600 });
      chmodSync(file, 0o600);
    },
  };
}
