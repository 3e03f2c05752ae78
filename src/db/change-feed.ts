import pg from 'pg';
import type { Logger } from '../logging/logger.ts';

/** The channels the triggers of migration 0004 notify on; the payload is the changed row's id, or `*`. */
export type ChangeChannel = 'case_changed' | 'principal_changed';
const CHANNELS: readonly ChangeChannel[] = ['case_changed', 'principal_changed'];

const RECONNECT_MIN_MS = 100;
const RECONNECT_MAX_MS = 5_000;

/**
 * PostgreSQL's change notifications, on one dedicated connection (LISTEN needs a session of its
 * own; a pooled connection would be handed to other queries). Caches in this process subscribe
 * to it and stay valid only while it is `live`: when the connection drops, notifications may be
 * missed, so `onReset` tells every cache to forget everything and to stop storing until the feed
 * is listening again. The feed reconnects by itself, backing off up to 5 s.
 */
export class ChangeFeed {
  readonly #url: string;
  readonly #logger: Logger;
  readonly #handlers = new Map<ChangeChannel, Array<(payload: string) => void>>();
  readonly #resetHandlers: Array<() => void> = [];
  #client: pg.Client | undefined;
  #live = false;
  #stopped = false;
  #retryMs = RECONNECT_MIN_MS;
  #retryTimer: NodeJS.Timeout | undefined;

  constructor(url: string, logger: Logger) {
    this.#url = url;
    this.#logger = logger;
  }

  /** True while the feed is listening: everything committed since it went live has been or will be delivered. */
  get live(): boolean {
    return this.#live;
  }

  on(channel: ChangeChannel, handler: (payload: string) => void): void {
    this.#handlers.set(channel, [...(this.#handlers.get(channel) ?? []), handler]);
  }

  /** Called whenever the feed goes down or comes back: what a cache held may have missed changes. */
  onReset(handler: () => void): void {
    this.#resetHandlers.push(handler);
  }

  /** Connects and listens; resolves once live. A failure here is the caller's to report. */
  async start(): Promise<void> {
    this.#stopped = false;
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    clearTimeout(this.#retryTimer);
    this.#setLive(false);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => {});
  }

  async #connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.#url, keepAlive: true });
    client.on('notification', (message) => {
      if (client !== this.#client) return;
      for (const handler of this.#handlers.get(message.channel as ChangeChannel) ?? []) handler(message.payload ?? '');
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, undefined));
    this.#client = client;
    try {
      await client.connect();
      for (const channel of CHANNELS) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      this.#lost(client, error);
      throw error;
    }
    if (client !== this.#client) return; // stopped or lost meanwhile
    this.#retryMs = RECONNECT_MIN_MS;
    this.#setLive(true);
  }

  #lost(client: pg.Client, error: unknown): void {
    if (client !== this.#client) return;
    this.#client = undefined;
    client.end().catch(() => {});
    this.#setLive(false);
    if (this.#stopped) return;
    this.#logger.warn({ err: error, retryInMs: this.#retryMs }, 'change notifications lost; caches bypassed until they are back');
    this.#retryTimer = setTimeout(() => {
      this.#connect().catch(() => {}); // #lost has scheduled the next attempt
    }, this.#retryMs);
    this.#retryTimer.unref();
    this.#retryMs = Math.min(this.#retryMs * 2, RECONNECT_MAX_MS);
  }

  #setLive(live: boolean): void {
    if (this.#live === live) return;
    this.#live = live;
    for (const handler of this.#resetHandlers) handler();
    if (live) this.#logger.debug('listening for change notifications');
  }
}
