// Makes Versity's S3 gateway (the tests' S3 server) available before the tests need it: builds it
// once with Go into the binary cache, like the Temporal CLI.
import { ensureVersityGateway } from '../test/support/versitygw.ts';

try {
  console.error(`versitygw: ${ensureVersityGateway()}`);
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
}
