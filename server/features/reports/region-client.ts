import type { z } from 'zod';
import { AppError } from '../../../shared/errors';
import {
  type ExchangeReceipt,
  ExchangeReceiptSchema,
  type ExchangeReview,
  ExchangeReviewSchema,
  type ExchangeSubmission,
} from '../../../shared/reports/exchange.schema';

/** Where a country instance reaches its regional instance, and the token the region's coordinator gave. */
export type RegionTarget = { url: string; token: string };

/**
 * The three calls a country instance makes to its regional instance (docs/reports.md, "Across
 * instances"). One interface so that the service does not know how they travel; `fetchRegionClient` is
 * the real one, over HTTP with Node's fetch.
 */
export interface RegionClient {
  submit(target: RegionTarget, submission: ExchangeSubmission): Promise<ExchangeReceipt>;
  review(target: RegionTarget, regionReportId: string): Promise<ExchangeReview>;
  answer(
    target: RegionTarget,
    regionReportId: string,
    queryId: string,
    body: string,
  ): Promise<ExchangeReview>;
}

/**
 * Refusals and failures of the region become 503s that say what happened (the token refused, the region
 * unreachable, an answer that is not the exchange's); a 409 of the region stays a conflict with its message.
 */
async function call<T>(
  target: RegionTarget,
  path: string,
  schema: z.ZodType<T>,
  init: { method: 'GET' | 'POST'; body?: unknown },
  timeoutMs: number,
): Promise<T> {
  const url = new URL(path, target.url.endsWith('/') ? target.url : `${target.url}/`);
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      headers: {
        accept: 'application/json',
        authorization: `Bearer ${target.token}`,
        ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new AppError('unavailable', 'reports.regionUnreachable', [], { url: url.origin });
  }
  const body: unknown = await res.json().catch(() => null);
  if (res.status === 401 || res.status === 403)
    throw new AppError('unavailable', 'reports.regionRefused', [], { status: res.status });
  if (res.status === 409) {
    const message = (body as { message?: unknown } | null)?.message;
    throw new AppError('conflict', 'reports.regionConflict', [], {
      message: typeof message === 'string' ? message : '',
    });
  }
  const parsed = res.ok ? schema.safeParse(body) : null;
  if (!parsed?.success)
    throw new AppError('unavailable', 'reports.regionBadAnswer', [], { status: res.status });
  return parsed.data;
}

export function fetchRegionClient(timeoutMs = 15_000): RegionClient {
  return {
    submit: (target, submission) =>
      call(
        target,
        'api/exchange/reports',
        ExchangeReceiptSchema,
        { method: 'POST', body: submission },
        timeoutMs,
      ),
    review: (target, id) =>
      call(target, `api/exchange/reports/${id}/review`, ExchangeReviewSchema, { method: 'GET' }, timeoutMs),
    answer: (target, id, queryId, body) =>
      call(
        target,
        `api/exchange/reports/${id}/queries/${queryId}/answer`,
        ExchangeReviewSchema,
        { method: 'POST', body: { body } },
        timeoutMs,
      ),
  };
}
