/**
 * A case worker in its own process, for the test that kills a worker in the middle of generating a
 * packet: the real workflows and activities, with a content store that takes `STORE_DELAY_MS` per
 * file so that generating a packet lasts long enough to be interrupted (and the batch activities,
 * for the test that kills a worker mid-batch). Configured by the same
 * environment as the service (DATABASE_URL, TEMPORAL_ADDRESS, TEMPORAL_TASK_QUEUE, …); prints
 * "ready" once it polls.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { createBatchActivities } from '../../src/batch/activities.ts';
import { createActivities } from '../../src/case/activities/index.ts';
import { loadConfig } from '../../src/config/config.ts';
import { createDatabase } from '../../src/db/pool.ts';
import { type ContentStore, openContentStore, type PutSource, type StoredObject } from '../../src/storage/index.ts';
import { dataConverter } from '../../src/temporal/connection.ts';
import { createWorker } from '../../src/temporal/worker.ts';
import { TEST_PAYLOAD_KEY } from './temporal-key.ts';

class SlowStore implements ContentStore {
  readonly inner: ContentStore;
  readonly delayMs: number;
  constructor(inner: ContentStore, delayMs: number) {
    this.inner = inner;
    this.delayMs = delayMs;
  }
  async put(source: PutSource): Promise<StoredObject> {
    await sleep(this.delayMs);
    return this.inner.put(source);
  }
  get(key: string) {
    return this.inner.get(key);
  }
  read(key: string) {
    return this.inner.read(key);
  }
  has(key: string) {
    return this.inner.has(key);
  }
  stat(key: string) {
    return this.inner.stat(key);
  }
}

const config = loadConfig();
const db = createDatabase(config.database.url!, 4);
const store = new SlowStore(await openContentStore(config.documents.store), Number(process.env.STORE_DELAY_MS ?? '0'));
const connection = await NativeConnection.connect({ address: config.temporal.address! });
const client = new Client({ connection: await Connection.connect({ address: config.temporal.address! }), dataConverter: dataConverter(TEST_PAYLOAD_KEY) });
const worker = await createWorker({
  connection,
  namespace: config.temporal.namespace,
  taskQueue: config.temporal.taskQueue,
  activities: { ...createActivities({ config, db, store }), ...createBatchActivities({ config, db, temporal: client }) },
  dataConverter: dataConverter(TEST_PAYLOAD_KEY),
});
const running = worker.run();
console.log('ready');
await running;
