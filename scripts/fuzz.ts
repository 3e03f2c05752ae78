/**
 * `npm run fuzz`: property-based fuzzing of the API from its own OpenAPI document with
 * Schemathesis (https://schemathesis.readthedocs.io; `pip install schemathesis`), against the
 * service as `start` runs it (embedded PostgreSQL and Temporal, the worker, the demo data) in a
 * throw-away DATA_DIR on free ports. Once per role (legal, system, lawyer) with that role's demo
 * token, bounded in time (FUZZ_SECONDS per role, default 60). Fails on any 5xx, on a response whose
 * status, content type or body the document does not describe, and on a request the document
 * forbids that the server accepts.
 */
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { freePort } from '../test/support/free-port.ts';

const seconds = Number(process.env.FUZZ_SECONDS ?? 60);
const schemathesis = process.env.SCHEMATHESIS ?? 'schemathesis';
if (spawnSync(schemathesis, ['--version']).status !== 0) {
  console.error(`fuzz: ${schemathesis} not found; install it with: pip install schemathesis`);
  process.exit(2);
}

const dataDir = mkdtempSync(join(tmpdir(), 'legal-escalation-fuzz-'));
chmodSync(dataDir, 0o755); // the postgres user (when run as root) must reach its data folder
const port = await freePort();
const service = spawn(process.execPath, ['src/cli/main.ts', 'start'], {
  env: {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(port),
    EMBEDDED_POSTGRES_PORT: String(await freePort()),
    EMBEDDED_TEMPORAL_PORT: String(await freePort()),
    EMBEDDED_TEMPORAL_UI_PORT: String(await freePort()),
    LOG_LEVEL: 'error',
    // The fuzzer sends thousands of requests a minute from one token: the rate limit is not what is tested.
    API_RATE_LIMIT_PER_SECOND: '100000',
    API_RATE_LIMIT_BURST: '100000',
  },
  stdio: ['ignore', 'pipe', 'inherit'],
});

/** The demo tokens, one per role (the first of each), read from what `start` prints. */
const tokens = new Map<string, string>();
await new Promise<void>((resolve, reject) => {
  service.once('exit', (code) => {
    rmSync(dataDir, { recursive: true, force: true });
    reject(new Error(`start exited (${code}) before it was ready`));
  });
  createInterface({ input: service.stdout! }).on('line', (line) => {
    const credential = /^\s+(legal|lawyer|system)\s+.*\s(\S+)$/.exec(line);
    if (credential && !tokens.has(credential[1]!)) tokens.set(credential[1]!, credential[2]!);
    if (line.startsWith('Press Ctrl-C')) resolve();
  });
});

let failed = false;
try {
  for (const [role, token] of tokens) {
    console.log(`fuzz: ${role}, ${seconds} s`);
    const run = spawnSync(
      schemathesis,
      [
        'run',
        `http://127.0.0.1:${port}/openapi.json`,
        '--header', `Authorization: Bearer ${token}`,
        '--checks', 'not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,negative_data_rejection',
        '--max-time', String(seconds),
        '--workers', '2',
        '--request-timeout', '30',
        '--suppress-health-check', 'all',
        '--warnings', 'off',
      ],
      { stdio: 'inherit', env: { ...process.env, SCHEMATHESIS_HOOKS: join(import.meta.dirname, 'fuzz_hooks.py') } },
    );
    if (run.status !== 0) failed = true;
  }
} finally {
  service.kill('SIGINT');
  await new Promise((resolve) => service.once('exit', resolve));
  rmSync(dataDir, { recursive: true, force: true });
}
console.log(failed ? 'fuzz: FAILED' : 'fuzz: passed');
process.exit(failed ? 1 : 0);
