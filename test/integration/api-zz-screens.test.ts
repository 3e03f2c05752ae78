import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { it } from 'vitest';
import { startApiServer } from '../support/api-server.ts';
import { insertDocument, pdfBytes } from '../support/api-fixtures.ts';
import { seedLender, seedLoan, today } from '../support/case-data.ts';
import { waitForCase } from '../support/cases.ts';

async function cdp(url: string, token: string, shots: Array<[string, string]>) {
  const chrome = spawn('chromium', ['--headless=new', '--no-sandbox', '--disable-gpu', '--remote-debugging-port=9333', '--window-size=1280,1000', 'about:blank'], { stdio: 'ignore' });
  try {
    let list: Array<{ type: string; webSocketDebuggerUrl: string }> = [];
    for (let i = 0; i < 50 && list.length === 0; i++) {
      await new Promise((r) => setTimeout(r, 200));
      list = await fetch('http://127.0.0.1:9333/json/list').then((r) => r.json()).catch(() => []);
      list = list.filter((t) => t.type === 'page');
    }
    const ws = new WebSocket(list[0]!.webSocketDebuggerUrl);
    await new Promise((r) => ws.addEventListener('open', r));
    let id = 0;
    const pending = new Map<number, (v: any) => void>();
    ws.addEventListener('message', (e) => { const m = JSON.parse(String(e.data)); pending.get(m.id)?.(m.result); });
    const send = (method: string, params: object = {}) => new Promise<any>((resolve) => { id++; pending.set(id, resolve); ws.send(JSON.stringify({ id, method, params })); });
    await send('Page.enable');
    await send('Emulation.setDeviceMetricsOverride', { width: 1280, height: 1000, deviceScaleFactor: 1, mobile: false });
    await send('Page.navigate', { url: `${url}/` });
    await new Promise((r) => setTimeout(r, 1500));
    let shot = await send('Page.captureScreenshot', { format: 'png' });
    writeFileSync('/tmp/ui-signin.png', Buffer.from(shot.data, 'base64'));
    await send('Runtime.evaluate', { expression: `sessionStorage.setItem('legal-escalation.token', ${JSON.stringify(token)})` });
    for (const [hash, file] of shots) {
      await send('Page.navigate', { url: `${url}/${hash}` });
      await new Promise((r) => setTimeout(r, 1500));
      shot = await send('Page.captureScreenshot', { format: 'png', captureBeyondViewport: true });
      writeFileSync(file, Buffer.from(shot.data, 'base64'));
    }
    await send('Page.navigate', { url: `${url}/docs` });
    await new Promise((r) => setTimeout(r, 1000));
    shot = await send('Page.captureScreenshot', { format: 'png' });
    writeFileSync('/tmp/ui-docs.png', Buffer.from(shot.data, 'base64'));
    ws.close();
  } finally {
    chrome.kill();
  }
}

it('screens', async () => {
  const api = await startApiServer({ worker: true });
  await seedLender(api.db, 'lender-a');
  for (const loanId of ['loan-a', 'loan-b', 'loan-c']) await seedLoan(api.db, api.store, { loanId, lenderId: 'lender-a' });
  const post = (path: string, body: unknown) => api.fetch(path, { method: 'POST', token: api.tokens.legal, headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  await post('/v1/escalations', { loanId: 'loan-a', reason: '逾期九期，催收无果', lawFirmId: 'firm-a', responseDays: 0 });
  await post('/v1/escalations', { loanId: 'loan-b', reason: '逾期九期', responseDays: 90 });
  await waitForCase(api.db, 'loan-b-1', 'demand_issued');
  await post('/v1/escalations', { loanId: 'loan-c', reason: '逾期', lawFirmId: 'firm-b', responseDays: 0 });
  await waitForCase(api.db, 'loan-a-1', 'handed_off');
  await post('/v1/cases/loan-b-1/events', { type: 'payment_received', amount: '500.00', paidAt: today() });
  await new Promise((r) => setTimeout(r, 1000));
  await cdp(api.url, api.tokens.legal, [['#/', '/tmp/ui-list.png'], ['#/cases/loan-a-1', '/tmp/ui-case.png']]);
  await api.close();
}, 120_000);
