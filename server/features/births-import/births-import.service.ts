import { zonedLocalToIso } from '../../../shared/births/zoned-time';
import { performance } from 'node:perf_hooks';
import { setImmediate as yieldToEventLoop } from 'node:timers/promises';
import { decideAccess, type Principal } from '../../../shared/auth/principal';
import { type BirthInput, BirthInputSchema } from '../../../shared/births/birth.schema';
import {
  type BirthDraft,
  birthIdCell,
  type CsvHeader,
  type CsvIssue,
  draftFromCsvRows,
  issueAt,
  readCsvHeader,
} from '../../../shared/births/birth-csv';
import {
  type BirthImportIssue,
  type BirthImportProgress,
  type BirthImportReport,
  MAX_REPORTED_ISSUES,
} from '../../../shared/births/birth-import.schema';
import type { EencSettings } from '../../../shared/births/eenc-settings';
import { AppError } from '../../../shared/errors';
import { zodLocaleOf } from '../../../shared/i18n/zod-locale';
import { newId } from '../../../shared/ids';
import { PG_UNIQUE_VIOLATION, pgErrorCode, type Queryable } from '../../db/db';
import type { Config } from '../../config';
import type { Db } from '../../db/db';
import type { Clock } from '../../lib/clock';
import { authorize } from '../../http/access';
import { uuidV5 } from '../../lib/uuid-v5';
import { writeAudit, writeAuditBatch } from '../audit/audit.repo';
import { insertBirthRows } from '../births/births.repo';
import { type PreparedBirth, prepareBirth, settingsForOrgUnit } from '../births/births.service';
import { type CsvReadError, type CsvRecord, type CsvStream, openCsvStream } from './csv-stream';
import type { BirthImport, BirthImportOptions } from './births-import.types';
import { openBirthImportInWorker } from './import-thread';
import { UuidSet } from './uuid-set';

/** About 3,000 births: parsing them takes the event loop less time than starting a worker takes. */
export const WORKER_FROM_BYTES = 1024 * 1024;

/** What an import needs of the app: the database, the time it starts, the register's earliest date. */
export type ImportDeps = {
  db: Db;
  clock: Clock;
  config: Pick<Config, 'registerEarliestBirthDate'>;
};

export const IMPORT_MAX_BYTES = 512 * 1024 * 1024;
const DEFAULT_BATCH = 1000;
const WRITE_CONCURRENCY = 1;
/** Longest stretch of parsing between two turns of the event loop (see readAll). */
const YIELD_EVERY_MS = 1;
/** Births written by one import from which the planner's statistics are refreshed (see Db.refreshStatistics). */
const STATISTICS_AFTER = 1000;

/** Where a facility code leads: the facility and its rules, or the problem to report on every row naming it. */
type FacilityLookup =
  | { ok: true; id: string; path: string; timezone: string; closedOn: string | null; settings: EencSettings }
  | { ok: false; message: string; params?: Record<string, unknown> };
type CommuneLookup =
  { ok: true; id: string } | { ok: false; message: string; params?: Record<string, unknown> };

type Prepared = PreparedBirth & { facilityId: string; rows: number[]; newbornIds: string[] };

/** The id of the n-th newborn of a birth when the file gives none: the same on every re-run. */
export const derivedNewbornId = (birthId: string, birthOrder: number) =>
  uuidV5(`birth-import:newborn:${birthId}:${birthOrder}`);

/** A placeholder facility id for documents whose facility code did not resolve (already an issue). */
const NO_FACILITY = '00000000-0000-4000-8000-000000000000';

class Rollback extends Error {}

/**
 * Opens a birth CSV: reads and checks the header and the first chunk of bytes (UTF-8), so that a wrong
 * file is refused with a normal error before any progress is streamed. `principal` null = a system import
 * from the command line, without scope checks. On PostgreSQL the import runs in a worker thread
 * (`opts.thread`), with the same answers, report and audit.
 */
export async function openBirthImport(
  deps: ImportDeps,
  principal: Principal | null,
  source: AsyncIterable<Uint8Array>,
  opts: BirthImportOptions,
): Promise<BirthImport> {
  if (principal) authorize(principal, 'record.write');
  const connectionString = deps.db.connectionString;
  const small = opts.bytes !== undefined && opts.bytes < WORKER_FROM_BYTES;
  const thread = opts.thread ?? (small ? 'here' : 'worker');
  if (thread === 'worker' && connectionString)
    return openBirthImportInWorker(
      { connectionString, now: deps.clock.now(), config: deps.config },
      principal,
      source,
      opts,
    );
  return openBirthImportHere(deps, principal, source, opts);
}

/** `openBirthImport` in this thread (the worker thread runs this one). */
export async function openBirthImportHere(
  deps: ImportDeps,
  principal: Principal | null,
  source: AsyncIterable<Uint8Array>,
  opts: BirthImportOptions,
): Promise<BirthImport> {
  let csv: CsvStream;
  try {
    csv = await openCsvStream(source, { maxBytes: opts.maxBytes ?? IMPORT_MAX_BYTES });
  } catch (err) {
    throw toAppError(err);
  }
  const { header, problems } = readCsvHeader(csv.header.cells);
  if (!header) {
    csv.close();
    throw new AppError(
      'validation_failed',
      problems[0]!.message,
      problems.map((p) => ({ path: 'file', message: p.message, ...(p.params ? { params: p.params } : {}) })),
      problems[0]!.params,
    );
  }
  if (!csv.hasData) {
    csv.close();
    throw new AppError('validation_failed', 'import.emptyFile', [
      { path: 'file', message: 'import.emptyFile' },
    ]);
  }
  return { run: (onProgress) => runImport(deps, principal, csv, header, opts, onProgress) };
}

function toAppError(err: unknown): unknown {
  if (err instanceof Error && err.name === 'CsvReadError') {
    const e = err as CsvReadError;
    return new AppError(
      e.code,
      e.messageKey,
      [{ path: 'file', message: e.messageKey, params: e.params }],
      e.params,
    );
  }
  return err;
}

async function runImport(
  deps: ImportDeps,
  principal: Principal | null,
  csv: CsvStream,
  header: CsvHeader,
  opts: BirthImportOptions,
  onProgress?: (p: BirthImportProgress) => void,
): Promise<BirthImportReport> {
  const started = performance.now();
  const importId = newId();
  const now = deps.clock.now();
  const batchSize = opts.batchSize ?? DEFAULT_BATCH;
  const progressEvery = opts.progressEvery ?? batchSize;
  const locale = opts.locale ?? 'en';
  const allOrNothing = opts.mode === 'all_or_nothing';
  const auditEachRecord = opts.auditEachRecord ?? true;
  const actor = principal ? { userId: principal.userId, username: principal.username } : null;

  const counts = { rows: 0, births: 0, inserted: 0, alreadyPresent: 0, invalid: 0, errors: 0 };
  const issues: BirthImportIssue[] = [];
  let fatal: BirthImportReport['fatal'] = null;
  const seenBirths = new UuidSet();
  const seenNewborns = new UuidSet();
  const facilities = new Map<string, FacilityLookup>();
  const communes = new Map<string, CommuneLookup>();
  /** Deepest org unit holding every facility written to: where the import's audit entry is filed. */
  let commonPath: string | null = null;
  let nextProgressAt = progressEvery;

  const report = (list: readonly CsvIssue[], birthId: string | null) => {
    counts.errors += list.length;
    for (const i of list) {
      if (issues.length >= MAX_REPORTED_ISSUES) break;
      // Cells come back in the report (ids, codes): never a long one, which would make the answer huge.
      issues.push({
        ...i,
        ...(i.params ? { params: clipParams(i.params) } : {}),
        birthId: birthId === null ? null : clip(birthId),
      });
    }
  };
  const columnName = (index: number) => csv.header.cells[index]?.trim().toLowerCase() ?? '';
  const progress = (): BirthImportProgress => ({ type: 'progress', bytes: csv.bytesRead(), ...counts });

  const lookupFacility = async (q: Queryable, code: string): Promise<FacilityLookup> => {
    const key = code.toLowerCase();
    let found = facilities.get(key);
    if (!found) {
      const [u] = await q.query<{
        id: string;
        kind: string;
        path: string;
        timezone: string;
        active: boolean;
        closed_on: string | null;
      }>('select id, kind, path, timezone, active, closed_on::text from org_units where lower(code) = $1', [
        key,
      ]);
      if (!u) found = { ok: false, message: 'birthImport.unknownFacility', params: { code } };
      else if (principal && decideAccess(principal, 'record.write', u.path) !== 'allowed')
        found = { ok: false, message: 'birthImport.facilityOutOfScope', params: { code } };
      else if (u.kind !== 'facility' && u.kind !== 'commune')
        found = { ok: false, message: 'births.facilityKind' };
      else if (!u.active) found = { ok: false, message: 'births.facilityInactive' };
      else
        found = {
          ok: true,
          id: u.id,
          path: u.path,
          timezone: u.timezone,
          closedOn: u.closed_on,
          settings: await settingsForOrgUnit(q, u.path),
        };
      facilities.set(key, found);
    }
    return found;
  };
  const lookupCommune = async (q: Queryable, code: string): Promise<CommuneLookup> => {
    const key = code.toLowerCase();
    let found = communes.get(key);
    if (!found) {
      const [u] = await q.query<{ id: string; kind: string }>(
        'select id, kind from org_units where lower(code) = $1',
        [key],
      );
      if (!u) found = { ok: false, message: 'birthImport.unknownCommune', params: { code } };
      else if (u.kind !== 'commune') found = { ok: false, message: 'births.communeKind' };
      else found = { ok: true, id: u.id };
      communes.set(key, found);
    }
    return found;
  };

  /** Reads one delivery's rows into prepared database rows, or reports its problems. */
  const prepare = async (q: Queryable, group: CsvRecord[]): Promise<Prepared | null> => {
    const list: CsvIssue[] = [];
    const first = group[0]!;
    const broken = group.filter((r) => r.cells.length !== header.width);
    if (broken.length) {
      for (const r of broken)
        list.push({
          row: r.row,
          column: '',
          message: 'birthImport.columnCount',
          params: { count: r.cells.length, expected: header.width },
        });
      return reject(list, birthIdCell(header, first.cells) || null);
    }
    // PostgreSQL text cannot hold a NUL character (nor jsonb its escape): caught here, or the whole
    // batch would fail to write.
    for (const r of group) {
      const at = r.cells.findIndex((c) => c.includes('\0') || /\\u0000/i.test(c));
      if (at >= 0) list.push({ row: r.row, column: columnName(at), message: 'birthImport.nulCharacter' });
    }
    if (list.length) return reject(list, birthIdCell(header, first.cells) || null);
    const draft: BirthDraft = draftFromCsvRows(header, group);
    list.push(...draft.issues);
    const birthId = draft.birthId;
    if (birthId && !seenBirths.add(birthId))
      list.push({
        row: first.row,
        column: 'birth_id',
        message: 'birthImport.notConsecutive',
        params: { id: birthId },
      });

    let facility: FacilityLookup | null = null;
    if (draft.facilityCode) {
      facility = await lookupFacility(q, draft.facilityCode);
      if (!facility.ok)
        list.push({
          row: first.row,
          column: 'facility_code',
          message: facility.message,
          ...withParams(facility.params),
        });
    }
    const input = draft.input as unknown as Record<string, unknown> & {
      delivery: Record<string, unknown>;
      mother: Record<string, unknown>;
    };
    input.facilityId = facility?.ok ? facility.id : NO_FACILITY;
    if (facility?.ok && draft.bornAtLocal)
      input.delivery.bornAt = zonedLocalToIso(draft.bornAtLocal, facility.timezone) ?? draft.bornAtLocal;
    if (draft.communeCode) {
      const commune = await lookupCommune(q, draft.communeCode);
      if (commune.ok) input.mother.communeId = commune.id;
      else
        list.push({
          row: first.row,
          column: 'commune_code',
          message: commune.message,
          ...withParams(commune.params),
        });
    }

    const parsed = BirthInputSchema.safeParse(input);
    if (!parsed.success) {
      // Only on failure: again with the reader's language for zod's own messages (rule messages are keys).
      const localized = BirthInputSchema.safeParse(input, { error: zodLocaleOf(locale).localeError });
      const zodIssues = localized.success ? parsed.error.issues : localized.error.issues;
      for (const zi of zodIssues) {
        const path = zi.path.map(String).join('.');
        if (zi.code === 'unrecognized_keys') continue; // cannot happen: the document is built from known columns
        addUnlessCellHasIssue(list, issueAt(draft, path, zi.message));
      }
      return reject(list, birthId);
    }
    if (!facility?.ok || !birthId) return reject(list, birthId);

    const doc: BirthInput = parsed.data;
    const newbornIds = doc.newborns.map(
      (n, i) => draft.newbornIds[i] ?? derivedNewbornId(birthId, n.birthOrder),
    );
    newbornIds.forEach((id, i) => {
      if (!seenNewborns.add(id))
        list.push({
          row: draft.rows[i] ?? first.row,
          column: 'newborn_id',
          message: 'birthImport.newbornIdRepeated',
        });
    });
    const { prepared, issues: ruleIssues } = prepareBirth(
      { ...doc, newborns: doc.newborns.map((n, i) => ({ ...n, id: newbornIds[i]! })) },
      {
        id: birthId,
        facility: { id: facility.id, timezone: facility.timezone, closedOn: facility.closedOn },
        settings: facility.settings,
        now,
        actorId: actor?.userId ?? null,
        earliestBirthDate: opts.allowBefore ? null : deps.config.registerEarliestBirthDate,
      },
    );
    for (const ri of ruleIssues) addUnlessCellHasIssue(list, issueAt(draft, ri.path, ri.message, ri.params));
    if (list.length || !prepared) return reject(list, birthId);
    if (commonPath === null) commonPath = facility.path;
    else if (!facility.path.startsWith(commonPath)) commonPath = commonPrefix(commonPath, facility.path);
    return { ...prepared, facilityId: facility.id, rows: draft.rows, newbornIds };
  };
  const reject = (list: CsvIssue[], birthId: string | null): null => {
    counts.invalid++;
    report(list, birthId);
    return null;
  };

  /** Writes one batch: newborn ids owned by other births are problems; existing birth ids are skipped. */
  const writeBatch = async (q: Queryable, batch: Prepared[]): Promise<void> => {
    const owner = new Map<string, Prepared>();
    for (const b of batch) for (const id of b.newbornIds) owner.set(id, b);
    const taken = await q.query<{ id: string; birth_id: string }>(
      'select id, birth_id from newborns where id = any($1::uuid[])',
      [[...owner.keys()]],
    );
    const refused = new Set<Prepared>();
    for (const t of taken) {
      const b = owner.get(t.id)!;
      if (t.birth_id === b.id) continue; // the birth exists already and will be skipped as such
      refused.add(b);
      const i = b.newbornIds.indexOf(t.id);
      report(
        [{ row: b.rows[i] ?? b.rows[0]!, column: 'newborn_id', message: 'birthImport.newbornIdTaken' }],
        b.id,
      );
    }
    counts.invalid += refused.size;
    const keep = refused.size ? batch.filter((b) => !refused.has(b)) : batch;
    if (allOrNothing && counts.errors > 0) return;
    const inserted = await insertBirthRows(
      q,
      keep.map((b) => b.birthRow),
      keep.flatMap((b) => b.newbornRows),
    );
    if (auditEachRecord && inserted.size) {
      await writeAuditBatch(
        q,
        keep
          .filter((b) => inserted.has(b.id))
          .map((b) => ({
            actor,
            action: 'create',
            entityType: 'birth',
            entityId: b.id,
            orgUnitId: b.facilityId,
            details: { importId },
          })),
      );
    }
    counts.inserted += inserted.size;
    counts.alreadyPresent += keep.length - inserted.size;
  };

  // A first line at once: the client learns that the file was accepted (and the answer's headers go out).
  onProgress?.(progress());

  /** Reads the whole file; writes through `write` at most one batch ahead of the parsing. */
  const readAll = async (q: Queryable, write: (batch: Prepared[]) => Promise<void>, inFlight: number) => {
    let batch: Prepared[] = [];
    const pending: Array<Promise<void>> = [];
    let writeError: Error | null = null;
    const settle = async (keep: number) => {
      while (pending.length > keep) await pending.shift();
      if (writeError) throw writeError;
    };
    const flush = async () => {
      if (!batch.length) return;
      const b = batch;
      batch = [];
      await settle(inFlight - 1);
      // The next batch is parsed while this one is written (the database and Node work in parallel).
      pending.push(
        write(b).catch((err: unknown) => {
          writeError ??= err instanceof Error ? err : new Error('batch write failed', { cause: err });
        }),
      );
    };
    let group: CsvRecord[] = [];
    let groupId = '';
    const finishGroup = async () => {
      if (!group.length) return;
      counts.births++;
      const p = await prepare(q, group);
      group = [];
      if (p) {
        batch.push(p);
        if (batch.length >= batchSize) await flush();
      }
    };
    let lastYield = performance.now();
    try {
      for await (const rec of csv.records) {
        // Records of a buffered chunk arrive as microtasks, which starve the event loop: without a
        // macrotask turn now and then, the batch being written would wait for its next round trip until
        // the whole chunk is parsed, and Node and the database would take turns instead of overlapping.
        if ((counts.rows & 7) === 0 && performance.now() - lastYield > YIELD_EVERY_MS) {
          await yieldToEventLoop();
          lastYield = performance.now();
        }
        const id = birthIdCell(header, rec.cells);
        if (!group.length || id !== groupId || id === '') {
          await finishGroup();
          groupId = id;
        }
        group.push(rec);
        counts.rows++;
        if (counts.rows >= nextProgressAt) {
          nextProgressAt += progressEvery;
          onProgress?.(progress());
        }
      }
      await finishGroup();
    } catch (err) {
      if (!(err instanceof Error && err.name === 'CsvReadError')) {
        // Pending writes never reject (failures land in writeError); none may outlive the import.
        await Promise.all(pending);
        throw err;
      }
      const e = err as CsvReadError;
      fatal = { code: e.code, message: e.messageKey, line: e.line, params: e.params };
      counts.errors++;
      csv.close();
      // Births complete before the broken line are kept in valid_only; the one being read may have had
      // more rows after it, so it is not written, and the report says so on its first row.
      if (group.length) {
        counts.births++;
        reject(
          [{ row: group[0]!.row, column: '', message: 'birthImport.cutOff', params: { line: e.line } }],
          groupId || null,
        );
        group = [];
      }
    }
    await flush();
    await settle(0);
  };

  let committed = false;
  try {
    if (allOrNothing) {
      // Never run again after a deadlock: the upload is read as it streams, and the counts and the row
      // report are kept outside the transaction.
      await deps.db
        .transaction(
          async (tx) => {
            await readAll(tx, (b) => writeBatch(tx, b), 1);
            if (counts.errors > 0) throw new Rollback();
            await auditImport(tx, true);
          },
          { retry: false },
        )
        .then(
          () => {
            committed = true;
          },
          (err: unknown) => {
            if (!(err instanceof Rollback)) throw err;
          },
        );
    } else {
      await readAll(
        deps.db,
        (b) => deps.db.transaction((tx) => writeBatch(tx, b), { retry: false }),
        opts.writeConcurrency ?? WRITE_CONCURRENCY,
      );
      committed = true;
    }
  } catch (err) {
    counts.errors++;
    if (pgErrorCode(err) === PG_UNIQUE_VIOLATION) {
      // Another import wrote the same ids between our check and our insert.
      fatal = { code: 'conflict', message: 'births.idTaken', line: null };
    } else {
      opts.log?.(err);
      fatal = { code: 'internal', message: 'errors.internal', line: null };
    }
    csv.close();
    // valid_only: the batches committed before the failure stay, and `inserted` counts them.
    committed = !allOrNothing;
  }
  if (allOrNothing && !committed) {
    counts.inserted = 0;
    counts.alreadyPresent = 0;
  }
  if (committed && counts.inserted >= STATISTICS_AFTER) {
    try {
      await deps.db.refreshStatistics(['births', 'newborns', 'pnc_subjects']);
    } catch (err) {
      opts.log?.(err);
    }
  }
  if (!(allOrNothing && committed)) {
    try {
      await auditImport(deps.db, committed);
    } catch (err) {
      opts.log?.(err);
    }
  }
  onProgress?.(progress());
  issues.sort((a, b) => a.row - b.row);
  const { type: _progress, ...finalCounts } = progress();
  return {
    type: 'report',
    importId,
    mode: opts.mode,
    committed,
    ...finalCounts,
    issues,
    issuesTruncated: counts.errors > issues.length,
    fatal,
    fileSha256: csv.sha256(),
    elapsedMs: Math.round(performance.now() - started),
  };

  async function auditImport(q: Queryable, isCommitted: boolean) {
    const scopeUnit = commonPath ? lastSegment(commonPath) : (principal?.scopes[0]?.id ?? null);
    await writeAudit(q, {
      actor,
      action: 'import',
      entityType: 'birth_import',
      entityId: importId,
      orgUnitId: scopeUnit,
      details: {
        via: opts.via,
        mode: opts.mode,
        committed: isCommitted,
        fileSha256: csv.sha256(),
        bytes: csv.bytesRead(),
        ...counts,
        fatal: fatal?.message ?? null,
        auditEachRecord,
      },
    });
  }
}

/** Longest cell text echoed back in the report. */
const ECHO_MAX = 80;
const clip = (text: string) => (text.length > ECHO_MAX ? `${text.slice(0, ECHO_MAX)}…` : text);
const clipParams = (params: Record<string, unknown>) =>
  Object.fromEntries(Object.entries(params).map(([k, v]) => [k, typeof v === 'string' ? clip(v) : v]));

const withParams = (params?: Record<string, unknown>) => (params ? { params } : {});

/** Keeps the first problem of a cell: a bad value already reported is not reported again by the schema. */
function addUnlessCellHasIssue(list: CsvIssue[], issue: CsvIssue): void {
  if (issue.column && list.some((i) => i.row === issue.row && i.column === issue.column)) return;
  list.push(issue);
}

/** Longest common org-unit path of two paths (`/a/b/c/` and `/a/b/d/` → `/a/b/`). */
function commonPrefix(a: string, b: string): string {
  if (a === b) return a;
  const x = a.split('/');
  const y = b.split('/');
  let i = 0;
  while (i < x.length && i < y.length && x[i] === y[i]) i++;
  return `${x.slice(0, i).join('/')}/`;
}

function lastSegment(path: string): string | null {
  const parts = path.split('/').filter(Boolean);
  return parts.at(-1) ?? null;
}
