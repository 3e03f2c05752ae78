/**
 * Every recorded path of the case workflow, and the escalation batch workflow's recorded run,
 * replays through the current workflow code: a change that would break running cases or batches
 * (a command added, removed or reordered without a patch) fails here with Temporal's
 * non-determinism error. The histories are recorded by the case tests and the batch crash test
 * (RECORD_HISTORIES=1), their payloads encrypted with the fixed test key. Histories of earlier
 * workflow versions stay (prefix `v1-` to `v5-`, recorded with RECORD_HISTORIES_PREFIX
 * by the code before the patch), so each patch() keeps being proven against the cases that started
 * before it.
 */
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from '@temporalio/worker';
import { describe, expect, it } from 'vitest';
import { dataConverter } from '../../src/temporal/connection.ts';
import { bundleWorkflows } from '../../src/temporal/worker.ts';
import { readHistoryFixture } from '../support/histories.ts';
import { quietRuntime, TEST_PAYLOAD_KEY } from '../support/temporal.ts';

const dir = fileURLToPath(new URL('../fixtures/histories/', import.meta.url));

/** The paths the case tests drive (recorded now, as `v5-` before patch local-demand-letter, `v4-` before local-database-steps, `v3-` before freeze-evidence-step). */
const CASE_PATHS = [
  'full-lifecycle',
  'payment-closed-paid',
  'plan-missed',
  'dispute-hold-release',
  'demand-delivered-late',
  'limitation-warning',
  'withdrawn',
  'evidence-awaited',
  'firm-assigned-late',
  'firm-silent',
  'bad-data-fixed',
  'continued-as-new',
  'worker-killed-mid-packet',
];

/** One history per path the case tests drive; a path without its recording fails the test. */
const PATHS = [
  ...CASE_PATHS,
  // Recorded before the firm was told of closures (patch notify-firm-on-closure): they must keep replaying.
  'v1-plan-missed',
  'v1-dispute-hold-release',
  'v1-demand-delivered-late',
  // Recorded before a firm taking over a handed-off case got its own power of attorney (patch reissue-power-of-attorney).
  'v2-firm-assigned-late',
  // Recorded before the evidence freeze became its own step and the lawsuit documents' activity its name
  // (patches freeze-evidence-step, lawsuit-documents-step): every path, as each starts with the evidence check.
  ...CASE_PATHS.map((p) => `v3-${p}`),
  // Recorded before the short database steps became local activities (patch local-database-steps): every path.
  ...CASE_PATHS.map((p) => `v4-${p}`),
  // Recorded before the demand letter became a local activity (patch local-demand-letter): every path.
  ...CASE_PATHS.map((p) => `v5-${p}`),
  // The batch workflow's first run (two pages, worker killed, continued as new; batch-crash.test.ts),
  // recorded now, before its steps became local activities (patch batch-local-activities), and
  // before its lanes stopped waiting for each page (patch batch-sliding-window).
  'batch-worker-killed',
  'v2-batch-worker-killed',
  'v1-batch-worker-killed',
];

describe('replay of recorded case histories', () => {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

  it('has a recording of every path', () => {
    expect(files).toEqual(expect.arrayContaining(PATHS.map((p) => `${p}.json`)));
  });

  it('replays every recording through the current workflow code without non-determinism', { timeout: 120_000 }, async () => {
    quietRuntime();
    const histories = files.map((f) => readHistoryFixture(`${dir}${f}`));
    const options = { workflowBundle: await bundleWorkflows(), dataConverter: dataConverter(TEST_PAYLOAD_KEY) };
    const failures: string[] = [];
    let replayed = 0;
    for await (const result of Worker.runReplayHistories(options, histories)) {
      replayed++;
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
    expect(replayed).toBe(files.length);
  });
});
