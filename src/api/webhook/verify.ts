import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/**
 * Standard Webhooks verification of the collections system's calls: HMAC-SHA256 over
 * `id.timestamp.body`, compared in constant time by the `standardwebhooks` package, timestamps
 * within ±5 minutes, any of several space-separated `v1,` signatures. During a secret rotation
 * every configured secret is tried (current first), so the sender can switch at its own pace.
 */
export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

export type Verification = { ok: true } | { ok: false; reason: string };

export class WebhookVerifier {
  readonly #webhooks: Webhook[];

  constructor(secrets: readonly string[]) {
    if (secrets.length === 0) throw new Error('the collections webhook needs at least one secret');
    this.#webhooks = secrets.map((secret) => new Webhook(secret));
  }

  verify(body: string, headers: SignedHeaders): Verification {
    let reason = 'no matching signature';
    for (const webhook of this.#webhooks) {
      try {
        webhook.verify(body, { ...headers }, { jsonParse: false });
        return { ok: true };
      } catch (error) {
        if (!(error instanceof WebhookVerificationError)) throw error;
        // A timestamp outside the window fails the same way for every secret: say so rather than "no match".
        reason = error.message;
        if (/timestamp/i.test(reason)) break;
      }
    }
    return { ok: false, reason };
  }
}
