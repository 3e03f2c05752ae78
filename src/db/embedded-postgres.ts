import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL server the project runs itself from the Debian server binaries, for the embedded
 * default and for tests. It is a real server on 127.0.0.1, so the API, the worker and the CLI can
 * run as separate processes against it; a second process on the same folder finds it running and
 * connects instead of starting another.
 */
export interface EmbeddedPostgres {
  url: (database: string) => string;
  /** True when this process started the server (and so stops it). */
  owned: boolean;
  stop: () => void;
}

export class PostgresUnavailable extends Error {
  override name = 'PostgresUnavailable';
}

function findBinDir(): string {
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root)
    ? readdirSync(root)
        .filter((v) => existsSync(join(root, v, 'bin', 'postgres')))
        .sort((a, b) => Number(b) - Number(a))
    : [];
  const newest = versions[0];
  if (newest === undefined) {
    throw new PostgresUnavailable(
      'PostgreSQL server binaries not found under /usr/lib/postgresql: install them (apt-get install postgresql) or set DATABASE_URL',
    );
  }
  return join(root, newest, 'bin');
}

/** PostgreSQL refuses to run as root; as root we run its programs as the 'postgres' system user. */
function runAsServerUser(bin: string, args: string[]): SpawnSyncReturns<string> {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return spawnSync(command, argv, { encoding: 'utf8' });
}

function serverUserIds(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const uid = spawnSync('id', ['-u', 'postgres'], { encoding: 'utf8' });
  const gid = spawnSync('id', ['-g', 'postgres'], { encoding: 'utf8' });
  if (uid.status !== 0 || gid.status !== 0) {
    throw new PostgresUnavailable("running as root needs the 'postgres' system user (apt-get install postgresql creates it)");
  }
  return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
}

function check(result: SpawnSyncReturns<string>, what: string): void {
  if (result.status !== 0) {
    throw new PostgresUnavailable(`${what} failed: ${(result.stderr || result.stdout || String(result.error)).trim()}`);
  }
}

function runningPort(dir: string): number | undefined {
  const pidFile = join(dir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  try {
    process.kill(Number(pidLine), 0);
  } catch (error) {
    // EPERM: alive but owned by the postgres user; ESRCH: a stale file from a crash.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return undefined;
  }
  return Number(portLine);
}

export function startEmbeddedPostgres(options: { dir: string; port: number; password: string }): EmbeddedPostgres {
  const bin = findBinDir();
  const { dir, password } = options;
  const owner = serverUserIds();
  const url = (port: number) => (database: string) =>
    `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;

  const alreadyRunning = runningPort(dir);
  if (alreadyRunning !== undefined) return { url: url(alreadyRunning), owned: false, stop: () => {} };

  if (!existsSync(join(dir, 'PG_VERSION'))) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    if (owner) chownSync(dir, owner.uid, owner.gid);
    // Beside the data folder, not in it: initdb wants an empty folder.
    const pwfile = `${dir}.initdb-password`;
    writeFileSync(pwfile, password, { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    try {
      check(
        runAsServerUser(join(bin, 'initdb'), [
          '-D', dir, '-U', 'postgres', '--pwfile', pwfile, '--auth', 'scram-sha-256', '-E', 'UTF8', '--locale', 'C.UTF-8',
        ]),
        'initdb',
      );
    } finally {
      rmSync(pwfile, { force: true });
    }
  }
  check(
    runAsServerUser(join(bin, 'pg_ctl'), [
      '-D', dir, '-l', join(dir, 'server.log'), '-w', '-t', '60',
      '-o', `-c listen_addresses=127.0.0.1 -p ${options.port} -k ${dir} -c max_connections=200 -c fsync=on`,
      'start',
    ]),
    `starting PostgreSQL on port ${options.port} (log: ${join(dir, 'server.log')})`,
  );
  return {
    url: url(options.port),
    owned: true,
    stop: () => {
      runAsServerUser(join(bin, 'pg_ctl'), ['-D', dir, '-m', 'fast', '-w', 'stop']);
    },
  };
}

/** Creates the database if it does not exist yet (CREATE DATABASE has no IF NOT EXISTS). */
export async function ensureDatabase(adminUrl: string, name: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (exists.rowCount === 0) {
      await client.query(`CREATE DATABASE "${name.replaceAll('"', '""')}"`).catch((error: { code?: string }) => {
        if (error.code !== '42P04') throw error; // created meanwhile by another process
      });
    }
  } finally {
    await client.end();
  }
}
