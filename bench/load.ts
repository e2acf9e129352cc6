/**
 * `npm run bench:load` — many clients recording and correcting births at once over HTTP, on PostgreSQL
 * (BENCH_DATABASE_URL, else DATABASE_URL; a scratch database is created and dropped). Each client logs
 * in as a midwife or nurse of one of two hospitals, then until the time is up records a birth (POST) and
 * corrects one of its own earlier births (PUT with the version it last saw). A client edits only its own
 * births, so every answer must be 2xx: a 409 would mean the server lost track of a version, a 5xx a
 * failure (before the fix: deadlocks between concurrent saves). At the end every acknowledged birth is
 * read back from the database: missing births and corrections not found are lost updates.
 * Baseline in the same run: one client alone for BENCH_BASELINE_SECONDS.
 * Options: BENCH_CLIENTS=200  BENCH_SECONDS=60  BENCH_BASELINE_SECONDS=10
 */
import type { AddressInfo } from 'node:net';
import pg from 'pg';
import { buildBirthRaw, buildNewbornRaw } from '../shared/births/birth-builders';
import { newId } from '../shared/ids';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { migrate } from '../server/migrate';
import { openPostgresDb } from '../server/db/postgres-db';
import { systemClock } from '../server/lib/clock';
import { bootstrapAdmin } from '../server/seed/bootstrap';
import { orgUnitIdOf, seedDemo } from '../server/seed/demo';
import { tempDatabaseUrl } from './bench-kit';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 200);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 60);
const BASELINE_SECONDS = Number(process.env.BENCH_BASELINE_SECONDS ?? 10);
const PASSWORD = 'bench-password-123';
const WRITERS = [
  { username: 'midwife.dn', facilityId: orgUnitIdOf('VN-DN-H01') },
  { username: 'nurse.hc', facilityId: orgUnitIdOf('VN-DN-HC-H') },
];
const COMMUNE = orgUnitIdOf('VN-DN-HC-C01');

type Session = { cookie: string; csrf: string; facilityId: string };
type Written = { id: string; version: number; recordNumber: string; body: ReturnType<typeof buildBirthRaw> };
type Tally = {
  create: number[];
  update: number[];
  statuses: Map<number, number>;
  written: Written[];
};

function percentile(ms: number[], q: number): number {
  if (!ms.length) return NaN;
  const s = [...ms].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
}

async function login(base: string, username: string, facilityId: string): Promise<Session> {
  const res = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status}`);
  const cookie = res.headers
    .getSetCookie()
    .find((c) => c.startsWith('openeenc_session='))!
    .split(';')[0]!;
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  return { cookie, csrf: csrfToken, facilityId };
}

async function send(base: string, s: Session, method: string, path: string, body: unknown) {
  const t0 = performance.now();
  const res = await fetch(`${base}${path}`, {
    method,
    headers: { 'content-type': 'application/json', cookie: s.cookie, 'x-csrf-token': s.csrf },
    body: JSON.stringify(body),
  });
  const json = (await res.json()) as { version?: number };
  return { status: res.status, ms: performance.now() - t0, version: json.version };
}

/** Births spread over the first nine months of 2026 and their days, so saves meet in some rollup rows. */
const bornAt = (k: number) =>
  `2026-${String(1 + (k % 9)).padStart(2, '0')}-${String(1 + ((k * 7) % 28)).padStart(2, '0')}T0${k % 10}:15:00+07:00`;

/** One client's loop: record a birth, then correct one of its own births, until the deadline. */
async function runClient(base: string, s: Session, client: number, deadline: number, t: Tally) {
  const mine: Written[] = [];
  const count = (status: number) => t.statuses.set(status, (t.statuses.get(status) ?? 0) + 1);
  for (let i = 0; performance.now() < deadline; i++) {
    const id = newId();
    const recordNumber = `LOAD-${client}-${i}`;
    const body = buildBirthRaw({
      id,
      facilityId: s.facilityId,
      mother: { recordNumber, communeId: COMMUNE },
      delivery: { babyCount: i % 5 === 4 ? 2 : 1, bornAt: bornAt(client + i) },
      // Every fifth delivery is twins: one save then touches the counters of two babies.
      newborns:
        i % 5 === 4
          ? [
              buildNewbornRaw({ birthOrder: 1, birthWeightGrams: 2100 }),
              buildNewbornRaw({ birthOrder: 2, birthWeightGrams: 1900 }),
            ]
          : [buildNewbornRaw({ birthWeightGrams: 1800 + ((client * 7 + i) % 20) * 100 })],
    });
    const created = await send(base, s, 'POST', '/api/births', body);
    count(created.status);
    if (created.status === 201) {
      t.create.push(created.ms);
      const w = { id, version: created.version!, recordNumber, body };
      mine.push(w);
      t.written.push(w);
    }
    const target = mine[(client + i) % mine.length];
    if (!target) continue;
    const corrected = `${target.recordNumber.split('/')[0]}/${i}`;
    const { id: _id, ...rest } = target.body;
    // A correction moves the baby between weight bands (and so between indicator cells), in either
    // direction: concurrent corrections lock the same counter rows from both sides.
    const weight = 1400 + ((client * 13 + i * 7) % 30) * 100;
    const updated = await send(base, s, 'PUT', `/api/births/${target.id}`, {
      ...rest,
      mother: { ...rest.mother, recordNumber: corrected },
      // Every third correction also moves the date to another month (and so other rollup rows).
      delivery: i % 3 === 0 ? { ...rest.delivery, bornAt: bornAt(client + i + 1) } : rest.delivery,
      newborns: rest.newborns.map((n) => ({ ...n, birthWeightGrams: weight })),
      version: target.version,
    });
    count(updated.status);
    if (updated.status === 200) {
      t.update.push(updated.ms);
      target.version = updated.version!;
      target.recordNumber = corrected;
    }
  }
}

async function runPhase(base: string, sessions: Session[], seconds: number): Promise<Tally> {
  const t: Tally = { create: [], update: [], statuses: new Map(), written: [] };
  const deadline = performance.now() + seconds * 1000;
  await Promise.all(sessions.map((s, i) => runClient(base, s, i, deadline, t)));
  return t;
}

async function lostUpdates(url: string, written: Written[]) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const { rows } = await c.query<{ id: string; mother_record_number: string; version: number }>(
    'select id, mother_record_number, version from births where id = any($1::uuid[])',
    [written.map((w) => w.id)],
  );
  await c.end();
  const byId = new Map(rows.map((r) => [r.id, r]));
  let missing = 0;
  let lost = 0;
  for (const w of written) {
    const r = byId.get(w.id);
    if (!r) missing++;
    else if (r.mother_record_number !== w.recordNumber || r.version !== w.version) lost++;
  }
  return { missing, lost };
}

function report(name: string, seconds: number, t: Tally, check: { missing: number; lost: number }) {
  const requests = [...t.statuses.values()].reduce((a, b) => a + b, 0);
  const errors = [...t.statuses].filter(([s]) => s >= 500).reduce((a, [, n]) => a + n, 0);
  const statuses = Object.fromEntries([...t.statuses].sort(([a], [b]) => a - b));
  const f = (n: number) => n.toFixed(1);
  console.log(
    `${name.padEnd(10)} requests ${requests} (${f(requests / seconds)}/s)  5xx ${errors}  statuses ${JSON.stringify(statuses)}`,
  );
  console.log(
    `${''.padEnd(10)} POST p50 ${f(percentile(t.create, 0.5))} p95 ${f(percentile(t.create, 0.95))} ms   PUT p50 ${f(percentile(t.update, 0.5))} p95 ${f(percentile(t.update, 0.95))} ms   missing births ${check.missing}  lost updates ${check.lost}`,
  );
  return { errors, p95: percentile(t.create, 0.95) };
}

async function main() {
  const url = process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error('bench:load runs on PostgreSQL: set BENCH_DATABASE_URL or DATABASE_URL');
  const temp = await tempDatabaseUrl(url);
  const dbUrl = new URL(temp.url);
  // Every client logs in from the loopback address, as a hospital behind one NAT address would.
  const config = loadConfig({
    LOG_LEVEL: 'silent',
    DATABASE_URL: dbUrl.toString(),
    LOGIN_IP_MAX_PER_MINUTE: String(CLIENTS + 10),
  });
  const db = await openPostgresDb(dbUrl.toString());
  try {
    await migrate(db);
    const now = systemClock.now();
    await bootstrapAdmin(db, PASSWORD, now);
    await seedDemo(db, PASSWORD, now);
    const app = await buildApp({ config, db, clock: systemClock }, { logger: false });
    await app.listen({ host: '127.0.0.1', port: 0 });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const sessions: Session[] = [];
    for (let i = 0; i < CLIENTS; i++) {
      const w = WRITERS[i % WRITERS.length]!;
      sessions.push(await login(base, w.username, w.facilityId));
    }
    const deadlocks = async () =>
      Number(
        (
          await db.query<{ deadlocks: string }>(
            'select deadlocks from pg_stat_database where datname = current_database()',
          )
        )[0]!.deadlocks,
      );
    console.log(
      `bench:load on PostgreSQL: ${CLIENTS} clients for ${SECONDS} s, baseline 1 client for ${BASELINE_SECONDS} s`,
    );
    const solo = await runPhase(base, sessions.slice(0, 1), BASELINE_SECONDS);
    const soloReport = report(
      '1 client',
      BASELINE_SECONDS,
      solo,
      await lostUpdates(dbUrl.toString(), solo.written),
    );
    const deadlocksBefore = await deadlocks();
    const load = await runPhase(base, sessions, SECONDS);
    const loadReport = report(
      `${CLIENTS} clients`,
      SECONDS,
      load,
      await lostUpdates(dbUrl.toString(), load.written),
    );
    console.log(
      `deadlocks detected by PostgreSQL during the load: ${(await deadlocks()) - deadlocksBefore}; POST p95 under load / alone: ${(loadReport.p95 / soloReport.p95).toFixed(1)}×`,
    );
    await app.close();
    if (loadReport.errors > 0) process.exitCode = 1;
  } finally {
    await db.close();
    await temp.drop();
  }
}

await main();
