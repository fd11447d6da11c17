import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { AppError, type ErrorPayload } from '../../../shared/errors';
import { callSchemas } from '../../../shared/ipc-contract';
import { issueParams } from '../../../shared/zod-issue';
import { useTestEnvironment } from '../test/setup';
import { errorText } from './error-text';

/** What main's dispatcher answers for `input` (its first issue), built the same way. */
function rejected(input: unknown): ErrorPayload {
  const schema = callSchemas['settings.update'];
  const parsed = schema.safeParse(input);
  const issue = parsed.success ? undefined : parsed.error.issues[0];
  if (!parsed.error || !issue) throw new Error('the payload was accepted');
  return new AppError('BAD_REQUEST', parsed.error.message, issueParams(schema, issue)).toPayload();
}

const say = (error: ErrorPayload) => errorText(i18next.t, error);

describe('errorText in Spanish', () => {
  useTestEnvironment('es');

  it('says main’s errors from their reason and numbers, never main’s English message', () => {
    const crash = new AppError('WORKER_CRASHED', 'The inference engine stopped unexpectedly (exit code 139).', { reason: 'exitCode', exitCode: 139 });
    expect(say(crash.toPayload())).toBe('El motor se detuvo de forma inesperada (código de salida 139).');
    const truncated = new AppError('MODEL_INVALID', '"a.gguf" is truncated', { reason: 'truncated', file: 'a.gguf', expected: 1_500_000_000, size: 700_000_000 });
    expect(say(truncated.toPayload())).toBe(
      'Está truncado: sus datos deberían llegar a 1,5 GB pero el archivo solo tiene 700 MB (¿descarga incompleta?).',
    );
    const full = new AppError('CONTEXT_FULL', 'needs 40000 tokens', { reason: 'promptTooLong', promptTokens: 40_000, contextSize: 32_768 });
    expect(say(full.toPayload())).toContain('necesita 40.000 tokens, pero la ventana de contexto admite 32.768.');
  });

  it('agrees with the count', () => {
    const waiting = (count: number) => say(new AppError('QUEUE_FULL', 'replies waiting', { reason: 'tooMany', count }).toPayload());
    expect(waiting(1)).toBe('Ya hay 1 respuesta esperando. Vuelve a intentarlo cuando termine.');
    expect(waiting(12)).toBe('Ya hay 12 respuestas esperando. Vuelve a intentarlo cuando termine alguna.');
  });

  it('says a context size out of range with both bounds, the field by its label and numbers the Spanish way', () => {
    expect(say(rejected({ contextSize: 64 }))).toBe('Tamaño del contexto (tokens): escribe un número entre 128 y 1.048.576.');
    expect(say(rejected({ contextSize: 2_000_000 }))).toBe('Tamaño del contexto (tokens): escribe un número entre 128 y 1.048.576.');
    expect(say(rejected({ sampling: { repeatPenalty: 9 } }))).toBe('Penalización por repetición: escribe un número entre 0,5 y 3.');
  });

  it('says the other zod issues too', () => {
    expect(say(rejected({ language: 'fr' }))).toBe('Idioma debe ser uno de estos: auto, es, en.');
    expect(say(rejected({ colour: 'red' }))).toBe('Candil no conoce estos campos: colour.');
    expect(say(rejected({ threads: 'four' }))).toBe('Hilos tiene un valor de un tipo que no corresponde.');
  });

  it('gives an error without a reason (stored by an older Candil) its code’s title, in Spanish', () => {
    expect(say({ code: 'DOWNLOAD_FAILED', message: 'The download server answered HTTP 500.' })).toBe('La descarga ha fallado');
    expect(say({ code: 'NETWORK', message: 'x', params: { reason: 'noSuchReason' } })).toBe('Problema de conexión');
  });
});

describe('errorText in English', () => {
  useTestEnvironment('en');

  it('says the same errors in English, with English numbers', () => {
    expect(say(rejected({ contextSize: 64 }))).toBe('Context size (tokens): enter a number from 128 to 1,048,576.');
    const space = new AppError('DISK_FULL', 'Not enough disk space', { reason: 'notEnoughSpace', needed: 2_400_000_000, free: 512_000_000, dir: '/models' });
    expect(say(space.toPayload())).toBe(
      'Not enough disk space: this download needs 2.4 GB more but only 512 MB is free in /models. Free some space, then resume.',
    );
    expect(say(new AppError('QUEUE_FULL', 'waiting', { reason: 'tooMany', count: 1 }).toPayload())).toBe(
      '1 reply is already waiting. Try again when it has finished.',
    );
  });
});
