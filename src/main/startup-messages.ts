import type { AppError, ErrorParams } from '../shared/errors';

export interface StartupMessage {
  title: string;
  /** English and Spanish, the user's language first: the renderer (and its translations) never loaded. */
  text: string;
  /** Present when the user can choose to set the damaged history aside and start with an empty one. */
  startFresh?: { button: string; flag: string };
  quit: string;
}

type Language = 'en' | 'es';

type Explain = (p: ErrorParams) => string;

/** The other failures that stop Candil before its window opens, by `CODE_reason`. */
const failures: Record<Language, Record<string, Explain>> = {
  en: {
    DB_OPEN_FAILED_cannotOpen: (p) => `The chat history ${p.path} cannot be opened: ${p.detail}`,
    DB_READ_ONLY_readOnly: (p) => `The chat history ${p.path} is read-only; Candil needs to write to it.`,
    DB_TOO_NEW_tooNew: (p) =>
      `The chat history ${p.path} was written by a newer Candil (schema ${p.version}; this version knows ${p.known}). Update Candil; the file was not changed.`,
    BUSY_dataLocked: (p) => `Another Candil (process ${p.pid}) is using the data folder ${p.path}. Close it first.`,
    BUSY_lockFailed: (p) => `Candil cannot lock its data folder ${p.path}.`,
    BAD_REQUEST_modelsDirUnusable: (p) => `${p.path} cannot be used as the models folder: ${p.detail}`,
    DISK_FULL_modelsDirUnusable: (p) => `The disk is full: ${p.path} cannot be used as the models folder.`,
  },
  es: {
    DB_OPEN_FAILED_cannotOpen: (p) => `No se puede abrir el historial de chats ${p.path}: ${p.detail}`,
    DB_READ_ONLY_readOnly: (p) => `El historial de chats ${p.path} es de solo lectura y Candil necesita escribir en él.`,
    DB_TOO_NEW_tooNew: (p) =>
      `El historial de chats ${p.path} lo escribió un Candil más nuevo (esquema ${p.version}; esta versión conoce hasta el ${p.known}). Actualiza Candil; el archivo no se ha modificado.`,
    BUSY_dataLocked: (p) => `Otro Candil (proceso ${p.pid}) está usando la carpeta de datos ${p.path}. Ciérralo primero.`,
    BUSY_lockFailed: (p) => `Candil no puede bloquear su carpeta de datos ${p.path}.`,
    BAD_REQUEST_modelsDirUnusable: (p) => `${p.path} no se puede usar como carpeta de modelos: ${p.detail}`,
    DISK_FULL_modelsDirUnusable: (p) => `El disco está lleno: ${p.path} no se puede usar como carpeta de modelos.`,
  },
};

const texts: Record<Language, { title: string; corrupt: (path: string, copy: string) => string }> = {
  en: {
    title: 'Candil cannot start',
    corrupt: (path, copy) =>
      `The chat history is damaged and cannot be read:\n${path}\n\n` +
      (copy ? `A copy of it was kept at:\n${copy}\n\n` : '') +
      'Candil did not change it. You can restore a backup from the "backups" folder next to it (see "Your data" in the README), ' +
      'or start fresh: the damaged file is moved to the "damaged" folder (never deleted) and a new, empty history is created.',
  },
  es: {
    title: 'Candil no puede arrancar',
    corrupt: (path, copy) =>
      `El historial de chats está dañado y no se puede leer:\n${path}\n\n` +
      (copy ? `Se guardó una copia en:\n${copy}\n\n` : '') +
      'Candil no lo ha modificado. Puedes restaurar una copia de seguridad de la carpeta "backups" que está a su lado (mira "Your data" en el README) ' +
      'o empezar de cero: el archivo dañado se mueve a la carpeta "damaged" (nunca se borra) y se crea un historial nuevo y vacío.',
  },
};

/** What the desktop app's dialog and the browser host's terminal say when the core cannot start. */
export function startupMessage(error: AppError, locale: string): StartupMessage {
  const first: Language = locale.toLowerCase().startsWith('es') ? 'es' : 'en';
  const order: Language[] = first === 'es' ? ['es', 'en'] : ['en', 'es'];
  const title = order.map((l) => texts[l].title).join(' · ');
  if (error.code === 'DB_CORRUPT') {
    const path = String(error.params?.path ?? '');
    const copy = String(error.params?.copy ?? '');
    return {
      title,
      text: order.map((l) => texts[l].corrupt(path, copy)).join('\n\n———\n\n'),
      startFresh: { button: first === 'es' ? 'Empezar de cero · Start fresh' : 'Start fresh · Empezar de cero', flag: '--start-fresh' },
      quit: first === 'es' ? 'Salir · Quit' : 'Quit · Salir',
    };
  }
  const key = `${error.code}_${String(error.params?.reason)}`;
  const params = error.params ?? {};
  // Both languages when Candil knows the failure; an unforeseen one has only its English message.
  const text = failures.en[key] ? order.map((l) => failures[l][key]?.(params)).join('\n\n') : error.message;
  return { title, text, quit: first === 'es' ? 'Salir · Quit' : 'Quit · Salir' };
}
