/**
 * A law firm's webhook endpoint for tests: a local HTTP server that checks each request's
 * Standard Webhooks signature with the firm's secret and keeps every delivery, so tests can count
 * notifications by webhook id. It can refuse the first requests to exercise retries.
 */
import { createServer, type Server } from 'node:http';
import { Webhook } from 'standardwebhooks';

export interface Delivery {
  webhookId: string;
  type: string;
  verified: boolean;
  body: { type: string; timestamp: string; data: Record<string, unknown> };
}

export interface FirmWebhook {
  url: string;
  deliveries: Delivery[];
  /** Secret to verify with (the firm's, read from the database once the firm exists). */
  secret: string | undefined;
  /** Answer 503 to this many requests before acknowledging. */
  refuseNext: number;
  /** Distinct webhook ids delivered with a valid signature, with the type of each. */
  acknowledged: () => Map<string, string>;
  waitFor: (predicate: (deliveries: Delivery[]) => boolean, timeoutMs?: number) => Promise<void>;
  close: () => Promise<void>;
}

export async function startFirmWebhook(): Promise<FirmWebhook> {
  const deliveries: Delivery[] = [];
  const acknowledged = new Map<string, string>();
  const state: FirmWebhook = {
    url: '',
    deliveries,
    secret: undefined,
    refuseNext: 0,
    acknowledged: () => acknowledged,
    waitFor: async (predicate, timeoutMs = 30_000) => {
      const deadline = Date.now() + timeoutMs;
      while (!predicate(deliveries)) {
        if (Date.now() > deadline) throw new Error(`firm webhook: condition not met within ${timeoutMs} ms; deliveries: ${JSON.stringify(deliveries.map((d) => [d.webhookId, d.type]))}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const headers = {
        'webhook-id': String(req.headers['webhook-id'] ?? ''),
        'webhook-timestamp': String(req.headers['webhook-timestamp'] ?? ''),
        'webhook-signature': String(req.headers['webhook-signature'] ?? ''),
      };
      let verified = false;
      try {
        if (state.secret !== undefined) {
          new Webhook(state.secret).verify(raw, headers);
          verified = true;
        }
      } catch {
        verified = false;
      }
      const body = JSON.parse(raw) as Delivery['body'];
      deliveries.push({ webhookId: headers['webhook-id'], type: body.type, verified, body });
      if (state.refuseNext > 0) {
        state.refuseNext--;
        res.writeHead(503).end();
        return;
      }
      if (verified) acknowledged.set(headers['webhook-id'], body.type);
      res.writeHead(verified ? 204 : 401).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const address = server.address();
  state.url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/legal-escalation`;
  return state;
}
