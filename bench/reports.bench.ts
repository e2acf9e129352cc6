/**
 * `npm run bench:reports` — milliseconds per country report PDF (issue 17, target ≤ 3 s), on PGlite with
 * the demo (its 3,000 births, coaching and KMC). Each country's report is created once (assembled by the
 * indicator engine, timed too); then GET /api/reports/:id/report.pdf is timed `BENCH_REPORT_RUNS` times
 * (default 10) after one warm-up: reading the stored values, rendering the chart (ECharts SSR), drawing
 * it and the tables into the PDF with the embedded font. Then the regional summary's PDF is timed the same
 * way (the summary, the trends, two charts and the comparison tables).
 */
import os from 'node:os';
import { buildApp } from '../server/app';
import { loadConfig } from '../server/config';
import { openPgliteDb } from '../server/db/pglite-db';
import { migrate } from '../server/migrate';
import { bootstrapAdmin } from '../server/seed/bootstrap';
import { orgUnitIdOf, seedDemo } from '../server/seed/demo';
import { DEMO_SEEDERS } from '../server/seed/demo-seeders';

const RUNS = Number(process.env.BENCH_REPORT_RUNS ?? 10);
const NOW = new Date('2026-03-10T08:00:00Z');
const PASSWORD = 'bench-password-123';

async function main() {
  console.log(
    `Report PDF benchmark — ${os.cpus().length} × CPU, Node ${process.version}, load ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  );
  const db = await openPgliteDb();
  await migrate(db);
  await bootstrapAdmin(db, PASSWORD, NOW);
  await seedDemo(db, PASSWORD, NOW, DEMO_SEEDERS);
  const app = await buildApp(
    { config: loadConfig({ LOG_LEVEL: 'silent' }), db, clock: { now: () => NOW } },
    { logger: false },
  );
  await app.ready();
  try {
    for (const [country, username] of [
      ['VN', 'national.vn'],
      ['LA', 'national.la'],
    ] as const) {
      const login = await app.inject({
        method: 'POST',
        url: '/api/auth/login',
        payload: { username, password: PASSWORD },
      });
      const cookie = `openeenc_session=${login.cookies.find((c) => c.name === 'openeenc_session')!.value}`;
      const headers = { cookie, 'x-csrf-token': login.json<{ csrfToken: string }>().csrfToken };
      let t0 = performance.now();
      const created = await app.inject({
        method: 'POST',
        url: '/api/reports',
        headers,
        payload: { countryId: orgUnitIdOf(country), biennium: '2024-2025' },
      });
      if (created.statusCode !== 201 && created.statusCode !== 409) throw new Error(created.body);
      const list = await app.inject({ method: 'GET', url: '/api/reports?biennium=2024-2025', headers });
      const id = list
        .json<{ items: Array<{ id: string; countryId: string }> }>()
        .items.find((r) => r.countryId === orgUnitIdOf(country))!.id;
      const assembleMs = performance.now() - t0;
      const pdf = () => app.inject({ method: 'GET', url: `/api/reports/${id}/report.pdf`, headers });
      await pdf();
      const ms: number[] = [];
      let bytes = 0;
      for (let i = 0; i < RUNS; i++) {
        t0 = performance.now();
        const res = await pdf();
        ms.push(performance.now() - t0);
        if (res.statusCode !== 200) throw new Error(res.body);
        bytes = res.rawPayload.length;
      }
      ms.sort((a, b) => a - b);
      console.log(
        `  ${country}: create (assembly) ${assembleMs.toFixed(0)} ms; PDF median ${ms[Math.floor(ms.length / 2)]!.toFixed(0)} ms, max ${ms.at(-1)!.toFixed(0)} ms over ${RUNS} runs (${(bytes / 1024).toFixed(0)} KiB); target ≤ 3000 ms`,
      );
    }
    // The regional summary's PDF (new in this second slice): read by the region-wide coordinator.
    const adminLogin = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'admin', password: PASSWORD },
    });
    const adminHeaders = {
      cookie: `openeenc_session=${adminLogin.cookies.find((c) => c.name === 'openeenc_session')!.value}`,
    };
    const regional = () =>
      app.inject({
        method: 'GET',
        url: '/api/reports/regional/report.pdf?biennium=2024-2025',
        headers: adminHeaders,
      });
    if ((await regional()).statusCode !== 200) throw new Error('regional PDF refused');
    const rms: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      const t0 = performance.now();
      await regional();
      rms.push(performance.now() - t0);
    }
    rms.sort((a, b) => a - b);
    console.log(
      `  regional PDF: median ${rms[Math.floor(rms.length / 2)]!.toFixed(0)} ms, max ${rms.at(-1)!.toFixed(0)} ms over ${RUNS} runs; target ≤ 3000 ms`,
    );
    console.log(
      `  load average after: ${os
        .loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}`,
    );
  } finally {
    await app.close();
    await db.close();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
