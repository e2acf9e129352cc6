import type { EencSettings } from '../../../shared/births/eenc-settings';
import { localDate } from '../../../shared/births/local-date';
import { kmcRuleSnapshot, needsSpecialCare } from '../../../shared/kmc/kmc-rule';
import type { KmcOutcome, KmcPlace } from '../../../shared/kmc/kmc-values';
import { type BulkColumn, insertMany } from '../../db/bulk-insert';
import type { Db } from '../../db/db';
import { uuidV5 } from '../../lib/uuid-v5';
import { getCountrySettings } from '../births/eenc-settings.repo';

const DAY_MS = 86_400_000;
const MIN_MS = 60_000;

/** A stable number 0–9999 from an id, so the demo is the same at every first start. */
function draw(id: string, salt: string): number {
  let h = 2166136261;
  for (const ch of `${salt}:${id}`) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  return (h >>> 0) % 10_000;
}
const addDays = (date: string, days: number) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

const EPISODE_COLUMNS: BulkColumn[] = [
  { name: 'id', type: 'uuid' },
  { name: 'newborn_id', type: 'uuid' },
  { name: 'facility_id', type: 'uuid' },
  { name: 'started_at', type: 'timestamptz' },
  { name: 'incubator_first', type: 'boolean' },
  { name: 'place', type: 'text' },
  { name: 'provider', type: 'text' },
  { name: 'not_started_reason', type: 'text' },
  { name: 'discharged_on', type: 'date' },
  { name: 'outcome', type: 'text' },
  { name: 'discharge_weight_grams', type: 'integer' },
  { name: 'discharge_checks', type: 'jsonb' },
  { name: 'closed_rule', type: 'jsonb' },
  { name: 'closed_eligible', type: 'boolean' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];
const LOG_COLUMNS: BulkColumn[] = [
  { name: 'episode_id', type: 'uuid' },
  { name: 'log_date', type: 'date' },
  { name: 'ssc_hours', type: 'numeric' },
  { name: 'feeding', type: 'text' },
  { name: 'weight_grams', type: 'integer' },
  { name: 'lowest_temperature_c', type: 'numeric' },
  { name: 'danger_signs', type: 'text[]' },
  { name: 'created_at', type: 'timestamptz' },
  { name: 'updated_at', type: 'timestamptz' },
];
const OUTCOMES: KmcOutcome[] = ['died', 'referred', 'left_against_advice', 'stopped'];

type Baby = {
  id: string;
  facility_id: string;
  facility_path: string;
  timezone: string;
  born_at: Date;
  birth_date: string;
  birth_weight_grams: number | null;
  gestational_age_weeks: number | null;
};

/**
 * Demo KMC (first start of `npm start`): every eligible live-born baby of the current year gets an
 * episode, started more often as the year goes on (about 55 % in January to 90 % in December), and
 * every baby of the last 10 days is in KMC on the ward; some started immediately, some after hours or
 * an incubator; daily logs (some days under 8 hours, weights that dip and then rise) and, once the stay
 * is over, a discharge (mostly in KMC; a few stopped, referred, left or died). Written in bulk; derived
 * from the stored births, so it follows whatever the births seeder made.
 */
const GRADUATED_AFTER_DAYS = 42;

export async function seedKmcDemo(db: Db, now: Date): Promise<void> {
  const year = now.getUTCFullYear();
  const babies = await db.query<Baby>(
    `select n.id, n.facility_id, f.path as facility_path, f.timezone, b.born_at, n.birth_date,
            n.birth_weight_grams, b.gestational_age_weeks
       from newborns n join births b on b.id = n.birth_id join org_units f on f.id = n.facility_id
      where n.outcome = 'live_birth' and n.kmc_eligible and n.birth_date >= $1::date and b.born_at < $2
        and not exists (select 1 from kmc_episodes e where e.newborn_id = n.id)
      order by n.id`,
    [`${year}-01-01`, new Date(now.getTime() - 2 * 3_600_000)],
  );
  const cutoffs = new Map<string, EencSettings>();
  const episodes: unknown[][] = [];
  const logs: unknown[][] = [];
  for (const b of babies) {
    const countryId = b.facility_path.split('/').filter(Boolean)[1] ?? null;
    if (!cutoffs.has(countryId ?? ''))
      cutoffs.set(countryId ?? '', (await getCountrySettings(db, countryId)).settings);
    const rule = cutoffs.get(countryId ?? '')!;
    const r = draw(b.id, 'kmc');
    const month = Number(b.birth_date.slice(5, 7)) - 1;
    const uptake = 55 + (35 * month) / 11;
    const id = uuidV5(`demo:kmc-episode:${b.id}`);
    const special = needsSpecialCare(
      { outcome: 'live_birth', birthWeightGrams: b.birth_weight_grams },
      b.gestational_age_weeks,
      rule,
    );
    const today = localDate(now, b.timezone);
    const created = new Date(b.born_at.getTime() + 2 * 3_600_000);
    // Babies of the last 10 days are all on the ward, in KMC: the demo's ward view is never empty.
    const recentDays = Math.floor((now.getTime() - b.born_at.getTime()) / DAY_MS);
    const recent = recentDays < 10;
    if (!recent && r % 100 >= uptake) {
      // Not started: a reason recorded for half of them, nothing for the rest (still on the list).
      if (r % 2 === 0)
        episodes.push([
          id,
          b.id,
          b.facility_id,
          null,
          null,
          null,
          null,
          special ? 'baby_unstable' : 'mother_unwell',
          null,
          null,
          null,
          null,
          null,
          null,
          created,
          created,
        ]);
      continue;
    }
    const delay = [30, 50, 300][r % 3]!;
    const startedAt = new Date(b.born_at.getTime() + delay * MIN_MS);
    const place: KmcPlace = special ? 'nicu' : r % 4 === 0 ? 'postnatal_ward' : 'kmc_ward';
    const stay = recent ? recentDays + 3 + (r % 5) : 5 + (r % 10);
    const lastDay = addDays(b.birth_date, stay);
    const closed = lastDay < today;
    const w0 = b.birth_weight_grams ?? 1900;
    const weightOn = (d: number) => Math.round(w0 - 20 * Math.min(d, 3) + 25 * Math.max(0, d - 3));
    for (let d = 0; d <= stay && addDays(b.birth_date, d) <= today; d++)
      logs.push([
        id,
        addDays(b.birth_date, d),
        6 + ((r + d * 7) % 15),
        r % 7 === 0 ? 'tube_or_cup' : 'exclusive_breast_milk',
        weightOn(d),
        36 + ((r + d) % 8) / 10,
        '{none}',
        created,
        created,
      ]);
    const outcome = closed ? (r % 20 < OUTCOMES.length ? OUTCOMES[r % 20]! : 'discharged_in_kmc') : null;
    const gained = outcome === 'discharged_in_kmc';
    episodes.push([
      id,
      b.id,
      b.facility_id,
      startedAt,
      r % 3 === 2,
      place,
      r % 10 === 0 ? 'father' : 'mother',
      null,
      closed ? lastDay : null,
      outcome,
      closed ? weightOn(stay) : null,
      closed
        ? JSON.stringify({
            feedsWell: gained,
            weightGain3Days: gained,
            temperatureStable: true,
            caregiverReady: gained,
          })
        : null,
      closed ? JSON.stringify(kmcRuleSnapshot(rule)) : null,
      closed ? true : null,
      created,
      created,
    ]);
  }
  await insertMany(db, 'kmc_episodes', EPISODE_COLUMNS, episodes);
  await insertMany(db, 'kmc_daily_logs', LOG_COLUMNS, logs);
  // Follow-up to graduation: a baby discharged in KMC six weeks ago or more has graduated at 2,500 g;
  // the others are followed on the postnatal worklists (the KMC follow-up contacts).
  const ids = episodes.map((e) => e[0] as string);
  await db.query(
    `update kmc_episodes set graduated_on = discharged_on + ${GRADUATED_AFTER_DAYS}, graduation_weight_grams = 2500
      where id = any($1::uuid[]) and outcome = 'discharged_in_kmc' and discharged_on + ${GRADUATED_AFTER_DAYS} < $2::date`,
    [ids, localDate(now, 'UTC')],
  );
  await db.query(
    `update newborns n set kmc_follow_up = true from kmc_episodes e
      where e.id = any($1::uuid[]) and e.newborn_id = n.id and e.outcome = 'discharged_in_kmc' and e.graduated_on is null`,
    [ids],
  );
  // Each facility giving KMC this year has declared it (facility readiness), on its KMC and postnatal wards;
  // central and provincial hospitals also declare special newborn care, the others do not (so the demo
  // shows both "special care here" and "urgent referral").
  await db.query(
    `insert into kmc_facility_readiness (facility_id, offers_kmc, offered_since, places, provides_special_care,
                                         created_at, updated_at)
     select distinct e.facility_id, true, $2::date, array['kmc_ward', 'postnatal_ward'],
            f.facility_level in ('central', 'provincial'), $3::timestamptz, $3::timestamptz
       from kmc_episodes e join org_units f on f.id = e.facility_id where e.id = any($1::uuid[])
     on conflict (facility_id) do nothing`,
    [ids, `${year}-01-01`, now],
  );
}
