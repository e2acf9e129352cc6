import { CONTACT_APPLIES_FIELDS } from '../../../shared/pnc/contact-applies';
import { DEFAULT_PNC_SETTINGS } from '../../../shared/pnc/pnc-settings';
import { BIRTH_RECORD_MARKERS, NEWBORN_MARKER_FIELDS } from '../../../shared/pnc/risk-markers';
import type { Db, Queryable } from '../../db/db';
import { syncGeneratedFunctions } from '../../db/generated-functions';
import { sqlLiteral } from '../../db/sql-literals';
import { compileFilter, contactAppliesSql } from '../indicators/indicator-sources';
import { contactAnchorFunction } from '../indicators/pnc-anchor.sql';
import {
  BIRTHS_INSERTED_FUNCTION,
  NEWBORNS_INSERTED_FUNCTION,
  newbornAliveFunction,
  SYNC_SUBJECTS_FUNCTION,
} from './pnc-subjects.sql';
import { kmcFollowUpRefreshFunction } from './kmc-follow-up-weight.sql';
import { PNC_WORKER_ROLES } from './pnc-worklist';

/**
 * The PNC rules the database applies, generated from their one definition in code (as the indicator
 * rollups are): the default schedule (`DEFAULT_PNC_SETTINGS`), the roles whose users make postnatal
 * contacts (`PNC_WORKER_ROLES`, from the permissions), the newborn risk markers
 * (`BIRTH_RECORD_MARKERS`), which babies are followed (pnc-subjects.sql.ts) and which contacts apply to
 * which subject (`CONTACT_APPLIES_WHERE`), and what each contact counts from (`ANCHOR_INSTANT`). Migrations declare no copy of them; `syncPncSchema` installs these after
 * migrations whenever the generated text changed.
 */

type MarkerField = (typeof NEWBORN_MARKER_FIELDS)[number];
/** SQL expressions standing for the newborn columns the markers read. */
export type MarkerColumns = Readonly<Record<MarkerField, string>>;

/** The markers of a newborn as a SQL expression over the given column expressions (text[]). */
export function newbornMarkersSql(columns: MarkerColumns): string {
  const source = {
    id: 'pnc_newborn_markers',
    fields: Object.fromEntries(NEWBORN_MARKER_FIELDS.map((f) => [f, { sql: columns[f] }])),
  };
  const cases = BIRTH_RECORD_MARKERS.map(
    (m) => `case when ${compileFilter(source, m.where)} then ${sqlLiteral(m.marker)} end`,
  );
  return `array_remove(array[${cases.join(', ')}]::text[], null)`;
}

const APPLIES_PARAM_TYPES: Readonly<Record<(typeof CONTACT_APPLIES_FIELDS)[number], string>> = {
  subject_kind: 'text',
  risk_markers: 'text[]',
  danger_found: 'boolean',
  for_mother: 'boolean',
  for_newborn: 'boolean',
  only_for_markers: 'text[]',
};

/**
 * `pnc_contact_applies(<the rule's fields>)`: which schedule entries apply to which subject, the join of
 * the view pnc_contact_facts (0055 calls it with named arguments). A plain SQL expression, so that the
 * planner inlines it into the view's join.
 */
function contactAppliesFunction(): string {
  const params = CONTACT_APPLIES_FIELDS.map((f) => `${f} ${APPLIES_PARAM_TYPES[f]}`).join(', ');
  const body = contactAppliesSql(
    Object.fromEntries(CONTACT_APPLIES_FIELDS.map((f) => [f, f])) as Record<
      (typeof CONTACT_APPLIES_FIELDS)[number],
      string
    >,
  );
  return `create or replace function pnc_contact_applies(${params}) returns boolean language sql immutable as $$
  select ${body}
$$`;
}

/** One generated SQL function per rule, by name. */
export function generatePncFunctions(): Record<string, string> {
  // The rule takes the newborn row (migration 0051): the triggers pass it whole, so a marker reading
  // another column changes only this text. The signature of one column per argument goes.
  const params = Object.fromEntries(NEWBORN_MARKER_FIELDS.map((f) => [f, `n.${f}`])) as MarkerColumns;
  return {
    pnc_default_settings: `create or replace function pnc_default_settings() returns jsonb language sql immutable as $$
  select ${sqlLiteral(DEFAULT_PNC_SETTINGS)}::jsonb
$$`,
    pnc_worker_roles: `create or replace function pnc_worker_roles() returns text[] language sql immutable as $$
  select ${sqlLiteral([...PNC_WORKER_ROLES].sort())}::text[]
$$`,
    pnc_newborn_markers: `drop function if exists pnc_newborn_markers(text, text, integer, boolean, boolean, boolean, text);
create or replace function pnc_newborn_markers(n newborns) returns text[] language sql immutable as $$
  select ${newbornMarkersSql(params)}
$$`,
    pnc_newborn_alive: newbornAliveFunction(),
    pnc_sync_subjects: SYNC_SUBJECTS_FUNCTION,
    pnc_newborns_inserted: NEWBORNS_INSERTED_FUNCTION,
    pnc_births_inserted: BIRTHS_INSERTED_FUNCTION,
    pnc_contact_applies: contactAppliesFunction(),
    pnc_contact_anchor: contactAnchorFunction(),
    kmc_follow_up_refresh: kmcFollowUpRefreshFunction(),
  };
}

const RESYNC_BATCH = 5000;

/**
 * Re-derives the follow-up subjects of every birth (their risk markers), in batches by id, after the
 * marker rule changed. The subject triggers keep the worklist counts.
 */
async function resyncAllSubjects(tx: Queryable): Promise<number> {
  let last = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const rows = await tx.query<{ id: string }>('select id from births where id > $1 order by id limit $2', [
      last,
      RESYNC_BATCH,
    ]);
    if (rows.length === 0) return total;
    await tx.query('select pnc_sync_subjects($1::uuid[])', [rows.map((r) => r.id)]);
    last = rows.at(-1)!.id;
    total += rows.length;
  }
}

/**
 * Installs the generated PNC functions whose text changed (post-migrate step, both engines). When the
 * marker rule or the roles change after they were first generated, what was derived with them (every
 * subject's markers, the handover of every commune) is derived again. The first install replaces
 * migration 0020's hand copies, which had the same rules, so nothing is re-derived then.
 */
export async function syncPncSchema(db: Db, log: (line: string) => void = () => {}): Promise<string[]> {
  const installed = await syncGeneratedFunctions(db, 'pnc', generatePncFunctions(), async (tx, name) => {
    if (name === 'pnc_newborn_markers' || name === 'pnc_newborn_alive') {
      const n = await resyncAllSubjects(tx);
      const rule = name === 'pnc_newborn_alive' ? 'babies followed' : 'risk markers';
      log(`pnc: ${rule} changed, ${n} births re-derived`);
    } else if (name === 'kmc_follow_up_refresh') {
      // The weekly rule or its default changed (or first install, migration 0142): every baby in KMC
      // follow-up again.
      await tx.query('select kmc_follow_up_refresh(array(select id from newborns where kmc_follow_up))');
      log('pnc: KMC follow-up weight rule changed, babies in KMC follow-up re-derived');
    } else if (name === 'pnc_worker_roles') {
      // Who covers a commune may have changed: hand every commune's pairs over again.
      await tx.query("select pnc_reassign(array(select id from org_units where kind = 'commune'))");
      log('pnc: roles making postnatal contacts changed, handovers recomputed');
    }
  });
  if (installed.length > 0) log(`pnc: installed ${installed.join(', ')}`);
  return installed;
}
