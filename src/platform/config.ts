import { resolve } from 'node:path';
import { z } from 'zod';

/**
 * Configuration comes from the environment only (twelve-factor), so the same build runs on a laptop
 * and as N instances in a cluster. Every variable is documented in README.md.
 */
const Env = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(8080),
  HOST: z.string().default('127.0.0.1'),
  HUIWU_DATABASE_URL: z.string().optional(),
  HUIWU_DATA_DIR: z.string().default('./data'),
  HUIWU_REDIS_URL: z.string().optional(),
  HUIWU_REDIS_PREFIX: z.string().regex(/^[\w:.-]{1,64}$/).optional(),
  HUIWU_SECRET: z.string().min(32).optional(),
  HUIWU_PUBLIC_URL: z.string().url().optional(),
  HUIWU_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  HUIWU_SESSION_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  HUIWU_LOGIN_RATE: z.coerce.number().int().min(1).default(10),
  // public writes: cart calls per minute (per address for anonymous and for signed-in/badge callers, per phone)
  // and photo uploads per hour per invitation
  HUIWU_RIDE_RATE: z.coerce.number().int().min(1).default(60),
  HUIWU_RIDE_RATE_PREFERRED: z.coerce.number().int().min(1).default(600),
  HUIWU_RIDE_RATE_PHONE: z.coerce.number().int().min(1).default(6),
  HUIWU_PHOTO_RATE: z.coerce.number().int().min(1).default(20),
  HUIWU_SECURE_COOKIES: z.enum(['auto', 'true', 'false']).default('auto'),
  HUIWU_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  HUIWU_METRICS_TOKEN: z.string().min(16).optional(),
  HUIWU_FILES_DIR: z.string().optional(),
  HUIWU_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(2048).default(50),
  HUIWU_SMTP_URL: z.string().regex(/^smtps?:\/\//).optional(),
  HUIWU_MAIL_FROM: z.string().min(3).optional(),
  HUIWU_FACE_CHECK: z.enum(['on', 'off']).default('on'),
  HUIWU_FACE_KEY: z.string().min(32).optional(),
  HUIWU_SIM_CLOCK_RATE: z.coerce.number().min(1).max(1000).default(1),
  HUIWU_JOB_LOCK_SECONDS: z.coerce.number().int().min(1).max(600).default(30),
});

export type DatabaseTarget =
  | { kind: 'sqlite'; file: string }
  | { kind: 'postgres'; url: string; schema?: string };

export interface Config {
  port: number;
  host: string;
  database: DatabaseTarget;
  dataDir: string;
  redisUrl: string | undefined;
  /** the prefix of this installation's Redis channels, queues and keys (default: derived from the database's installation id) */
  redisPrefix?: string | undefined;
  secret: string | undefined;
  publicUrl: string | undefined;
  logLevel: z.infer<typeof Env>['HUIWU_LOG_LEVEL'];
  sessionDays: number;
  loginRatePerMinute: number;
  /** public writes throttled (src/platform/http/throttle.ts): cart calls a minute, invitation photo uploads an hour */
  publicWriteRates?: { ridesPerAddress: number; ridesPerAddressPreferred: number; ridesPerPhone: number; photosPerInvitation: number };
  secureCookies: 'auto' | 'true' | 'false';
  /** behind a load balancer: take the client address from X-Forwarded-For (rate limits, logs) */
  trustProxy: boolean;
  /** when set, /metrics wants `Authorization: Bearer <token>` */
  metricsToken: string | undefined;
  /** uploaded files (documents); shared storage in a cluster */
  filesDir: string;
  /** the largest upload accepted, in bytes */
  maxUploadBytes: number;
  /** smtp(s)://user:pass@host:port for invitations; without it messages stay in the local outbox */
  smtpUrl?: string | undefined;
  /** the From of outgoing mail */
  mailFrom?: string | undefined;
  /** the face-size check of registration photos (a face detector on the tfjs WASM backend); off where it cannot run */
  faceCheck?: boolean;
  /** seals enrolled face descriptors (AES-256-GCM); without it a key derived from the installation secret does */
  faceKey?: string | undefined;
  /**
   * Simulation servers only: the carts' clock runs this many times faster than real time from the start (1, the
   * default, is the wall clock). Lets `huiwu simulate carts --http` replay an hour of demand in a minute; never for a
   * real event.
   */
  simClockRate?: number;
  /**
   * Cluster jobs (BullMQ): a running job's lock, renewed while its worker lives; after a kill -9 another instance
   * takes the job over within about twice this (the lock lapses, then a stalled-jobs check finds it). Default 30 s.
   */
  jobLockMs?: number;
}

export function databaseTarget(url: string | undefined, dataDir: string): DatabaseTarget {
  if (!url) return { kind: 'sqlite', file: resolve(dataDir, 'huiwu.sqlite') };
  if (/^postgres(ql)?:\/\//.test(url)) return { kind: 'postgres', url };
  if (url.startsWith('sqlite:')) return { kind: 'sqlite', file: resolve(url.slice('sqlite:'.length)) };
  return { kind: 'sqlite', file: url === ':memory:' ? url : resolve(url) };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = Env.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`Invalid configuration ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    database: databaseTarget(e.HUIWU_DATABASE_URL, e.HUIWU_DATA_DIR),
    dataDir: resolve(e.HUIWU_DATA_DIR),
    redisUrl: e.HUIWU_REDIS_URL,
    redisPrefix: e.HUIWU_REDIS_PREFIX,
    secret: e.HUIWU_SECRET,
    publicUrl: e.HUIWU_PUBLIC_URL,
    logLevel: e.HUIWU_LOG_LEVEL,
    sessionDays: e.HUIWU_SESSION_DAYS,
    loginRatePerMinute: e.HUIWU_LOGIN_RATE,
    publicWriteRates: {
      ridesPerAddress: e.HUIWU_RIDE_RATE,
      ridesPerAddressPreferred: e.HUIWU_RIDE_RATE_PREFERRED,
      ridesPerPhone: e.HUIWU_RIDE_RATE_PHONE,
      photosPerInvitation: e.HUIWU_PHOTO_RATE,
    },
    secureCookies: e.HUIWU_SECURE_COOKIES,
    trustProxy: e.HUIWU_TRUST_PROXY === 'true',
    metricsToken: e.HUIWU_METRICS_TOKEN,
    filesDir: e.HUIWU_FILES_DIR ? resolve(e.HUIWU_FILES_DIR) : resolve(e.HUIWU_DATA_DIR, 'files'),
    maxUploadBytes: e.HUIWU_MAX_UPLOAD_MB * 1024 * 1024,
    smtpUrl: e.HUIWU_SMTP_URL,
    mailFrom: e.HUIWU_MAIL_FROM,
    faceCheck: e.HUIWU_FACE_CHECK === 'on',
    faceKey: e.HUIWU_FACE_KEY,
    simClockRate: e.HUIWU_SIM_CLOCK_RATE,
    jobLockMs: e.HUIWU_JOB_LOCK_SECONDS * 1000,
  };
}
