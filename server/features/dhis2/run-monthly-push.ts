import { ConfigError } from '../../config';
import { systemClock } from '../../lib/clock';
import { runCronJob } from '../../lib/run-cron-job';
import { runMonthlyPushes } from './dhis2-monthly-push';

/** `npm run dhis2:monthly-push`: one run of the monthly DHIS2 push (for cron, when DHIS2_PUSH_INTERVAL_MINUTES=0). */
runCronJob(
  (config, db) => runMonthlyPushes({ config, db, clock: systemClock }),
  (config) => {
    if (!config.dhis2) throw new ConfigError('DHIS2_URL is not set: there is no DHIS2 to send to.');
  },
);
