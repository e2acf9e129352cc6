import { createHash } from 'node:crypto';
import { z } from 'zod';
import type { Principal } from '../../../shared/auth/principal';
import { roleHasPermission } from '../../../shared/auth/roles';
import { AppError } from '../../../shared/errors';
import { PNC_FOLLOW_UP_DAYS } from '../../../shared/pnc/pnc-settings';
import {
  type PulledRecord,
  type PullResponse,
  SYNC_PERMISSIONS,
  type SyncRecordType,
} from '../../../shared/sync/sync.schema';
import type { AppDeps } from '../../deps';
import { findBirthRecords } from '../births/births.repo';
import { toBirth } from '../births/births.service';
import { getFollowUp } from '../pnc/pnc-follow-up.service';
import { listWorklistBirthIds } from '../pnc/pnc-worklist';
import { findSnapshotFloor, listChangesSince, listWorkingSetIds } from './sync-pull.repo';
import { SYNC_HANDLERS, syncTypesOf } from './sync-record-types';

/**
 * The pull cursor. A first pull (no cursor) pages through the working set (`p: 'set'`, after birth id
 * `a`), then through the births on a postnatal worker's worklist that the set left out (`p: 'work'`,
 * after birth id `a`); then the change log (`p: 'log'`, after `seq` `a`). `f` is the floor: only log rows of
 * transactions at or after it are read. `n` is the next floor, the snapshot's xmin taken when the pass
 * began: every transaction below it had finished, so the next pass may start there without missing a
 * write that committed late under a lower seq (it may send a few records twice, which is harmless).
 * `s` is the fingerprint of the reader's role and scopes when the pull began ({@link scopeFingerprint});
 * a cursor issued before it existed has none.
 */
const CursorSchema = z.object({
  p: z.enum(['set', 'work', 'log']),
  f: z.string().regex(/^\d+$/),
  a: z.string().max(40),
  n: z.string().regex(/^\d+$/),
  s: z.string().max(40).optional(),
});
type Cursor = z.infer<typeof CursorSchema>;

const encode = (c: Cursor) => Buffer.from(JSON.stringify(c)).toString('base64url');
function decode(raw: string): Cursor {
  try {
    return CursorSchema.parse(JSON.parse(Buffer.from(raw, 'base64url').toString('utf8')));
  } catch {
    throw new AppError('bad_request', 'sync.badCursor', [{ path: 'cursor', message: 'sync.badCursor' }]);
  }
}

const scopePatterns = (p: Principal) => p.scopes.map((s) => `${s.path}%`);

/**
 * What decides which records and which personal fields a reader is sent: their role and the paths of
 * their scopes, hashed (order-free). A cursor carrying another one (or none) was issued to other rights.
 */
export function scopeFingerprint(p: Pick<Principal, 'role' | 'scopes'>): string {
  const paths = p.scopes.map((s) => s.path).sort();
  return createHash('sha256')
    .update(JSON.stringify([p.role, paths]))
    .digest('base64url')
    .slice(0, 16);
}

/**
 * Records changed since the cursor, in the reader's scope, with personal fields as on every read; and the
 * ids to drop (deleted, or moved out of the scope). A first pull sends the working set: births of the
 * last PNC_FOLLOW_UP_DAYS days (the ones still followed up) with their postnatal contacts and KMC log
 * days, the forms of assessments in progress; for a postnatal worker, the births on their worklist too
 * (a commune's mothers gave birth elsewhere); then whatever changed while it was sent.
 */
export async function pullChanges(
  deps: AppDeps,
  principal: Principal,
  query: { cursor?: string | undefined; limit: number },
): Promise<PullResponse> {
  syncTypesOf(principal, 'read');
  const s = scopeFingerprint(principal);
  const given = query.cursor ? decode(query.cursor) : undefined;
  // A cursor issued to other rights (a scope or the role changed since, or a cursor older than the
  // fingerprint): the log read by today's scopes would never remove what the old ones sent, so the
  // device drops what it pulled and the working set starts again.
  const reset = given !== undefined && given.s !== s;
  const cursor =
    given && !reset ? given : { p: 'set' as const, f: '0', a: '', n: await findSnapshotFloor(deps.db), s };
  return { ...(await pullPage(deps, principal, cursor, query.limit)), reset };
}

/** One page of a pull from `cursor` (whose fingerprint is the reader's). */
async function pullPage(
  deps: AppDeps,
  principal: Principal,
  cursor: Cursor,
  limit: number,
): Promise<Omit<PullResponse, 'reset'>> {
  const scopes = scopePatterns(principal);
  const since = new Date(deps.clock.now().getTime() - PNC_FOLLOW_UP_DAYS * 86_400_000)
    .toISOString()
    .slice(0, 10);
  if (cursor.p === 'set') {
    const ids = await listWorkingSetIds(deps.db, scopes, since, cursor.a, limit);
    const births = await docs(deps, principal, ids);
    const records = await hanging(deps, principal, ids);
    if (!cursor.a) records.push(...(await ofScope(deps, principal, scopes)));
    const full = ids.length === limit;
    const next: Cursor = full ? { ...cursor, a: ids.at(-1)! } : { ...cursor, p: 'work', a: '' };
    return { births, records, followUps: [], removed: [], cursor: encode(next), hasMore: true };
  }
  if (cursor.p === 'work') {
    const left = await worklistBirthsLeft(deps, principal, scopes, since);
    const ids = left.filter((id) => id > cursor.a).slice(0, limit);
    const births = await docs(deps, principal, ids);
    const records = await hanging(deps, principal, ids);
    const sent = new Set(births.map((b) => b.id));
    // The reader gets no birth document of these (no `record.read` there): the follow-up shows them.
    const unsent = ids.filter((id) => !sent.has(id));
    const followUps = await followUpsOf(deps, principal, unsent);
    const full = ids.length === limit;
    const next: Cursor = full ? { ...cursor, a: ids.at(-1)! } : { ...cursor, p: 'log', f: cursor.n, a: '0' };
    return { births, records, followUps, removed: [], cursor: encode(next), hasMore: true };
  }
  const floor = cursor.a === '0' ? await findSnapshotFloor(deps.db) : cursor.n;
  const rows = await listChangesSince(deps.db, scopes, cursor.f, cursor.a, limit);
  const byType = new Map<SyncRecordType, Set<string>>();
  for (const r of rows) byType.set(r.record_type, (byType.get(r.record_type) ?? new Set()).add(r.record_id));
  const birthIds = [...(byType.get('birth') ?? [])];
  const births = await docs(deps, principal, birthIds);
  const sent = new Set(births.map((b) => b.id));
  const records = new Map<string, PulledRecord>();
  for (const [type, ids] of byType) {
    const pull = SYNC_HANDLERS[type].pull;
    if (pull) for (const r of await pull.read(deps, principal, [...ids])) records.set(r.id, r);
  }
  // A birth the reader gets no document of: its follow-up if it is on their worklist (handed over to
  // their commune, edited, or a contact recorded or edited for it), else a removal (handed back, moved
  // out of the area, deleted).
  const visited = roleHasPermission(principal.role, SYNC_PERMISSIONS.birth.read)
    ? []
    : [...records.values()].filter((r) => r.recordType === 'pnc_visit').map((r) => String(r.flat.birthId));
  const unsent = [...new Set([...birthIds, ...visited])].filter((id) => !sent.has(id));
  const followUps = await followUpsOnWorklist(deps, principal, unsent);
  const followed = followUps.map((f) => f.birthId);
  // With a follow-up come its contacts (recorded before the hand-over); each record once a page.
  for (const r of await hanging(deps, principal, followed)) if (!records.has(r.id)) records.set(r.id, r);
  const present = new Set([...sent, ...followed, ...records.keys()]);
  const ids = [...new Set(rows.map((r) => r.record_id))];
  const full = rows.length === limit;
  const next: Cursor = full
    ? { ...cursor, a: rows.at(-1)!.seq, n: floor }
    : { ...cursor, f: floor, a: '0', n: floor };
  return {
    births,
    records: [...records.values()],
    followUps,
    removed: ids.filter((id) => !present.has(id)),
    cursor: encode(next),
    hasMore: full,
  };
}

/** The records of every other type that hang on these births (postnatal contacts, KMC log days). */
async function hanging(deps: AppDeps, principal: Principal, birthIds: string[]): Promise<PulledRecord[]> {
  const out: PulledRecord[] = [];
  for (const { pull } of Object.values(SYNC_HANDLERS)) {
    if (pull?.idsOfBirths && birthIds.length)
      out.push(...(await pull.read(deps, principal, await pull.idsOfBirths(deps.db, birthIds))));
  }
  return out;
}

/** The records of the types that hang on no birth (assessment forms), of the reader's scopes. */
async function ofScope(deps: AppDeps, principal: Principal, scopes: string[]): Promise<PulledRecord[]> {
  const readable = syncTypesOf(principal, 'read');
  const out: PulledRecord[] = [];
  for (const type of readable) {
    const pull = SYNC_HANDLERS[type].pull;
    if (pull?.idsOfScope)
      out.push(...(await pull.read(deps, principal, await pull.idsOfScope(deps.db, scopes))));
  }
  return out;
}

/**
 * The births on the worklists of a postnatal worker's org units (the worklist's own rule: born in the
 * area, or handed over to one of its communes; still open), in id order; with `among`, which of those
 * births are. Only for roles that make contacts (`pnc.write`): a manager's province has no worklist to work.
 */
async function onWorklists(deps: AppDeps, principal: Principal, among?: readonly string[]) {
  if (!roleHasPermission(principal.role, 'pnc.write') || among?.length === 0) return [];
  const now = deps.clock.now();
  const ids = new Set<string>();
  for (const scope of principal.scopes)
    for (const id of await listWorklistBirthIds(deps.db, scope.id, now, among)) ids.add(id);
  return [...ids].sort();
}

/** The worklist's births less those the working set sent already. */
async function worklistBirthsLeft(deps: AppDeps, principal: Principal, scopes: string[], since: string) {
  const ids = await onWorklists(deps, principal);
  const sent = new Set(await listWorkingSetIds(deps.db, scopes, since, '', ids.length || 1, ids));
  return ids.filter((id) => !sent.has(id));
}

/** The follow-ups of these births as `GET /api/pnc/births/:id` answers them, each an audited read. */
const followUpsOf = (deps: AppDeps, principal: Principal, birthIds: readonly string[]) =>
  Promise.all(birthIds.map((id) => getFollowUp(deps, principal, id)));

/** The follow-ups of those of these births that are on the reader's worklists now. */
const followUpsOnWorklist = async (deps: AppDeps, principal: Principal, birthIds: readonly string[]) =>
  followUpsOf(deps, principal, await onWorklists(deps, principal, birthIds));

/** The current documents of these births that lie in the reader's scope (the others are dropped). */
async function docs(deps: AppDeps, principal: Principal, ids: string[]) {
  if (!roleHasPermission(principal.role, SYNC_HANDLERS.birth.readPermission)) return [];
  const found = await findBirthRecords(deps.db, ids);
  return found
    .filter((r) => principal.scopes.some((s) => r.birth.facility_path.startsWith(s.path)))
    .map((r) => toBirth(r.birth, r.newborns, principal));
}
