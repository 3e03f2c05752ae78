// Makes the Temporal CLI available before tests or `start` need it (builds it once into the cache).
import { ensureTemporalCli } from '../src/temporal/cli-binary.ts';

try {
  const path = ensureTemporalCli(process.env.TEMPORAL_CLI || undefined);
  console.error(`temporal CLI: ${path}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
