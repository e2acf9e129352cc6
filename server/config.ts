import path from 'node:path';
import { z } from 'zod';

const boolFromEnv = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

/** Every setting the server reads from the environment, parsed once at boot (see `.env.example`). */
const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().default('localhost'),
  DATA_DIR: z.string().default('./data'),
  /** When set, PostgreSQL 15+ instead of the embedded PGlite database. */
  DATABASE_URL: z.string().url().optional(),
  OPENEENC_ADMIN_PASSWORD: z.string().min(10).max(200).optional(),
  /** `demo` seeds the small demo on an empty database; `none` leaves it empty but for the admin. */
  OPENEENC_SEED: z.enum(['demo', 'none']).default('none'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(7 * 24 * 60)
    .default(8 * 60),
  /** Mark cookies `Secure`. Default: on unless the server listens on localhost. */
  COOKIE_SECURE: boolFromEnv.optional(),
  TRUST_PROXY: boolFromEnv.default(false),
  LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
  LOGIN_LOCKOUT_MINUTES: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 60)
    .default(15),
  LOGIN_IP_MAX_PER_MINUTE: z.coerce.number().int().min(1).max(10_000).default(30),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .max(50 * 1024 * 1024)
    .default(1024 * 1024),
  /** PGlite runs inside this process; its buffer pool counts against the server's memory. */
  PGLITE_SHARED_BUFFERS_MB: z.coerce.number().int().min(16).max(4096).default(64),
  WEB_DIST_DIR: z.string().optional(),
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
  loginLockoutMinutes: number;
  loginIpMaxPerMinute: number;
  bodyLimitBytes: number;
  pgliteSharedBuffersMb: number;
  webDistDir: string;
}>;

export class ConfigError extends Error {}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
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
    loginLockoutMinutes: e.LOGIN_LOCKOUT_MINUTES,
    loginIpMaxPerMinute: e.LOGIN_IP_MAX_PER_MINUTE,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    pgliteSharedBuffersMb: e.PGLITE_SHARED_BUFFERS_MB,
    webDistDir: path.resolve(e.WEB_DIST_DIR ?? 'web/dist'),
  });
}
