import { loadConfig } from '../../config';
import { migrate } from '../../migrate';
import { openDb } from '../../db/open-db';
import { rebuildRollups } from './indicator-schema';

/** `npm run indicators:rebuild`: recomputes every indicator rollup from the records (repair). */
const say = (line: string) => process.stdout.write(`${line}\n`);
const db = await openDb(loadConfig(process.env));
await migrate(db, say);
const t0 = Date.now();
await db.transaction((tx) => rebuildRollups(tx, say, 300));
say(`rollups rebuilt in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
await db.close();
