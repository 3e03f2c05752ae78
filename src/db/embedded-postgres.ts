import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import pg from 'pg';

/**
 * A PostgreSQL server the project runs itself from the Debian server binaries, for the embedded
 * default and for tests. It is a real server on 127.0.0.1, so the API, the worker and the CLI can
 * run as separate processes against it; a second process on the same folder finds it running and
 * connects instead of starting another.
 *
 * PostgreSQL refuses to run as root, so as root its programs run as the `postgres` system user,
 * which cannot enter a private folder such as root's 0700 home where a checkout (and so DATA_DIR)
 * usually is. Then the cluster is kept in a folder of its own under RELOCATED_CLUSTERS (world-
 * traversable, the cluster itself 0700 and owned by `postgres`), and `DATA_DIR/postgres` is a
 * symbolic link to it: the operator still finds everything from DATA_DIR, and removing DATA_DIR
 * starts afresh (the old cluster folder stays until removed by hand; its `data-dir` file names the
 * DATA_DIR it belonged to). A cluster the server user can reach stays where it is.
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

/** Where clusters live that the `postgres` user could not reach under DATA_DIR (only when running as root). */
export const RELOCATED_CLUSTERS = '/var/lib/legal-escalation';

/**
 * PostgreSQL refuses to run as root; as root we run its programs as the 'postgres' system user.
 * They start in `/`: initdb and pg_ctl change back to their working directory, which the server
 * user may not be allowed to enter (the operator's checkout in a private home).
 */
function runAsServerUser(bin: string, args: string[]): SpawnSyncReturns<string> {
  const asRoot = process.getuid?.() === 0;
  const [command, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', bin, ...args]] : [bin, args];
  return spawnSync(command, argv, { encoding: 'utf8', cwd: '/' });
}

/** Whether the server user can reach into `dir` (search permission on it and every folder above it). */
function serverUserCanEnter(dir: string): boolean {
  return spawnSync('runuser', ['-u', 'postgres', '--', 'test', '-x', dir], { cwd: '/' }).status === 0;
}

/**
 * The folder the cluster of `dir` really lives in: `dir` itself, or — as root, when the server
 * user cannot reach `dir` — a folder under RELOCATED_CLUSTERS that `dir` links to. The relocated
 * folder's name is derived from DATA_DIR's path plus a random part, so a DATA_DIR removed and made
 * again (with new secrets) never meets the old cluster and its old password.
 */
function clusterDir(dir: string, owner: { uid: number; gid: number } | undefined): string {
  const link = lstatSync(dir, { throwIfNoEntry: false });
  if (link?.isSymbolicLink()) {
    const target = resolve(dirname(dir), readlinkSync(dir));
    if (!existsSync(target) && owner !== undefined) prepareRelocated(target, dir, owner); // removed by hand: start that cluster afresh
    return target;
  }
  if (owner === undefined || existsSync(join(dir, 'PG_VERSION'))) return dir;
  mkdirSync(dirname(dir), { recursive: true });
  if (serverUserCanEnter(dirname(dir))) return dir;
  const name = `${createHash('sha256').update(resolve(dir)).digest('hex').slice(0, 12)}-${randomBytes(4).toString('hex')}`;
  const target = join(RELOCATED_CLUSTERS, name, 'postgres');
  prepareRelocated(target, dir, owner);
  if (link !== undefined) rmSync(dir, { recursive: true }); // an empty or half-made cluster folder from a failed start
  try {
    symlinkSync(target, dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    // Another process on the same DATA_DIR linked its cluster first: use that one.
    rmSync(dirname(target), { recursive: true, force: true });
    return resolve(dirname(dir), readlinkSync(dir));
  }
  return target;
}

function prepareRelocated(target: string, dir: string, owner: { uid: number; gid: number }): void {
  mkdirSync(dirname(target), { recursive: true, mode: 0o755 });
  chmodSync(RELOCATED_CLUSTERS, 0o755);
  chmodSync(dirname(target), 0o755);
  writeFileSync(join(dirname(target), 'data-dir'), `${resolve(dirname(dir))}\n`);
  mkdirSync(target, { mode: 0o700 });
  chownSync(target, owner.uid, owner.gid);
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
  const { password } = options;
  const owner = serverUserIds();
  const dir = clusterDir(options.dir, owner);
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
