import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';

/** Debian's Chromium; never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);

export const DESKTOP = { width: 1280, height: 800 };
export const PHONE = { width: 360, height: 740 };

/** Screenshots land here (ignored by git); a few are copied to docs/screenshots by hand. */
export const SHOTS = fileURLToPath(new URL('../../../../../test-output/screenshots/', import.meta.url));

export function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
}

export interface Person {
  context: BrowserContext;
  page: Page;
  /** What the page's CSP refused and what it threw: both must stay empty. */
  problems: string[];
}

/**
 * A person at a desktop or on a phone. `ignoreHTTPSErrors`: only for a proxy whose certificate
 * the test made itself (Chromium cannot be told to trust one CA without a profile of its own).
 */
export async function person(
  browser: Browser,
  size: 'desktop' | 'phone',
  options: { ignoreHTTPSErrors?: boolean } = {},
): Promise<Person> {
  const context = await browser.newContext({
    ...(size === 'phone'
      ? { viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2 }
      : { viewport: DESKTOP }),
    ...options,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write']).catch(() => undefined);
  const page = await context.newPage();
  const problems: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to|was not explicitly set|unsafe-eval/i.test(m.text()))
      problems.push(m.text());
  });
  page.on('pageerror', (err) => problems.push(err.message));
  if (process.env.PARLOR_E2E_DEBUG) {
    page.on('console', (m) =>
      console.log(`[${size}] ${m.type()}: ${m.text()} @ ${JSON.stringify(m.location())}`),
    );
    page.on(
      'response',
      (r) => r.status() >= 400 && console.log(`[${size}] ${r.status()} ${r.request().method()} ${r.url()}`),
    );
  }
  return { context, page, problems };
}

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

/**
 * Serious and critical axe findings on the page as it is now. axe is evaluated through the
 * DevTools protocol, which the page's CSP does not govern, so the policy stays as served.
 */
export async function axeProblems(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in globalThis))) await page.evaluate(axeSource);
  const violations = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<{ violations: AxeViolation[] }> } }).axe;
    return (await axe.run()).violations;
  });
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}
interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

/**
 * Saves the whole page at both sizes, then puts the size back. The viewport is stretched to the
 * page's height instead of using `fullPage`: Chromium takes full-page shots with its mobile
 * emulation off, so a phone's touch controls (`pointer: coarse`) would be missing from them.
 */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  const own = page.viewportSize() ?? DESKTOP;
  for (const [label, size] of [
    ['desktop', DESKTOP],
    ['phone', PHONE],
  ] as const) {
    await page.setViewportSize(size);
    // A string, since this file is type-checked without the DOM's types.
    const height = Number(await page.evaluate('document.documentElement.scrollHeight'));
    await page.setViewportSize({ width: size.width, height: Math.max(size.height, height) });
    await page.waitForTimeout(150);
    await page.screenshot({ path: path.join(SHOTS, `${name}-${label}.png`) });
  }
  await page.setViewportSize(own);
}

/** Signs up on the sign-in screen the page is showing. */
export async function signUp(page: Page, username: string, password: string): Promise<void> {
  await page.getByRole('button', { name: 'Sign up', exact: true }).click();
  await page.getByLabel('Username', { exact: true }).fill(username);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Create account' }).click();
}
