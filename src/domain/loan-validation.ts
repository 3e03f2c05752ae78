import { addMonths, daysBetween } from './calendar.ts';
import type { LoanSnapshot } from './loan-snapshot.ts';
import { formatYuan, parseYuan } from './money.ts';
import { divRoundHalfUpBig, parseRate, RATE_SCALE } from './rate.ts';
import { readResidentId } from './resident-id.ts';

/** One cross-field problem of a loan snapshot; `path` points at the offending field (`schedule[2].dueDate`). */
export interface LoanValidationError {
  path: string;
  message: string;
}

/**
 * Cross-field checks of a loan snapshot that already passed the `LoanSnapshot` schema (shapes,
 * formats). Returns every problem found, in field order, each with its path; an empty list means
 * the snapshot is consistent and a claim can be calculated from it. Never throws: an amount or rate
 * that cannot be read (three decimals, too large for an exact claim) is listed like any other problem.
 */
export function validateLoan(loan: LoanSnapshot): LoanValidationError[] {
  const unreadable = checkReadable(loan);
  if (unreadable.length > 0) return [...checkBorrower(loan), ...unreadable];
  return [
    ...checkBorrower(loan),
    ...checkContractTerms(loan),
    ...checkContractDates(loan),
    ...checkDisbursement(loan),
    ...checkSchedule(loan),
    ...checkPayments(loan),
  ];
}

/**
 * Largest amount accepted anywhere in a snapshot: 10,000,000,000.00 yuan (10^12 fen). Claims are
 * integer fen in plain numbers; with every amount below this, a schedule of 600 periods, 5,000
 * payments and a century of penalty at the highest accepted rate (100 % + 100 % markup) still sum
 * far below 2^53, so a claim on an accepted loan is always exact.
 */
export const MAX_AMOUNT_FEN = 1_000_000_000_000;

function checkReadable(loan: LoanSnapshot): LoanValidationError[] {
  const errors: LoanValidationError[] = [];
  const amount = (path: string, yuan: string) => {
    let fen: number;
    try {
      fen = parseYuan(yuan);
    } catch {
      errors.push({ path, message: `${JSON.stringify(yuan)} is not an amount in yuan with at most two decimals` });
      return;
    }
    if (fen > MAX_AMOUNT_FEN) errors.push({ path, message: `${yuan} is above the largest accepted amount ${formatYuan(MAX_AMOUNT_FEN)}` });
  };
  const rate = (path: string, value: string) => {
    try {
      parseRate(value);
    } catch {
      errors.push({ path, message: `${JSON.stringify(value)} is not a decimal rate` });
    }
  };
  amount('contract.principal', loan.contract.principal);
  rate('contract.annualRate', loan.contract.annualRate);
  rate('contract.penaltyRateMarkup', loan.contract.penaltyRateMarkup);
  amount('disbursement.amount', loan.disbursement.amount);
  loan.schedule.forEach((entry, i) => {
    amount(`schedule[${i}].principal`, entry.principal);
    amount(`schedule[${i}].interest`, entry.interest);
  });
  loan.payments.forEach((payment, i) => amount(`payments[${i}].amount`, payment.amount));
  return errors;
}

/** Rates a court would not take as a consumer loan's: the yearly rate in (0, 1], the penalty markup in [0, 1]. */
function checkContractTerms({ contract }: LoanSnapshot): LoanValidationError[] {
  const errors: LoanValidationError[] = [];
  const annual = parseRate(contract.annualRate).scaled;
  if (annual === 0n || annual > RATE_SCALE) {
    errors.push({ path: 'contract.annualRate', message: `yearly rate ${contract.annualRate} must be more than 0 and at most 1 (100 % a year)` });
  }
  if (parseRate(contract.penaltyRateMarkup).scaled > RATE_SCALE) {
    errors.push({ path: 'contract.penaltyRateMarkup', message: `penalty markup ${contract.penaltyRateMarkup} must be between 0 and 1 (at most 100 % over the contract rate)` });
  }
  return errors;
}

/**
 * Scheduled interest that does not fit the contract rate: warnings, not refusals (the schedule is
 * the lender's and is claimed as it stands, 按还款计划), each with the figure the rate gives:
 * opening principal × yearly rate × months ÷ 12 (monthly periods; a bullet loan's one period runs
 * the whole term), rounded half up. A period is left alone when its interest is within one fen or
 * 1 % of that figure, or of the day-count figure (opening principal × rate × days ÷ 360 or 365),
 * which some lenders' systems use.
 */
export function scheduledInterestWarnings(loan: LoanSnapshot): LoanValidationError[] {
  // Unreadable amounts are validateLoan's errors; there is no figure to compare then.
  if (checkReadable(loan).length > 0) return [];
  const { contract, schedule } = loan;
  const rate = parseRate(contract.annualRate).scaled;
  const warnings: LoanValidationError[] = [];
  let balance = BigInt(parseYuan(contract.principal));
  let start = contract.startDate;
  schedule.forEach((entry, i) => {
    const months = BigInt(contract.repaymentMethod === 'bullet' ? contract.termMonths : 1);
    const monthly = divRoundHalfUpBig(balance * rate * months, 12n * RATE_SCALE);
    const days = BigInt(Math.max(0, daysBetween(start, entry.dueDate)));
    const daily = [360n, 365n].map((basis) => divRoundHalfUpBig(balance * rate * days, basis * RATE_SCALE));
    const scheduled = BigInt(parseYuan(entry.interest));
    const fits = (figure: bigint) => {
      const gap = scheduled > figure ? scheduled - figure : figure - scheduled;
      return gap <= 1n || gap * 100n <= figure;
    };
    if (![monthly, ...daily].some(fits)) {
      const figure = formatYuan(Number(monthly));
      warnings.push({
        path: `schedule[${i}].interest`,
        message: `scheduled interest ${entry.interest} does not fit the contract rate ${contract.annualRate}: the rate gives ${figure} (${formatYuan(Number(balance))} × ${contract.annualRate} × ${months} ÷ 12); the schedule's amount is claimed as it stands`,
      });
    }
    balance -= BigInt(parseYuan(entry.principal));
    start = entry.dueDate;
  });
  return warnings;
}

/** Paths of the errors that make the loan's amounts unreliable (what the completeness check calls amounts_inconsistent). */
export function isAmountError(error: LoanValidationError): boolean {
  return /^(contract\.principal|disbursement\.amount|schedule|payments)/.test(error.path);
}

function checkBorrower({ borrower }: LoanSnapshot): LoanValidationError[] {
  const errors: LoanValidationError[] = [];
  const id = readResidentId(borrower.idNumber);
  if (id === null) return [{ path: 'borrower.idNumber', message: 'resident ID must be 17 digits and a check character' }];
  if (!id.checksumValid) errors.push({ path: 'borrower.idNumber', message: 'resident ID check character is wrong (GB 11643 MOD 11-2)' });
  if (id.birthDate === null) errors.push({ path: 'borrower.idNumber', message: 'resident ID does not encode a real birth date' });
  else if (id.birthDate !== borrower.birthDate) {
    errors.push({ path: 'borrower.birthDate', message: `birth date ${borrower.birthDate} differs from the one in the resident ID (${id.birthDate})` });
  }
  if (id.gender !== borrower.gender) {
    errors.push({ path: 'borrower.gender', message: `gender ${borrower.gender} differs from the one in the resident ID (${id.gender})` });
  }
  return errors;
}

function checkContractDates({ contract }: LoanSnapshot): LoanValidationError[] {
  const errors: LoanValidationError[] = [];
  if (contract.startDate < contract.signedAt) {
    errors.push({ path: 'contract.startDate', message: `start date ${contract.startDate} is before the contract was signed (${contract.signedAt})` });
  }
  if (contract.maturityDate <= contract.startDate) {
    errors.push({ path: 'contract.maturityDate', message: `maturity date ${contract.maturityDate} must be after the start date ${contract.startDate}` });
  } else if (contract.maturityDate !== addMonths(contract.startDate, contract.termMonths)) {
    errors.push({
      path: 'contract.maturityDate',
      message: `maturity date ${contract.maturityDate} does not fit a term of ${contract.termMonths} months from ${contract.startDate} (that ends on ${addMonths(contract.startDate, contract.termMonths)})`,
    });
  }
  if (parseYuan(contract.principal) <= 0) errors.push({ path: 'contract.principal', message: 'principal must be more than zero' });
  return errors;
}

/**
 * The disbursed amount must equal the contract principal. More would be money lent outside the
 * contract; less usually means fees or interest were withheld up front (砍头息), and then
 * 民法典 第670条 makes the amount actually lent the principal — the schedule (which amortises the
 * contract principal) would overstate the claim. Either way the lender has to correct the data,
 * so both are errors rather than something the calculation silently adjusts.
 */
function checkDisbursement({ contract, disbursement, schedule }: LoanSnapshot): LoanValidationError[] {
  const errors: LoanValidationError[] = [];
  const principal = parseYuan(contract.principal);
  const disbursed = parseYuan(disbursement.amount);
  if (disbursed > principal) {
    errors.push({ path: 'disbursement.amount', message: `disbursed ${disbursement.amount} is more than the contract principal ${contract.principal}` });
  } else if (disbursed < principal) {
    errors.push({
      path: 'disbursement.amount',
      message: `disbursed ${disbursement.amount} is less than the contract principal ${contract.principal}; if charges were withheld up front, the principal is the amount actually lent (民法典 第670条) and the contract data must say so`,
    });
  }
  if (disbursement.date > contract.startDate) {
    errors.push({ path: 'disbursement.date', message: `disbursement date ${disbursement.date} is after the start date ${contract.startDate}: interest cannot run on money not yet lent` });
  }
  if (disbursement.date < contract.signedAt) {
    errors.push({ path: 'disbursement.date', message: `disbursement date ${disbursement.date} is before the contract was signed (${contract.signedAt})` });
  }
  const firstDue = schedule[0]?.dueDate;
  if (firstDue !== undefined && disbursement.date >= firstDue) {
    errors.push({ path: 'disbursement.date', message: `disbursement date ${disbursement.date} is not before the first due date ${firstDue}` });
  }
  return errors;
}

function checkSchedule({ contract, schedule }: LoanSnapshot): LoanValidationError[] {
  const errors: LoanValidationError[] = [];
  let principalSum = 0;
  schedule.forEach((entry, i) => {
    if (entry.period !== i + 1) {
      errors.push({ path: `schedule[${i}].period`, message: `periods must run 1, 2, 3… in order; expected ${i + 1}, found ${entry.period}` });
    }
    const previous = schedule[i - 1];
    if (previous !== undefined && entry.dueDate <= previous.dueDate) {
      errors.push({ path: `schedule[${i}].dueDate`, message: `due date ${entry.dueDate} is not after the previous one (${previous.dueDate})` });
    }
    if (i === 0 && entry.dueDate <= contract.startDate) {
      errors.push({ path: `schedule[0].dueDate`, message: `first due date ${entry.dueDate} is not after the start date ${contract.startDate}` });
    }
    principalSum += parseYuan(entry.principal);
  });
  const last = schedule[schedule.length - 1];
  if (last !== undefined && last.dueDate > contract.maturityDate) {
    errors.push({ path: `schedule[${schedule.length - 1}].dueDate`, message: `last due date ${last.dueDate} is after the maturity date ${contract.maturityDate}` });
  }
  const principal = parseYuan(contract.principal);
  if (principalSum !== principal) {
    errors.push({ path: 'schedule', message: `schedule principal adds up to ${formatYuan(principalSum)}, not the contract principal ${contract.principal}` });
  }
  return [...errors, ...checkMethodShape(contract, schedule)];
}

/**
 * Whether the schedule has the shape its repayment method implies (the method is printed in the
 * complaint, so it must match the plan the court sees). Monthly methods have one period per month
 * of the term; the last period may differ from the others by the rounding remainder.
 */
function checkMethodShape(contract: LoanSnapshot['contract'], schedule: LoanSnapshot['schedule']): LoanValidationError[] {
  const method = contract.repaymentMethod;
  const n = schedule.length;
  if (method === 'bullet') {
    return n === 1 ? [] : [{ path: 'schedule', message: `a bullet loan (到期一次性还本付息) has one period, found ${n}` }];
  }
  if (n !== contract.termMonths) {
    return [{ path: 'schedule', message: `a ${method} loan of ${contract.termMonths} months has ${contract.termMonths} monthly periods, found ${n}` }];
  }
  const body = schedule.slice(0, -1);
  const fen = (entry: { principal: string; interest: string }) => ({ principal: parseYuan(entry.principal), interest: parseYuan(entry.interest) });
  if (method === 'interest_first') {
    const i = body.findIndex((entry) => fen(entry).principal !== 0);
    return i < 0 ? [] : [{ path: `schedule[${i}].principal`, message: 'an interest-first loan (先息后本) repays principal only in the last period' }];
  }
  if (method === 'equal_principal') {
    const first = body[0] === undefined ? 0 : fen(body[0]).principal;
    const i = body.findIndex((entry) => fen(entry).principal !== first);
    return i < 0 ? [] : [{ path: `schedule[${i}].principal`, message: 'an equal-principal loan (等额本金) repays the same principal every period but the last' }];
  }
  // equal_installment: the same instalment each period but the last; one fen of slack for lenders
  // whose systems round the interest before splitting the instalment.
  const amounts = body.map((entry) => fen(entry).principal + fen(entry).interest);
  const first = amounts[0] ?? 0;
  const i = amounts.findIndex((amount) => Math.abs(amount - first) > 1);
  return i < 0 ? [] : [{ path: `schedule[${i}]`, message: 'an equal-instalment loan (等额本息) pays the same instalment every period but the last' }];
}

function checkPayments({ payments, disbursement }: LoanSnapshot): LoanValidationError[] {
  const errors: LoanValidationError[] = [];
  payments.forEach((payment, i) => {
    if (payment.paidAt < disbursement.date) {
      errors.push({ path: `payments[${i}].paidAt`, message: `payment on ${payment.paidAt} is before the disbursement (${disbursement.date})` });
    }
    if (parseYuan(payment.amount) <= 0) errors.push({ path: `payments[${i}].amount`, message: 'payment amount must be more than zero' });
  });
  return errors;
}
