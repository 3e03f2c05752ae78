import { addMonths } from './calendar.ts';
import type { RepaymentMethod, ScheduleEntry } from './loan-snapshot.ts';
import { type Fen, formatYuan } from './money.ts';
import { divRoundHalfUpBig, parseRate, RATE_SCALE } from './rate.ts';

/**
 * Builds the repayment plan (还款计划) of a monthly loan, as a lender's core system prints it.
 * Used for demo seed data and tests; claims are always calculated from the schedule the lender sent.
 *
 * Conventions (the usual ones of PRC consumer lenders):
 * - monthly rate = yearly rate / 12 (月利率 = 年利率 ÷ 12), each period's interest is
 *   outstanding balance × monthly rate, rounded half up to the fen;
 * - due date k = start date + k months, on the start's day of month or the month's last day
 *   (a loan started 01-31 falls due 02-28/29, 03-31, …);
 * - equal_installment (等额本息): the annuity A = P·r·(1+r)^n / ((1+r)^n − 1), computed as an exact
 *   rational and rounded half up to the fen; principal of a period = A − its interest; the last
 *   period repays whatever principal is left, so its instalment absorbs the rounding remainder;
 * - equal_principal (等额本金): principal ⌊P/n⌋ each period, the last takes the remainder;
 * - interest_first (先息后本): interest every month, the whole principal with the last period;
 * - bullet (到期一次性还本付息): one period at maturity, interest P × rate × months / 12.
 */
export function buildSchedule(
  method: RepaymentMethod,
  principalFen: Fen,
  annualRate: string,
  termMonths: number,
  startDate: string,
): ScheduleEntry[] {
  if (!Number.isSafeInteger(principalFen) || principalFen <= 0) throw new RangeError('principal must be a positive number of fen');
  if (!Number.isInteger(termMonths) || termMonths < 1) throw new RangeError('term must be at least one month');
  const yearly = parseRate(annualRate).scaled;
  // monthly rate r = yearly / 12 = yearly.scaled / MONTHLY_DENOMINATOR
  const MONTHLY_DENOMINATOR = 12n * RATE_SCALE;
  const principal = BigInt(principalFen);
  const monthlyInterest = (balance: bigint): bigint => divRoundHalfUpBig(balance * yearly, MONTHLY_DENOMINATOR);
  const entry = (period: number, principalPart: bigint, interest: bigint): ScheduleEntry => ({
    period,
    dueDate: addMonths(startDate, period),
    principal: formatYuan(Number(principalPart)),
    interest: formatYuan(Number(interest)),
  });

  if (method === 'bullet') {
    const interest = divRoundHalfUpBig(principal * yearly * BigInt(termMonths), MONTHLY_DENOMINATOR);
    return [{ ...entry(1, principal, interest), dueDate: addMonths(startDate, termMonths) }];
  }

  const n = BigInt(termMonths);
  const schedule: ScheduleEntry[] = [];
  let balance = principal;
  let installment = 0n;
  if (method === 'equal_installment') {
    if (yearly === 0n) {
      // Rounded down, like equal principal, so that small loans over long terms cannot overshoot.
      installment = principal / n;
    } else {
      // A = P · r · (1+r)^n / ((1+r)^n − 1) with r = yearly / D, D = MONTHLY_DENOMINATOR:
      //   = P · yearly · (D + yearly)^n / (D · ((D + yearly)^n − D^n))
      const grown = (MONTHLY_DENOMINATOR + yearly) ** n;
      installment = divRoundHalfUpBig(principal * yearly * grown, MONTHLY_DENOMINATOR * (grown - MONTHLY_DENOMINATOR ** n));
    }
  }
  const equalPrincipal = principal / n;
  for (let period = 1; period <= termMonths; period++) {
    const interest = monthlyInterest(balance);
    let principalPart: bigint;
    if (period === termMonths) principalPart = balance;
    else if (method === 'equal_installment') principalPart = installment - interest;
    else if (method === 'equal_principal') principalPart = equalPrincipal;
    else principalPart = 0n; // interest_first
    if (principalPart < 0n || principalPart > balance) throw new RangeError('schedule does not amortise: check rate and term');
    schedule.push(entry(period, principalPart, interest));
    balance -= principalPart;
  }
  return schedule;
}
