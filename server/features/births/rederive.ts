import { deliveryFlags, deriveNewborn } from '../../../shared/births/birth-rules';
import type { DeliveryMode } from '../../../shared/births/birth.schema';
import type { EencSettings } from '../../../shared/births/eenc-settings';
import { updateMany } from '../../db/bulk-insert';
import type { Queryable } from '../../db/db';
import { toPgArrayLiteral } from '../../db/sql-literals';
import { derivedColumns, NEWBORN_DERIVED_COLUMNS, type NewbornRow, toNewborn } from './births.rows';

/**
 * Writes what the rules derive (shared/births/birth-rules.ts: the newborns' bands, practices and flags,
 * the delivery's flags) into stored births, from the stored values: after a country's thresholds change,
 * once after an upgrade whose rules are newer than the records' (rederive.service.ts), and for births
 * written by set-based SQL (the synthetic programme), so that no SQL copies the rules.
 */

/** What the rules read of a birth besides its babies, with its facility's time zone and country. */
export type BirthForRules = {
  id: string;
  mode: DeliveryMode;
  gestational_age_weeks: number | null;
  birth_date: string;
  born_at: Date;
  timezone: string;
  country_id: string | null;
  uterotonic_given: boolean | null;
  uterotonic_minutes: number | null;
  second_baby_checked: boolean | null;
};

/** The columns of `BirthForRules`, from `births b` joined to its facility `f`. */
export const BIRTH_FOR_RULES_SQL = `b.id, b.mode, b.gestational_age_weeks, b.birth_date, b.born_at, f.timezone,
  nullif(split_part(f.path, '/', 3), '')::uuid as country_id,
  b.uterotonic_given, b.uterotonic_minutes, b.second_baby_checked`;

const ID = { name: 'id', type: 'uuid' } as const;

/**
 * Derives and stores again the rules' values of these births and their babies, with the settings of
 * each birth's country. Rows whose values did not change are not written.
 */
export async function rederiveBirths(
  tx: Queryable,
  births: readonly BirthForRules[],
  settingsOf: (b: BirthForRules) => EencSettings,
): Promise<void> {
  if (births.length === 0) return;
  const byId = new Map(births.map((b) => [b.id, b]));
  const newborns = await tx.query<NewbornRow>('select * from newborns where birth_id = any($1::uuid[])', [
    births.map((b) => b.id),
  ]);
  const newbornRows = newborns.map((row) => {
    const b = byId.get(row.birth_id)!;
    const { derived: _old, ...n } = toNewborn(row);
    const d = deriveNewborn(
      n,
      { mode: b.mode, gestationalAgeWeeks: b.gestational_age_weeks },
      settingsOf(b),
      { date: b.birth_date, bornAt: b.born_at, timeZone: b.timezone },
    );
    return [row.id, ...derivedColumns(d)];
  });
  await updateMany(tx, 'newborns', ID, NEWBORN_DERIVED_COLUMNS, newbornRows, { onlyChanged: true });
  const birthRows = births.map((b) => [
    b.id,
    toPgArrayLiteral(
      deliveryFlags(
        {
          secondBabyChecked: b.second_baby_checked,
          uterotonicGiven: b.uterotonic_given,
          uterotonicMinutes: b.uterotonic_minutes,
        },
        settingsOf(b),
      ),
    ),
  ]);
  await updateMany(tx, 'births', ID, [{ name: 'flags', type: 'text[]' }], birthRows, { onlyChanged: true });
}
