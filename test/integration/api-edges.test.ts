/**
 * Errors keep their shape at the edges, over the real HTTP server: oversized headers (431) and
 * long URLs (414, or 431 once past Node's limit) answer with the `{"error": …}` body; TRACE and
 * methods the API does not use answer 405, as does a known path asked with a method it does not serve.
 */
import { request } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../support/api-server.ts';

function raw(url: string, text: string): Promise<string> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => socket.write(text));
    let out = '';
    socket.on('data', (chunk) => (out += chunk.toString()));
    socket.on('end', () => resolve(out));
    socket.on('error', reject);
  });
}

function send(url: string, method: string, path: string): Promise<{ status: number; allow: string | undefined; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, { method }, (res) => {
      let text = '';
      res.on('data', (chunk) => (text += chunk.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, allow: res.headers.allow, body: text === '' ? undefined : JSON.parse(text) }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('errors at the edges', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer();
  });
  afterAll(async () => api?.close());

  it('answers oversized headers 431 in the error shape', async () => {
    const answer = await raw(api.url, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(40_000)}\r\n\r\n`);
    const [head, body] = answer.split('\r\n\r\n');
    expect(head).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(body ?? '')).toEqual({ error: { code: 'headers_too_large', message: expect.any(String) } });
  });

  it('answers a long URL 414, and one past the header limit 431, in the error shape', async () => {
    const long = await api.fetch(`/v1/cases?status=${'x'.repeat(5_000)}`, { token: api.tokens.legal });
    expect(long.status).toBe(414);
    expect(await long.json()).toEqual({ error: { code: 'uri_too_long', message: expect.any(String) } });
    const huge = await raw(api.url, `GET /v1/cases?status=${'x'.repeat(40_000)} HTTP/1.1\r\nHost: x\r\n\r\n`);
    expect(huge).toMatch(/^HTTP\/1\.1 431 /);
    expect(huge).toContain('"code":"headers_too_large"');
  });

  it('answers TRACE and unknown methods 405, and a known path with another method 405 with Allow', async () => {
    for (const method of ['TRACE', 'PROPFIND', 'BREW']) {
      const response = await send(api.url, method, '/v1/cases');
      expect([method, response.status]).toEqual([method, 405]);
      expect(response.body).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });
    }
    const wrong = await send(api.url, 'DELETE', '/v1/cases/case-1');
    expect([wrong.status, wrong.allow]).toEqual([405, 'GET, HEAD']);
    expect(wrong.body).toEqual({ error: { code: 'method_not_allowed', message: expect.any(String) } });
    expect((await send(api.url, 'GET', '/v1/nothing')).status).toBe(404);
  });
});
