import { hostname } from 'node:os';
import { systemClock } from '../../lib/clock';
import { runCronJob } from '../../lib/run-cron-job';
import { runOutbox } from '../follow-up/reminder-outbox';
import { createSender } from '../follow-up/reminder-senders';
import { SCREENING_REMINDERS } from './screening-reminders';

/** `npm run screening:sweep`: one run of the screening recall sweep and its reminders (for cron). */
runCronJob((config, db) =>
  runOutbox(
    { db, clock: systemClock, sender: createSender(config), config },
    { owner: `${hostname()}-${process.pid}` },
    [SCREENING_REMINDERS],
  ),
);
