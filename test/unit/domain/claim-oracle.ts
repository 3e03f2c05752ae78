/**
 * A second, deliberately naive claim calculation, to check `calculateClaim` against. Written from
 * the domain brief (/work/shared/domain.md §4, §7) and the contract terms, not from the ledger's
 * code: it walks the calendar one day at a time, keeps every amount as a decimal (decimal.js), and
 * applies the stated conventions literally:
 *
 * - Daily rate = yearly rate ÷ day-count basis (360 or 365, the lender's setting), for every
 *   accrual and for the cap alike.
 * - An instalment falls due on its due date; from the next day its unpaid principal bears penalty
 *   at contract rate × (1 + markup), and with a compound clause its unpaid interest bears compound
 *   interest at the same rate. A payment made on day p counts day p at the old balance.
 * - A printed line is a stretch of days on one balance; it is rounded half up to the fen once,
 *   when the balance changes or at the claim date. What is owed of a component on a payment day is
 *   its rounded closed stretches plus the open stretch so far, rounded.
 * - Money arriving before anything is due is held and, on a due date, pays that instalment's
 *   interest and then its principal.
 * - Payment order: per instalment (oldest first; penalty, compound, interest, principal), or
 *   民法典 第561条 (all charges of all due instalments, oldest first, before any principal).
 * - Acceleration at the claim date: the principal not yet due is called; of its interest only the
 *   current period's, accrued since the period began (at the contract rate, at most the scheduled
 *   amount). Held money pays that interest, then that principal.
 * - Cap: Σ over each day after disbursement of the principal outstanding that day × cap rate ÷
 *   basis, rounded down. Loan-life scope: charges already paid use it first; claimed scope: only
 *   what is claimed is measured. Excess comes off penalty, then compound, then fees, then interest.
 * - After the claim date: penalty on the unpaid principal and compound on the unpaid interest, at
 *   the penalty rate but never above the cap rate; once the cap binds, only the cap rate on the
 *   principal.
 */
import { Decimal as DecimalJs } from 'decimal.js';
import type { ClaimOptions } from '../../../src/domain/claim-calculation.ts';
import type { LoanSnapshot } from '../../../src/domain/loan-snapshot.ts';

const Decimal = DecimalJs.clone({ precision: 40, rounding: DecimalJs.ROUND_HALF_UP });
type Decimal = InstanceType<typeof Decimal>;

const ZERO = new Decimal(0);
const DAY_MS = 86_400_000;

/** Days since 1970-01-01, via Date (a different route from the domain's calendar code). */
function day(iso: string): number {
  return Math.round(Date.parse(`${iso}T00:00:00Z`) / DAY_MS);
}
function iso(d: number): string {
  return new Date(d * DAY_MS).toISOString().slice(0, 10);
}
function fen(yuan: string): Decimal {
  return new Decimal(yuan).times(100);
}
/** Half up to the fen; the tiny tail of repeated ÷ 360 sums is cut off first. */
function roundFen(x: Decimal): Decimal {
  return x.toDecimalPlaces(20).toDecimalPlaces(0, Decimal.ROUND_HALF_UP);
}

/** A component accruing on a changing balance: closed stretches (rounded) and the open one. */
class Accrual {
  closed = ZERO;
  open = ZERO;
  paid = ZERO;
  owed(): Decimal {
    return this.closed.plus(roundFen(this.open)).minus(this.paid);
  }
  total(): Decimal {
    return this.closed.plus(roundFen(this.open));
  }
  closeStretch(): void {
    this.closed = this.closed.plus(roundFen(this.open));
    this.open = ZERO;
  }
}

interface Instalment {
  due: number;
  start: number;
  principal: Decimal;
  interest: Decimal;
  principalPaid: Decimal;
  interestPaid: Decimal;
  penalty: Accrual;
  compound: Accrual;
}

export interface OracleResult {
  totals: { principalFen: number; interestFen: number; penaltyFen: number; compoundFen: number; feesFen: number; totalFen: number };
  repaid: { principalFen: number; interestFen: number; penaltyFen: number; compoundFen: number; feesFen: number; unappliedFen: number; totalFen: number };
  cap: { lawfulMaximumFen: number; chargesAccruedFen: number; chargesRepaidFen: number; chargesBeforeCapFen: number; chargesAfterCapFen: number };
  overdueSince: string | null;
  accelerated: boolean;
  dailyPenaltyFen: number;
  dailyCompoundFen: number;
}

export function oracleClaim(loan: LoanSnapshot, asOfIso: string, options: ClaimOptions): OracleResult {
  const c = loan.contract;
  const basis = options.dayCountBasis ?? 360;
  const allocation = options.paymentAllocation ?? 'per_instalment';
  const scope = options.capScope ?? 'loan_life';
  const annual = new Decimal(c.annualRate);
  const penaltyRate = annual.times(new Decimal(1).plus(c.penaltyRateMarkup));
  /** The daily penalty rate, to 40 significant digits (the tail is cut off before any rounding to the fen). */
  const dailyPenaltyRate = penaltyRate.div(basis);
  const capRate = options.cap.rule === 'annual_rate' ? new Decimal(options.cap.rate) : new Decimal(options.cap.multiple).times(options.cap.lpr);
  const asOf = day(asOfIso);
  const disbursed = day(loan.disbursement.date);

  let previousDue = day(c.startDate);
  const instalments: Instalment[] = loan.schedule.map((e) => {
    const row: Instalment = {
      due: day(e.dueDate),
      start: previousDue,
      principal: fen(e.principal),
      interest: fen(e.interest),
      principalPaid: ZERO,
      interestPaid: ZERO,
      penalty: new Accrual(),
      compound: new Accrual(),
    };
    previousDue = row.due;
    return row;
  });
  const payments = loan.payments
    .map((p, order) => ({ day: day(p.paidAt), amount: fen(p.amount), order }))
    .filter((p) => p.day <= asOf)
    .sort((a, b) => a.day - b.day || a.order - b.order);

  let held = ZERO;
  let outstandingPrincipal = fen(c.principal);
  let principalDays = ZERO;
  let received = ZERO;

  const principalLeft = (i: Instalment) => i.principal.minus(i.principalPaid);
  const interestLeft = (i: Instalment) => i.interest.minus(i.interestPaid);
  const payPrincipal = (i: Instalment, money: Decimal): Decimal => {
    const part = Decimal.min(money, principalLeft(i));
    if (part.isZero()) return money;
    i.penalty.closeStretch();
    i.principalPaid = i.principalPaid.plus(part);
    outstandingPrincipal = outstandingPrincipal.minus(part);
    return money.minus(part);
  };
  const payCharges = (i: Instalment, money: Decimal): Decimal => {
    let left = money;
    const penalty = Decimal.min(left, i.penalty.owed());
    i.penalty.paid = i.penalty.paid.plus(penalty);
    left = left.minus(penalty);
    const compound = Decimal.min(left, i.compound.owed());
    i.compound.paid = i.compound.paid.plus(compound);
    left = left.minus(compound);
    const interest = Decimal.min(left, interestLeft(i));
    if (!interest.isZero()) {
      i.compound.closeStretch();
      i.interestPaid = i.interestPaid.plus(interest);
      left = left.minus(interest);
    }
    return left;
  };

  // Money paid on the disbursement day itself (before any day is earned) is held.
  let nextPayment = 0;
  while (nextPayment < payments.length && payments[nextPayment]!.day <= disbursed) {
    held = held.plus(payments[nextPayment]!.amount);
    received = received.plus(payments[nextPayment++]!.amount);
  }
  for (let d = disbursed + 1; d <= asOf; d++) {
    // 1. Day d is earned on the balances as they stood when the day began.
    principalDays = principalDays.plus(outstandingPrincipal);
    for (const i of instalments) {
      if (i.due >= d) break;
      const p = principalLeft(i);
      if (!p.isZero()) i.penalty.open = i.penalty.open.plus(p.times(dailyPenaltyRate));
      if (c.compoundInterest) {
        const interest = interestLeft(i);
        if (!interest.isZero()) i.compound.open = i.compound.open.plus(interest.times(dailyPenaltyRate));
      }
    }
    // 2. Instalments due today take what is held: interest, then principal.
    for (const i of instalments) {
      if (i.due !== d) continue;
      const interest = Decimal.min(held, i.interest);
      i.interestPaid = interest;
      held = held.minus(interest);
      held = payPrincipal(i, held);
    }
    // 3. Today's payments.
    while (nextPayment < payments.length && payments[nextPayment]!.day === d) {
      let money = payments[nextPayment++]!.amount;
      received = received.plus(money);
      const due = instalments.filter((i) => i.due <= d);
      if (allocation === 'civil_code_561') {
        for (const i of due) money = payCharges(i, money);
        for (const i of due) money = payPrincipal(i, money);
      } else {
        for (const i of due) money = payPrincipal(i, payCharges(i, money));
      }
      held = held.plus(money);
    }
  }

  const due = instalments.filter((i) => i.due <= asOf);
  const notDue = instalments.filter((i) => i.due > asOf);
  let principal = ZERO;
  let interest = ZERO;
  let penalty = ZERO;
  let compound = ZERO;
  let repaidPrincipal = ZERO;
  let repaidInterest = ZERO;
  let repaidPenalty = ZERO;
  let repaidCompound = ZERO;
  let accruedCharges = ZERO;
  let overdueSince: string | null = null;
  for (const i of due) {
    principal = principal.plus(principalLeft(i));
    interest = interest.plus(interestLeft(i));
    penalty = penalty.plus(i.penalty.owed());
    compound = compound.plus(i.compound.owed());
    repaidPrincipal = repaidPrincipal.plus(i.principalPaid);
    repaidInterest = repaidInterest.plus(i.interestPaid);
    repaidPenalty = repaidPenalty.plus(i.penalty.paid);
    repaidCompound = repaidCompound.plus(i.compound.paid);
    accruedCharges = accruedCharges.plus(i.interest).plus(i.penalty.total()).plus(i.compound.total());
    if (overdueSince === null && principalLeft(i).plus(interestLeft(i)).gt(0)) overdueSince = iso(i.due + 1);
  }
  let overduePrincipal = principal;
  let overdueInterest = interest;

  const accelerate = options.accelerate ?? c.accelerationClause === true;
  const accelerated = accelerate && notDue.length > 0;
  if (accelerated) {
    const current = notDue[0]!;
    const remaining = notDue.reduce((s, i) => s.plus(i.principal), ZERO);
    const since = Math.min(current.start, asOf);
    const earned = Decimal.min(current.interest, roundFen(remaining.times(annual).times(asOf - since).div(basis)));
    const interestPaid = Decimal.min(held, earned);
    held = held.minus(interestPaid);
    const principalPaid = Decimal.min(held, remaining);
    held = held.minus(principalPaid);
    interest = interest.plus(earned.minus(interestPaid));
    principal = principal.plus(remaining.minus(principalPaid));
    repaidInterest = repaidInterest.plus(interestPaid);
    repaidPrincipal = repaidPrincipal.plus(principalPaid);
    accruedCharges = accruedCharges.plus(earned);
    overduePrincipal = overduePrincipal.plus(remaining.minus(principalPaid));
    overdueInterest = overdueInterest.plus(earned.minus(interestPaid));
  }
  const fees = new Decimal(options.feesFen ?? 0);
  accruedCharges = accruedCharges.plus(fees);

  // The cap.
  const lawfulMaximum = principalDays.times(capRate).div(basis).toDecimalPlaces(20).floor();
  const repaidCharges = repaidInterest.plus(repaidPenalty).plus(repaidCompound);
  const before = interest.plus(penalty).plus(compound).plus(fees);
  const allowed = scope === 'claimed' ? lawfulMaximum : Decimal.max(ZERO, lawfulMaximum.minus(repaidCharges));
  const after = Decimal.min(before, allowed);
  let excess = before.minus(after);
  const cut = (amount: Decimal): Decimal => {
    const c2 = Decimal.min(amount, excess);
    excess = excess.minus(c2);
    return amount.minus(c2);
  };
  penalty = cut(penalty);
  compound = cut(compound);
  const feesClaimed = cut(fees);
  interest = cut(interest);

  // What continues after the claim date.
  const binding = before.gt(after);
  const continuingRate = binding || capRate.lt(penaltyRate) ? capRate : penaltyRate;
  const dailyPenalty = roundFen(overduePrincipal.times(continuingRate).div(basis));
  const dailyCompound = c.compoundInterest && !binding ? roundFen(overdueInterest.times(continuingRate).div(basis)) : ZERO;

  const n = (x: Decimal) => x.toNumber();
  return {
    totals: {
      principalFen: n(principal),
      interestFen: n(interest),
      penaltyFen: n(penalty),
      compoundFen: n(compound),
      feesFen: n(feesClaimed),
      totalFen: n(principal.plus(interest).plus(penalty).plus(compound).plus(feesClaimed)),
    },
    repaid: {
      principalFen: n(repaidPrincipal),
      interestFen: n(repaidInterest),
      penaltyFen: n(repaidPenalty),
      compoundFen: n(repaidCompound),
      feesFen: 0,
      unappliedFen: n(held),
      totalFen: n(received),
    },
    cap: {
      lawfulMaximumFen: n(lawfulMaximum),
      chargesAccruedFen: n(accruedCharges),
      chargesRepaidFen: n(repaidCharges),
      chargesBeforeCapFen: n(before),
      chargesAfterCapFen: n(after),
    },
    overdueSince,
    accelerated,
    dailyPenaltyFen: n(dailyPenalty),
    dailyCompoundFen: n(dailyCompound),
  };
}
