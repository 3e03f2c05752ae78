import { readFileSync } from 'node:fs';
import { Client, Connection, type ConnectionOptions } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { EncryptionCodec } from './payload-codec.ts';

export interface TemporalTarget {
  address: string;
  namespace: string;
  tls: boolean;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  tlsCa?: string | undefined;
  apiKey?: string | undefined;
}

/** TLS / mTLS options for the target (files read from the configured paths). */
export function tlsOptions(target: TemporalTarget): ConnectionOptions['tls'] {
  if (!target.tls) return undefined;
  return {
    ...(target.tlsCa ? { serverRootCACertificate: readFileSync(target.tlsCa) } : {}),
    ...(target.tlsCert && target.tlsKey
      ? { clientCertPair: { crt: readFileSync(target.tlsCert), key: readFileSync(target.tlsKey) } }
      : {}),
  };
}

/** Client and worker must share this converter: the codec encrypts personal data in every payload. */
export function dataConverter(payloadKey: Buffer): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(payloadKey)] };
}

export async function connectClient(target: TemporalTarget, converter: DataConverter): Promise<Client> {
  const options: ConnectionOptions = { address: target.address, tls: tlsOptions(target) };
  if (target.apiKey) options.apiKey = target.apiKey;
  const connection = await Connection.connect(options);
  return new Client({ connection, namespace: target.namespace, dataConverter: converter });
}
