/**
 * What the screening pages read: a client as lists show her, her history, and the list of an org unit
 * (search, worklist, treat list). Name and phone at facility or commune scope only; the HIV status too,
 * and every time it is shown the read is audited.
 */
import { canSeePersonalData, type Principal } from '../../../shared/auth/principal';
import { roleHasPermission } from '../../../shared/auth/roles';
import { AppError } from '../../../shared/errors';
import { compareWorklistKeys } from '../../../shared/follow-up/worklist-order';
import { toSearchText } from '../../../shared/org-units/search-text';
import { addDays } from '../../../shared/pnc/pnc-schedule';
import { ageOn } from '../../../shared/screening/screening-rules';
import type {
  ScreeningClient,
  ScreeningClientDetail,
  ScreeningEvent,
  ScreeningList,
  ScreeningListQuery,
} from '../../../shared/screening/screening.schema';
import { type ScreeningSettings, screeningSettingsOf } from '../../../shared/screening/screening-settings';
import { screeningKey, screeningSection } from '../../../shared/screening/screening-worklist';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { type AuditWrite, writeAuditBatch } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import {
  type ClientRow,
  type EventRow,
  findClientRow,
  findStoredScreeningSettings,
  listClientRows,
  listEventRows,
} from './screening.repo';

/** The country of an org unit is the second unit of its path (region root, country, …). */
const countryIdOf = (path: string): string | null => path.split('/').filter(Boolean)[1] ?? null;

/** The screening rules in force per country and their version, read once per request. */
export function rulesReader(q: Queryable) {
  const cache = new Map<string, Promise<{ settings: ScreeningSettings; version: number }>>();
  return (path: string) => {
    const id = countryIdOf(path) ?? '';
    if (!cache.has(id))
      cache.set(
        id,
        id
          ? findStoredScreeningSettings(q, id).then((r) => ({
              settings: screeningSettingsOf(r.screening),
              version: r.version,
            }))
          : Promise.resolve({ settings: screeningSettingsOf(null), version: 0 }),
      );
    return cache.get(id)!;
  };
}

/** The screening settings in force per country, read once per request. */
export function settingsReader(q: Queryable) {
  const rules = rulesReader(q);
  return (path: string) => rules(path).then((r) => r.settings);
}

export const todayOf = (deps: Pick<AppDeps, 'clock'>) => deps.clock.now().toISOString().slice(0, 10);

export function toClient(
  r: ClientRow,
  reader: Principal,
  settings: ScreeningSettings,
  today: string,
): ScreeningClient {
  const personal = canSeePersonalData(reader, r.org_unit_path);
  const dueOn = r.due_on;
  return {
    id: r.id,
    orgUnitId: r.org_unit_id,
    orgUnitName: r.org_unit_name,
    birthId: r.birth_id,
    name: personal ? r.name : null,
    phone: personal ? r.phone : null,
    hivStatus: personal ? r.hiv_status : null,
    birthYear: r.birth_year,
    birthDate: personal ? r.birth_date : null,
    age: ageOn({ birthDate: r.birth_date, birthYear: r.birth_year, hivPositive: false }, today),
    step: r.step,
    dueOn,
    lastScreenOn: r.last_screen_on,
    section:
      dueOn === null ? null : screeningSection({ step: r.step, dueOn, endsOn: r.ends_on }, today, settings),
    recallReason: r.recall_reason,
    recalledOn: r.recalled_on,
    ruleVersion: r.rule_version,
    recallRuleVersion: r.recall_rule_version,
    language: r.language,
    remindersEnabled: r.reminders_enabled,
    version: r.version,
  };
}

export const toEvent = (e: EventRow): ScreeningEvent => ({
  id: e.id,
  clientId: e.client_id,
  test: e.test,
  sampleBy: e.sample_by,
  takenOn: e.taken_on,
  placeId: e.place_id,
  placeName: e.place_name,
  result: e.result,
  resultOn: e.result_on,
  genotypes: e.genotypes,
  triageMethod: e.triage_method,
  triageResult: e.triage_result,
  triageOn: e.triage_on,
  treatment: e.treatment,
  treatedOn: e.treated_on,
  treatmentPlaceId: e.treatment_place_id,
  counsellingNote: e.counselling_note,
  version: e.version,
});

/** The audit entries of clients whose personal data (and HIV status) a page shows. */
const readEntries = (reader: Principal, shown: ScreeningClient[], via: string): AuditWrite[] =>
  shown
    .filter((c) => c.hivStatus !== null)
    .map((c) => ({
      actor: reader,
      action: 'read' as const,
      entityType: 'screening_client',
      entityId: c.id,
      orgUnitId: c.orgUnitId,
      details: { via, fields: ['name', 'phone', 'hivStatus'] },
    }));

/** A client the reader may read (`pnc.read` in scope of the unit that follows her), else 404/403. */
export async function getClientRow(q: Queryable, reader: Principal, id: string, write = false) {
  const row = await findClientRow(q, id, write);
  if (!row) throw new AppError('not_found', 'errors.notFound');
  authorize(reader, write ? 'pnc.write' : 'pnc.read', row.org_unit_path);
  return row;
}

export async function clientDetail(
  q: Queryable,
  reader: Principal,
  row: ClientRow,
  today: string,
  audit = true,
): Promise<ScreeningClientDetail> {
  const settings = await settingsReader(q)(row.org_unit_path);
  const client = toClient(row, reader, settings, today);
  if (audit) await writeAuditBatch(q, readEntries(reader, [client], 'screening_client'));
  return { ...client, events: (await listEventRows(q, row.id)).map(toEvent) };
}

export async function getClient(deps: AppDeps, reader: Principal, id: string) {
  return deps.db.transaction(async (tx) =>
    clientDetail(tx, reader, await getClientRow(tx, reader, id), todayOf(deps)),
  );
}

const SECTION_NAMES = { action: 0, due: 1, overdue: 2, upcoming: 3 } as const;

/** Clients of an org unit: search, the worklist (action first, then due, overdue, upcoming) or a section. */
export async function listClients(
  deps: AppDeps,
  reader: Principal,
  query: ScreeningListQuery,
): Promise<ScreeningList> {
  authorize(reader, 'pnc.read');
  const unit = await findOrgUnit(deps.db, query.orgUnit);
  if (!unit) throw new AppError('not_found', 'errors.notFound');
  // A reader whose scope lies below the unit (a commune under a district asked for) sees their part.
  if (!reader.scopes.some((s) => s.path.startsWith(unit.path))) authorize(reader, 'pnc.read', unit.path);
  const today = todayOf(deps);
  const settingsOf = settingsReader(deps.db);
  const horizonSettings = await settingsOf(unit.path);
  const section = query.section ?? 'all';
  const limit = query.limit ?? 200;
  const search = query.q ? query.q.replace(/[%_\\]/g, (c) => `\\${c}`) : null;
  const rows = await listClientRows(deps.db, {
    unitPath: unit.path,
    scopePaths: reader.scopes.map((s) => s.path),
    search: search ? `%${toSearchText(search)}%` : null,
    // Names are searched only by readers who see every name the list can return.
    searchNames:
      roleHasPermission(reader.role, 'personal_data.read') &&
      reader.scopes.every((s) => s.kind === 'facility' || s.kind === 'commune'),
    worklistUntil: section === 'all' ? null : addDays(today, horizonSettings.upcomingDays + 1),
    // The worklist is ordered here, on the follow-up engine's key: read more than a page.
    limit: section === 'all' ? limit : limit * 5,
  });
  const items: ScreeningClient[] = [];
  for (const r of rows) items.push(toClient(r, reader, await settingsOf(r.org_unit_path), today));
  const counts = { action: 0, due: 0, overdue: 0, upcoming: 0 };
  for (const c of items)
    if (c.section !== null) counts[(['action', 'due', 'overdue', 'upcoming'] as const)[c.section]!] += 1;
  let shown = items;
  if (section !== 'all') {
    const wanted = section === 'worklist' ? null : SECTION_NAMES[section];
    shown = items
      .filter((c) => c.section !== null && (wanted === null || c.section === wanted))
      .sort((a, b) =>
        compareWorklistKeys(
          screeningKey({ clientId: a.id, step: a.step, dueOn: a.dueOn!, endsOn: '' }, a.section as 0),
          screeningKey({ clientId: b.id, step: b.step, dueOn: b.dueOn!, endsOn: '' }, b.section as 0),
        ),
      );
  }
  const page = shown.slice(0, limit);
  await writeAuditBatch(deps.db, readEntries(reader, page, 'screening_list'));
  return {
    items: page,
    truncated: shown.length > limit || rows.length > (section === 'all' ? limit : limit * 5),
    counts,
  };
}
