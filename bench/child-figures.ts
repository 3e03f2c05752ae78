// Runs a benchmark's helper in a process of its own (a load generator, a downloading client), so
// that it takes no CPU time from what it measures: its options go as JSON in argv[2], and it prints
// its figures as JSON on stdout.
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Runs `script` with `options`; resolves with the figures it printed once it has exited cleanly. */
export async function childFigures<T>(script: URL, options: unknown): Promise<T> {
  const child = spawn(process.execPath, [fileURLToPath(script), JSON.stringify(options)], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${fileURLToPath(script)} exited with ${String(code)}`);
  return JSON.parse(out) as T;
}
