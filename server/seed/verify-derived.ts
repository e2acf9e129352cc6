import { deliveryFlags, deriveNewborn } from '../../shared/births/birth-rules';
import { DEFAULT_EENC_SETTINGS } from '../../shared/births/eenc-settings';
import type { Queryable } from '../db/db';
import { type NewbornRow, toNewborn } from '../features/births/births.rows';

/**
 * Checks generated rows against the rules of shared/births/birth-rules.ts: for a sample of births, the
 * derived practice columns and flags stored by the SQL generator must equal what `deriveNewborn` and
 * `deliveryFlags` compute. Returns the mismatches (empty = consistent).
 */
export async function verifyDerived(q: Queryable, sample = 500): Promise<string[]> {
  const births = await q.query<{
    id: string;
    mode: 'spontaneous_vaginal' | 'assisted_vaginal' | 'caesarean';
    gestational_age_weeks: number | null;
    birth_date: string;
    born_at: Date;
    timezone: string;
    uterotonic_given: boolean | null;
    uterotonic_minutes: number | null;
    second_baby_checked: boolean | null;
    flags: string[];
  }>(
    `select b.id, b.mode, b.gestational_age_weeks, b.birth_date, b.born_at, f.timezone, b.uterotonic_given,
            b.uterotonic_minutes, b.second_baby_checked, b.flags
       from births b join org_units f on f.id = b.facility_id
      where b.mother_record_number ~ '^G[0-9]+$' order by md5(b.id::text) limit $1`,
    [sample],
  );
  const problems: string[] = [];
  const newborns = await q.query<NewbornRow>('select * from newborns where birth_id = any($1::uuid[])', [
    births.map((b) => b.id),
  ]);
  const sorted = (a: readonly string[]) => [...a].sort().join(',');
  for (const b of births) {
    const df = deliveryFlags(
      {
        secondBabyChecked: b.second_baby_checked,
        uterotonicGiven: b.uterotonic_given,
        uterotonicMinutes: b.uterotonic_minutes,
      },
      DEFAULT_EENC_SETTINGS,
    );
    if (sorted(df) !== sorted(b.flags))
      problems.push(`birth ${b.id}: flags ${b.flags.join(',')} ≠ ${df.join(',')}`);
    for (const row of newborns.filter((n) => n.birth_id === b.id)) {
      const { derived, ...input } = toNewborn(row);
      const expected = deriveNewborn(
        input,
        { mode: b.mode, gestationalAgeWeeks: b.gestational_age_weeks },
        DEFAULT_EENC_SETTINGS,
        { date: b.birth_date, bornAt: b.born_at, timeZone: b.timezone },
      );
      const got = { ...derived, flags: sorted(derived.flags) };
      const want = { ...expected, flags: sorted(expected.flags) };
      if (JSON.stringify(got) !== JSON.stringify(want))
        problems.push(`newborn ${row.id}: stored ${JSON.stringify(got)} ≠ rules ${JSON.stringify(want)}`);
    }
  }
  return problems;
}
