import type { Dhis2DataValue, Dhis2PushResult } from '../../../shared/dhis2/dhis2-exchange.schema';
import { AppError } from '../../../shared/errors';

/** Where and how to reach the ministry's DHIS2 (DHIS2_* settings; never stored in the database or logged). */
export type Dhis2Connection = {
  url: string;
  /** A personal access token (`d2pat_…`), preferred; or a user name and password (basic auth). */
  token?: string | undefined;
  username?: string | undefined;
  password?: string | undefined;
  timeoutMs: number;
};

type ImportCount = { imported?: number; updated?: number; ignored?: number; deleted?: number };
type Summary = {
  status?: string;
  importCount?: ImportCount;
  conflicts?: Array<{ object?: string; value?: string }>;
};

/** DHIS2 2.38+ wraps the import summary in `response`; 2.36–2.37 answer it at the top level. */
function summaryOf(body: unknown): Summary {
  const b = (body ?? {}) as Summary & { response?: Summary };
  return b.response?.importCount ? b.response : b;
}

/**
 * Posts a data value set to DHIS2's `/api/dataValueSets` (`dryRun=true` checks without saving) and
 * returns DHIS2's import summary. DHIS2 answers 409 with the summary when some values conflict; that is a
 * result to show, not a failure. Network errors, timeouts and other answers are a 503 that says so.
 */
export async function postDataValueSet(
  c: Dhis2Connection,
  dataValues: readonly Dhis2DataValue[],
  dryRun: boolean,
): Promise<Omit<Dhis2PushResult, 'values'>> {
  const url = new URL('api/dataValueSets', c.url.endsWith('/') ? c.url : `${c.url}/`);
  url.searchParams.set('dryRun', String(dryRun));
  url.searchParams.set('importStrategy', 'CREATE_AND_UPDATE');
  const auth = c.token
    ? `ApiToken ${c.token}`
    : `Basic ${Buffer.from(`${c.username ?? ''}:${c.password ?? ''}`).toString('base64')}`;
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: auth },
      body: JSON.stringify({ dataValues }),
      signal: AbortSignal.timeout(c.timeoutMs),
    });
  } catch {
    throw new AppError('unavailable', 'dhis2.unreachable', [], { url: url.origin });
  }
  if (res.status === 401 || res.status === 403)
    throw new AppError('unavailable', 'dhis2.refused', [], { status: res.status });
  if (res.status !== 200 && res.status !== 409)
    throw new AppError('unavailable', 'dhis2.badAnswer', [], { status: res.status });
  const s = summaryOf(await res.json().catch(() => ({})));
  return {
    dryRun,
    status: s.status ?? 'UNKNOWN',
    imported: s.importCount?.imported ?? 0,
    updated: s.importCount?.updated ?? 0,
    ignored: s.importCount?.ignored ?? 0,
    deleted: s.importCount?.deleted ?? 0,
    conflicts: (s.conflicts ?? []).map((x) => ({
      object: String(x.object ?? ''),
      value: String(x.value ?? ''),
    })),
  };
}
