import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiServer, startApiServer } from '../support/api-server.ts';

describe('smoke', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer();
  });
  afterAll(async () => api?.close());
  it('answers', async () => {
    const r = await api.fetch('/healthz');
    console.log(r.status, Object.fromEntries(r.headers), await r.text());
    const o = await api.fetch('/openapi.json');
    console.log(o.status, (await o.text()).slice(0, 300));
    const l = await api.fetch('/v1/cases', { token: api.tokens.legal });
    console.log(l.status, await l.text());
    const d = await api.fetch('/docs');
    console.log(d.status, (await d.text()).length);
    expect(r.status).toBe(200);
  });
});
