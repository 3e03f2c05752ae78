import { z } from 'zod';

/**
 * The rules every value from outside meets at every boundary (HTTP JSON bodies and paths, the
 * collections webhook, batch files, the CLI), before anything is stored or started:
 *
 * - ids are plain tokens of one pattern, whoever chose them;
 * - text is well-formed Unicode: no lone UTF-16 surrogates, no NUL, no C0/C1 control characters
 *   but newline and tab (PostgreSQL's json refuses lone surrogates and text refuses NUL, and a
 *   court document has no use for either);
 * - dates are of a sane range: the events of a loan and its case happen from 2000 to 2199, a
 *   borrower was born after 1900 and not in the future, and what already happened (a signature,
 *   a disbursement, a payment, a contact) is not in the future; offsets are within ±14:00.
 */

/** Ids chosen by the callers (lenders, loans, firms) or the service (documents): letters, digits and . _ : - */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]*$/;
export const ID_RULE = 'ids are letters, digits and . _ : - (at most 64), starting with a letter or digit';
export const Id = z.string().min(1).max(64).regex(ID_PATTERN, ID_RULE);
/** A case id is its loan's id and a number (`<loanId>-<n>`), so it may be a little longer than the loan's. */
export const CaseId = z.string().min(1).max(80).regex(ID_PATTERN, ID_RULE);

/** Why a text is not acceptable, or undefined: the one text rule, shared by JSON bodies, the webhook and batch files. */
export function textProblem(value: string): string | undefined {
  if (!value.isWellFormed()) return 'must be well-formed Unicode (a lone UTF-16 surrogate is not a character)';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/.test(value)) return 'must not contain control characters (newline and tab only)';
  return undefined;
}

export const EARLIEST_EVENT_DATE = '2000-01-01';
export const LATEST_DATE = '2199-12-31';
export const EARLIEST_BIRTH_DATE = '1900-01-01';

/** Today in China (the service's calendar), plus a day of slack for a caller a time zone ahead. */
function latestPastDate(): string {
  return new Date(Date.now() + 8 * 3_600_000 + 86_400_000).toISOString().slice(0, 10);
}

/** A calendar date of the loan's or the case's life (a due date, a hearing, a deadline): 2000-01-01 to 2199-12-31. */
export const IsoDate = z.iso
  .date()
  .refine((d) => d >= EARLIEST_EVENT_DATE && d <= LATEST_DATE, `must be a date from ${EARLIEST_EVENT_DATE} to ${LATEST_DATE}`)
  .describe(`ISO date from ${EARLIEST_EVENT_DATE} to ${LATEST_DATE}`);

/** A date of something that already happened (signed, disbursed, paid): from 2000-01-01 and not in the future. */
export const PastDate = z.iso
  .date()
  .refine((d) => d >= EARLIEST_EVENT_DATE, `must be a date from ${EARLIEST_EVENT_DATE}`)
  .refine((d) => d <= latestPastDate(), 'must not be in the future')
  .describe(`ISO date from ${EARLIEST_EVENT_DATE}, not in the future (China time)`);

/** A birth date: from 1900-01-01 and not in the future. */
export const BirthDate = z.iso
  .date()
  .refine((d) => d >= EARLIEST_BIRTH_DATE, `must be a date from ${EARLIEST_BIRTH_DATE}`)
  .refine((d) => d <= latestPastDate(), 'must not be in the future')
  .describe(`ISO date from ${EARLIEST_BIRTH_DATE}, not in the future`);

/** Minutes east of UTC of an ISO instant's offset (0 for Z). */
function offsetMinutes(instant: string): number {
  const m = /([+-])(\d{2}):?(\d{2})$/.exec(instant);
  return m === null ? 0 : (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
}

/** An instant with its offset (`2025-03-01T10:00:00+08:00`): offset within ±14:00, from 2000 to 2199. */
export const IsoInstant = z.iso
  .datetime({ offset: true })
  .refine((t) => Math.abs(offsetMinutes(t)) <= 14 * 60, 'the offset must be within ±14:00')
  .refine((t) => {
    const ms = Date.parse(t);
    return Number.isFinite(ms) && ms >= Date.parse(`${EARLIEST_EVENT_DATE}T00:00:00Z`) && ms <= Date.parse(`${LATEST_DATE}T23:59:59Z`);
  }, `must be an instant from ${EARLIEST_EVENT_DATE} to ${LATEST_DATE}`)
  .describe(`ISO instant with offset (within ±14:00), from ${EARLIEST_EVENT_DATE} to ${LATEST_DATE}`);

/** An instant that already happened (a contact with the borrower): not more than five minutes ahead of this clock. */
export const PastInstant = IsoInstant.refine((t) => Date.parse(t) <= Date.now() + 5 * 60_000, 'must not be in the future').describe(
  `ISO instant with offset (within ±14:00), from ${EARLIEST_EVENT_DATE}, not in the future`,
);

/** Amounts from outside: decimal strings of yuan with exactly two decimals. */
export const YuanAmount = z
  .string()
  .regex(/^(0|[1-9]\d{0,11})\.\d{2}$/, 'amount must be yuan with two decimals, e.g. "50000.00"');

/** The lender's id of a payment: when present, payments are matched by it (payment-reconciliation.ts). */
export const TransactionId = z.string().trim().min(1).max(100);
