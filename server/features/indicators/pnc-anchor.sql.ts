import { ANCHOR_INSTANT, CONTACT_ANCHORS, type SubjectInstant } from '../../../shared/pnc/contact-anchor';
import { sqlLiteral } from '../../db/sql-literals';

/** SQL expressions standing for a subject's instants (columns of pnc_subjects). */
export type InstantColumns = Readonly<Record<SubjectInstant, string>>;

/** The instants of the follow-up subject `s`. */
export const SUBJECT_INSTANT_COLUMNS: InstantColumns = {
  born_at: 's.born_at',
  day0: 's.day0',
  kmc_day0: 's.kmc_day0',
};

/**
 * The instant an offset counts from (shared/pnc/contact-anchor.ts `ANCHOR_INSTANT`) as SQL: `anchor` is
 * the entry's anchor (text), `days` whether the offset is in days (the `*_day0` columns of
 * pnc_schedule_entries). Null when the subject has no such instant (not discharged in KMC).
 */
export function anchorSql(
  anchor: string,
  days: string,
  at: InstantColumns = SUBJECT_INSTANT_COLUMNS,
): string {
  const cases = CONTACT_ANCHORS.map((a) => {
    const { days: d, hours: h } = ANCHOR_INSTANT[a];
    const instant = d === h ? at[d] : `case when ${days} then ${at[d]} else ${at[h]} end`;
    return `when ${sqlLiteral(a)} then ${instant}`;
  });
  return `(case ${anchor} ${cases.join(' ')} end)`;
}

/**
 * `pnc_contact_anchor(anchor, days, born_at, day0, kmc_day0)`: the same as a function, for the view
 * pnc_contact_facts (migration 0078 declares it). A plain SQL expression, inlined by the planner.
 */
export function contactAnchorFunction(): string {
  const body = anchorSql('anchor', 'days', { born_at: 'born_at', day0: 'day0', kmc_day0: 'kmc_day0' });
  return `create or replace function pnc_contact_anchor(anchor text, days boolean, born_at timestamptz, day0 timestamptz,
                                              kmc_day0 timestamptz) returns timestamptz language sql immutable as $$
  select ${body}
$$`;
}
