/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { axeProblems, hasChromium, launch, shoot } from '../../web/test/e2e/support/browser.js';

// The example's own front end in real Chromium. Loaded as the top page, its parent is itself,
// so the test speaks the bridge from the page's side with window.postMessage.
const html = readFileSync(
  fileURLToPath(new URL('../../../examples/minigame-ts/frontend/index.html', import.meta.url)),
  'utf8',
);
let browser: Browser;
beforeAll(async () => {
  if (hasChromium) browser = await launch();
});
afterAll(async () => browser?.close());

describe.runIf(hasChromium)('examples/minigame-ts front end', () => {
  it('draws the board from the bridge, and a click on a free cell posts only an input', async () => {
    const page = await browser.newPage({ viewport: { width: 480, height: 420 } });
    await page.setContent(html);
    await page.evaluate(() => {
      (globalThis as unknown as { sent: unknown[] }).sent = [];
      window.addEventListener('message', (e) =>
        (globalThis as unknown as { sent: unknown[] }).sent.push(e.data),
      );
      window.postMessage({ type: 'hello', protocol: 1, displayName: 'Ada' }, '*');
      const state = {
        board: [
          ['X', '', ''],
          ['', 'O', ''],
          ['', '', ''],
        ],
        turn: 'Ada',
        over: false,
      };
      window.postMessage({ type: 'state', state }, '*');
      window.postMessage({ type: 'view', view: [{ kind: 'choices', id: 'move', options: [] }] }, '*');
    });
    await page.getByRole('status').filter({ hasText: 'Your move, Ada.' }).waitFor();
    expect(await page.getByRole('button', { name: 'Row 1, column 1, X' }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: 'Row 3, column 3, empty' }).click();
    // postMessage is delivered as a later task: wait for the input rather than read at once.
    await page.waitForFunction(() =>
      (globalThis as unknown as { sent: { type: string }[] }).sent.some((m) => m.type === 'input'),
    );
    const sent = await page.evaluate(() => (globalThis as unknown as { sent: { type: string }[] }).sent);
    expect(sent.filter((m) => m.type === 'input')).toEqual([{ type: 'input', input: { cell: [2, 2] } }]);
    expect(await axeProblems(page)).toEqual([]);
    await shoot(page, 'minigame-ts-frontend');
    await page.close();
  });
});
