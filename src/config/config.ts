import { isAbsolute, resolve } from 'node:path';
import { availableParallelism } from 'node:os';
import { z } from 'zod';

/**
 * The service's whole configuration, read once from the environment. Every variable has an
 * embedded default so that `npm start` needs none; production sets DATABASE_URL and
 * TEMPORAL_ADDRESS to use existing servers instead of the embedded ones.
 */
const port = z.coerce.number({ error: 'must be a port number (1-65535)' }).int().min(1).max(65535);
const optionalText = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional();

const EnvSchema = z.object({
  PORT: port.default(8080),
  DATA_DIR: z.string().trim().min(1).default('.data'),
  DATABASE_URL: optionalText.pipe(
    z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL').optional(),
  ),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** How long a request waits for a free session of the pool before it is answered 503 with Retry-After. */
  DATABASE_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(120_000).default(5_000),
  /** statement_timeout and idle_in_transaction_session_timeout of every pooled session. */
  DATABASE_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(3_600_000).default(60_000),
  EMBEDDED_POSTGRES_PORT: port.default(54329),
  TEMPORAL_ADDRESS: optionalText.pipe(
    z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. temporal.example.com:7233').optional(),
  ),
  TEMPORAL_NAMESPACE: z.string().trim().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().trim().min(1).default('legal-escalation'),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false').transform((v) => v === 'true'),
  TEMPORAL_TLS_CERT: optionalText,
  TEMPORAL_TLS_KEY: optionalText,
  TEMPORAL_TLS_CA: optionalText,
  TEMPORAL_API_KEY: optionalText,
  /**
   * Case workflows a worker keeps in memory between their tasks. A case waits weeks between steps:
   * evicted, it is replayed from its history at its next step. Bounds the worker's memory whatever
   * the number of open cases.
   */
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(250),
  EMBEDDED_TEMPORAL_PORT: port.default(7233),
  EMBEDDED_TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DOCUMENT_STORE_DIR: optionalText,
  /** `s3://bucket/prefix`: keep documents in S3-compatible object storage instead of DOCUMENT_STORE_DIR. */
  DOCUMENT_STORE_URL: optionalText.pipe(
    z
      .string()
      .regex(
        /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](\/[A-Za-z0-9!_.*'()-]+)*\/?$/,
        'must be s3://bucket or s3://bucket/prefix (bucket: 3-63 lower-case letters, digits, dots, hyphens; prefix: letters, digits, !_.*\'()- and /)',
      )
      .refine((v) => !/\/\.{1,2}(\/|$)/.test(v), 'the prefix may not contain . or .. segments')
      .optional(),
  ),
  S3_ENDPOINT: optionalText.pipe(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' }).optional()),
  S3_REGION: optionalText,
  S3_ACCESS_KEY_ID: optionalText,
  S3_SECRET_ACCESS_KEY: optionalText,
  S3_FORCE_PATH_STYLE: optionalText.pipe(z.enum(['true', 'false']).optional()),
  /** Worker threads that render documents (PDF, DOCX) in a worker process, at a lower CPU priority; unset: one per core. */
  DOCUMENT_RENDER_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  FONT_PATH: z.string().trim().min(1).default('/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'),
  PAYLOAD_ENCRYPTION_KEY: optionalText.pipe(
    z
      .string()
      .refine((v) => Buffer.from(v, 'base64').length === 32, 'must be 32 bytes, base64-encoded (openssl rand -base64 32)')
      .optional(),
  ),
  WEBHOOK_SECRET: optionalText.pipe(
    z.string().regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, 'must be a Standard Webhooks secret: whsec_<base64>').optional(),
  ),
  /**
   * Secrets the collections system may still sign with while it rotates to WEBHOOK_SECRET
   * (comma or space separated); drop them once it has switched.
   */
  WEBHOOK_SECRETS_PREVIOUS: z
    .string()
    .trim()
    .default('')
    .transform((v) => v.split(/[\s,]+/).filter((s) => s !== ''))
    .pipe(z.array(z.string().regex(/^whsec_[A-Za-z0-9+/=]{24,}$/, 'each must be a Standard Webhooks secret: whsec_<base64>'))),
  /** Per-principal request rate of the API (one token bucket in PostgreSQL, shared by every API process): sustained per second, and burst. */
  API_RATE_LIMIT_PER_SECOND: z.coerce.number().positive().max(100_000).default(20),
  API_RATE_LIMIT_BURST: z.coerce.number().int().min(1).max(100_000).default(60),
  /** How far behind the audit rows of reads may fall (database not taking them) before reads are refused with 503. */
  AUDIT_MAX_LAG_MS: z.coerce.number().int().min(50).max(600_000).default(5_000),
  DEFAULT_RESPONSE_DAYS: z.coerce.number().int().min(0).max(90).default(15),
  LIMITATION_WARNING_DAYS: z.coerce.number().int().min(1).max(365).default(90),
  FIRM_SILENCE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * Whether a law firm's webhook URL may point to loopback or private addresses (on-premises firms,
   * the embedded demo, tests). Metadata and link-local addresses are refused whatever it says.
   * Unset: false, except under `start` (the embedded demo), where it is true.
   */
  FIRM_WEBHOOK_ALLOW_PRIVATE: z.enum(['true', 'false']).optional(),
  /** How long a firm notification is retried before it is recorded on the case as undelivered (default 3 days). */
  FIRM_NOTIFICATION_RETRY_SECONDS: z.coerce.number().int().min(1).max(30 * 86_400).default(3 * 86_400),
  /** Bearer token Prometheus scrapes `GET /metrics` with; unset: /metrics is off (404). */
  METRICS_TOKEN: optionalText.pipe(z.string().min(16, 'must be at least 16 characters (openssl rand -hex 32)').optional()),
  /** Port on which a process that runs only the worker (`worker`) serves /metrics (when METRICS_TOKEN is set). */
  WORKER_METRICS_PORT: port.default(9464),
  /** host:port where the Temporal SDK's own worker metrics are served for Prometheus (`start`, `worker`); unset: off. */
  TEMPORAL_METRICS_ADDRESS: optionalText.pipe(
    z.string().regex(/^[^\s:/]+:\d{1,5}$/, 'must be host:port, e.g. 0.0.0.0:9465').optional(),
  ),
  /**
   * Cases an escalation batch has making their first documents at once (each loan's escalation
   * waits until its case has left assembling_evidence); taken by batches started from then on.
   */
  BATCH_CONCURRENCY: z.coerce.number().int().min(1).max(500).default(32),
  /** Scales every workflow timer (1 = real time); tests and demos shorten months to seconds. */
  TIMER_SCALE: z.coerce.number().positive().max(1).default(1),
});

export type Config = ReturnType<typeof toConfig>;
/** Where documents are kept: a folder (embedded default) or an S3-compatible bucket. */
export type DocumentStoreConfig = Config['documents']['store'];

const S3_VARIABLES = ['S3_ENDPOINT', 'S3_REGION', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE'] as const;

/**
 * The document store the environment names. S3 credentials left unset come from the AWS SDK's
 * default chain (AWS_ACCESS_KEY_ID…, AWS_PROFILE, instance or task roles), the region likewise
 * (AWS_REGION); with an S3_ENDPOINT and no region anywhere, `us-east-1`, which S3-compatible
 * servers accept. Path-style addressing is the default with an S3_ENDPOINT (what most
 * S3-compatible servers need), virtual-hosted style without one (AWS).
 */
function documentStoreOf(env: z.infer<typeof EnvSchema>, dataDir: string) {
  if (env.DOCUMENT_STORE_URL === undefined) {
    return { kind: 'fs' as const, dir: env.DOCUMENT_STORE_DIR ?? resolve(dataDir, 'documents') };
  }
  const [, bucket = '', prefix = ''] = /^s3:\/\/([^/]+)\/?(.*)$/.exec(env.DOCUMENT_STORE_URL) ?? [];
  const endpoint = env.S3_ENDPOINT;
  return {
    kind: 's3' as const,
    bucket,
    /** '' or ending in '/': object keys are `<prefix>sha256/ab/cd/<sha256>`. */
    prefix: prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`,
    endpoint,
    region: env.S3_REGION ?? (endpoint !== undefined && !process.env.AWS_REGION ? 'us-east-1' : undefined),
    forcePathStyle: env.S3_FORCE_PATH_STYLE === undefined ? endpoint !== undefined : env.S3_FORCE_PATH_STYLE === 'true',
    credentials:
      env.S3_ACCESS_KEY_ID !== undefined && env.S3_SECRET_ACCESS_KEY !== undefined
        ? { accessKeyId: env.S3_ACCESS_KEY_ID, secretAccessKey: env.S3_SECRET_ACCESS_KEY }
        : undefined,
  };
}

function toConfig(env: z.infer<typeof EnvSchema>) {
  const dataDir = isAbsolute(env.DATA_DIR) ? env.DATA_DIR : resolve(process.cwd(), env.DATA_DIR);
  return {
    port: env.PORT,
    dataDir,
    logLevel: env.LOG_LEVEL,
    database: {
      url: env.DATABASE_URL,
      poolSize: env.DATABASE_POOL_SIZE,
      acquireTimeoutMs: env.DATABASE_ACQUIRE_TIMEOUT_MS,
      statementTimeoutMs: env.DATABASE_STATEMENT_TIMEOUT_MS,
      embeddedPort: env.EMBEDDED_POSTGRES_PORT,
    },
    temporal: {
      address: env.TEMPORAL_ADDRESS,
      namespace: env.TEMPORAL_NAMESPACE,
      taskQueue: env.TEMPORAL_TASK_QUEUE,
      tls: env.TEMPORAL_TLS || env.TEMPORAL_TLS_CERT !== undefined,
      tlsCert: env.TEMPORAL_TLS_CERT,
      tlsKey: env.TEMPORAL_TLS_KEY,
      tlsCa: env.TEMPORAL_TLS_CA,
      apiKey: env.TEMPORAL_API_KEY,
      embeddedPort: env.EMBEDDED_TEMPORAL_PORT,
      embeddedUiPort: env.EMBEDDED_TEMPORAL_UI_PORT,
      cliPath: env.TEMPORAL_CLI,
      maxCachedWorkflows: env.WORKER_MAX_CACHED_WORKFLOWS,
    },
    documents: {
      store: documentStoreOf(env, dataDir),
      fontPath: env.FONT_PATH,
      // A thread per core: they run niced, so requests, the database and Temporal go first.
      renderThreads: env.DOCUMENT_RENDER_THREADS ?? availableParallelism(),
    },
    secrets: {
      payloadKey: env.PAYLOAD_ENCRYPTION_KEY,
      webhookSecret: env.WEBHOOK_SECRET,
      previousWebhookSecrets: env.WEBHOOK_SECRETS_PREVIOUS,
    },
    rateLimit: {
      perSecond: env.API_RATE_LIMIT_PER_SECOND,
      burst: env.API_RATE_LIMIT_BURST,
    },
    audit: {
      maxLagMs: env.AUDIT_MAX_LAG_MS,
    },
    firmWebhooks: {
      allowPrivate: env.FIRM_WEBHOOK_ALLOW_PRIVATE === undefined ? undefined : env.FIRM_WEBHOOK_ALLOW_PRIVATE === 'true',
      retrySeconds: env.FIRM_NOTIFICATION_RETRY_SECONDS,
    },
    metrics: {
      token: env.METRICS_TOKEN,
      workerPort: env.WORKER_METRICS_PORT,
      temporalAddress: env.TEMPORAL_METRICS_ADDRESS,
    },
    batches: {
      concurrency: env.BATCH_CONCURRENCY,
    },
    rules: {
      defaultResponseDays: env.DEFAULT_RESPONSE_DAYS,
      limitationWarningDays: env.LIMITATION_WARNING_DAYS,
      firmSilenceDays: env.FIRM_SILENCE_DAYS,
      timerScale: env.TIMER_SCALE,
    },
  };
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the environment; a bad value throws a ConfigError naming the variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const name = String(issue.path[0]);
      // Secrets and URLs with passwords are named, never echoed: this line ends up in logs.
      const shown = /SECRET|KEY|TOKEN|DATABASE_URL|TLS|S3_ENDPOINT/.test(name) ? '' : `=${JSON.stringify(env[name] ?? '')}`;
      return `${name}${shown}: ${issue.message}`;
    });
    throw new ConfigError(`invalid configuration: ${problems.join('; ')}`);
  }
  if ((parsed.data.TEMPORAL_TLS_CERT === undefined) !== (parsed.data.TEMPORAL_TLS_KEY === undefined)) {
    throw new ConfigError('invalid configuration: TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together');
  }
  if ((parsed.data.S3_ACCESS_KEY_ID === undefined) !== (parsed.data.S3_SECRET_ACCESS_KEY === undefined)) {
    throw new ConfigError('invalid configuration: S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together');
  }
  if (parsed.data.DOCUMENT_STORE_URL !== undefined && parsed.data.DOCUMENT_STORE_DIR !== undefined) {
    throw new ConfigError('invalid configuration: DOCUMENT_STORE_URL and DOCUMENT_STORE_DIR: set one of them (an s3:// store or a folder)');
  }
  const strayS3 = S3_VARIABLES.filter((name) => parsed.data[name] !== undefined);
  if (parsed.data.DOCUMENT_STORE_URL === undefined && strayS3.length > 0) {
    throw new ConfigError(`invalid configuration: ${strayS3.join(', ')} set but DOCUMENT_STORE_URL is not: set DOCUMENT_STORE_URL=s3://bucket/prefix to use S3`);
  }
  return toConfig(parsed.data);
}
