/**
 * `npm run bench:sync` — offline sync against today's API (issue 18), on a fresh database with the demo
 * seeded (PGlite by default, PostgreSQL with DATABASE_URL), through `app.inject` (no network, no browser):
 *   - a push of 500 queued creates in one batch, against the same 500 births sent one by one (POST /api/births);
 *   - a push of 500 queued edits, against the same 500 edits one by one (PUT /api/births/:id);
 *   - a push of 500 postnatal contacts and one of 500 KMC days (`createEach`: one transaction per group of
 *     creates, a savepoint each), against the same push applying each alone and the same records sent
 *     one by one (POST /api/pnc/visits, PUT /api/kmc/episodes/:id/logs/:date); with the transactions
 *     each push committed (distinct `sync_changes.tx` of its records: a count the load does not change);
 *   - the first pull of a facility's working set (every page), and an incremental pull of 100 changes.
 * Targets (issue 18): push of 500 ≤ 5 s; first pull ≤ 10 s; incremental pull of 100 ≤ 1 s.
 * The push of creates is timed twice each way, alternating, against the same push applying each create
 * in its own transaction (`together: false`, the push before creates were grouped), so that both see the
 * same load. `BENCH_DB_PREFIX` names the scratch database on PostgreSQL (`openeenc_test` by default).
 * `BENCH_SYNC_OPS` changes the 500; `BENCH_SYNC_ONLY=records` times only the contacts and KMC days. With `BENCH_SYNC_BROWSER=1` it also measures the first pull into
 * headless Chromium (bench/sync-browser.ts; `npm run build` first) of a working set of
 * `BENCH_SYNC_SET` births (2,000 by default) with newborns, born in the last 40 days (so each has its
 * open postnatal contacts), each with a recorded postnatal contact.
 */
import os from 'node:os';
import { buildBirthRaw, buildNewbornRaw } from '../shared/births/birth-builders';
import { buildKmcStart } from '../shared/kmc/kmc-builders';
import { BirthInputSchema } from '../shared/births/birth.schema';
import { newId } from '../shared/ids';
import { flattenBirth } from '../shared/sync/birth-patch';
import { flattenDoc } from '../shared/sync/flat-record';
import { KMC_LOG_SHAPE, kmcLogId, PNC_VISIT_SHAPE } from '../shared/sync/record-shapes';
import type { PullResponse, SyncOp } from '../shared/sync/sync.schema';
import { PushBodySchema } from '../shared/sync/sync.schema';
import { buildApp } from '../server/app';
import { pushOperations } from '../server/features/sync/sync-push.service';
import { principalOf } from '../server/http/access';
import { loadConfig } from '../server/config';
import { bootstrapAdmin } from '../server/seed/bootstrap';
import { orgUnitIdOf, seedDemo } from '../server/seed/demo';
import { createTestDb } from '../server/test/test-db';
import { firstPullInChromium } from './sync-browser';

const OPS = Number(process.env.BENCH_SYNC_OPS ?? 500);
const BROWSER = process.env.BENCH_SYNC_BROWSER === '1';
const SET = Number(process.env.BENCH_SYNC_SET ?? 2000);
const RECORDS_ONLY = process.env.BENCH_SYNC_ONLY === 'records';
/** KMC days logged per baby in the KMC push (500 days: 10 babies). */
const DAYS_PER_BABY = 50;
const PASSWORD = 'bench-password-123';
const NOW = new Date();
const H01 = orgUnitIdOf('VN-DN-H01');

function births(n: number, tag: string, days = 100, small = false) {
  return Array.from({ length: n }, (_, i) => {
    const newbornId = newId();
    const raw = buildBirthRaw({
      facilityId: H01,
      mother: { recordNumber: `${tag}-${i}` },
      // Spread over the last `days` days (a small baby, for KMC: 34 weeks, 1,800 g).
      delivery: {
        bornAt: new Date(NOW.getTime() - (1 + (i % days)) * 86_400_000).toISOString(),
        ...(small ? { gestationalAgeWeeks: 34 } : {}),
      },
      newborns: [buildNewbornRaw({ id: newbornId, ...(small ? { birthWeightGrams: 1800 } : {}) })],
    });
    return { id: newId(), newbornId, raw, flat: flattenBirth(BirthInputSchema.parse(raw)) };
  });
}

/** Contact c1 of a birth, at the facility when the baby was born (every contact counted from birth opens then). */
const contactAtBirth = (b: ReturnType<typeof births>[0]) => ({
  birthId: b.id,
  contactCode: 'c1',
  visitedAt: b.raw.delivery.bornAt,
  place: 'facility',
  seenBy: 'bench',
  mother: null,
  newborns: [{ newbornId: b.newbornId, weightGrams: 3000, dangerSigns: [] }],
});

async function timed<T>(label: string, fn: () => Promise<T>): Promise<T> {
  const t0 = performance.now();
  const out = await fn();
  console.log(`  ${label}: ${((performance.now() - t0) / 1000).toFixed(2)} s`);
  return out;
}

async function main() {
  const testDb = await createTestDb({ prefix: process.env.BENCH_DB_PREFIX });
  try {
    console.log(
      `Sync benchmark — ${os.cpus().length} × CPU, load ${os.loadavg()[0]!.toFixed(1)}, Node ${process.version}, ${testDb.db.engine}, ${OPS} operations`,
    );
    await bootstrapAdmin(testDb.db, PASSWORD, NOW);
    await seedDemo(testDb.db, PASSWORD, NOW);
    const config = { ...loadConfig({ LOG_LEVEL: 'silent' }), loginIpMaxPerMinute: 100_000 };
    const deps = { config, db: testDb.db, clock: { now: () => new Date() } };
    const app = await buildApp(deps, { logger: false });
    // The same push with each create alone (`together: false`): the "before" of the grouped creates.
    app.post(
      '/bench/push-alone',
      { config: { access: 'authenticated' }, bodyLimit: 6 * 1024 * 1024 },
      async (req) => ({
        results: await pushOperations(deps, principalOf(req), PushBodySchema.parse(req.body).ops, {
          together: false,
        }),
      }),
    );
    await app.ready();
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'midwife.dn', password: PASSWORD },
    });
    const cookie = `openeenc_session=${login.cookies.find((c) => c.name === 'openeenc_session')!.value}`;
    const headers = { cookie, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
    const call = async (method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
      const res = await app.inject({
        method,
        url,
        headers,
        ...(payload ? { payload: payload } : {}),
      });
      if (res.statusCode >= 300)
        throw new Error(`${method} ${url}: ${res.statusCode} ${res.body.slice(0, 200)}`);
      return res;
    };
    const deviceId = newId();
    let seq = 0;
    const op = (
      kind: SyncOp['kind'],
      recordId: string,
      baseVersion: number,
      patch: Record<string, unknown>,
      recordType: SyncOp['recordType'] = 'birth',
    ): SyncOp => ({
      opId: newId(),
      deviceId,
      seq: seq++,
      recordType,
      recordId,
      kind,
      baseVersion,
      patch,
    });
    // Every edit below changes a value (the builder's mother is 27, parity 1): an edit that changes
    // nothing writes nothing, and would not be in the change log.
    const pushAll = async (ops: SyncOp[], url = '/api/sync/push') => {
      for (let i = 0; i < ops.length; i += 500) {
        const res = await call('POST', url, { ops: ops.slice(i, i + 500) });
        const bad = res
          .json<{ results: Array<{ status: string }> }>()
          .results.filter((r) => r.status !== 'applied');
        if (bad.length) throw new Error(`${bad.length} operations not applied`);
      }
    };

    /** Transactions that wrote these records (their change-log rows' top transaction ids). */
    const transactions = async (ids: string[]) =>
      Number(
        (
          await testDb.db.query<{ n: string }>(
            'select count(distinct tx) as n from sync_changes where record_id::text = any($1::text[])',
            [ids],
          )
        )[0]!.n,
      );
    /**
     * Grouped against each alone, alternating twice (both see the same load), then the same records one
     * by one through the API. `make(tag)` builds a fresh set of OPS creates with what they hang on.
     */
    const abRecords = async (
      what: string,
      make: (tag: string) => Promise<{ ops: SyncOp[]; one: () => Promise<void> }>,
    ) => {
      for (const round of [1, 2]) {
        for (const [way, url] of [
          ['each alone (before)', '/bench/push-alone'],
          ['grouped (now)', '/api/sync/push'],
        ] as const) {
          const { ops } = await make(`${what.replace(' ', '')}-${round}-${url.length}`);
          await timed(`push of ${OPS} ${what}, one batch, ${way}, round ${round}`, () => pushAll(ops, url));
          const tx = await transactions(ops.map((o) => o.recordId));
          console.log(`    ${tx} transactions, load ${os.loadavg()[0]!.toFixed(1)}`);
        }
      }
      const { one } = await make(`${what.replace(' ', '')}-api`);
      await timed(`the same ${OPS} ${what} one by one (API)`, one);
      console.log(`    load ${os.loadavg()[0]!.toFixed(1)}`);
    };

    // Postnatal contacts: contact c1 of OPS births of the last 40 days, at the birth facility.
    await abRecords('contacts', async (tag) => {
      const set = births(OPS, tag, 40);
      await pushAll(set.map((b) => op('create', b.id, 0, b.flat)));
      const docs = set.map((b) => ({
        id: newId(),
        doc: contactAtBirth(b),
      }));
      return {
        ops: docs.map((d) => op('create', d.id, 0, flattenDoc(PNC_VISIT_SHAPE, d.doc), 'pnc_visit')),
        one: async () => {
          for (const d of docs) await call('POST', '/api/pnc/visits', { id: d.id, ...d.doc });
        },
      };
    });

    // KMC days: DAYS_PER_BABY days of each of OPS / DAYS_PER_BABY small babies born 60 days ago, started in KMC.
    await abRecords('KMC days', async (tag) => {
      const babies = births(Math.ceil(OPS / DAYS_PER_BABY), tag, 1, true).map((b) => ({
        ...b,
        episodeId: newId(),
      }));
      const bornAt = (b: (typeof babies)[0]) => new Date(b.raw.delivery.bornAt);
      for (const b of babies) {
        b.raw.delivery.bornAt = new Date(NOW.getTime() - 60 * 86_400_000).toISOString();
        await call('POST', '/api/births', { ...b.raw, id: b.id });
        await call('POST', '/api/kmc/episodes', {
          id: b.episodeId,
          newbornId: b.newbornId,
          ...buildKmcStart(new Date(bornAt(b).getTime() + 40 * 60_000).toISOString()),
        });
      }
      const values = {
        sscHours: 12,
        feeding: 'exclusive_breast_milk',
        weightGrams: null,
        lowestTemperatureC: 36.6,
        dangerSigns: ['none'],
      };
      const days = Array.from({ length: OPS }, (_, i) => {
        const b = babies[Math.floor(i / DAYS_PER_BABY)]!;
        // From the second day after the birth on (its local date is then past the KMC start's).
        const date = new Date(bornAt(b).getTime() + (2 + (i % DAYS_PER_BABY)) * 86_400_000)
          .toISOString()
          .slice(0, 10);
        return { episodeId: b.episodeId, date };
      });
      return {
        ops: days.map((d) =>
          op(
            'create',
            kmcLogId(d.episodeId, d.date),
            0,
            flattenDoc(KMC_LOG_SHAPE, { ...d, ...values }),
            'kmc_log',
          ),
        ),
        one: async () => {
          for (const d of days)
            await call('PUT', `/api/kmc/episodes/${d.episodeId}/logs/${d.date}`, {
              version: null,
              ...values,
            });
        },
      };
    });

    if (!RECORDS_ONLY) {
      const batch = births(OPS, 'SYNC');
      const single = births(OPS, 'API');
      const creates = (tag: string) => births(OPS, tag).map((b) => op('create', b.id, 0, b.flat));
      for (const round of [1, 2]) {
        await timed(`push of ${OPS} creates, one batch, each alone (before), round ${round}`, () =>
          pushAll(creates(`ALONE${round}`), '/bench/push-alone'),
        );
        await timed(`push of ${OPS} creates, one batch, grouped (now), round ${round}`, () =>
          pushAll(round === 1 ? batch.map((b) => op('create', b.id, 0, b.flat)) : creates('GROUPED')),
        );
        console.log(`    load ${os.loadavg()[0]!.toFixed(1)}`);
      }
      await timed(`the same ${OPS} creates one by one (POST /api/births)`, async () => {
        for (const b of single) await call('POST', '/api/births', { ...b.raw, id: b.id });
      });
      await timed(`push of ${OPS} edits, one batch`, () =>
        pushAll(batch.map((b, i) => op('update', b.id, 1, { 'mother.age': 40 + (i % 10) }))),
      );
      await timed(`the same ${OPS} edits one by one (PUT /api/births/:id)`, async () => {
        for (const [i, b] of single.entries()) {
          await call('PUT', `/api/births/${b.id}`, {
            ...b.raw,
            mother: { ...b.raw.mother, age: 40 + (i % 10) },
            version: 1,
          });
        }
      });

      let cursor = '';
      const pull = async () => {
        let n = 0;
        let pages = 0;
        for (;;) {
          const page = (
            await call('GET', `/api/sync/pull?limit=500${cursor ? `&cursor=${cursor}` : ''}`)
          ).json<PullResponse>();
          n += page.births.length + page.records.length + page.removed.length;
          pages++;
          cursor = page.cursor;
          if (!page.hasMore) return { n, pages };
        }
      };
      const first = await timed('first pull of the working set (every page)', pull);
      console.log(`    ${first.n} records in ${first.pages} pages`);
      const changed = batch.slice(0, 100);
      await pushAll(changed.map((b) => op('update', b.id, 2, { 'mother.parity': 2 })));
      const next = await timed('incremental pull after 100 changes', pull);
      console.log(`    ${next.n} records in ${next.pages} pages`);
    }
    if (BROWSER && !RECORDS_ONLY) {
      const set = births(SET, 'SET', 40);
      await pushAll(set.map((b) => op('create', b.id, 0, b.flat)));
      // A facility contact of each birth, recorded at the birth (every contact counted from birth opens then).
      const visits = set.map((b) =>
        op('create', newId(), 0, flattenDoc(PNC_VISIT_SHAPE, contactAtBirth(b)), 'pnc_visit'),
      );
      let stored = 0;
      for (let i = 0; i < visits.length; i += 500) {
        const res = await call('POST', '/api/sync/push', { ops: visits.slice(i, i + 500) });
        stored += res
          .json<{ results: Array<{ status: string }> }>()
          .results.filter((r) => r.status === 'applied').length;
      }
      const r = await firstPullInChromium(app, { username: 'midwife.dn', password: PASSWORD });
      console.log(
        `  first pull into headless Chromium: ${r.seconds.toFixed(2)} s (${r.births} births, ${r.records} other records, ${r.pages} pages; ${stored} contacts recorded)`,
      );
    }
    await app.close();
  } finally {
    await testDb.drop();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
