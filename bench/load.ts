// Drives the load generator (./load-process.ts, autocannon in a process of its own, so it takes no
// CPU time from the server it measures) and answers with its figures.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export interface LoadResult {
  p50: number;
  p99: number;
  requests: number;
  throughput: number;
  non2xx: number;
  errors: number;
}

/** Runs the load generator with autocannon's options; resolves with its figures once it is done. */
export async function load(options: Record<string, unknown>): Promise<LoadResult> {
  const child = spawn(process.execPath, [fileURLToPath(new URL('./load-process.ts', import.meta.url)), JSON.stringify(options)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`load generator exited with ${String(code)}`);
  return JSON.parse(out) as LoadResult;
}
