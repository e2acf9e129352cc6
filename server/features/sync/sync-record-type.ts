import { isPathInScope, type Principal } from '../../../shared/auth/principal';
import type { Permission } from '../../../shared/auth/roles';
import type { z } from 'zod';
import { AppError, type Issue, validationError } from '../../../shared/errors';
import { type FlatRecord, type RecordShape, unflattenDoc } from '../../../shared/sync/flat-record';
import type { PulledRecord } from '../../../shared/sync/sync.schema';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { zodIssuesToIssues } from '../../http/error-handler';

/** A record as push and the inbox see it: its flat form, version, and where it lies (for scope checks). */
export type CurrentRecord = {
  flat: FlatRecord;
  version: number;
  /** The org unit its inbox items belong to (the facility). */
  orgUnitId: string;
  /** Org units through which a user may act on it (a postnatal contact: the facility or the commune). */
  paths: string[];
};

/**
 * What the sync protocol needs of a record type. Push, pull, the merge and the inbox are written once
 * against this; a record type plugs in with its shape and its service's own writes, so a synced write
 * gets the same validation, derived values, audit and change log as the type's API routes.
 */
export type SyncRecordHandler = {
  shape: RecordShape;
  writePermission: Permission;
  readPermission: Permission;
  /** Fields an update cannot change (the record's identity, such as the birth a visit belongs to). */
  fixedFields?: readonly string[];
  /** Whether a field holds personal data (never merged from a writer who may not see it; hidden in the inbox). */
  isPersonalPath: (path: string) => boolean;
  /** The entity type and id of the record's writes in the audit trail (base versions, deletions). */
  audit: { entityType: string; entityId: (q: Queryable, id: string) => Promise<string | null> };
  /** A document of the audit trail (after- or before-image) in flat form. */
  flatOfAudited: (doc: unknown) => FlatRecord;
  find: (q: Queryable, id: string, forUpdate: boolean) => Promise<CurrentRecord | undefined>;
  /** Resolves to the new record's version when the service returns it (else the push reads it back). */
  create: (deps: AppDeps, principal: Principal, id: string, flat: FlatRecord) => Promise<number | void>;
  /**
   * Several creates in one go, in the caller's transaction (one statement per table, so the rollups'
   * statement triggers run once for all): each answers the new version, its refusal as `create` would
   * refuse it, or `stored` when the id exists (the push then applies that one alone, as a merge).
   */
  createMany?: (
    deps: AppDeps,
    principal: Principal,
    items: ReadonlyArray<{ id: string; flat: FlatRecord }>,
  ) => Promise<Array<{ version: number } | { refused: AppError } | 'stored'>>;
  update: (
    deps: AppDeps,
    principal: Principal,
    id: string,
    flat: FlatRecord,
    version: number,
  ) => Promise<{ version: number; orgUnitId?: string }>;
  remove: (deps: AppDeps, principal: Principal, id: string, version: number) => Promise<void>;
  /**
   * Pull: the records of these ids that the reader may read, in flat form, and the working set of a first
   * pull: the ids of the records that hang on its births, or (for records that hang on no birth, such as
   * assessment forms) of those of the reader's scopes (`path%` patterns). Births travel as API documents.
   */
  pull?: {
    read: (deps: AppDeps, principal: Principal, ids: string[]) => Promise<PulledRecord[]>;
    idsOfBirths?: (q: Queryable, birthIds: string[]) => Promise<string[]>;
    idsOfScope?: (q: Queryable, scopes: string[]) => Promise<string[]>;
  };
};

/**
 * `createMany` for a record type whose service writes one record at a time (postnatal contacts, KMC days):
 * each create in a savepoint of the caller's transaction, so a refused one is rolled back alone and the
 * others stay, and the group commits once. The service's checks, derived values, audit and change log are
 * the ones of `create`, in the same order as one operation per transaction (a second contact of the same
 * code is refused by the first, as alone). An id stored before answers `stored` (the push merges it alone);
 * an error that is no refusal rolls the group back (the push then applies each alone).
 */
export function createEach(
  handler: Pick<SyncRecordHandler, 'find' | 'create'>,
): NonNullable<SyncRecordHandler['createMany']> {
  return async (deps, principal, items) => {
    const out: Array<{ version: number } | { refused: AppError } | 'stored'> = [];
    for (const { id, flat } of items) {
      if (await handler.find(deps.db, id, true)) {
        out.push('stored');
        continue;
      }
      await deps.db.query('savepoint sync_create');
      try {
        const version = (await handler.create(deps, principal, id, flat)) ?? undefined;
        await deps.db.query('release savepoint sync_create');
        out.push({ version: version ?? (await handler.find(deps.db, id, false))!.version });
      } catch (err) {
        await deps.db.query('rollback to savepoint sync_create');
        if (!(err instanceof AppError) || err.status >= 500) throw err;
        out.push({ refused: err });
      }
    }
    return out;
  };
}

/** For record types without personal fields. */
export const noPersonalPaths = () => false;

/** The permission in at least one of the record's org units (the caller's scope). */
export function authorizeRecord(principal: Principal, permission: Permission, paths: readonly string[]) {
  authorize(principal, permission);
  if (!paths.some((p) => isPathInScope(principal, p)))
    throw new AppError('out_of_scope', 'errors.outOfScope');
}

/**
 * Issue paths of a document name list entries by position (`newborns.0.weightGrams`): the protocol names
 * them by id (`newborns.<newbornId>.weightGrams`), in the order the document was validated in.
 */
export function issuesByEntryId(shape: RecordShape, flat: FlatRecord, issues: readonly Issue[]): Issue[] {
  const doc = unflattenDoc(shape, flat);
  return issues.map((i) => {
    const m = /^([^.]+)\.(\d+)(\..*|$)/.exec(i.path);
    const list = m && shape.lists?.[m[1]!];
    const entry = list && (doc[m[1]!] as Array<Record<string, unknown>>)[Number(m[2])];
    return entry ? { ...i, path: `${m[1]}.${String(entry[list.id])}${m[3]}` } : i;
  });
}

/** The fields a record type's update cannot change (its identity): refused when a patch tries. */
export function checkFixedFields(current: FlatRecord, next: FlatRecord, fields: readonly string[]) {
  const moved = fields.filter((f) => JSON.stringify(current[f] ?? null) !== JSON.stringify(next[f] ?? null));
  if (moved.length)
    throw new AppError(
      'validation_failed',
      'sync.fieldFixed',
      moved.map((path) => ({ path, message: 'sync.fieldFixed' })),
    );
}

/** A patched document checked by the same schema as the API's body (a patch is any JSON until here). */
export function parsed<S extends z.ZodType>(schema: S, doc: unknown): z.infer<S> {
  const r = schema.safeParse(doc);
  if (!r.success) throw validationError(zodIssuesToIssues(r.error.issues));
  return r.data;
}
