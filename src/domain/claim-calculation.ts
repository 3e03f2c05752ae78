import { dayNumber, isoDate, type DayNumber } from './calendar.ts';
import { applyInterestCap } from './claim-cap.ts';
import { type Accrual, type InstalmentState, replayLedger } from './claim-ledger.ts';
import { type ClaimConventions, claimConventionsOf } from './claim-conventions.ts';
import type { ClaimCalculation, ClaimLine, ClaimTotals, ContinuingInterest } from './claim.ts';
import { capRateOf, type InterestCapRule } from './interest-cap.ts';
import type { LoanSnapshot } from './loan-snapshot.ts';
import { amountInWords, type Fen, parseYuan } from './money.ts';
import { accrueFen, type DayCountBasis, type ExactRate, formatRate, parseRate, penaltyRateOf } from './rate.ts';

/** How to calculate: the lender's cap and conventions (claim-conventions.ts; defaults where left out). */
export interface ClaimOptions extends ClaimConventions {
  /** The lender's cap rule (DEFAULT_INTEREST_CAP: 24 % a year). */
  cap: InterestCapRule;
  /** Fees the contract lets the lender charge (违约金/费用), in fen, owed at asOf; subject to the cap. Not litigation costs. */
  feesFen?: Fen;
  /**
   * Call the not-yet-due principal due at asOf (加速到期). Defaults to the contract's
   * accelerationClause; the caller passing `true` is responsible for its basis (the clause, or a
   * rescission of the contract).
   */
  accelerate?: boolean;
}

/**
 * The claim on a loan as of `asOf` (ISO date), line by line, capped, for the 欠款计算明细, the demand
 * letter and the complaint. `loan` must have passed `validateLoan` (schedule in order, amounts add up).
 *
 * - Instalments due by asOf: their unpaid principal and scheduled interest (never recomputed), the
 *   penalty (罚息) on unpaid principal at annualRate × (1 + penaltyRateMarkup) per day from the day
 *   after the due date, and, with a compound clause, compound interest (复利) on unpaid interest at
 *   the same penalty rate. Payments are applied as claim-ledger.ts describes (oldest instalment
 *   first; penalty → compound → interest → principal).
 * - Acceleration: the principal of every instalment not yet due becomes due at asOf; of those
 *   instalments' interest only what the current period accrued up to asOf is claimed (remaining
 *   principal × annualRate × days since its start / basis, at most the scheduled amount); the
 *   interest of later periods is not claimed, because the money is called back before it is earned.
 *   Without acceleration nothing of the instalments not yet due is claimed.
 * - Every line is rounded half up to the fen on its own; totals are sums of lines, after the cap
 *   (claim-cap.ts), so a printed 明细 always adds up.
 * - overdueSince: the first day of default, the day after the oldest unpaid due date.
 * - continuing, dailyPenaltyFen / dailyCompoundFen: what continues to accrue after asOf on what is
 *   overdue at asOf ("至实际清偿之日止"), never above the cap rate (see ContinuingInterest).
 * - Conventions (payment order, cap scope, day count) are the lender's (claim-conventions.ts).
 */
export function calculateClaim(loan: LoanSnapshot, asOf: string, options: ClaimOptions): ClaimCalculation {
  const { contract } = loan;
  const conventions = claimConventionsOf(options);
  const { dayCountBasis } = conventions;
  const asOfDay = dayNumber(asOf);
  const annualRate = parseRate(contract.annualRate);
  const penaltyRate = penaltyRateOf(annualRate, parseRate(contract.penaltyRateMarkup));
  const accelerate = options.accelerate ?? contract.accelerationClause === true;
  const disbursed = dayNumber(loan.disbursement.date);

  const ledger = replayLedger({
    instalments: loan.schedule.map((row) => ({
      period: row.period,
      due: dayNumber(row.dueDate),
      principalFen: parseYuan(row.principal),
      interestFen: parseYuan(row.interest),
    })),
    start: dayNumber(contract.startDate),
    disbursed,
    principalFen: parseYuan(contract.principal),
    payments: loan.payments.map((p) => ({ day: dayNumber(p.paidAt), amountFen: parseYuan(p.amount) })),
    asOf: asOfDay,
    penaltyRate,
    compound: contract.compoundInterest,
    dayCountBasis,
    allocation: conventions.paymentAllocation,
  });

  const text = lineTexts(formatRate(annualRate), formatRate(penaltyRate), dayCountBasis);
  const lines: ClaimLine[] = [];
  let overdueSince: DayNumber | null = null;
  let overduePrincipal = 0;
  let overdueInterest = 0;
  for (const state of ledger.due) {
    pushInstalmentLines(lines, state, text);
    const principalLeft = state.scheduledPrincipalFen - state.principalPaidFen;
    const interestLeft = state.scheduledInterestFen - state.interestPaidFen;
    if (overdueSince === null && principalLeft + interestLeft > 0) overdueSince = state.due + 1;
    overduePrincipal += principalLeft;
    overdueInterest += interestLeft;
  }

  let credit = ledger.creditFen;
  const accelerated = accelerate && ledger.notDue.length > 0;
  if (accelerated) {
    const applied = pushAccelerationLines(lines, ledger.notDue, asOfDay, credit, annualRate, dayCountBasis, text);
    credit -= applied.creditUsedFen;
    overduePrincipal += applied.principalLeftFen;
    overdueInterest += applied.interestLeftFen;
  }
  const feesFen = options.feesFen ?? 0;
  if (!Number.isSafeInteger(feesFen) || feesFen < 0) throw new RangeError('feesFen must be a non-negative integer');
  if (feesFen > 0) lines.push(fixedLine(null, 'fee', feesFen, 0, '合同约定的费用'));

  const cap = applyInterestCap(lines, {
    rule: options.cap,
    principalDays: ledger.principalDays,
    disbursed,
    asOf: asOfDay,
    dayCountBasis,
    scope: conventions.capScope,
  });
  const totals = sumLines(lines);

  let repaidPrincipal = 0;
  let repaidInterest = 0;
  let repaidPenalty = 0;
  let repaidCompound = 0;
  let repaidFees = 0;
  for (const line of lines) {
    const repaid = line.repaidFen ?? 0;
    if (line.component === 'principal') repaidPrincipal += repaid;
    else if (line.component === 'interest') repaidInterest += repaid;
    else if (line.component === 'penalty') repaidPenalty += repaid;
    else if (line.component === 'compound') repaidCompound += repaid;
    else repaidFees += repaid;
  }
  const continuing = continuingInterest(asOfDay, overduePrincipal, contract.compoundInterest ? overdueInterest : 0, penaltyRate, options.cap, cap.binding, dayCountBasis);

  return {
    contractNumber: contract.number,
    asOf,
    overdueSince: overdueSince === null ? null : isoDate(overdueSince),
    accelerated,
    lines,
    totals,
    cap,
    repaid: {
      principalFen: repaidPrincipal,
      interestFen: repaidInterest,
      penaltyFen: repaidPenalty,
      compoundFen: repaidCompound,
      feesFen: repaidFees,
      unappliedFen: credit,
      totalFen: ledger.paymentsFen,
    },
    continuing: continuing.terms,
    conventions,
    dailyPenaltyFen: continuing.dailyPenaltyFen,
    dailyCompoundFen: continuing.dailyCompoundFen,
    dayCountBasis,
    penaltyRate: formatRate(penaltyRate),
    totalInWords: amountInWords(totals.totalFen),
  };
}

/** Rates and rule wording shared by every line of one calculation. */
interface LineTexts {
  annualRate: string;
  penaltyRate: string;
  penaltyRule: string;
  compoundRule: string;
  acceleratedInterestRule: string;
}

function lineTexts(annualRate: string, penaltyRate: string, basis: DayCountBasis): LineTexts {
  return {
    annualRate,
    penaltyRate,
    penaltyRule: `逾期本金×罚息利率×逾期天数/${basis}`,
    compoundRule: `逾期利息×罚息利率×逾期天数/${basis}`,
    acceleratedInterestRule: `提前到期：剩余本金×合同年利率×天数/${basis}，计至提前到期日，不超过当期约定利息`,
  };
}

/** A line that does not accrue (principal, fees): the whole amount at once. */
function fixedLine(period: number | null, component: 'principal' | 'fee', accruedFen: Fen, repaidFen: Fen, rule: string): ClaimLine {
  return {
    period,
    component,
    basisFen: accruedFen,
    rate: null,
    from: null,
    to: null,
    through: null,
    days: 0,
    accruedFen,
    repaidFen,
    capReductionFen: 0,
    amountFen: accruedFen - repaidFen,
    rule,
  };
}

/** A line accruing over (after, through]: printed as from = after + 1 (inclusive), to = through + 1 (exclusive). */
function accrualLine(
  period: number,
  component: 'interest' | 'penalty' | 'compound',
  basisFen: Fen,
  rate: string,
  after: DayNumber,
  through: DayNumber,
  accruedFen: Fen,
  repaidFen: Fen,
  rule: string,
  scheduled = false,
): ClaimLine {
  return {
    period,
    component,
    basisFen,
    rate,
    from: isoDate(after + 1),
    to: isoDate(through + 1),
    through: isoDate(through),
    days: through - after,
    accruedFen,
    repaidFen,
    capReductionFen: 0,
    amountFen: accruedFen - repaidFen,
    rule,
    ...(scheduled ? { scheduled } : {}),
  };
}

function pushInstalmentLines(lines: ClaimLine[], state: InstalmentState, text: LineTexts): void {
  const { period } = state;
  lines.push(fixedLine(period, 'principal', state.scheduledPrincipalFen, state.principalPaidFen, `第${period}期应还本金`));
  lines.push(
    accrualLine(
      period,
      'interest',
      state.openingBalanceFen,
      text.annualRate,
      state.start,
      state.due,
      state.scheduledInterestFen,
      state.interestPaidFen,
      `第${period}期约定利息（按还款计划）`,
      true,
    ),
  );
  pushAccruals(lines, period, 'penalty', state.penalty, state.penaltyPaidFen, text.penaltyRate, text.penaltyRule);
  pushAccruals(lines, period, 'compound', state.compound, state.compoundPaidFen, text.penaltyRate, text.compoundRule);
}

/** One line per accrual segment; what was paid on the component settles the oldest segments first. */
function pushAccruals(
  lines: ClaimLine[],
  period: number,
  component: 'penalty' | 'compound',
  accruals: Accrual[],
  paidFen: Fen,
  rate: string,
  rule: string,
): void {
  let paid = paidFen;
  for (const a of accruals) {
    const repaid = Math.min(paid, a.amountFen);
    paid -= repaid;
    lines.push(accrualLine(period, component, a.basisFen, rate, a.after, a.through, a.amountFen, repaid, rule));
  }
}

/**
 * Acceleration at asOf: the current period's interest accrued to asOf, and the remaining principal
 * in one line. An advance payment still held pays them (interest first). Returns what is left owed.
 */
function pushAccelerationLines(
  lines: ClaimLine[],
  notDue: InstalmentState[],
  asOf: DayNumber,
  creditFen: Fen,
  annualRate: ExactRate,
  dayCountBasis: DayCountBasis,
  text: LineTexts,
): { creditUsedFen: Fen; principalLeftFen: Fen; interestLeftFen: Fen } {
  const current = notDue[0]!;
  let remainingPrincipal = 0;
  for (const state of notDue) remainingPrincipal += state.scheduledPrincipalFen;
  const after = Math.min(current.start, asOf);
  const interest = Math.min(current.scheduledInterestFen, accrueFen(remainingPrincipal, annualRate, asOf - after, dayCountBasis));
  const interestPaid = Math.min(creditFen, interest);
  const principalPaid = Math.min(creditFen - interestPaid, remainingPrincipal);
  if (asOf > after) {
    lines.push(
      accrualLine(current.period, 'interest', remainingPrincipal, text.annualRate, after, asOf, interest, interestPaid, text.acceleratedInterestRule),
    );
  }
  const periods = notDue.length === 1 ? `第${current.period}期` : `第${current.period}至${notDue[notDue.length - 1]!.period}期`;
  lines.push(fixedLine(null, 'principal', remainingPrincipal, principalPaid, `提前到期的剩余本金（${periods}）`));
  return {
    creditUsedFen: interestPaid + principalPaid,
    principalLeftFen: remainingPrincipal - principalPaid,
    interestLeftFen: interest - interestPaid,
  };
}

/** Totals are the sums of the lines' claimed amounts, nothing else. */
export function sumLines(lines: readonly ClaimLine[]): ClaimTotals {
  const totals: ClaimTotals = { principalFen: 0, interestFen: 0, penaltyFen: 0, compoundFen: 0, feesFen: 0, totalFen: 0 };
  for (const line of lines) {
    if (line.component === 'principal') totals.principalFen += line.amountFen;
    else if (line.component === 'interest') totals.interestFen += line.amountFen;
    else if (line.component === 'penalty') totals.penaltyFen += line.amountFen;
    else if (line.component === 'compound') totals.compoundFen += line.amountFen;
    else totals.feesFen += line.amountFen;
    totals.totalFen += line.amountFen;
  }
  return totals;
}

/**
 * What continues after asOf (see ContinuingInterest): never above the cap rate, and once the cap
 * binds one cap-rate accrual on the unpaid principal for penalty and compound together.
 */
function continuingInterest(
  asOf: DayNumber,
  principalFen: Fen,
  interestFen: Fen,
  penaltyRate: ExactRate,
  capRule: InterestCapRule,
  capBinding: boolean,
  dayCountBasis: DayCountBasis,
): { terms: ContinuingInterest; dailyPenaltyFen: Fen; dailyCompoundFen: Fen } {
  const capRate = capRateOf(capRule);
  const rate = capBinding || capRate.scaled < penaltyRate.scaled ? capRate : penaltyRate;
  const compoundBasisFen = capBinding ? 0 : interestFen;
  return {
    terms: {
      from: isoDate(asOf + 1),
      principalFen,
      penaltyRate: formatRate(rate),
      compoundBasisFen,
      compoundRate: formatRate(rate),
      capBinding,
      capRate: formatRate(capRate),
      dayCountBasis,
    },
    dailyPenaltyFen: accrueFen(principalFen, rate, 1, dayCountBasis),
    dailyCompoundFen: accrueFen(compoundBasisFen, rate, 1, dayCountBasis),
  };
}
