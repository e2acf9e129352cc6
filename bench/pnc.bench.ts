/**
 * `npm run bench:pnc` — the postnatal worklist of a district with about 100,000 open contacts, on
 * PostgreSQL (BENCH_DATABASE_URL, else DATABASE_URL; a scratch database is created and dropped) and on
 * PGlite (in memory). In the same run, two baselines over the same data:
 *   - naive: the same worklist computed straight from births and newborns (no pnc_subjects table);
 *   - computed-with-window: the same, limited to births of the last 121 days (the "schedule computed
 *     from the births" design, tuned), to show why a maintained subjects table was chosen;
 * and the cost of the schedule triggers on bulk inserts (insertBirthRows, batches of 1,000 births).
 * Options: BENCH_ENGINES=postgres,pglite  BENCH_DISTRICT_BIRTHS=16000  BENCH_BACKGROUND_BIRTHS=100000
 */
import os from 'node:os';
import { buildBirth, buildNewbornRaw } from '../shared/births/birth-builders';
import { DEFAULT_EENC_SETTINGS } from '../shared/births/eenc-settings';
import { newId } from '../shared/ids';
import { worklistDay } from '../shared/pnc/pnc-schedule';
import type { Db } from '../server/db/db';
import { migrate } from '../server/migrate';
import { openPgliteDb } from '../server/db/pglite-db';
import { hashPassword } from '../server/features/auth/passwords';
import { insertBirthRows } from '../server/features/births/births.repo';
import { prepareBirth } from '../server/features/births/births.service';
import { queryWorklist } from '../server/features/pnc/pnc-worklist';
import { DEFAULT_PNC_SETTINGS } from '../shared/pnc/pnc-settings';
import { bootstrapAdmin, ROOT_REGION_ID } from '../server/seed/bootstrap';
import { uuidV5 } from '../server/lib/uuid-v5';
import { benchApp, openTempDatabase, percentiles, time, type Timing } from './bench-kit';

const NOW = new Date('2026-11-23T05:00:00Z'); // 12:00 in Viet Nam
const TZ = 'Asia/Ho_Chi_Minh';
const PASSWORD = 'bench-password-123';
const DISTRICT_BIRTHS = Number(process.env.BENCH_DISTRICT_BIRTHS ?? 16_000);
const BACKGROUND_BIRTHS = Number(process.env.BENCH_BACKGROUND_BIRTHS ?? 100_000);
const id = (name: string) => uuidV5(`bench:${name}`);

const f1 = (n: number) => n.toFixed(1);

/**
 * The baseline: the same worklist computed straight from births and newborns by one SQL statement
 * (no pnc_subjects, no pnc_counts), with the same rules; `window` limits it to recent births (the
 * "schedule computed from the births" design, tuned). Returns the counts and the first page.
 */
function computedWorklistSql(window: boolean): string {
  const w = window ? 'and b.birth_date >= ($2::timestamptz)::date - 1' : 'and $2::timestamptz is not null';
  return `
with units as materialized (
  select id, kind from org_units where path like $1 || '%' and kind in ('facility', 'commune')
), reach as materialized (
  select pnc_reached_communes(array(select id from org_units where kind = 'commune')) as id
), subj as materialized (
  select x.*, coalesce(sum(cardinality(x.risk_markers)) filter (where x.kind = 'newborn' and x.alive)
                         over (partition by x.birth_id), 0)::integer as pair_risk
    from (
      select b.id, b.id as birth_id, 'mother'::text as kind, 0 as rank, b.facility_id, b.mother_commune_id as commune_id,
             case when b.mother_commune_id in (select id from reach) then b.mother_commune_id else b.facility_id end as assigned,
             b.born_at, (b.birth_date::timestamp at time zone f.timezone) as day0, true as alive, '{}'::text[] as risk_markers
        from births b join org_units f on f.id = b.facility_id where true ${w}
      union all
      select n.id, b.id, 'newborn', n.birth_order, b.facility_id, b.mother_commune_id,
             case when b.mother_commune_id in (select id from reach) then b.mother_commune_id else b.facility_id end,
             b.born_at, (b.birth_date::timestamp at time zone f.timezone),
             n.discharge_status is distinct from 'died' and n.resuscitation_outcome is distinct from 'died',
             pnc_newborn_markers(n)
        from newborns n join births b on b.id = n.birth_id join org_units f on f.id = b.facility_id
       where n.outcome = 'live_birth' ${w}
    ) x
), e as materialized (
  select * from pnc_schedule_entries where country_id = $6
), rows as materialized (
  select s.id, s.birth_id, s.rank, e.code, d.due_from, d.pair_danger, s.pair_risk,
         case when e.code = any(d.refs) then 0 when d.overdue_at <= $3 then 2 when d.due_from < $4 then 1 else 3 end as sec,
         e.stage = 'commune' and s.assigned is distinct from s.commune_id as orphan
    from subj s
    join e on case when s.kind = 'mother' then e.for_mother
                   else e.for_newborn and (cardinality(e.only_for_markers) = 0 or s.risk_markers && e.only_for_markers
                        or (exists (select 1 from pnc_contacts x where x.subject_id = s.id and cardinality(x.danger_signs) > 0)
                            and 'danger_signs' = any(e.only_for_markers))) end
    cross join lateral (
      select (case when e.due_from_day0 then s.day0 else s.born_at end) + e.due_from_h * interval '1 hour' as due_from,
             (case when e.overdue_day0 then s.day0 else s.born_at end) + e.overdue_h * interval '1 hour' as overdue_at,
             (case when e.expires_day0 then s.day0 else s.born_at end) + e.expires_h * interval '1 hour' as expires_at,
             exists (select 1 from pnc_contacts x where x.subject_id = s.id and x.contact_code = e.code) as done,
             array(select x.contact_code from pnc_contacts x where x.subject_id = s.id and x.referral_status = 'open') as refs,
             exists (select 1 from pnc_contacts x where x.birth_id = s.birth_id and cardinality(x.danger_signs) > 0) as pair_danger,
             exists (select 1 from pnc_contacts x where x.subject_id = s.id and x.referral_outcome = 'died') as deceased
    ) d
   where case when e.stage = 'facility' or s.assigned = s.facility_id and s.assigned is distinct from s.commune_id
              then s.facility_id in (select id from units)
              else s.commune_id in (select id from units) and s.assigned = s.commune_id end
     and (e.code = any(d.refs)
          or (s.alive and not d.deceased and not d.done and d.expires_at > $3 and d.due_from < $5))
)
select (select json_build_object(
          'referral', count(*) filter (where sec = 0),
          'dueToday', count(*) filter (where sec = 1),
          'overdue', count(*) filter (where sec = 2),
          'upcoming', count(*) filter (where sec = 3),
          'notHandedOver', count(*) filter (where orphan and sec > 0)) from rows) as counts,
       (select json_agg(p) from (
          select id as subject_id, code from rows
           order by sec, pair_danger desc, pair_risk desc, due_from, birth_id, rank, code limit 50) p) as items`;
}

async function openEngine(engine: 'postgres' | 'pglite'): Promise<{ db: Db; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const db = await openPgliteDb({ sharedBuffersMb: 256 });
    return { db, drop: () => db.close() };
  }
  return openTempDatabase();
}

/** Org units, users, births (bulk SQL through the triggers) and recorded contacts. */
async function seed(db: Db) {
  await bootstrapAdmin(db, PASSWORD, NOW);
  const units: [string, string, string, string][] = []; // id, code, kind, parent
  units.push([id('VN'), 'B-VN', 'country', ROOT_REGION_ID], [id('P'), 'B-P', 'province', id('VN')]);
  units.push([id('P-H'), 'B-P-H', 'facility', id('P')]);
  for (let d = 0; d <= 10; d++) {
    units.push([id(`D${d}`), `B-D${d}`, 'district', id('P')]);
    for (let c = 0; c < (d === 0 ? 60 : 20); c++)
      units.push([id(`D${d}-C${c}`), `B-D${d}-C${c}`, 'commune', id(`D${d}`)]);
    for (let h = 0; h < (d === 0 ? 2 : 1); h++)
      units.push([id(`D${d}-H${h}`), `B-D${d}-H${h}`, 'facility', id(`D${d}`)]);
  }
  const path = new Map<string, string>([[ROOT_REGION_ID, `/${ROOT_REGION_ID}/`]]);
  for (const [uid, code, kind, parent] of units) {
    const p = `${path.get(parent)!}${uid}/`;
    path.set(uid, p);
    await db.query(
      `insert into org_units (id, code, name, kind, level, parent_id, path, timezone, provides_births, created_at, updated_at)
       values ($1, $2, $2, $3, $4, $5, $6, $7, $8, $9, $9)`,
      [uid, code, kind, p.split('/').length - 2, parent, p, TZ, kind === 'facility', NOW],
    );
  }
  const hash = await hashPassword(PASSWORD);
  const addUser = async (username: string, role: string, scope: string) => {
    const uid = id(`user:${username}`);
    await db.query(
      `insert into users (id, username, display_name, role, locale, password_hash, created_at, updated_at)
       values ($1, $2, $2, $3, 'vi', $4, $5, $5)`,
      [uid, username, role, hash, NOW],
    );
    await db.query('insert into user_scopes (user_id, org_unit_id) values ($1, $2)', [uid, scope]);
  };
  await addUser('bench.district', 'provincial_manager', id('D0'));
  // PNC workers cover 50 of the district's 60 communes: the other 10 stay with the birth facilities.
  for (let c = 0; c < 50; c++) await addUser(`bench.pnc${c}`, 'pnc_worker', id(`D0-C${c}`));

  const districtFacilities = [id('D0-H0'), id('D0-H1'), id('P-H')];
  const d0Communes = Array.from({ length: 60 }, (_, c) => id(`D0-C${c}`));
  // District births: the last 49 days; mothers living in the district's communes (5% without a commune).
  await db.query(
    `insert into births (id, facility_id, born_at, birth_date, mode, baby_count, mother_record_number, mother_commune_id,
                         mother_name, mother_phone, created_at, updated_at)
     select gen_random_uuid(), ($2::uuid[])[1 + (i % 3)], t, (t at time zone '${TZ}')::date, 'spontaneous_vaginal', 1,
            'D-' || i, case when i % 20 = 0 then null else ($3::uuid[])[1 + (i * 7 % 60)] end,
            'Mother ' || i, '0905' || lpad(i::text, 6, '0'), $4, $4
       from (select i, $4::timestamptz - (i::bigint * 49 * 86400 / $1) * interval '1 second' as t
               from generate_series(1, $1::int) as i) s`,
    [DISTRICT_BIRTHS, districtFacilities, d0Communes, NOW],
  );
  // Background: other districts over two years.
  const others = Array.from({ length: 10 }, (_, d) => id(`D${d + 1}-H0`));
  const otherCommunes = Array.from({ length: 200 }, (_, k) => id(`D${1 + Math.floor(k / 20)}-C${k % 20}`));
  for (let done = 0; done < BACKGROUND_BIRTHS; done += 20_000) {
    await db.query(
      `insert into births (id, facility_id, born_at, birth_date, mode, baby_count, mother_record_number, mother_commune_id,
                           created_at, updated_at)
       select gen_random_uuid(), ($2::uuid[])[1 + (i % 10)], t, (t at time zone '${TZ}')::date, 'spontaneous_vaginal', 1,
              'O-' || i, ($3::uuid[])[1 + (i % 200)], $4, $4
         from (select i, $4::timestamptz - ((i::bigint * 7919) % (730 * 86400)) * interval '1 second' as t
                 from generate_series($1::int, $5::int) as i) s`,
      [done + 1, others, otherCommunes, NOW, Math.min(done + 20_000, BACKGROUND_BIRTHS)],
    );
  }
  await db.query(
    `insert into newborns (id, birth_id, birth_order, facility_id, birth_date, sex, birth_weight_grams, outcome,
                           weight_band, preterm_band, kmc_eligible, bag_mask_started_seconds, breathing_at_birth)
     select gen_random_uuid(), b.id, 1, b.facility_id, b.birth_date, 'female', w,
            case when h % 100 = 0 then 'fresh_stillbirth' else 'live_birth' end,
            case when w < 1500 then 'vlbw' when w < 2500 then 'lbw' else 'normal' end, 'term', w < 2000,
            case when h % 33 = 0 then 45 end, case when h % 33 = 0 then false else true end
       from (select b.*, abs(hashtext(b.id::text)) as h,
                    case when abs(hashtext(b.id::text)) % 12 = 0 then 1800 + abs(hashtext(b.id::text)) % 600 else 3100 end as w
               from births b) b`,
  );
  // Recorded contacts in the district: the first-day contact for 60%, contact 2 for 40% of those due.
  await db.query(
    `insert into pnc_visits (id, birth_id, contact_code, visited_at, place, seen_by, created_at, updated_at)
     select gen_random_uuid(), b.id, v.code, b.born_at + v.after, 'home', 'bench', $1, $1
       from births b cross join (values ('c1', interval '10 hours', 60), ('c2', interval '60 hours', 40)) as v(code, after, pct)
      where b.mother_record_number like 'D-%' and b.born_at + v.after < $1 and abs(hashtext(b.id::text || v.code)) % 100 < v.pct`,
    [NOW],
  );
  await db.query(
    `insert into pnc_contacts (id, visit_id, subject_id, birth_id, kind, contact_code, done_at, place, observations, findings,
                               danger_signs, referred, exclusive_bf_yesterday, referral_status, referral_opened_at)
     select gen_random_uuid(), v.id, x.sid, v.birth_id, x.kind, v.contact_code, v.visited_at, 'home', '{}', '[]',
            case when r then array['fast_breathing'] else '{}' end, r, true,
            case when r then 'open' end, case when r then v.visited_at end
       from pnc_visits v
       cross join lateral (select v.birth_id as sid, 'mother' as kind
                           union all
                           select n.id, 'newborn' from newborns n where n.birth_id = v.birth_id and n.outcome = 'live_birth') x
       cross join lateral (select x.kind = 'newborn' and abs(hashtext(v.id::text)) % 200 = 0 as r) y`,
  );
  await db.query(
    `update pnc_subjects s set done_codes = x.codes, open_referral_codes = x.refs, danger_found = x.danger
       from (select subject_id, array_agg(contact_code) as codes,
                    coalesce(array_agg(contact_code) filter (where referral_status = 'open'), '{}') as refs,
                    bool_or(cardinality(danger_signs) > 0) as danger
               from pnc_contacts group by subject_id) x
      where s.id = x.subject_id`,
  );
  await db.query(
    `update pnc_subjects s set pair_danger = true
      where s.birth_id in (select birth_id from pnc_contacts where cardinality(danger_signs) > 0)`,
  );
  await db.query('analyze');
}

async function benchEngine(engine: 'postgres' | 'pglite') {
  const { db, drop } = await openEngine(engine);
  const out: Record<string, unknown> = { engine };
  try {
    const t0 = performance.now();
    await migrate(db);
    await seed(db);
    out.seedSeconds = (performance.now() - t0) / 1000;
    const app = await benchApp(db, NOW);
    const login = async (username: string) => {
      const res = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      });
      const cookie = res.cookies.find((c) => c.name === 'openeenc_session')!;
      return { cookie: `openeenc_session=${cookie.value}` };
    };
    const district = await login('bench.district');
    const worker = await login('bench.pnc3');
    const [{ path }] = (await db.query<{ path: string }>('select path from org_units where id = $1', [
      id('D0'),
    ])) as [{ path: string }];
    const day = worklistDay(NOW, TZ, 7);
    const params = { unit: { id: id('D0'), path }, settings: DEFAULT_PNC_SETTINGS, now: NOW, day, limit: 50 };
    const fast = await queryWorklist(db, params);
    const c = fast.counts;
    out.openContacts = c.dueToday + c.overdue + c.upcoming + c.referral;
    out.counts = c;
    const sqlParams = [
      path,
      new Date(NOW.getTime() - 50 * 86_400_000),
      NOW,
      day.todayEnd,
      day.horizonEnd,
      id('VN'),
    ];
    // The baselines must find exactly the same worklist.
    for (const [name, text] of [
      ['naive', computedWorklistSql(false)],
      ['windowed', computedWorklistSql(true)],
    ] as const) {
      const [row] = await db.query<{ counts: unknown; items: { subject_id: string; code: string }[] }>(
        text,
        sqlParams,
      );
      const same =
        JSON.stringify(row!.counts) === JSON.stringify(c) &&
        JSON.stringify(row!.items.map((i) => `${i.subject_id}:${i.code}`)) ===
          JSON.stringify(fast.rows.slice(0, 50).map((i) => `${i.subject.id}:${i.def.code}`));
      if (!same)
        throw new Error(`${name} baseline disagrees: ${JSON.stringify(row!.counts)} vs ${JSON.stringify(c)}`);
    }
    const get = (who: { cookie: string }, unit: string) => async () => {
      const res = await app.inject({
        method: 'GET',
        url: `/api/pnc/worklist?orgUnit=${unit}`,
        headers: { cookie: who.cookie },
      });
      if (res.statusCode !== 200) throw new Error(`worklist ${res.statusCode} ${res.body}`);
    };
    out.districtHttp = await time(get(district, id('D0')), 5, 50);
    out.districtSql = await time(() => queryWorklist(db, params), 3, 50);
    out.communeHttp = await time(get(worker, id('D0-C3')), 3, 30);
    out.windowedBaseline = await time(
      () => db.query(computedWorklistSql(true), sqlParams),
      1,
      engine === 'pglite' ? 5 : 10,
    );
    out.naiveBaseline = await time(
      () => db.query(computedWorklistSql(false), sqlParams),
      1,
      engine === 'pglite' ? 3 : 5,
    );
    await app.close();

    // Cost of the schedule triggers on the bulk import path: 5 batches of 1,000 births, with and without.
    const batch = (tag: string) => {
      const births: unknown[][] = [];
      const newborns: unknown[][] = [];
      for (let i = 0; i < 1000; i++) {
        const input = buildBirth({
          facilityId: id('D5-H0'),
          mother: { recordNumber: `${tag}-${i}`, communeId: id('D5-C1') },
          delivery: { bornAt: new Date(NOW.getTime() - (i + 24) * 3_600_000).toISOString() },
          newborns: [buildNewbornRaw({ birthWeightGrams: i % 10 === 0 ? 2200 : 3100 })],
        });
        const { prepared } = prepareBirth(input, {
          id: newId(),
          facility: { id: id('D5-H0'), timezone: TZ },
          settings: DEFAULT_EENC_SETTINGS,
          now: NOW,
          actorId: null,
        });
        births.push(prepared!.birthRow);
        newborns.push(...prepared!.newbornRows);
      }
      return { births, newborns };
    };
    const insertRate = async (label: string) => {
      const ms: number[] = [];
      for (let k = 0; k < 6; k++) {
        const { births, newborns } = batch(`${label}${k}`);
        const t1 = performance.now();
        await db.transaction((tx) => insertBirthRows(tx, births, newborns));
        if (k > 0) ms.push(performance.now() - t1); // the first batch warms up
      }
      return {
        msPerBatch: percentiles(ms),
        birthsPerSecond: Math.round(1000 / (ms.reduce((a, b) => a + b, 0) / ms.length / 1000)),
      };
    };
    out.insertWithTriggers = await insertRate('T');
    await db.query('alter table births disable trigger pnc_births_insert');
    await db.query('alter table newborns disable trigger pnc_newborns_insert');
    out.insertWithoutTriggers = await insertRate('N');
    await db.query('alter table births enable trigger pnc_births_insert');
    await db.query('alter table newborns enable trigger pnc_newborns_insert');
    return out;
  } finally {
    await drop();
  }
}

async function main() {
  const engines = (process.env.BENCH_ENGINES ?? 'postgres,pglite').split(',') as ('postgres' | 'pglite')[];
  console.log(
    `PNC worklist benchmark — ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`,
  );
  console.log(
    `district births ${DISTRICT_BIRTHS} (last 49 days), background births ${BACKGROUND_BIRTHS}; now = ${NOW.toISOString()}\n`,
  );
  let failed = false;
  for (const engine of engines) {
    if (engine === 'postgres' && !process.env.BENCH_DATABASE_URL && !process.env.DATABASE_URL) {
      console.warn('PostgreSQL skipped: set BENCH_DATABASE_URL or DATABASE_URL');
      continue;
    }
    const r = (await benchEngine(engine)) as Record<string, unknown> & {
      districtHttp: Timing;
      districtSql: Timing;
      communeHttp: Timing;
      naiveBaseline: Timing;
      windowedBaseline: Timing;
      insertWithTriggers: { birthsPerSecond: number; msPerBatch: Timing };
      insertWithoutTriggers: { birthsPerSecond: number; msPerBatch: Timing };
      openContacts: number;
    };
    console.log(
      `== ${engine} (seeded in ${f1(r.seedSeconds as number)} s): ${r.openContacts} open contacts in the district ${JSON.stringify(r.counts)}`,
    );
    const line = (name: string, s: Timing) =>
      console.log(
        `  ${name.padEnd(44)} p50 ${f1(s.p50).padStart(8)} ms   p95 ${f1(s.p95).padStart(8)} ms   (n=${s.n})`,
      );
    line('district worklist, HTTP (GET /api/pnc/worklist)', r.districtHttp);
    line('district worklist, the SQL statement alone', r.districtSql);
    line('commune worklist of a PNC worker, HTTP', r.communeHttp);
    line('baseline: computed from births, 121-day window', r.windowedBaseline);
    line('baseline: naive, computed from all births', r.naiveBaseline);
    console.log(
      `  ratio naive p95 / worklist SQL p95: ${f1(r.naiveBaseline.p95 / r.districtSql.p95)}×;  windowed / worklist: ${f1(r.windowedBaseline.p95 / r.districtSql.p95)}×`,
    );
    console.log(
      `  bulk insert (insertBirthRows, 1,000 births + babies per batch): ${r.insertWithTriggers.birthsPerSecond} births/s with the schedule triggers, ${r.insertWithoutTriggers.birthsPerSecond} without (p50 ${f1(r.insertWithTriggers.msPerBatch.p50)} vs ${f1(r.insertWithoutTriggers.msPerBatch.p50)} ms per batch)`,
    );
    if (engine === 'postgres') {
      const ok = r.districtHttp.p95 <= 100;
      failed ||= !ok;
      console.log(`  target p95 ≤ 100 ms on PostgreSQL (HTTP): ${ok ? 'met' : 'NOT MET'}`);
    }
    console.log('');
  }
  if (failed) process.exitCode = 1;
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
