/**
 * Fixed, test-only payload key: histories recorded by the tests (test/fixtures/histories) are
 * encrypted with it, and the replay test decrypts them with it.
 */
export const TEST_PAYLOAD_KEY = Buffer.alloc(32, 7);
