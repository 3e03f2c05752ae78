/**
 * Which document store the environment names, and how a wrong store variable stops start-up: one
 * line naming the variable, never echoing a key or secret.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/config.ts';

const SECRET = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY';
const ACCESS = 'AKIAIOSFODNN7EXAMPLE';

function refusal(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error(`accepted: ${JSON.stringify(env)}`);
}

describe('document store configuration', () => {
  afterEach(() => vi.unstubAllEnvs());

  it('is the folder under DATA_DIR by default, or DOCUMENT_STORE_DIR', () => {
    expect(loadConfig({ DATA_DIR: '/srv/legal' }).documents.store).toEqual({ kind: 'fs', dir: '/srv/legal/documents' });
    expect(loadConfig({ DOCUMENT_STORE_DIR: '/srv/docs' }).documents.store).toEqual({ kind: 'fs', dir: '/srv/docs' });
  });

  it('is an S3-compatible bucket with DOCUMENT_STORE_URL, path-style and us-east-1 by default at a custom endpoint', () => {
    vi.stubEnv('AWS_REGION', '');
    const env = {
      DOCUMENT_STORE_URL: 's3://legal-documents/prod/cases',
      S3_ENDPOINT: 'http://minio.internal:9000',
      S3_ACCESS_KEY_ID: ACCESS,
      S3_SECRET_ACCESS_KEY: SECRET,
    };
    expect(loadConfig(env).documents.store).toEqual({
      kind: 's3',
      bucket: 'legal-documents',
      prefix: 'prod/cases/',
      endpoint: 'http://minio.internal:9000',
      region: 'us-east-1',
      forcePathStyle: true,
      credentials: { accessKeyId: ACCESS, secretAccessKey: SECRET },
    });
    expect(loadConfig({ ...env, S3_REGION: 'cn-north-1', S3_FORCE_PATH_STYLE: 'false' }).documents.store).toMatchObject({ region: 'cn-north-1', forcePathStyle: false });
  });

  it('leaves region and credentials to the AWS SDK chain on AWS (no endpoint)', () => {
    vi.stubEnv('AWS_REGION', '');
    expect(loadConfig({ DOCUMENT_STORE_URL: 's3://legal-documents' }).documents.store).toEqual({
      kind: 's3',
      bucket: 'legal-documents',
      prefix: '',
      endpoint: undefined,
      region: undefined,
      forcePathStyle: false,
      credentials: undefined,
    });
    expect(loadConfig({ DOCUMENT_STORE_URL: 's3://legal-documents/docs/' }).documents.store).toMatchObject({ prefix: 'docs/' });
  });

  it('refuses a malformed store URL with one line naming DOCUMENT_STORE_URL', () => {
    for (const url of ['http://bucket/x', 's3://', 's3://ab', 's3://Legal_Docs/x', 's3://bucket/../x', 's3://bucket/a//b', 's3://bucket/a b']) {
      const message = refusal({ DOCUMENT_STORE_URL: url });
      expect(message).toMatch(/^invalid configuration: DOCUMENT_STORE_URL/);
      expect(message).not.toContain('\n');
    }
  });

  it('names a bad S3 variable without echoing keys, secrets or the endpoint', () => {
    const base = { DOCUMENT_STORE_URL: 's3://legal-documents' };
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ ...base, S3_ENDPOINT: `ftp://${ACCESS}:${SECRET}@host` }, /S3_ENDPOINT: must be an http:\/\/ or https:\/\/ URL/],
      [{ ...base, S3_ACCESS_KEY_ID: ACCESS }, /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/],
      [{ ...base, S3_SECRET_ACCESS_KEY: SECRET }, /S3_ACCESS_KEY_ID and S3_SECRET_ACCESS_KEY must be set together/],
      [{ ...base, S3_FORCE_PATH_STYLE: 'yes' }, /S3_FORCE_PATH_STYLE="yes"/],
      [{ ...base, DOCUMENT_STORE_DIR: '/srv/docs' }, /DOCUMENT_STORE_URL and DOCUMENT_STORE_DIR: set one of them/],
      [{ S3_ENDPOINT: 'http://minio:9000', S3_SECRET_ACCESS_KEY: SECRET, S3_ACCESS_KEY_ID: ACCESS }, /S3_ENDPOINT, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY set but DOCUMENT_STORE_URL is not/],
    ];
    for (const [env, expected] of cases) {
      const message = refusal(env);
      expect(message).toMatch(expected);
      expect(message).not.toContain('\n');
      expect(message).not.toContain(SECRET);
      expect(message).not.toContain(ACCESS);
    }
  });
});
