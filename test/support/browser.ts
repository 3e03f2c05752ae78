/**
 * A real browser for the page tests: Debian's Chromium (scripts/install-system-deps.sh installs it)
 * driven by playwright-core, headless, with a fresh profile per run and no network beyond the API.
 * Pages are checked with axe-core (injected through the DevTools protocol, which the page's CSP
 * does not govern, so the CSP stays as strict as in production) and photographed at 1280 and 390 px.
 */
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(new URL('../../node_modules/axe-core/axe.min.js', import.meta.url), 'utf8');
/** Where the screenshots go (looked at by a person before a change of the pages is merged). */
export const SCREENSHOT_DIR = join(process.cwd(), '.data', 'screenshots');

export interface TestBrowser {
  browser: Browser;
  /** A new context (own sessionStorage/localStorage) whose page records CSP violations and page errors. */
  newPage: (width?: number) => Promise<{ context: BrowserContext; page: Page; problems: string[] }>;
  close: () => Promise<void>;
}

export async function launchBrowser(): Promise<TestBrowser> {
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      // No --user-data-dir: playwright-core refuses it here and gives every launch a fresh profile
      // directory of its own (deleted on close), which is what the flag was for.
    ],
  });
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  return {
    browser,
    newPage: async (width = 1280) => {
      const context = await browser.newContext({ viewport: { width, height: 900 }, acceptDownloads: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
      const page = await context.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' && /Content Security Policy|Refused to/i.test(m.text())) problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      return { context, page, problems };
    },
    close: async () => {
      await browser.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: Array<{ target: unknown[] }>;
}

/** axe-core's serious and critical violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run: (c: unknown) => Promise<{ violations: AxeViolation[] }> } }).axe;
    const result = await axe.run((globalThis as unknown as { document: unknown }).document);
    return result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => ({ target: n.target })) }));
  });
  return violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Screenshots of the page at 1280 px and at a 390 px phone width, full length. */
export async function photograph(page: Page, name: string): Promise<void> {
  const size = page.viewportSize() ?? { width: 1280, height: 900 };
  for (const width of [1280, 390]) {
    await page.setViewportSize({ width, height: 900 });
    await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}-${width}.png`), fullPage: true });
  }
  await page.setViewportSize(size);
}

/** Signs in on the page by pasting the token, as a person does. */
export async function signIn(page: Page, baseUrl: string, token: string, hash = '#/'): Promise<void> {
  await page.goto(`${baseUrl}/${hash}`);
  await page.getByLabel('访问令牌 API token').fill(token);
  await page.getByRole('button', { name: '登录 Sign in' }).click();
  await page.locator('nav.tabs').waitFor();
}
