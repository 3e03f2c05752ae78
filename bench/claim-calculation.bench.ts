// Claim calculation throughput: 100,000 loans of mixed shapes (all four repayment methods, 3–36
// month terms, on-time, late, partial, early and missing payments, with and without compound
// interest and acceleration, caps binding or not), calculated one after another on one core.
//
// Baseline, measured in the same run on the same loans: the "parse floor" — parse every amount
// and date of each snapshot (parseYuan, dayNumber) and sum schedule and payments. Any claim
// calculation has to read its input, so this is the cost below which it cannot go; the ratio says
// how much the actual calculation (ledger replay, accruals, cap, lines, words) adds on top.
//
// Run: npx node bench/claim-calculation.bench.ts   (prints one JSON line last)
import { addMonths, dayNumber, isoDate } from '../src/domain/calendar.ts';
import { calculateClaim, type ClaimOptions } from '../src/domain/claim-calculation.ts';
import type { LoanSnapshot, RepaymentMethod, ScheduleEntry } from '../src/domain/loan-snapshot.ts';
import { formatYuan, parseYuan } from '../src/domain/money.ts';
import { buildSchedule } from '../src/domain/schedule.ts';
import { seededRandom } from '../src/seed/seeded-random.ts';
import { fixtureBorrower } from '../test/support/fixture-borrower.ts';

const LOANS = 100_000;
const TARGET_LOANS_PER_SECOND = 20_000;

interface Case {
  loan: LoanSnapshot;
  asOf: string;
  options: ClaimOptions;
}

function generate(count: number): Case[] {
  const random = seededRandom(20_240_229);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const methods: RepaymentMethod[] = ['equal_installment', 'equal_principal', 'bullet', 'interest_first'];
  const schedules = new Map<string, ScheduleEntry[]>(); // the same plan shapes recur, as in a real book
  const cases: Case[] = [];
  for (let i = 0; i < count; i++) {
    const method = pick(methods);
    const term = pick([3, 6, 12, 12, 24, 36]);
    const principalFen = pick([300_000, 1_000_000, 2_000_000, 5_000_000, 8_888_800, 20_000_000]);
    const annualRate = pick(['0.0725', '0.12', '0.18', '0.2399', '0.36']);
    const startDate = isoDate(dayNumber('2021-01-01') + Math.floor(random() * 900));
    const key = `${method}|${term}|${principalFen}|${annualRate}|${startDate}`;
    let schedule = schedules.get(key);
    if (schedule === undefined) {
      schedule = buildSchedule(method, principalFen, annualRate, term, startDate);
      schedules.set(key, schedule);
    }
    // Payment behaviour: pays k instalments (on time, a few days late, or early), then maybe a partial.
    const payments: { paidAt: string; amount: string }[] = [];
    const paidInstalments = Math.floor(random() * schedule.length);
    const style = pick(['on_time', 'late', 'early', 'none']);
    for (let k = 0; k < paidInstalments && style !== 'none'; k++) {
      const row = schedule[k]!;
      const due = dayNumber(row.dueDate);
      const day = style === 'on_time' ? due : style === 'late' ? due + Math.floor(random() * 20) : due - 5;
      payments.push({ paidAt: isoDate(day), amount: formatYuan(parseYuan(row.principal) + parseYuan(row.interest)) });
    }
    if (random() < 0.5) {
      const last = schedule[Math.min(paidInstalments, schedule.length - 1)]!;
      payments.push({ paidAt: isoDate(dayNumber(last.dueDate) + 10 + Math.floor(random() * 60)), amount: formatYuan(Math.floor(principalFen / 20)) });
    }
    const lastDue = dayNumber(schedule[schedule.length - 1]!.dueDate);
    const firstDue = dayNumber(schedule[0]!.dueDate);
    const asOf = isoDate(firstDue + Math.floor(random() * (lastDue - firstDue + 400)));
    const loan: LoanSnapshot = {
      lenderId: 'bench',
      borrower: { ...fixtureBorrower },
      contract: {
        number: `HT-${i}`,
        signedAt: startDate,
        principal: formatYuan(principalFen),
        annualRate,
        penaltyRateMarkup: pick(['0.3', '0.5']),
        compoundInterest: random() < 0.5,
        termMonths: term,
        startDate,
        maturityDate: addMonths(startDate, term),
        repaymentMethod: method,
        onlineSigned: true,
        accelerationClause: random() < 0.5,
      },
      disbursement: { date: startDate, amount: formatYuan(principalFen) },
      schedule,
      payments,
    };
    const cap = random() < 0.8 ? ({ rule: 'annual_rate', rate: '0.24' } as const) : ({ rule: 'lpr_multiple', multiple: '4', lpr: '0.0345' } as const);
    cases.push({
      loan,
      asOf,
      options: {
        cap,
        dayCountBasis: random() < 0.9 ? 360 : 365,
        feesFen: random() < 0.2 ? 20_000 : 0,
        paymentAllocation: random() < 0.8 ? 'per_instalment' : 'civil_code_561',
        capScope: random() < 0.8 ? 'loan_life' : 'claimed',
      },
    });
  }
  return cases;
}

/** The parse floor: read every amount and date of the snapshot and sum them. */
function parseFloor(c: Case): number {
  let sum = dayNumber(c.asOf) + parseYuan(c.loan.contract.principal) + dayNumber(c.loan.disbursement.date);
  for (const row of c.loan.schedule) sum += parseYuan(row.principal) + parseYuan(row.interest) + dayNumber(row.dueDate);
  for (const p of c.loan.payments) sum += parseYuan(p.amount) + dayNumber(p.paidAt);
  return sum;
}

function time(cases: Case[], run: (c: Case) => number): { seconds: number; checksum: number } {
  const start = process.hrtime.bigint();
  let checksum = 0;
  for (const c of cases) checksum = (checksum + run(c)) % 1_000_000_007;
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, checksum };
}

const generationStart = process.hrtime.bigint();
const cases = generate(LOANS);
const generationSeconds = Number(process.hrtime.bigint() - generationStart) / 1e9;

let lines = 0;
let binding = 0;
let accelerated = 0;
const claimRun = (c: Case): number => {
  const claim = calculateClaim(c.loan, c.asOf, c.options);
  lines += claim.lines.length;
  if (claim.cap.binding) binding++;
  if (claim.accelerated) accelerated++;
  return claim.totals.totalFen % 1_000_003;
};

// Warm up both paths (JIT), then measure each over all loans; the best of three rounds is reported.
time(cases.slice(0, 10_000), parseFloor);
time(cases.slice(0, 10_000), claimRun);
const rounds = 3;
let best = Infinity;
let bestFloor = Infinity;
let checksum = 0;
for (let round = 0; round < rounds; round++) {
  lines = 0;
  binding = 0;
  accelerated = 0;
  const floor = time(cases, parseFloor);
  bestFloor = Math.min(bestFloor, floor.seconds);
  const claims = time(cases, claimRun);
  best = Math.min(best, claims.seconds);
  checksum = claims.checksum;
}

const loansPerSecond = Math.round(LOANS / best);
const floorLoansPerSecond = Math.round(LOANS / bestFloor);
console.log(`generated ${LOANS} loans in ${generationSeconds.toFixed(2)} s`);
console.log(`calculateClaim: ${loansPerSecond} loans/s (${((best / LOANS) * 1e6).toFixed(1)} µs/loan, ${(lines / LOANS).toFixed(1)} lines/loan, cap binding ${binding}, accelerated ${accelerated})`);
console.log(`parse floor:    ${floorLoansPerSecond} loans/s`);
console.log(
  JSON.stringify({
    bench: 'claim-calculation',
    figures: {
      loansPerSecond,
      loans: LOANS,
      seconds: Number(best.toFixed(3)),
      microsecondsPerLoan: Number(((best / LOANS) * 1e6).toFixed(2)),
      linesPerLoan: Number((lines / LOANS).toFixed(2)),
      capBindingLoans: binding,
      acceleratedLoans: accelerated,
      checksum,
    },
    baseline: {
      name: 'parse floor: parse every amount and date of each snapshot and sum them',
      loansPerSecond: floorLoansPerSecond,
      seconds: Number(bestFloor.toFixed(3)),
      claimCostOverFloor: Number((best / bestFloor).toFixed(2)),
    },
    target: { loansPerSecond: TARGET_LOANS_PER_SECOND },
  }),
);
if (loansPerSecond < TARGET_LOANS_PER_SECOND) process.exitCode = 1;
