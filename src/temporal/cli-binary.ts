import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

/** The Temporal CLI release whose `server start-dev` we run; newer releases cannot be built with `go install`. */
export const TEMPORAL_CLI_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';

/** Cache outside the checkout, so a fresh clone (and CI) reuses a build made earlier on the machine. */
export function temporalCacheDir(): string {
  return join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'legal-escalation', 'bin');
}

function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Finds the CLI: TEMPORAL_CLI, then the project's cache, then PATH. */
export function findTemporalCli(explicit?: string): string | undefined {
  if (explicit !== undefined) return executable(explicit) ? explicit : undefined;
  const cached = join(temporalCacheDir(), 'temporal');
  if (executable(cached)) return cached;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'temporal');
    if (dir !== '' && executable(candidate)) return candidate;
  }
  return undefined;
}

export class TemporalCliMissing extends Error {
  override name = 'TemporalCliMissing';
}

/** Returns the CLI's path, building it with Go into the cache when it is nowhere to be found. */
export function ensureTemporalCli(explicit?: string, log: (line: string) => void = console.error): string {
  const found = findTemporalCli(explicit);
  if (found !== undefined) return found;
  if (explicit !== undefined) throw new TemporalCliMissing(`TEMPORAL_CLI=${explicit} is not an executable file`);
  const go = spawnSync('go', ['version'], { encoding: 'utf8' });
  if (go.status !== 0) {
    throw new TemporalCliMissing(
      `the Temporal CLI was not found (TEMPORAL_CLI, ${temporalCacheDir()}/temporal, PATH) and Go is not installed to build it: ` +
        `install Go 1.24+ (apt-get install golang-go) or put a 'temporal' binary on PATH, or set TEMPORAL_ADDRESS to use an existing server`,
    );
  }
  log(`building the Temporal CLI (${TEMPORAL_CLI_MODULE}) into ${temporalCacheDir()}; a cold build takes about 10 minutes, later starts reuse it`);
  const built = goInstallIntoCache(TEMPORAL_CLI_MODULE, 'temporal');
  if (built !== undefined) return built;
  throw new TemporalCliMissing(`'go install ${TEMPORAL_CLI_MODULE}' failed (see above); install the Temporal CLI 1.5.x on PATH instead`);
}

/**
 * `go install <module>` into the project's binary cache; the path of the binary, or undefined
 * when the build failed (Go's output went to stderr). The checksum database is switched off
 * only on the retry, for machines that reach the module proxy but not sum.golang.org.
 */
export function goInstallIntoCache(module: string, binary: string): string | undefined {
  const dir = temporalCacheDir();
  mkdirSync(dir, { recursive: true });
  for (const extraEnv of [{}, { GOSUMDB: 'off' }]) {
    const build = spawnSync('go', ['install', module], {
      stdio: ['ignore', 'inherit', 'inherit'],
      env: { ...process.env, GOBIN: dir, GOFLAGS: '-buildvcs=false', ...extraEnv },
    });
    if (build.status === 0) return join(dir, binary);
  }
  return undefined;
}
