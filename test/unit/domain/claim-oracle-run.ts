/**
 * The long run of the oracle comparison (`npm run test:claim-oracle`): CLAIM_ORACLE_RUNS random
 * loans (default 10,000), seed CLAIM_ORACLE_SEED (default: time). Prints seed, count and the
 * number of differences, the first counterexample if there is one; exit code 1 on a difference.
 */
import fc from 'fast-check';
import { scenario } from './arbitraries.ts';
import { compareWithOracle } from './claim-oracle-compare.ts';

const runs = Number(process.env.CLAIM_ORACLE_RUNS ?? 10_000);
const seed = Number(process.env.CLAIM_ORACLE_SEED ?? Date.now() % 2 ** 31);
const started = performance.now();
let differing = 0;
const result = fc.check(
  fc.property(scenario, ({ loan, asOf, options }) => {
    const differences = compareWithOracle(loan, asOf, options);
    if (differences.length > 0) differing++;
    return differences.length === 0;
  }),
  { numRuns: runs, seed, endOnFailure: true },
);
const seconds = ((performance.now() - started) / 1000).toFixed(0);
console.log(JSON.stringify({ seed, loans: result.numRuns, differences: result.failed ? differing : 0, seconds }));
if (result.failed) {
  console.log(JSON.stringify(result.counterexample, null, 2));
  process.exitCode = 1;
}
