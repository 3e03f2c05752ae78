import type { DayNumber } from './calendar.ts';
import type { PaymentAllocation } from './claim-conventions.ts';
import type { Fen } from './money.ts';
import { accrueFen, type DayCountBasis, type ExactRate } from './rate.ts';

/**
 * The repayment ledger of one loan replayed day by day up to asOf: which instalments fell due,
 * what each payment settled, and the penalty (罚息) and compound (复利) interest that overdue
 * amounts earned meanwhile. Pure bookkeeping; claim-calculation.ts turns the result into lines.
 *
 * Conventions:
 * - Days are counted "start day excluded, end day included" (民法典 第201条 style): an accrual
 *   (a, b] earns b − a days. Penalty on an instalment's principal runs from the day after its due
 *   date; a payment on day p still counts day p at the old balance and lowers it from p + 1.
 *   So an instalment paid on its due date earns no penalty, one paid a day late earns one day.
 * - Payment order, a lender setting (`allocation`):
 *   - 'per_instalment' (default; standard PRC financial-loan practice, what loan contracts
 *     stipulate): oldest instalment first; within an instalment penalty → compound → interest →
 *     principal. Instalments are settled one after another ("vertical").
 *   - 'civil_code_561' (民法典 第561条, 费用 → 利息 → 本金 across the whole debt): first every charge
 *     of every instalment due (oldest instalment first; within it penalty → compound → interest),
 *     only then principal, oldest instalment first. Fees the claim adds (ClaimOptions.feesFen) are
 *     owed as of the claim date and have no place in the replay, so no payment is applied to them.
 * - A payment larger than everything due is held and applied as the next instalments fall due
 *   (interest, then principal, on the due date itself, so they never go overdue), the way a
 *   repayment account is debited on the due date. Scheduled interest is never rebated or recomputed:
 *   if the lender agreed an early settlement, its snapshot schedule says so.
 * - Penalty is charged on overdue principal only; compound on overdue contractual interest only
 *   (not on penalty: courts rarely allow interest on 罚息, and contracts mostly do not ask for it).
 */

/** One accrual segment (a, b] on a constant basis. */
export interface Accrual {
  /** Last day not counted (a). */
  after: DayNumber;
  /** Last day counted (b). */
  through: DayNumber;
  basisFen: Fen;
  amountFen: Fen;
}

export interface InstalmentState {
  period: number;
  /** Interest of the period runs (start, due]. */
  start: DayNumber;
  due: DayNumber;
  scheduledPrincipalFen: Fen;
  scheduledInterestFen: Fen;
  /** Principal outstanding under the schedule when the period began (what its interest ran on). */
  openingBalanceFen: Fen;
  principalPaidFen: Fen;
  interestPaidFen: Fen;
  penaltyPaidFen: Fen;
  compoundPaidFen: Fen;
  penalty: Accrual[];
  compound: Accrual[];
}

export interface LedgerInput {
  instalments: ReadonlyArray<{ period: number; due: DayNumber; principalFen: Fen; interestFen: Fen }>;
  /** Day interest starts (contract start date): the first period runs (start, due₁]. */
  start: DayNumber;
  disbursed: DayNumber;
  principalFen: Fen;
  /** Payments, any order; those after asOf are ignored (not yet made as of that date). */
  payments: ReadonlyArray<{ day: DayNumber; amountFen: Fen }>;
  asOf: DayNumber;
  penaltyRate: ExactRate;
  /** Compound interest on overdue interest at the penalty rate (contract.compoundInterest). */
  compound: boolean;
  dayCountBasis: DayCountBasis;
  /** Payment order (see the module comment); default 'per_instalment'. */
  allocation?: PaymentAllocation;
}

export interface Ledger {
  /** Instalments due on or before asOf, in period order. */
  due: InstalmentState[];
  /** Instalments not yet due at asOf. */
  notDue: InstalmentState[];
  /** Payments received through asOf not yet applied to any instalment (advance payments). */
  creditFen: Fen;
  paymentsFen: Fen;
  /** Principal outstanding at asOf (due or not). */
  principalOutstandingFen: Fen;
  /** Σ principal outstanding × days over (disbursed, asOf]: what the interest cap runs on. */
  principalDays: bigint;
}

/** An open accrual: basis since day `after`; closed into a segment whenever the basis changes. */
interface OpenAccrual {
  after: DayNumber;
  basisFen: Fen;
}

class Replay {
  readonly input: LedgerInput;
  readonly instalments: InstalmentState[];
  readonly openPenalty: (OpenAccrual | null)[];
  readonly openCompound: (OpenAccrual | null)[];
  /** Instalments [settled, dueCount) may still owe something; those before `settled` are done. */
  settled = 0;
  dueCount = 0;
  credit = 0;
  principalOutstanding: Fen;
  principalDays = 0n;
  balanceSince: DayNumber;

  constructor(input: LedgerInput) {
    this.input = input;
    let balance = input.principalFen;
    let start = input.start;
    this.instalments = input.instalments.map((row) => {
      const state: InstalmentState = {
        period: row.period,
        start,
        due: row.due,
        scheduledPrincipalFen: row.principalFen,
        scheduledInterestFen: row.interestFen,
        openingBalanceFen: balance,
        principalPaidFen: 0,
        interestPaidFen: 0,
        penaltyPaidFen: 0,
        compoundPaidFen: 0,
        penalty: [],
        compound: [],
      };
      balance -= row.principalFen;
      start = row.due;
      return state;
    });
    this.openPenalty = this.instalments.map(() => null);
    this.openCompound = this.instalments.map(() => null);
    this.principalOutstanding = input.principalFen;
    this.balanceSince = input.disbursed;
  }

  /** Instalment i falls due on its due date: advance payments settle it first, what is left goes overdue. */
  fallDue(i: number): void {
    const state = this.instalments[i]!;
    this.dueCount = i + 1;
    if (this.credit > 0) {
      const interest = Math.min(this.credit, state.scheduledInterestFen);
      state.interestPaidFen += interest;
      const principal = Math.min(this.credit - interest, state.scheduledPrincipalFen);
      state.principalPaidFen += principal;
      this.credit -= interest + principal;
      this.reducePrincipal(state.due, principal);
    }
    const principalLeft = state.scheduledPrincipalFen - state.principalPaidFen;
    if (principalLeft > 0) this.openPenalty[i] = { after: state.due, basisFen: principalLeft };
    const interestLeft = state.scheduledInterestFen - state.interestPaidFen;
    if (this.input.compound && interestLeft > 0) this.openCompound[i] = { after: state.due, basisFen: interestLeft };
  }

  /** A payment on day `day`: instalments already due, oldest first; the rest is held as credit. */
  pay(day: DayNumber, amountFen: Fen): void {
    let left = amountFen;
    if (this.input.allocation === 'civil_code_561') {
      for (let i = this.settled; i < this.dueCount && left > 0; i++) left = this.settleCharges(i, day, left);
      for (let i = this.settled; i < this.dueCount && left > 0; i++) left = this.settlePrincipal(i, day, left);
    } else {
      for (let i = this.settled; i < this.dueCount && left > 0; i++) left = this.settlePrincipal(i, day, this.settleCharges(i, day, left));
    }
    while (this.settled < this.dueCount && this.isSettled(this.settled)) this.settled++;
    this.credit += left;
  }

  /** The charges of one instalment: penalty → compound → interest. Returns what is left of the payment. */
  settleCharges(i: number, day: DayNumber, amountFen: Fen): Fen {
    const state = this.instalments[i]!;
    let left = amountFen;

    const penaltyOwed = this.accruedTo(state.penalty, this.openPenalty[i] ?? null, day) - state.penaltyPaidFen;
    const penalty = Math.min(left, penaltyOwed);
    state.penaltyPaidFen += penalty;
    left -= penalty;

    const compoundOwed = this.accruedTo(state.compound, this.openCompound[i] ?? null, day) - state.compoundPaidFen;
    const compound = Math.min(left, compoundOwed);
    state.compoundPaidFen += compound;
    left -= compound;

    const interest = Math.min(left, state.scheduledInterestFen - state.interestPaidFen);
    if (interest > 0) {
      state.interestPaidFen += interest;
      left -= interest;
      // Only a contract with a compound clause accrues compound on the interest still unpaid (as in fallDue).
      if (this.input.compound) {
        this.openCompound[i] = this.rebase(state.compound, this.openCompound[i] ?? null, day, state.scheduledInterestFen - state.interestPaidFen);
      }
    }
    return left;
  }

  /** The principal of one instalment. Returns what is left of the payment. */
  settlePrincipal(i: number, day: DayNumber, amountFen: Fen): Fen {
    const state = this.instalments[i]!;
    let left = amountFen;
    const principal = Math.min(left, state.scheduledPrincipalFen - state.principalPaidFen);
    if (principal > 0) {
      state.principalPaidFen += principal;
      left -= principal;
      this.openPenalty[i] = this.rebase(state.penalty, this.openPenalty[i] ?? null, day, state.scheduledPrincipalFen - state.principalPaidFen);
      this.reducePrincipal(day, principal);
    }
    return left;
  }

  isSettled(i: number): boolean {
    const state = this.instalments[i]!;
    return (
      state.principalPaidFen === state.scheduledPrincipalFen &&
      state.interestPaidFen === state.scheduledInterestFen &&
      this.openPenalty[i] === null &&
      this.openCompound[i] === null &&
      state.penaltyPaidFen === sumAmounts(state.penalty) &&
      state.compoundPaidFen === sumAmounts(state.compound)
    );
  }

  /** Accrued so far: closed segments plus the open one through `day`. */
  accruedTo(closed: Accrual[], open: OpenAccrual | null, day: DayNumber): Fen {
    const sofar = sumAmounts(closed);
    return open === null ? sofar : sofar + this.accrue(open.basisFen, day - open.after);
  }

  /** Closes the open segment through `day` and opens one on the new basis (none if it is zero). */
  rebase(closed: Accrual[], open: OpenAccrual | null, day: DayNumber, newBasisFen: Fen): OpenAccrual | null {
    if (open !== null) this.close(closed, open, day);
    return newBasisFen > 0 ? { after: day, basisFen: newBasisFen } : null;
  }

  /** Closes an open accrual through `through`; a segment that rounds to nothing is left out of the 明细. */
  close(closed: Accrual[], open: OpenAccrual, through: DayNumber): void {
    const amountFen = this.accrue(open.basisFen, through - open.after);
    if (amountFen > 0) closed.push({ after: open.after, through, basisFen: open.basisFen, amountFen });
  }

  accrue(basisFen: Fen, days: number): Fen {
    return accrueFen(basisFen, this.input.penaltyRate, days, this.input.dayCountBasis);
  }

  /** Principal repaid on `day` stops counting towards the cap's principal-days after that day. */
  reducePrincipal(day: DayNumber, amountFen: Fen): void {
    if (amountFen <= 0) return;
    const to = Math.max(day, this.balanceSince);
    this.principalDays += BigInt(this.principalOutstanding) * BigInt(to - this.balanceSince);
    this.balanceSince = to;
    this.principalOutstanding -= amountFen;
  }

  run(): Ledger {
    const { asOf } = this.input;
    const payments = this.input.payments.filter((p) => p.day <= asOf);
    if (!isSortedByDay(payments)) payments.sort((a, b) => a.day - b.day);
    let paymentsFen = 0;
    let next = 0;
    for (const payment of payments) {
      // An instalment due on the payment day is due when the payment arrives.
      while (next < this.instalments.length && this.instalments[next]!.due <= payment.day) this.fallDue(next++);
      this.pay(payment.day, payment.amountFen);
      paymentsFen += payment.amountFen;
    }
    while (next < this.instalments.length && this.instalments[next]!.due <= asOf) this.fallDue(next++);
    // Close every open accrual at asOf so that each segment is a printable, fixed line.
    for (let i = this.settled; i < this.dueCount; i++) {
      const state = this.instalments[i]!;
      const penalty = this.openPenalty[i];
      if (penalty) this.close(state.penalty, penalty, asOf);
      const compound = this.openCompound[i];
      if (compound) this.close(state.compound, compound, asOf);
    }
    const principalDays = this.principalDays + BigInt(this.principalOutstanding) * BigInt(Math.max(0, asOf - this.balanceSince));
    return {
      due: this.instalments.slice(0, this.dueCount),
      notDue: this.instalments.slice(this.dueCount),
      creditFen: this.credit,
      paymentsFen,
      principalOutstandingFen: this.principalOutstanding,
      principalDays,
    };
  }
}

export function replayLedger(input: LedgerInput): Ledger {
  return new Replay(input).run();
}

function sumAmounts(accruals: ReadonlyArray<{ amountFen: Fen }>): Fen {
  let sum = 0;
  for (const a of accruals) sum += a.amountFen;
  return sum;
}

function isSortedByDay(rows: ReadonlyArray<{ day: DayNumber }>): boolean {
  for (let i = 1; i < rows.length; i++) if (rows[i]!.day < rows[i - 1]!.day) return false;
  return true;
}
