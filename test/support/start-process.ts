/**
 * `npm start` as an operator runs it in a terminal, for the end-to-end tests: spawn the CLI's
 * `start`, wait for its banner, stop it with Ctrl-C (SIGINT).
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The CLI of this checkout. */
export const cli = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url));

/** Runs `start` (of `cliPath`, in `cwd`): waits for its banner, returns what it printed so far. */
export async function start(
  env: NodeJS.ProcessEnv,
  options: { cliPath?: string; cwd?: string } = {},
): Promise<{ child: ChildProcessWithoutNullStreams; banner: string }> {
  const child = spawn(process.execPath, [options.cliPath ?? cli, 'start'], { env, stdio: 'pipe', cwd: options.cwd });
  let out = '';
  let err = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const deadline = Date.now() + 180_000;
  while (!out.includes('Press Ctrl-C to stop.')) {
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`start did not come up:\n${out}\n${err.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return { child, banner: out };
}

/** Ctrl-C; resolves with the exit code. */
export async function stop(child: ChildProcessWithoutNullStreams): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGINT');
  return exited;
}

/** The demo credentials `start` prints on an empty database. */
export function demoTokens(banner: string): Array<{ role: string; token: string }> {
  return [...banner.matchAll(/^\s+(legal|system|lawyer)\s+(le_\S+)\s/gm)].map((m) => ({ role: m[1]!, token: m[2]! }));
}
