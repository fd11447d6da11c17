import type { AppError } from '../shared/errors';

export interface StartupMessage {
  title: string;
  /** English and Spanish, the user's language first: the renderer (and its translations) never loaded. */
  text: string;
  /** Present when the user can choose to set the damaged history aside and start with an empty one. */
  startFresh?: { button: string; flag: string };
  quit: string;
}

type Language = 'en' | 'es';

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
  // Other failures (read-only or too-new history, unwritable folder) carry their English message.
  return { title, text: error.message, quit: first === 'es' ? 'Salir · Quit' : 'Quit · Salir' };
}
