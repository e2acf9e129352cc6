import type { Config } from './config';
import type { Db } from './db/db';
import type { Clock } from './lib/clock';

/** What services need from the outside world; `buildApp` receives it, tests build their own. */
export type AppDeps = {
  config: Config;
  db: Db;
  clock: Clock;
};
