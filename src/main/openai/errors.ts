import type { ZodError } from 'zod';
import { AppError } from '../../shared/errors';

/** OpenAI's error body: `{ error: { message, type, param, code } }`, with its HTTP status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly param: string | null = null,
    readonly code: string | null = null,
    /** Seconds a client should wait before trying again (429, 503). */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  toBody(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }

  static invalid(message: string, param: string | null = null, code: string | null = null): ApiError {
    return new ApiError(400, message, 'invalid_request_error', param, code);
  }

  /** The first problem zod found, named by its path (`messages.0.role`), as OpenAI names params. */
  static fromZod(error: ZodError): ApiError {
    const issue = error.issues[0];
    const param = issue && issue.path.length > 0 ? issue.path.join('.') : null;
    return ApiError.invalid(issue ? `${param ? `${param}: ` : ''}${issue.message}` : 'Invalid request body.', param);
  }

  /** The engine's and Candil's errors, as an API client should see them. */
  static fromApp(error: unknown): ApiError {
    if (error instanceof ApiError) return error;
    const app = AppError.from(error);
    switch (app.code) {
      case 'BAD_REQUEST':
        return ApiError.invalid(app.message);
      case 'CONTEXT_FULL':
        return ApiError.invalid(app.message, 'messages', 'context_length_exceeded');
      case 'NOT_FOUND':
        return new ApiError(404, app.message, 'invalid_request_error', 'model', 'model_not_found');
      case 'QUEUE_FULL':
        return new ApiError(429, app.message, 'rate_limit_error', null, 'queue_full', 5);
      case 'MODEL_INVALID':
      case 'MODEL_LOAD_FAILED':
        return new ApiError(500, app.message, 'server_error', 'model', 'model_load_failed');
      case 'WORKER_CRASHED':
      case 'WORKER_DOWN':
      case 'BUSY':
        return new ApiError(503, app.message, 'server_error', null, 'engine_unavailable', 5);
      default:
        return new ApiError(500, app.message, 'server_error');
    }
  }
}
