import type { LoanSnapshot } from './loan-snapshot.ts';
import { formatYuan, parseYuan } from './money.ts';
import { readResidentId } from './resident-id.ts';

/** One cross-field problem of a loan snapshot; `path` points at the offending field (`schedule[2].dueDate`). */
export interface LoanValidationError {
  path: string;
  message: string;
}

/**
 * Cross-field checks of a loan snapshot that already passed the `LoanSnapshot` schema (shapes,
 * formats). Returns every problem found, in field order; an empty list means the snapshot is
 * consistent and a claim can be calculated from it.
 */
export function validateLoan(loan: LoanSnapshot): LoanValidationError[] {
  return [...checkBorrower(loan), ...checkContractDates(loan), ...checkDisbursement(loan), ...checkSchedule(loan), ...checkPayments(loan)];
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
