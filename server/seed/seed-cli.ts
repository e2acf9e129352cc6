import { loadConfig } from '../config';
import { migrate } from '../migrate';
import { openDb } from '../db/open-db';
import { systemClock } from '../lib/clock';
import { bootstrapAdmin, randomPassword } from './bootstrap';
import { DEMO_USERS, isDatabaseEmpty, seedDemo } from './demo';
import { DEMO_SEEDERS } from './demo-seeders';
import { generateProgramme, PROGRAMME_SCALE, PROGRAMME_SCREENING_WOMEN } from './programme';
import { addToProgramme, parseProgrammeParts, ProgrammeAddRefused } from './programme-add';

/**
 * `npm run seed -- --scale demo|programme [--births N] [--facilities N] [--countries N] [--screening-women N]`
 * Seeds the database named by DATABASE_URL (PostgreSQL) or DATA_DIR (PGlite).
 * `npm run seed -- --scale programme --add kmc,coaching` adds those parts to a programme generated
 * without them (before they existed), and refuses when they are there; `--rebuild-rollups` rebuilds the
 * rollups that read KMC once at the end instead of recounting each transaction's facilities (faster at scale).
 */
async function main() {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const scale = arg('scale') ?? 'demo';
  const config = loadConfig(process.env);
  const say = (line: string) => process.stdout.write(`${line}\n`);
  const db = await openDb(config);
  await migrate(db, say);
  const boot = await bootstrapAdmin(db, config.adminPassword, systemClock.now());
  if (boot.created && boot.generated) say(`admin password: ${boot.password} (shown once)`);
  if (scale === 'demo') {
    if (!(await isDatabaseEmpty(db))) say('the database is not empty: demo not seeded');
    else {
      const password = config.adminPassword ?? (boot.created ? boot.password : randomPassword());
      await seedDemo(db, password, systemClock.now(), DEMO_SEEDERS);
      if (!config.adminPassword) say(`demo users' password: ${password}`);
      say(`demo seeded (${DEMO_USERS.length} users)`);
    }
  } else if (scale === 'programme' && arg('add') !== undefined) {
    try {
      const parts = parseProgrammeParts(arg('add') ?? '');
      say(`adding ${parts.join(' and ')} to the synthetic programme`);
      say(
        JSON.stringify(
          await addToProgramme(db, parts, {
            log: say,
            rollups: args.includes('--rebuild-rollups') ? 'rebuild' : 'recount',
          }),
        ),
      );
    } catch (err) {
      if (!(err instanceof ProgrammeAddRefused)) throw err;
      say(err.message);
      process.exitCode = 1;
    }
  } else if (scale === 'programme') {
    const facilities = Number(arg('facilities') ?? PROGRAMME_SCALE.facilities);
    const opts = {
      ...PROGRAMME_SCALE,
      // The programme's workers per facility (about 12), as bench:indicators generates a smaller set.
      healthWorkers: Math.round((PROGRAMME_SCALE.healthWorkers * facilities) / PROGRAMME_SCALE.facilities),
      ...(arg('births') ? { births: Number(arg('births')) } : {}),
      ...(arg('facilities') ? { facilities: Number(arg('facilities')) } : {}),
      ...(arg('countries') ? { countries: Number(arg('countries')) } : {}),
      screeningWomen: Number(arg('screening-women') ?? PROGRAMME_SCREENING_WOMEN),
      log: say,
    };
    say(
      `generating the synthetic programme: ${opts.countries} countries, ${opts.facilities} facilities, ${opts.births.toLocaleString('en')} births ${opts.fromYear}–${opts.toYear}, ${opts.screeningWomen.toLocaleString('en')} women for screening`,
    );
    const summary = await generateProgramme(db, opts);
    say(JSON.stringify(summary));
  } else {
    say(`unknown --scale ${scale} (demo or programme)`);
    process.exitCode = 2;
  }
  await db.close();
}

main().catch((err) => {
  process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
