import { hostname } from 'node:os';
import { systemClock } from '../../../lib/clock';
import { runCronJob } from '../../../lib/run-cron-job';
import { runReminderJob } from './reminder-job';
import { createSender } from '../../follow-up/reminder-senders';

/** `npm run pnc:reminders`: one run of the reminder job (for cron, when PNC_REMINDER_INTERVAL_SECONDS=0). */
runCronJob((config, db) =>
  runReminderJob(
    { db, clock: systemClock, sender: createSender(config), config },
    { owner: `${hostname()}-${process.pid}` },
  ),
);
