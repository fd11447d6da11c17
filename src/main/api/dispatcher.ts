import type { z } from 'zod';
import { AppError, type ReasonParams } from '../../shared/errors';
import { callSchemas, type CallOutput, type CallResult } from '../../shared/ipc-contract';
import { callNames, type CallName } from '../../shared/ipc-names';
import { issueParams } from '../../shared/zod-issue';

export type CallHandlers = {
  [K in CallName]: (input: z.output<(typeof callSchemas)[K]>) => CallOutput<K> | Promise<CallOutput<K>>;
};

export type Dispatch = (name: unknown, input: unknown) => Promise<CallResult<unknown>>;

/**
 * The one entry for every call from any carrier: checks the name, validates the payload
 * against the contract, runs the handler, and turns any failure into a typed `{code, message}`.
 */
export function createDispatcher(handlers: CallHandlers, log: (message: string) => void = console.warn): Dispatch {
  return async (name, input) => {
    if (typeof name !== 'string' || !(callNames as readonly string[]).includes(name)) {
      const shown = typeof name === 'string' ? name.slice(0, 100) : typeof name;
      log(`[candil] rejected unknown call ${shown}`);
      return { ok: false, error: new AppError('UNKNOWN_CALL', `Unknown call ${shown}`, { reason: 'unknownCall', name: shown }).toPayload() };
    }
    const call = name as CallName;
    const schema = callSchemas[call];
    const parsed = schema.safeParse(input ?? {});
    if (!parsed.success) {
      const message = parsed.error.issues.map((i) => `${i.path.join('.') || 'payload'}: ${i.message}`).join('; ');
      log(`[candil] rejected malformed ${call}: ${message}`);
      const first = parsed.error.issues[0];
      const params: ReasonParams<'BAD_REQUEST'> = first ? issueParams(schema, first) : { reason: 'invalidField', field: 'payload' };
      return { ok: false, error: new AppError('BAD_REQUEST', `Invalid ${call} payload — ${message}`, params).toPayload() };
    }
    try {
      const handler = handlers[call] as (input: unknown) => unknown;
      return { ok: true, value: await handler(parsed.data) };
    } catch (error) {
      const appError = AppError.from(error);
      if (appError.code === 'INTERNAL') log(`[candil] ${call} failed: ${(error as Error).stack ?? appError.message}`);
      return { ok: false, error: appError.toPayload() };
    }
  };
}
