/**
 * Versity's S3 gateway (posix backend): the real S3-compatible server the tests and benchmarks run
 * the S3 document store against. Built once with Go into the project's binary cache, like the
 * Temporal CLI (`scripts/ensure-versitygw.ts`, run by `npm test`), then started on a free loopback
 * port over a folder of its own.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, createWriteStream, mkdirSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { goInstallIntoCache, temporalCacheDir } from '../../src/temporal/cli-binary.ts';

export const VERSITYGW_MODULE = 'github.com/versity/versitygw/cmd/versitygw@v1.8.0';

/** The gateway's path, building it with Go into the cache when it is not there yet. */
export function ensureVersityGateway(log: (line: string) => void = console.error): string {
  const cached = join(temporalCacheDir(), 'versitygw');
  try {
    accessSync(cached, constants.X_OK);
    return cached;
  } catch {
    // Not built yet.
  }
  if (spawnSync('go', ['version']).status !== 0) {
    throw new Error(`Versity's S3 gateway (the tests' S3 server) is not in ${cached} and Go is not installed to build it: install Go 1.24+ (apt-get install golang-go)`);
  }
  log(`building Versity's S3 gateway (${VERSITYGW_MODULE}) into ${temporalCacheDir()}; a cold build takes a few minutes, later runs reuse it`);
  const built = goInstallIntoCache(VERSITYGW_MODULE, 'versitygw');
  if (built === undefined) throw new Error(`'go install ${VERSITYGW_MODULE}' failed (see above)`);
  return built;
}

export interface VersityGateway {
  /** `http://127.0.0.1:<port>`: the S3_ENDPOINT. */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop: () => Promise<void>;
}

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Serves `dir/data` (buckets are its folders) on the port; its log goes to `dir/versitygw.log`. */
export async function startVersityGateway(options: { binary: string; dir: string; port: number }): Promise<VersityGateway> {
  const data = join(options.dir, 'data');
  mkdirSync(data, { recursive: true });
  const accessKeyId = 'test-access-key';
  const secretAccessKey = 'test-secret-key-not-secret';
  const log = createWriteStream(join(options.dir, 'versitygw.log'), { flags: 'a' });
  const child: ChildProcess = spawn(options.binary, ['--port', `127.0.0.1:${options.port}`, 'posix', data], {
    env: { ...process.env, ROOT_ACCESS_KEY: accessKeyId, ROOT_SECRET_KEY: secretAccessKey },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  let exited = false;
  child.once('exit', () => {
    exited = true;
  });
  const deadline = Date.now() + 30_000;
  while (!(await portOpen(options.port))) {
    if (exited) throw new Error(`versitygw exited at start; see ${join(options.dir, 'versitygw.log')}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`versitygw did not listen on 127.0.0.1:${options.port} within 30 s`);
    }
    await sleep(100);
  }
  return {
    endpoint: `http://127.0.0.1:${options.port}`,
    accessKeyId,
    secretAccessKey,
    stop: async () => {
      if (exited) return;
      const gone = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await Promise.race([gone, sleep(10_000).then(() => child.kill('SIGKILL'))]);
    },
  };
}
