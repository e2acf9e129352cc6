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
    uterotonic_given: boolean | null;
    uterotonic_minutes: number | null;
    second_baby_checked: boolean | null;
    flags: string[];
  }>(
    `select id, mode, gestational_age_weeks, birth_date, uterotonic_given, uterotonic_minutes, second_baby_checked, flags
       from births where mother_record_number ~ '^G[0-9]+$' order by md5(id::text) limit $1`,
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
        mode: b.mode,
        gestationalAgeWeeks: b.gestational_age_weeks,
        babyCount: 1,
        secondBabyChecked: b.second_baby_checked,
        uterotonicGiven: b.uterotonic_given,
        uterotonicMinutes: b.uterotonic_minutes,
        bornAt: '',
        deviationReasons: {},
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
        b.birth_date,
      );
      const got = { ...derived, flags: sorted(derived.flags) };
      const want = { ...expected, flags: sorted(expected.flags) };
      if (JSON.stringify(got) !== JSON.stringify(want))
        problems.push(`newborn ${row.id}: stored ${JSON.stringify(got)} ≠ rules ${JSON.stringify(want)}`);
    }
  }
  return problems;
}
