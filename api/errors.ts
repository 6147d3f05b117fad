import { z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { ZodError } from 'zod';
import { classifyDatabaseError } from '../db/errors.js';
import { clip } from '../domain/text-rules.js';

export const ERROR_STATUS = {
  invalid_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<string, ContentfulStatusCode>;

export type ErrorCode = keyof typeof ERROR_STATUS;

export const ErrorBody = z
  .object({
    error: z.object({
      code: z.enum(Object.keys(ERROR_STATUS) as [ErrorCode, ...ErrorCode[]]),
      message: z.string(),
      details: z.unknown().optional(),
      requestId: z.string().optional(),
    }),
  })
  .openapi('Error');

/** The one error type: everything the API refuses is raised as an AppError and rendered by `renderError`. */
export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  get status(): ContentfulStatusCode {
    return ERROR_STATUS[this.code];
  }
}

/**
 * zod's `.int()` also refuses a number past the safe integers, first, with that range as its bound ("expected int to
 * be <=9007199254740991"): a field with a rule of its own (a mileage at most 3,000,000, a slot of 15, 20, 30 or 60
 * minutes) is refused by that rule as well, and that is the one to name, so the safe-range issue is left out there.
 */
function withoutSafeRange(issues: ZodError['issues']) {
  const samePath = (a: ZodError['issues'][number], b: ZodError['issues'][number]) =>
    a !== b && a.path.join('.') === b.path.join('.');
  return issues.filter(
    (issue) =>
      !((issue.code === 'too_big' || issue.code === 'too_small') && issue.origin === 'int') ||
      !issues.some((other) => samePath(issue, other)),
  );
}

/**
 * A key the request does not take is named as the field it is (`notes`, not `(body)`), so a client's typo (`note` for
 * `notes`) is told which word was not read rather than losing what the person wrote; clipped, since a client chose it.
 */
export const UNKNOWN_FIELD = 'is not a field of this request (check its spelling)';

export function fieldErrors(error: ZodError, prefix: string[] = []) {
  const named = (path: PropertyKey[]) => [...prefix, ...path.map(String)].join('.') || '(body)';
  return withoutSafeRange(error.issues).flatMap((issue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: named([...issue.path, clip(key, 60)]), message: UNKNOWN_FIELD }))
      : [{ field: named(issue.path), message: issue.message }],
  );
}

/** A record that already exists under the key the request names (an id, a code): 409, with the field in `details`. */
export const takenError = (field: string, message: string) =>
  new AppError('conflict', `${field}: ${message}`, { fields: [{ field, message }] });

/**
 * A refusal a workflow or a domain rule words field first (`promisedAt: must be in the future`), so that the message
 * alone says what to fix. `details.fields` names the field apart from what is wrong with it, as the edge's own 400s
 * do: a client showing each field's message beside the field reads the field once.
 */
export function fieldRefusal(code: ErrorCode, field: string, sentence: string): AppError {
  const message = sentence.startsWith(`${field}: `) ? sentence.slice(field.length + 2) : sentence;
  return new AppError(code, sentence, { fields: [{ field, message }] });
}

/** The first field named in the message so a person reading only the message knows what to fix. */
export function validationError(error: ZodError, where: string): AppError {
  const fields = fieldErrors(error);
  const first = fields[0];
  const message = first ? `${first.field}: ${first.message}` : `invalid ${where}`;
  return new AppError('invalid_request', `Invalid ${where}: ${message}`, { fields });
}

/**
 * A body refused before it is read to its end: the server drops the socket after this answer, and saying so keeps a
 * client from sending its next request on a connection about to close.
 */
export const closeAfterAnswer = (c: Context) => c.header('connection', 'close');

export function renderError(err: unknown, c: Context) {
  const requestId = c.get('requestId') as string | undefined;
  let appError: AppError;
  if (err instanceof AppError) appError = err;
  else if (err instanceof HTTPException && err.status === 413)
    appError = new AppError('payload_too_large', 'Request body is too large');
  else if (err instanceof HTTPException && err.status === 415)
    appError = new AppError('unsupported_media_type', 'Send the body as application/json');
  else if (err instanceof HTTPException && err.status < 500)
    appError = new AppError(
      err.status === 401 ? 'unauthenticated' : err.status === 403 ? 'forbidden' : 'invalid_request',
      err.message,
    );
  else {
    const failure = classifyDatabaseError(err);
    // Two requests changed the same records at once and the database rolled one back: that request was sound and
    // nothing of it was written (a 503 also frees its Idempotency-Key), so it is sent again.
    if (failure.kind === 'contention') {
      c.var.logger?.warn({ cause: failure.cause }, 'rolled back by a concurrent change');
      appError = new AppError(
        'unavailable',
        'Another change to the same records was being saved at the same moment, so nothing was written; send the request again',
      );
    } else {
      c.var.logger?.error({ err }, 'unhandled error');
      appError = new AppError('internal', 'Internal error');
    }
  }
  if (appError.code === 'unauthenticated') c.header('WWW-Authenticate', 'Bearer');
  return c.json(
    { error: { code: appError.code, message: appError.message, details: appError.details, requestId } },
    appError.status,
  );
}
