import path from 'node:path';
import { z } from 'zod';
import type { Dhis2Connection } from './features/dhis2/dhis2-client';
import { ABSOLUTE_EARLIEST_BIRTH_DATE, DEFAULT_EARLIEST_BIRTH_DATE } from '../shared/births/birth-rules';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** A whole number setting from `min` to `max`, `fallback` when unset. */
const intFromEnv = (min: number, max: number, fallback: number) =>
  z.coerce.number().int().min(min).max(max).default(fallback);

/** Every setting the server reads from the environment, parsed once at boot (see `.env.example`). */
const EnvSchema = z.object({
  PORT: intFromEnv(0, 65535, 3000),
  HOST: z.string().default('localhost'),
  DATA_DIR: z.string().default('./data'),
  /** When set, PostgreSQL 15+ instead of the embedded PGlite database. */
  DATABASE_URL: z.string().url().optional(),
  OPENEENC_ADMIN_PASSWORD: z.string().min(10).max(200).optional(),
  /** `demo` seeds the small demo on an empty database; `none` leaves it empty but for the admin. */
  OPENEENC_SEED: z.enum(['demo', 'none']).default('none'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: intFromEnv(5, 7 * 24 * 60, 8 * 60),
  /** Mark cookies `Secure`. Default: on unless the server listens on localhost. */
  COOKIE_SECURE: boolFromEnv.optional(),
  TRUST_PROXY: boolFromEnv.default(false),
  /** Wrong passwords for one account, from all addresses together, before the account is locked. */
  LOGIN_MAX_FAILURES: intFromEnv(1, 1000, 20),
  /** Wrong passwords for one account from one address before that address waits between tries. */
  LOGIN_FREE_FAILURES: intFromEnv(1, 100, 3),
  LOGIN_LOCKOUT_MINUTES: intFromEnv(1, 24 * 60, 15),
  LOGIN_IP_MAX_PER_MINUTE: intFromEnv(1, 10_000, 30),
  BODY_LIMIT_BYTES: intFromEnv(1024, 50 * 1024 * 1024, 1024 * 1024),
  /** PGlite runs inside this process; its buffer pool counts against the server's memory. */
  PGLITE_SHARED_BUFFERS_MB: intFromEnv(16, 4096, 64),
  /** How often the server vacuums PGlite's tables that need it (PGlite has no autovacuum); 0 = never. */
  PGLITE_VACUUM_MINUTES: intFromEnv(0, 7 * 24 * 60, 60),
  WEB_DIST_DIR: z.string().optional(),
  /** Postnatal reminders: `file` writes each message to a spool folder, `http` posts to an SMS gateway, `off` keeps them queued. */
  PNC_SMS_SENDER: z.enum(['file', 'http', 'off']).default('file'),
  PNC_SMS_FILE_DIR: z.string().optional(),
  PNC_SMS_HTTP_URL: z.string().url().optional(),
  PNC_SMS_HTTP_TOKEN: z.string().min(8).max(500).optional(),
  PNC_SMS_HTTP_TIMEOUT_MS: intFromEnv(100, 120_000, 10_000),
  /** How often each instance runs the reminder job; 0 = never (run `npm run pnc:reminders` from cron instead). */
  PNC_REMINDER_INTERVAL_SECONDS: intFromEnv(0, 24 * 3600, 300),
  PNC_REMINDER_MAX_ATTEMPTS: intFromEnv(1, 50, 5),
  /** A sync push applies up to this many creates of one record type in one transaction (1: each alone). */
  SYNC_CREATES_PER_TRANSACTION: intFromEnv(1, 500, 100),
  /** A claimed message not marked sent within this time is retried (same idempotency key). */
  PNC_REMINDER_LEASE_SECONDS: intFromEnv(10, 3600, 120),
  /** Births dated before this day are refused (form, API, import); an import may allow older ones. */
  REGISTER_EARLIEST_BIRTH_DATE: z.iso
    .date()
    .refine((d) => d >= ABSOLUTE_EARLIEST_BIRTH_DATE, `must be ${ABSOLUTE_EARLIEST_BIRTH_DATE} or later`)
    .default(DEFAULT_EARLIEST_BIRTH_DATE),
  /** The ministry's DHIS2 that aggregate data is pushed to (docs/dhis2.md); unset = no push, exports only. */
  DHIS2_URL: z.string().url().optional(),
  /** How often each instance looks for a monthly push to send; 0 = never (`npm run dhis2:monthly-push` from cron). */
  DHIS2_PUSH_INTERVAL_MINUTES: intFromEnv(0, 24 * 60, 60),
  /** A DHIS2 personal access token (preferred), or DHIS2_USERNAME and DHIS2_PASSWORD. */
  DHIS2_TOKEN: z.string().min(8).max(500).optional(),
  DHIS2_USERNAME: z.string().min(1).max(200).optional(),
  DHIS2_PASSWORD: z.string().min(1).max(500).optional(),
  DHIS2_TIMEOUT_MS: intFromEnv(100, 600_000, 60_000),
});

export type Config = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  databaseUrl: string | undefined;
  adminPassword: string | undefined;
  seed: 'demo' | 'none';
  logLevel: z.infer<typeof EnvSchema>['LOG_LEVEL'];
  sessionIdleMinutes: number;
  cookieSecure: boolean;
  trustProxy: boolean;
  loginMaxFailures: number;
  loginFreeFailures: number;
  loginLockoutMinutes: number;
  loginIpMaxPerMinute: number;
  bodyLimitBytes: number;
  pgliteSharedBuffersMb: number;
  pgliteVacuumMinutes: number;
  webDistDir: string;
  pncSmsSender: 'file' | 'http' | 'off';
  pncSmsFileDir: string;
  pncSmsHttpUrl: string | undefined;
  pncSmsHttpToken: string | undefined;
  pncSmsHttpTimeoutMs: number;
  pncReminderIntervalSeconds: number;
  pncReminderMaxAttempts: number;
  syncCreatesPerTransaction: number;
  pncReminderLeaseSeconds: number;
  registerEarliestBirthDate: string;
  /** Undefined when DHIS2_URL is not set. */
  dhis2: Dhis2Connection | undefined;
  dhis2PushIntervalMinutes: number;
}>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.PNC_SMS_SENDER === 'http' && (!e.PNC_SMS_HTTP_URL || !e.PNC_SMS_HTTP_TOKEN)) {
    throw new ConfigError(
      'Invalid configuration:\n  PNC_SMS_SENDER=http needs PNC_SMS_HTTP_URL and PNC_SMS_HTTP_TOKEN',
    );
  }
  if (e.DHIS2_URL && !e.DHIS2_TOKEN && !(e.DHIS2_USERNAME && e.DHIS2_PASSWORD)) {
    throw new ConfigError(
      'Invalid configuration:\n  DHIS2_URL needs DHIS2_TOKEN, or DHIS2_USERNAME and DHIS2_PASSWORD',
    );
  }
  const isLocal = ['localhost', '127.0.0.1', '::1'].includes(e.HOST);
  return Object.freeze({
    port: e.PORT,
    host: e.HOST,
    dataDir: path.resolve(e.DATA_DIR),
    databaseUrl: e.DATABASE_URL,
    adminPassword: e.OPENEENC_ADMIN_PASSWORD,
    seed: e.OPENEENC_SEED,
    logLevel: e.LOG_LEVEL,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    cookieSecure: e.COOKIE_SECURE ?? !isLocal,
    trustProxy: e.TRUST_PROXY,
    loginMaxFailures: e.LOGIN_MAX_FAILURES,
    loginFreeFailures: e.LOGIN_FREE_FAILURES,
    loginLockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
    loginIpMaxPerMinute: e.LOGIN_IP_MAX_PER_MINUTE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    pgliteSharedBuffersMb: e.PGLITE_SHARED_BUFFERS_MB,
    pgliteVacuumMinutes: e.PGLITE_VACUUM_MINUTES,
    webDistDir: path.resolve(e.WEB_DIST_DIR ?? 'web/dist'),
    pncSmsSender: e.PNC_SMS_SENDER,
    pncSmsFileDir: path.resolve(e.PNC_SMS_FILE_DIR ?? path.join(e.DATA_DIR, 'sms-outbox')),
    pncSmsHttpUrl: e.PNC_SMS_HTTP_URL,
    pncSmsHttpToken: e.PNC_SMS_HTTP_TOKEN,
    pncSmsHttpTimeoutMs: e.PNC_SMS_HTTP_TIMEOUT_MS,
    pncReminderIntervalSeconds: e.PNC_REMINDER_INTERVAL_SECONDS,
    pncReminderMaxAttempts: e.PNC_REMINDER_MAX_ATTEMPTS,
    syncCreatesPerTransaction: e.SYNC_CREATES_PER_TRANSACTION,
    pncReminderLeaseSeconds: e.PNC_REMINDER_LEASE_SECONDS,
    registerEarliestBirthDate: e.REGISTER_EARLIEST_BIRTH_DATE,
    dhis2: e.DHIS2_URL
      ? {
          url: e.DHIS2_URL,
          token: e.DHIS2_TOKEN,
          username: e.DHIS2_USERNAME,
          password: e.DHIS2_PASSWORD,
          timeoutMs: e.DHIS2_TIMEOUT_MS,
        }
      : undefined,
    dhis2PushIntervalMinutes: e.DHIS2_PUSH_INTERVAL_MINUTES,
  });
}
