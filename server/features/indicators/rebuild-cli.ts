import { loadConfig } from '../../config';
import { migrate } from '../../migrate';
import { openDb } from '../../db/open-db';
import { markRollupsPending, rebuildPendingRollups } from './indicator-schema';
import { findRollup, listRollups } from './indicator-day-rollup';

/**
 * `npm run indicators:rebuild [-- <source>…]`: recomputes the indicator rollups of the registered sources
 * (or the ones named: a source's id, or `<id>_day` for its day rollup) from the records (repair). Online: chunks of facilities in short transactions, a
 * running server answering from the records meanwhile.
 */
const say = (line: string) => process.stdout.write(`${line}\n`);
const names = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const sources = names.length ? names.map((n) => findRollup(n)) : listRollups();
if (sources.some((s) => !s)) {
  say(
    `unknown source; rollups: ${listRollups()
      .map((s) => s.id)
      .join(', ')}`,
  );
  process.exit(2);
}
const chosen = sources.filter((s) => s !== undefined);
const db = await openDb(loadConfig(process.env));
await migrate(db, say);
const t0 = Date.now();
await markRollupsPending(db, chosen);
await rebuildPendingRollups(db, { log: say, sources: chosen, chunk: 50 });
say(`rollups rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
await db.close();
