import type { ValueOf } from './closed-set';
import { z } from 'zod';

/**
 * Every error the API can answer with. The HTTP status is derived from the code in one place
 * (`errorStatus`), so that clients (and the offline sync engine) decide by code, never by message text.
 */
export const ErrorCode = {
  validationFailed: 'validation_failed',
  badRequest: 'bad_request',
  unauthenticated: 'unauthenticated',
  invalidCredentials: 'invalid_credentials',
  accountLocked: 'account_locked',
  csrfFailed: 'csrf_failed',
  forbidden: 'forbidden',
  passwordChangeRequired: 'password_change_required',
  outOfScope: 'out_of_scope',
  notFound: 'not_found',
  conflict: 'conflict',
  versionConflict: 'version_conflict',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  rateLimited: 'rate_limited',
  internal: 'internal',
  unavailable: 'unavailable',
} as const;
export type ErrorCode = ValueOf<typeof ErrorCode>;

export const errorStatus: Record<ErrorCode, number> = {
  validation_failed: 400,
  bad_request: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  account_locked: 423,
  csrf_failed: 403,
  forbidden: 403,
  password_change_required: 403,
  out_of_scope: 403,
  not_found: 404,
  conflict: 409,
  version_conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  internal: 500,
  unavailable: 503,
};

/** A problem with one input, addressed by its path in the request body (e.g. `newborns.0.birthWeightGrams`). */
export const IssueSchema = z.object({ path: z.string(), message: z.string() });
/**
 * On the wire an issue is `{ path, message }`. Inside the app `message` may be a message key
 * (see `shared/i18n/messages.ts`) with `params`; it is translated for the reader when sent.
 */
export type Issue = z.infer<typeof IssueSchema> & { params?: Record<string, unknown> };

/** The single wire shape of every 4xx and 5xx answer. */
export const ErrorBodySchema = z.object({
  code: z.string(),
  message: z.string(),
  issues: z.array(IssueSchema),
});
export type ErrorBody = z.infer<typeof ErrorBodySchema>;

/**
 * The one error type of the app. `message` is usually a message key, translated into the reader's
 * language when the error is sent; `params` fill its placeholders.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly issues: Issue[];
  readonly params: Record<string, unknown> | undefined;
  constructor(code: ErrorCode, message: string, issues: Issue[] = [], params?: Record<string, unknown>) {
    super(message);
    this.name = 'AppError';
    this.code = code;
    this.issues = issues;
    this.params = params;
  }

  get status(): number {
    return errorStatus[this.code];
  }
}

/** A stale edit: the client's version is not the stored one (409; never a silent overwrite). */
export function versionConflict(yours: number, current: number): AppError {
  return new AppError('version_conflict', 'errors.versionConflict', [], { yours, current });
}

/** A 400 for one or more field problems, with the standard summary message. */
export function validationError(issues: Issue[]): AppError {
  return new AppError('validation_failed', 'errors.validation', issues);
}

/** Joins a zod-style path (`['newborns', 0, 'sex']`) into the dotted form used on the wire. */
export function formatIssuePath(path: ReadonlyArray<PropertyKey>): string {
  return path.map((p) => String(p)).join('.');
}

export function isErrorBody(value: unknown): value is ErrorBody {
  return ErrorBodySchema.safeParse(value).success;
}
