/** Error codes that cross process boundaries. Keep in sync with the UI's translations (errors.*). */
export const errorCodes = [
  'BAD_REQUEST',
  'UNKNOWN_CALL',
  'FORBIDDEN',
  'NOT_FOUND',
  'INTERNAL',
  'DB_OPEN_FAILED',
  'DB_READ_ONLY',
  'DB_TOO_NEW',
  'DB_CORRUPT',
  'MODEL_INVALID',
  'MODEL_NOT_DELETABLE',
  'MODEL_LOAD_FAILED',
  'NO_MODEL',
  'WORKER_CRASHED',
  'WORKER_DOWN',
  'WORKER_PROTOCOL',
  'GENERATION_FAILED',
  'BUSY',
  'DOWNLOAD_FAILED',
  'DISK_FULL',
  'CHECKSUM_MISMATCH',
  'NETWORK',
  'AUTH_REQUIRED',
  'CONTEXT_FULL',
  'QUEUE_FULL',
  'RATE_LIMITED',
  'IMPORT_INVALID',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The plain-JSON shape an error takes on every wire (IPC, WebSocket, worker). */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
  /** Numbers and names the message is built from, so a UI can say it in its own language. */
  params?: ErrorParams;
}

export type ErrorParams = Record<string, string | number>;

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly params?: ErrorParams,
  ) {
    super(message);
    this.name = 'AppError';
  }

  toPayload(): ErrorPayload {
    return this.params ? { code: this.code, message: this.message, params: this.params } : { code: this.code, message: this.message };
  }

  static from(error: unknown, fallback: ErrorCode = 'INTERNAL'): AppError {
    if (error instanceof AppError) return error;
    if (isErrorPayload(error)) return new AppError(error.code, error.message, error.params);
    return new AppError(fallback, error instanceof Error ? error.message : String(error));
  }
}

export function isErrorPayload(value: unknown): value is ErrorPayload {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorPayload).code === 'string' &&
    (errorCodes as readonly string[]).includes((value as ErrorPayload).code) &&
    typeof (value as ErrorPayload).message === 'string'
  );
}
