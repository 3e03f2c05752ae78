import type { Context } from 'hono';
import type { Insertable, Kysely } from 'kysely';
import type { AuditLogTable, Database } from '../db/schema.ts';
import type { Logger } from '../logging/logger.ts';
import type { ApiEnv } from './env.ts';
import { ApiError } from './errors.ts';
import { clientIp } from './middleware/request-context.ts';

/** What was done, as recorded in audit_log.action. */
export type AuditAction =
  | 'case.read'
  | 'document.download'
  | 'packet.download'
  | 'case.escalate'
  | 'case.event'
  | 'case.milestone'
  | 'case.handoff'
  | 'audit.query'
  | 'webhook.received'
  // Token administration by an operator at the CLI (no principal; details.by names the OS user).
  | 'token.create'
  | 'token.list'
  | 'token.revoke';

export interface AuditEntry {
  action: AuditAction;
  /** What was touched, as a path-like name: `case/C-1/document/D-7`, `loan/L-9`. */
  resource: string;
  caseId?: string | null;
  details?: Record<string, unknown>;
}

type AuditRow = Insertable<AuditLogTable> & { at: Date };

/** Who did what, when and from where (peer address, request id). Details hold ids and types, never personal data. */
function auditRow(c: Context<ApiEnv>, entry: AuditEntry): AuditRow {
  const principal = c.get('principal');
  return {
    at: new Date(),
    principal_id: principal?.id ?? null,
    // No principal only on the signed webhook, whose sender is the collections (system) side.
    role: principal?.role ?? 'system',
    action: entry.action,
    case_id: entry.caseId ?? null,
    resource: entry.resource,
    ip: clientIp(c),
    request_id: c.var.requestId,
    details: entry.details === undefined ? null : JSON.stringify(entry.details),
  };
}

/**
 * Records a change (escalation, event, milestone, handoff, webhook) before its response is sent;
 * pass the transaction when the change is made in one, so both commit or neither.
 */
export async function audit(db: Kysely<Database>, c: Context<ApiEnv>, entry: AuditEntry): Promise<void> {
  await db.insertInto('audit_log').values(auditRow(c, entry)).execute();
}

const BATCH_ROWS = 500;
/** How long a row waits for others to share its INSERT: under load, far fewer transactions for PostgreSQL to commit. */
const LINGER_MS = 5;
const RETRY_MIN_MS = 100;
const RETRY_MAX_MS = 5_000;

function auditUnavailable(): ApiError {
  return new ApiError(503, 'audit_unavailable', 'reads are paused until the audit log can be written again', {
    headers: { 'Retry-After': String(Math.ceil(RETRY_MAX_MS / 1000)) },
  });
}

/**
 * Records reads (case files, document and packet downloads, audit queries) behind the response:
 * a read waits for no database write, and the rows of the reads of a few milliseconds go to
 * PostgreSQL together in one INSERT. Each row keeps the time of its read.
 *
 * Nothing is dropped: a failed INSERT is retried, backing off up to 5 s, and `drain` writes what
 * is queued before the service stops. Reads fail closed: once the oldest unwritten row is older
 * than `maxLagMs` (the database is not taking audit rows), `record` refuses the read with 503, so
 * personal data is never shown without its audit row in reach. What a hard crash (kill -9, power
 * loss) can take is the batch in flight: the reads of the last few milliseconds.
 */
export class ReadAuditTrail {
  readonly #db: Kysely<Database>;
  readonly #logger: Logger;
  readonly #maxLagMs: number;
  #queue: AuditRow[] = [];
  /** Rows recorded and rows written since start: a waiter for row n resolves once written ≥ n. */
  #recorded = 0;
  #written = 0;
  #waiters: Array<{ upTo: number; resolve: () => void }> = [];
  #writing: Promise<void> | undefined;

  constructor(db: Kysely<Database>, logger: Logger, options: { maxLagMs: number }) {
    this.#db = db;
    this.#logger = logger;
    this.#maxLagMs = options.maxLagMs;
  }

  /** Queues the read's audit row, or throws 503 when audit rows are not being written. */
  record(c: Context<ApiEnv>, entry: AuditEntry): void {
    if (this.behind()) throw auditUnavailable();
    this.#queue.push(auditRow(c, entry));
    this.#recorded++;
    this.#writing ??= new Promise((resolve) => setTimeout(resolve, LINGER_MS)).then(() => this.#writeQueue());
  }

  /** Resolves once every row recorded before the call is in the database; 503 if that takes longer than `maxLagMs`. */
  async written(): Promise<void> {
    if (!(await this.#writtenWithin(this.#maxLagMs))) throw auditUnavailable();
  }

  /** For shutdown: waits up to `timeoutMs` for the queue to be written; what is left is logged in full, not lost silently. */
  async drain(timeoutMs: number): Promise<void> {
    if (!(await this.#writtenWithin(timeoutMs))) this.#logger.error({ unwritten: this.#queue }, 'audit rows could not be written before shutdown');
  }

  /** How long the oldest unwritten row has waited (0 when every row is written): the audit lag. */
  lagMs(): number {
    const oldest = this.#queue[0];
    return oldest === undefined ? 0 : Date.now() - oldest.at.getTime();
  }

  /** The oldest unwritten row is older than `maxLagMs`: reads are refused (and /readyz says so). */
  behind(): boolean {
    return this.lagMs() > this.#maxLagMs;
  }

  #writtenWithin(timeoutMs: number): Promise<boolean> {
    if (this.#written >= this.#recorded) return Promise.resolve(true);
    const upTo = this.#recorded;
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), timeoutMs);
      this.#waiters.push({ upTo, resolve: () => (clearTimeout(timer), resolve(true)) });
    });
  }

  async #writeQueue(): Promise<void> {
    let retryMs = RETRY_MIN_MS;
    while (this.#queue.length > 0) {
      const batch = this.#queue.slice(0, BATCH_ROWS);
      try {
        await this.#db.insertInto('audit_log').values(batch).execute();
      } catch (error) {
        this.#logger.error({ err: error, rows: this.#queue.length, retryInMs: retryMs }, 'audit rows not written; retrying');
        await new Promise((resolve) => setTimeout(resolve, retryMs));
        retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
        continue;
      }
      retryMs = RETRY_MIN_MS;
      this.#queue = this.#queue.slice(batch.length);
      this.#written += batch.length;
      this.#waiters = this.#waiters.filter((waiter) => (waiter.upTo <= this.#written ? (waiter.resolve(), false) : true));
    }
    this.#writing = undefined;
  }
}
