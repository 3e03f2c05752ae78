/**
 * `/readyz` judges the document store too: an API whose S3 bucket is there is ready; one pointed
 * at a bucket that does not exist says `store: unreachable` and is not ready (503), so a load
 * balancer sends it no requests.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../support/api-server.ts';
import { s3StoreEnv } from '../support/s3.ts';

describe('readiness with an S3 document store', () => {
  let good: ApiServer;
  let wrong: ApiServer;

  beforeAll(async () => {
    const s3 = await s3StoreEnv();
    good = await startApiServer({ env: s3 });
    wrong = await startApiServer({ env: { ...s3, DOCUMENT_STORE_URL: 's3://no-such-bucket/documents/' } });
  });
  afterAll(async () => {
    await good?.close();
    await wrong?.close();
  });

  it('is ready with its bucket, and not ready (store unreachable) without it', async () => {
    const ready = await good.fetch('/readyz');
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready', checks: { database: 'ok', temporal: 'ok', store: 'ok', audit: 'ok', changeNotifications: 'listening' } }]);
    const notReady = await wrong.fetch('/readyz');
    expect([notReady.status, await notReady.json()]).toEqual([503, { status: 'not_ready', checks: { database: 'ok', temporal: 'ok', store: 'unreachable', audit: 'ok', changeNotifications: 'listening' } }]);
  });
});
