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

/**
 * Every explanation an error can carry, per code. The UI says each one in its own language
 * (`errorDetails.CODE_reason`); a throw with a reason missing here fails typecheck, and a reason
 * here without its Spanish and English sentence fails the translations test.
 */
export const errorReasons = {
  BAD_REQUEST: [
    'invalidField',
    'outOfRange',
    'tooSmall',
    'tooBig',
    'tooShort',
    'tooLong',
    'wrongType',
    'wrongChoice',
    'wrongFormat',
    'unknownFields',
    'notJsonFrame',
    'badFrame',
    'modelsDirUnusable',
    'badHeader',
    'unsupportedProtocol',
    'alreadyDownloadingElsewhere',
    'alreadyInFolder',
    'alreadyDownloaded',
    'alreadyDownloading',
    'downloadsClosed',
    'badFileName',
    'badUrl',
    'badChecksum',
    'schemaUnsupported',
    'toolsWithJson',
    'chatInTrash',
    'nothingToAnswer',
    'editOwnOnly',
    'nothingToContinue',
    'remoteContinue',
    'completionRemote',
    'notRepoName',
    'contextSize',
    'badAddress',
    'notModelRepo',
    'notGguf',
    'noDatabase',
    'notDamaged',
    'templateSyntax',
    'templateNoMessages',
    'templateNoUserText',
    'templateRender',
    'contextAboveTrained',
    'contextAboveRam',
    'updatesOff',
  ],
  UNKNOWN_CALL: ['unknownCall'],
  FORBIDDEN: ['wrongWindow', 'wrongToken', 'apiKeyNeeded'],
  NOT_FOUND: [
    'noDownload',
    'noChat',
    'noMessage',
    'noPreset',
    'noRepo',
    'notOnHub',
    'noFile',
    'noCatalog',
    'notAModel',
    'noUrl',
    'serverRemoved',
    'remoteModel',
    'remoteAddress',
    'notOnServer',
  ],
  INTERNAL: ['unexpected', 'replyNotSaved', 'catalogUnreadable', 'catalogNotJson', 'catalogInvalid', 'copyFailed', 'apiPortInUse', 'apiHostUnknown', 'apiFailed'],
  DB_OPEN_FAILED: ['cannotOpen'],
  DB_READ_ONLY: ['readOnly'],
  DB_TOO_NEW: ['tooNew'],
  DB_CORRUPT: ['damaged', 'damagedNoCopy'],
  MODEL_INVALID: [
    'unexpected',
    'empty',
    'tooShort',
    'headerTooShort',
    'headerCut',
    'noArchitecture',
    'noTensors',
    'truncated',
    'notAFile',
    'unreadable',
    'notGguf',
    'corruptHeader',
    'notGgufName',
  ],
  MODEL_NOT_DELETABLE: ['notPlainFile', 'outsideFolder', 'notOwned'],
  MODEL_LOAD_FAILED: ['loadFailed'],
  NO_MODEL: ['notLoaded', 'chooseModel'],
  WORKER_CRASHED: ['exitSignal', 'exitCode', 'hung', 'restarted', 'stopped'],
  WORKER_DOWN: ['shutDown', 'repeatedCrashes'],
  WORKER_PROTOCOL: ['unknownMethod', 'unknownMessage', 'noHandshake', 'versionMismatch'],
  GENERATION_FAILED: ['unexpected', 'failed', 'interrupted', 'noSummary', 'remoteStatus'],
  BUSY: ['modelBusy', 'allSequencesBusy', 'chatBusy', 'dataLocked', 'lockFailed', 'modelSettings'],
  DOWNLOAD_FAILED: [
    'unexpected',
    'tooManyRedirects',
    'fileChanging',
    'tooManyBytes',
    'wrongRange',
    'writeFailed',
    'lostTrack',
    'httpStatus',
    'httpStatusWait',
  ],
  DISK_FULL: ['notEnoughSpace', 'ranOut', 'modelsDirUnusable', 'copyFailed'],
  CHECKSUM_MISMATCH: ['mismatch', 'remoteChanged'],
  NETWORK: [
    'connectionLost',
    'stalled',
    'hubRateLimited',
    'hubStatus',
    'hubTimeout',
    'hubUnreachable',
    'headerUnreadable',
    'noSize',
    'unreachable',
    'urlStatus',
    'remoteTimeout',
    'remoteUnreachable',
    'candilLost',
    'endedEarly',
    'proxy_refused',
    'proxy_auth',
    'proxy_failed',
    'proxy_dropped',
    'updateStatus',
    'updateTimeout',
    'updateUnreachable',
    'updateMalformed',
  ],
  AUTH_REQUIRED: ['tokenRefused', 'tokenNeeded', 'hubRefused', 'ggufGated', 'urlGated', 'remoteRefused'],
  CONTEXT_FULL: ['embedTooLong', 'promptTooLong', 'messageTooLong', 'replyEnded'],
  QUEUE_FULL: ['tooMany'],
  RATE_LIMITED: ['remoteLimited', 'remoteLimitedWait'],
  IMPORT_INVALID: ['tooLarge', 'notJson', 'unknownFormat', 'version', 'fields', 'tree'],
} as const satisfies Record<ErrorCode, readonly string[]>;

export type ErrorReason<C extends ErrorCode = ErrorCode> = (typeof errorReasons)[C][number];

export type ErrorParams = Record<string, string | number>;

/** What a throw must say besides its English message: the reason, and the numbers and names its sentence needs. */
export type ReasonParams<C extends ErrorCode> = C extends ErrorCode ? { reason: ErrorReason<C> } & ErrorParams : never;

/** Codes that can explain an error they did not foresee (its own message becomes `detail`). */
export type FallbackCode = { [C in ErrorCode]: 'unexpected' extends ErrorReason<C> ? C : never }[ErrorCode];

/** The plain-JSON shape an error takes on every wire (IPC, WebSocket, worker). */
export interface ErrorPayload {
  code: ErrorCode;
  /** English, for logs and the OpenAI-compatible API; the UI says `params.reason` in its own language. */
  message: string;
  /** The reason and the numbers and names the message is built from. Absent in errors an older Candil stored. */
  params?: ErrorParams;
}

export class AppError<C extends ErrorCode = ErrorCode> extends Error {
  readonly params: ErrorParams | undefined;

  constructor(
    readonly code: C,
    message: string,
    params: ReasonParams<C>,
  ) {
    super(message);
    this.name = 'AppError';
    this.params = params;
  }

  toPayload(): ErrorPayload {
    return this.params ? { code: this.code, message: this.message, params: this.params } : { code: this.code, message: this.message };
  }

  static from(error: unknown, fallback: FallbackCode = 'INTERNAL'): AppError {
    if (error instanceof AppError) return error;
    if (isErrorPayload(error)) return revive(error);
    const message = error instanceof Error ? error.message : String(error);
    return new AppError(fallback, message, { reason: 'unexpected', detail: message });
  }
}

/** A payload back into an AppError; one stored by an older Candil may lack params. */
function revive(payload: ErrorPayload): AppError {
  return keepParams(new AppError(payload.code, payload.message, { reason: 'unexpected' }), payload.params);
}

/**
 * `error` with the params of the error it stands for. The constructor insists on a reason for new
 * errors; an error passed along (or stored by an older Candil) keeps whatever params it had.
 */
export function keepParams<E extends AppError>(error: E, params: ErrorParams | undefined): E {
  return Object.assign(error, { params });
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
