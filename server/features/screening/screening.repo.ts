import type { ScreeningState } from '../../../shared/screening/screening-rules';
import { toSearchText } from '../../../shared/org-units/search-text';
import type { Queryable } from '../../db/db';
import { toPgArrayLiteral } from '../../db/sql-literals';

/** SQL of cervical screening: clients, events, their stored state, recalls (docs/screening.md). */

export type ClientRow = {
  id: string;
  org_unit_id: string;
  org_unit_name: string;
  org_unit_path: string;
  birth_id: string | null;
  name: string;
  phone: string | null;
  birth_year: number;
  birth_date: string | null;
  hiv_status: 'positive' | 'negative' | 'unknown';
  language: string | null;
  reminders_enabled: boolean;
  step: ScreeningState['step'];
  due_on: string | null;
  ends_on: string;
  last_screen_on: string | null;
  recall_reason: 'never_screened' | 'result_missing' | 'positive_untreated' | null;
  recall_on: string | null;
  recalled_on: string | null;
  rule_version: number;
  recall_rule_version: number | null;
  version: number;
};

export type EventRow = {
  id: string;
  client_id: string;
  test: 'hpv_dna' | 'via' | 'cytology';
  sample_by: 'self' | 'provider';
  taken_on: string;
  place_id: string;
  place_name: string;
  result: 'negative' | 'positive' | 'suspected_cancer' | 'inadequate' | null;
  result_on: string | null;
  genotypes: ('16' | '18' | 'other')[];
  triage_method: 'via' | 'colposcopy' | 'cytology' | null;
  triage_result: 'negative' | 'positive' | 'suspected_cancer' | null;
  triage_on: string | null;
  treatment: 'thermal_ablation' | 'cryotherapy' | 'leep' | 'referral' | null;
  treated_on: string | null;
  treatment_place_id: string | null;
  counselling_note: string | null;
  version: number;
};

const CLIENT_COLUMNS = `c.id, c.org_unit_id, o.name as org_unit_name, o.path as org_unit_path, c.birth_id, c.name,
  c.phone, c.birth_year, c.birth_date::text, c.hiv_status, c.language, c.reminders_enabled, c.step, c.due_on::text,
  c.ends_on::text, c.last_screen_on::text, c.recall_reason, c.recall_on::text,
  (select r.recall_on::text from screening_recalls r
    where r.client_id = c.id and r.reason = c.recall_reason and r.basis = c.recall_basis) as recalled_on,
  (select r.rule_version from screening_recalls r
    where r.client_id = c.id and r.reason = c.recall_reason and r.basis = c.recall_basis) as recall_rule_version,
  c.rule_version, c.version`;

const EVENT_COLUMNS = `e.id, e.client_id, e.test, e.sample_by, e.taken_on::text, e.place_id, p.name as place_name,
  e.result, e.result_on::text, e.genotypes, e.triage_method, e.triage_result, e.triage_on::text, e.treatment,
  e.treated_on::text, e.treatment_place_id, e.counselling_note, e.version`;

export async function findClientRow(q: Queryable, id: string, lock = false): Promise<ClientRow | undefined> {
  const [row] = await q.query<ClientRow>(
    `select ${CLIENT_COLUMNS} from screening_clients c join org_units o on o.id = c.org_unit_id
      where c.id = $1${lock ? ' for update of c' : ''}`,
    [id],
  );
  return row;
}

export async function findClientOfBirth(q: Queryable, birthId: string) {
  const [row] = await q.query<{ id: string; name: string }>(
    `select c.id, c.name from screening_clients c
      where c.birth_id = any(array(
        select o.id from births b join births o
          on o.facility_id = b.facility_id and lower(o.mother_record_number) = lower(b.mother_record_number)
         where b.id = $1))
      limit 1`,
    [birthId],
  );
  return row;
}

export type MotherRow = {
  id: string;
  facility_path: string;
  commune_path: string | null;
  mother_name: string | null;
  mother_phone: string | null;
  mother_birth_year: number | null;
  mother_age: number | null;
  birth_date: string;
};

/** The mother's fields of a birth record, with the facility's path for the scope check. */
export async function findMother(q: Queryable, birthId: string): Promise<MotherRow | undefined> {
  const [row] = await q.query<MotherRow>(
    `select b.id, f.path as facility_path, m.path as commune_path, b.mother_name, b.mother_phone,
            b.mother_birth_year, b.mother_age, b.birth_date::text
       from births b join org_units f on f.id = b.facility_id left join org_units m on m.id = b.mother_commune_id
      where b.id = $1`,
    [birthId],
  );
  return row;
}

export async function listEventRows(q: Queryable, clientId: string): Promise<EventRow[]> {
  return q.query<EventRow>(
    `select ${EVENT_COLUMNS} from screening_events e join org_units p on p.id = e.place_id
      where e.client_id = $1 order by e.taken_on desc, e.id desc`,
    [clientId],
  );
}

export async function findEventRow(q: Queryable, id: string): Promise<EventRow | undefined> {
  const [row] = await q.query<EventRow>(
    `select ${EVENT_COLUMNS} from screening_events e join org_units p on p.id = e.place_id where e.id = $1`,
    [id],
  );
  return row;
}

export type NewClient = {
  id: string;
  orgUnitId: string;
  birthId: string | null;
  name: string;
  phone: string | null;
  birthYear: number;
  birthDate: string | null;
  hivStatus: string;
  language: string | null;
  remindersEnabled: boolean;
};

/**
 * A stored state's columns, in this order: step, due_on, ends_on, last_screen_on, recall_reason,
 * recall_on, recall_basis (the writes here and the synthetic programme's bulk insert).
 */
export const stateValues = (s: ScreeningState) => [
  s.step,
  s.dueOn,
  s.endsOn,
  s.lastScreenOn,
  s.recall?.reason ?? null,
  s.recall?.on ?? null,
  s.recall?.basis ?? null,
];

/** A state with the rule version it was derived under (country_settings.screening_version). */
export type VersionedState = { state: ScreeningState; ruleVersion: number };

export async function insertClientRow(
  q: Queryable,
  c: NewClient,
  { state, ruleVersion }: VersionedState,
  userId: string,
  at: Date,
) {
  await q.query(
    `insert into screening_clients (id, org_unit_id, birth_id, name, phone, birth_year, birth_date, hiv_status, language,
       reminders_enabled, step, due_on, ends_on, last_screen_on, recall_reason, recall_on, recall_basis,
       created_at, updated_at, created_by, updated_by, search_text, rule_version)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $18, $19, $19, $20, $21)`,
    [
      c.id,
      c.orgUnitId,
      c.birthId,
      c.name,
      c.phone,
      c.birthYear,
      c.birthDate,
      c.hivStatus,
      c.language,
      c.remindersEnabled,
      ...stateValues(state),
      at,
      userId,
      toSearchText(c.name),
      ruleVersion,
    ],
  );
}

export async function updateClientRow(
  q: Queryable,
  id: string,
  f: { phone: string | null; hivStatus: string; language: string | null; remindersEnabled: boolean },
  userId: string,
  at: Date,
) {
  await q.query(
    `update screening_clients set phone = $2, hiv_status = $3, language = $4, reminders_enabled = $5,
            version = version + 1, updated_at = $6, updated_by = $7
      where id = $1`,
    [id, f.phone, f.hivStatus, f.language, f.remindersEnabled, at, userId],
  );
}

/** Stores what the rules answer for a client (after any change to her or her events). */
export async function saveClientState(q: Queryable, id: string, { state, ruleVersion }: VersionedState) {
  await q.query(
    `update screening_clients set step = $2, due_on = $3, ends_on = $4, last_screen_on = $5, recall_reason = $6,
            recall_on = $7, recall_basis = $8, rule_version = $9
      where id = $1`,
    [id, ...stateValues(state), ruleVersion],
  );
}

/** Stores many re-derived states in one statement (a settings change re-derives a country's women). */
export async function saveClientStates(
  q: Queryable,
  rows: ReadonlyArray<{ id: string; state: ScreeningState }>,
  ruleVersion: number,
) {
  if (rows.length === 0) return;
  const columns = rows.map((r) => [r.id, ...stateValues(r.state)]);
  const column = (i: number) => toPgArrayLiteral(columns.map((c) => c[i]));
  await q.query(
    `update screening_clients c set step = u.step, due_on = u.due_on, ends_on = u.ends_on,
            last_screen_on = u.last_screen_on, recall_reason = u.recall_reason, recall_on = u.recall_on,
            recall_basis = u.recall_basis, rule_version = $9
       from unnest($1::uuid[], $2::text[], $3::date[], $4::date[], $5::date[], $6::text[], $7::date[], $8::text[])
         as u(id, step, due_on, ends_on, last_screen_on, recall_reason, recall_on, recall_basis)
      where c.id = u.id`,
    [...[0, 1, 2, 3, 4, 5, 6, 7].map(column), ruleVersion],
  );
}

/** The facts of a country's women, a page at a time by id (re-derivation after a settings change). */
export async function listClientFactsPage(q: Queryable, countryPath: string, afterId: string, limit: number) {
  return q.query<Pick<ClientRow, 'id' | 'birth_date' | 'birth_year' | 'hiv_status'>>(
    `select c.id, c.birth_date::text, c.birth_year, c.hiv_status
       from screening_clients c join org_units o on o.id = c.org_unit_id
      where o.path like $1 || '%' and c.id > $2 order by c.id limit $3`,
    [countryPath, afterId, limit],
  );
}

/** The events of many women at once. */
export async function listEventRowsOf(q: Queryable, clientIds: readonly string[]): Promise<EventRow[]> {
  return q.query<EventRow>(
    `select ${EVENT_COLUMNS} from screening_events e join org_units p on p.id = e.place_id
      where e.client_id = any($1::uuid[])`,
    [toPgArrayLiteral(clientIds)],
  );
}

export type EventValues = {
  result: string | null;
  resultOn: string | null;
  genotypes: string[];
  triageMethod: string | null;
  triageResult: string | null;
  triageOn: string | null;
  treatment: string | null;
  treatedOn: string | null;
  treatmentPlaceId: string | null;
  counsellingNote: string | null;
};

const eventValues = (e: EventValues) => [
  e.result,
  e.resultOn,
  e.genotypes,
  e.triageMethod,
  e.triageResult,
  e.triageOn,
  e.treatment,
  e.treatedOn,
  e.treatmentPlaceId,
  e.counsellingNote,
];

export async function insertEventRow(
  q: Queryable,
  e: EventValues & {
    id: string;
    clientId: string;
    test: string;
    sampleBy: string;
    takenOn: string;
    placeId: string;
  },
  userId: string,
  at: Date,
) {
  await q.query(
    `insert into screening_events (result, result_on, genotypes, triage_method, triage_result, triage_on, treatment,
       treated_on, treatment_place_id, counselling_note, id, client_id, test, sample_by, taken_on, place_id,
       created_at, updated_at, created_by, updated_by)
     values ($1, $2, $3::text[], $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $17, $18, $18)`,
    [...eventValues(e), e.id, e.clientId, e.test, e.sampleBy, e.takenOn, e.placeId, at, userId],
  );
}

export async function updateEventRow(q: Queryable, id: string, e: EventValues, userId: string, at: Date) {
  await q.query(
    `update screening_events set result = $1, result_on = $2, genotypes = $3::text[], triage_method = $4,
            triage_result = $5, triage_on = $6, treatment = $7, treated_on = $8, treatment_place_id = $9,
            counselling_note = $10, version = version + 1, updated_at = $11, updated_by = $12
      where id = $13`,
    [...eventValues(e), at, userId, id],
  );
}

/** Clients of the units under `unitPath` that the reader's scopes cover, optionally only a worklist. */
export async function listClientRows(
  q: Queryable,
  p: {
    unitPath: string;
    scopePaths: string[];
    search: string | null;
    searchNames: boolean;
    /** Only action steps and screens due before this day (the worklist horizon). */
    worklistUntil: string | null;
    limit: number;
  },
): Promise<ClientRow[]> {
  return q.query<ClientRow>(
    `select ${CLIENT_COLUMNS}
       from screening_clients c join org_units o on o.id = c.org_unit_id
      where o.path like $1 || '%' and o.path like any(array(select s || '%' from unnest($2::text[]) s))
        and ($3::text is null or c.phone like $3 or ($4 and c.search_text like $3))
        and ($5::date is null or c.step in ('await_result', 'triage', 'treat', 'refer')
             or (c.step = 'screen' and c.due_on < $5::date))
      order by c.due_on nulls last, c.id
      limit $6`,
    [p.unitPath, p.scopePaths, p.search, p.searchNames, p.worklistUntil, p.limit + 1],
  );
}

/** A country's stored screening settings (`country_settings.screening`: what differs from the defaults). */
export async function findStoredScreeningSettings(
  q: Queryable,
  countryId: string,
): Promise<{ screening: unknown; version: number }> {
  const [row] = await q.query<{ screening: unknown; screening_version: number }>(
    'select screening, screening_version from country_settings where country_id = $1',
    [countryId],
  );
  return { screening: row?.screening ?? null, version: row?.screening_version ?? 0 };
}

/** Stores a country's screening settings and raises their version (1 the first time). */
export async function saveScreeningSettings(
  q: Queryable,
  p: { countryId: string; settings: unknown; at: Date; userId: string },
): Promise<number> {
  const [row] = await q.query<{ screening_version: number }>(
    `insert into country_settings (country_id, screening, screening_version, updated_at, updated_by)
     values ($1, $2::jsonb, 1, $3, $4)
     on conflict (country_id) do update set screening = excluded.screening,
       screening_version = country_settings.screening_version + 1,
       updated_at = excluded.updated_at, updated_by = excluded.updated_by
     returning screening_version`,
    [p.countryId, JSON.stringify(p.settings), p.at, p.userId],
  );
  return row!.screening_version;
}
