import { createCipheriv, createDecipheriv, createHash, createSecretKey, type KeyObject, randomBytes } from 'node:crypto';
import { METADATA_ENCODING_KEY, type Payload, type PayloadCodec } from '@temporalio/common';
import proto from '@temporalio/proto';

// @temporalio/proto is CommonJS: Node's ESM loader sees only its default export.
const { Payload: PayloadMessage } = proto.temporal.api.common.v1;
const ENCODING = 'binary/encrypted';
const KEY_ID = 'encryption-key-id';

/**
 * Encrypts every payload (workflow inputs, results, signals, queries, activity arguments) with
 * AES-256-GCM before it leaves the process, so borrowers' ID numbers, phones and addresses never
 * sit readable in Temporal's history. The key id lets a future key rotation decrypt old histories.
 */
export class EncryptionCodec implements PayloadCodec {
  /** A KeyObject, made once: given raw bytes, every cipher would first make one of its own. */
  readonly #key: KeyObject;
  readonly #keyId: string;

  constructor(key: Buffer) {
    if (key.length !== 32) throw new Error('payload encryption key must be 32 bytes');
    this.#key = createSecretKey(key);
    this.#keyId = createHash('sha256').update(key).digest('hex').slice(0, 16);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
      const plain = PayloadMessage.encode(payload).finish();
      const data = Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]);
      return {
        metadata: { [METADATA_ENCODING_KEY]: Buffer.from(ENCODING), [KEY_ID]: Buffer.from(this.#keyId) },
        data,
      };
    });
  }

  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((payload) => {
      if (Buffer.from(payload.metadata?.[METADATA_ENCODING_KEY] ?? []).toString() !== ENCODING) return payload;
      const keyId = Buffer.from(payload.metadata?.[KEY_ID] ?? []).toString();
      if (keyId !== this.#keyId) throw new Error(`payload was encrypted with key ${keyId}, this process has ${this.#keyId}`);
      const data = Buffer.from(payload.data ?? []);
      const decipher = createDecipheriv('aes-256-gcm', this.#key, data.subarray(0, 12));
      decipher.setAuthTag(data.subarray(data.length - 16));
      const plain = Buffer.concat([decipher.update(data.subarray(12, data.length - 16)), decipher.final()]);
      return PayloadMessage.decode(plain);
    });
  }
}
