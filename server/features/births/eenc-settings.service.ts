import type { Principal } from '../../../shared/auth/principal';
import { deliveryFlags, deriveNewborn } from '../../../shared/births/birth-rules';
import { type EencSettings, EencSettingsSchema } from '../../../shared/births/eenc-settings';
import { AppError, versionConflict } from '../../../shared/errors';
import { toPgArrayLiteral } from '../../db/sql-literals';
import type { Queryable } from '../../db/db';
import type { AppDeps } from '../../deps';
import { authorize } from '../../http/access';
import { writeAudit } from '../audit/audit.repo';
import { findOrgUnit } from '../org-units/org-units.repo';
import { getOrgUnit } from '../org-units/org-units.service';
import { derivedColumns, type NewbornRow, toNewborn } from './births.rows';
import { findCountryOf, getCountrySettings, refreshCountryFacilityRollups } from './eenc-settings.repo';

export async function getSettingsForOrgUnit(deps: AppDeps, principal: Principal, orgUnitId: string) {
  const unit = await getOrgUnit(deps.db, orgUnitId);
  const visible = principal.scopes.some((s) => unit.path.startsWith(s.path) || s.path.startsWith(unit.path));
  if (!visible) throw new AppError('out_of_scope', 'errors.outOfScope');
  const country =
    unit.kind === 'country' ? { id: unit.id, name: unit.name } : await findCountryOf(deps.db, unit.path);
  const stored = await getCountrySettings(deps.db, country?.id ?? null);
  return { ...stored, countryId: country?.id ?? null, countryName: country?.name ?? null };
}

const BATCH = 2000;

/**
 * Re-derives the practices and flags of every birth in a country after its thresholds change, so that
 * records and indicators agree with the rules in force. Runs in the caller's transaction, in batches.
 */
export async function recomputeCountry(
  tx: Queryable,
  countryPath: string,
  settings: EencSettings,
): Promise<number> {
  let lastId = '00000000-0000-0000-0000-000000000000';
  let total = 0;
  for (;;) {
    const births = await tx.query<{
      id: string;
      mode: 'spontaneous_vaginal' | 'assisted_vaginal' | 'caesarean';
      gestational_age_weeks: number | null;
      birth_date: string;
      born_at: Date;
      timezone: string;
      uterotonic_given: boolean | null;
      uterotonic_minutes: number | null;
      second_baby_checked: boolean | null;
    }>(
      `select b.id, b.mode, b.gestational_age_weeks, b.birth_date, b.born_at, f.timezone,
              b.uterotonic_given, b.uterotonic_minutes, b.second_baby_checked
         from births b join org_units f on f.id = b.facility_id
        where f.path like $1 || '%' and b.id > $2 order by b.id limit $3`,
      [countryPath, lastId, BATCH],
    );
    if (births.length === 0) return total;
    lastId = births.at(-1)!.id;
    total += births.length;
    const byId = new Map(births.map((b) => [b.id, b]));
    const newborns = await tx.query<NewbornRow>('select * from newborns where birth_id = any($1::uuid[])', [
      births.map((b) => b.id),
    ]);
    const updates = newborns.map((row) => {
      const b = byId.get(row.birth_id)!;
      const { derived: _old, ...n } = toNewborn(row);
      const d = deriveNewborn(n, { mode: b.mode, gestationalAgeWeeks: b.gestational_age_weeks }, settings, {
        date: b.birth_date,
        bornAt: b.born_at,
        timeZone: b.timezone,
      });
      return [row.id, ...derivedColumns(d)];
    });
    const col = (i: number) => updates.map((u) => u[i]);
    await tx.query(
      `update newborns n set weight_band = v.wb, preterm_band = v.pb, kmc_eligible = v.kmc, immediate_drying = v.dry,
              immediate_ssc = v.ssc, ssc_full_no_separation = v.sscf, delayed_cord_clamping = v.dcc,
              early_breastfeeding = v.ebf, bag_mask_within_target = v.bm, flags = v.flags::text[]
         from unnest($1::uuid[], $2::text[], $3::text[], $4::boolean[], $5::boolean[], $6::boolean[], $7::boolean[],
                     $8::boolean[], $9::boolean[], $10::boolean[], $11::text[]) as v(id, wb, pb, kmc, dry, ssc, sscf, dcc, ebf, bm, flags)
        where n.id = v.id`,
      Array.from({ length: 11 }, (_, i) => col(i)),
    );
    const birthFlags = births.map((b) => [
      b.id,
      toPgArrayLiteral(
        deliveryFlags(
          {
            secondBabyChecked: b.second_baby_checked,
            uterotonicGiven: b.uterotonic_given,
            uterotonicMinutes: b.uterotonic_minutes,
          },
          settings,
        ),
      ),
    ]);
    await tx.query(
      'update births b set flags = v.flags::text[] from unnest($1::uuid[], $2::text[]) as v(id, flags) where b.id = v.id',
      [birthFlags.map((x) => x[0]), birthFlags.map((x) => x[1])],
    );
  }
}

/** A national manager (or admin) sets the country's thresholds; existing records are re-derived. */
export async function updateCountrySettings(
  deps: AppDeps,
  principal: Principal,
  countryId: string,
  version: number,
  settings: EencSettings,
) {
  const parsed = EencSettingsSchema.parse(settings);
  return deps.db.transaction(async (tx) => {
    const country = await findOrgUnit(tx, countryId);
    if (country?.kind !== 'country') throw new AppError('not_found', 'errors.notFound');
    authorize(principal, 'config.manage', country.path);
    const current = await getCountrySettings(tx, countryId);
    if (current.version !== version) throw versionConflict(version, current.version);
    const now = deps.clock.now();
    await tx.query(
      `insert into country_settings (country_id, eenc, version, updated_at, updated_by) values ($1, $2::jsonb, 1, $3, $4)
       on conflict (country_id) do update set eenc = excluded.eenc, version = country_settings.version + 1,
         updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
      [countryId, JSON.stringify(parsed), now, principal.userId],
    );
    const recomputed = await recomputeCountry(tx, country.path, parsed);
    if (parsed.implementingStep !== current.settings.implementingStep)
      await refreshCountryFacilityRollups(tx, country.path);
    await writeAudit(tx, {
      actor: principal,
      action: 'update',
      entityType: 'country_settings',
      entityId: countryId,
      orgUnitId: countryId,
      before: current.settings,
      after: parsed,
      details: { recomputedBirths: recomputed },
    });
    return {
      ...(await getCountrySettings(tx, countryId)),
      countryName: country.name,
      recomputedBirths: recomputed,
    };
  });
}
