import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { ParlorClient } from '@parlor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestParlor, type TestParlor } from '../../../server/test/support/test-parlor.js';
import { axeProblems, hasChromium, launch, person, shoot, signUp, type Person } from './support/browser.js';
import { runHostileMinigame } from './support/hostile-minigame.js';

const WEB_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));
const SIMULATOR = fileURLToPath(new URL('../../../../bench/simulate-usage.mjs', import.meta.url));

/** Runs the usage simulator as a studio's reporters would, and resolves with its output. */
function simulate(url: string, key: string, users: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [SIMULATOR, '--url', url, '--users', String(users), '--rate', '40', '--duration', '1', '--json'],
      { env: { ...process.env, PARLOR_METRICS_KEY: key }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`simulator exited ${code}`))));
  });
}

/** An owner creates a studio, mints a key, fills the free plan with the simulator and upgrades. */
describe.skipIf(!hasChromium)('the studio console', { timeout: 120_000 }, () => {
  let p: TestParlor;
  let browser: Browser;
  let owner: Person;
  const a11y: string[] = [];

  beforeAll(async () => {
    if (!existsSync(`${WEB_DIR}/index.html`))
      throw new Error('build the web client first: npm run build:web');
    p = await startTestParlor({ PARLOR_PLANS: 'free:5,pro:100' }, { listen: true, webDir: WEB_DIR });
    await p.admin();
    browser = await launch();
    owner = await person(browser, 'desktop');
  }, 120_000);
  const stops: (() => void)[] = [];
  afterAll(async () => {
    for (const stop of stops) stop();
    await browser?.close();
    await p?.stop();
  });

  it('create a studio, mint a key, go past the free limit, upgrade', async () => {
    const page = owner.page;
    await page.goto(p.url);
    await page.getByRole('heading', { name: 'Sign in to Parlor' }).waitFor();
    await signUp(page, 'studio_owner', PASSWORD);
    await page.getByRole('heading', { name: 'Play' }).waitFor();
    await page.getByRole('link', { name: 'Studio', exact: true }).click();
    await page.getByRole('heading', { name: 'Studios' }).waitFor();
    await page.getByLabel('Studio name').fill('Tiny Games');
    await page.getByRole('button', { name: 'Create the studio' }).click();
    await page.getByRole('heading', { name: 'Tiny Games' }).waitFor();
    await page.getByText('This studio has registered no mini-games yet.').waitFor();

    // A mini-game registered through the API shows up with its server's connection once it connects.
    const api = new ParlorClient({ baseUrl: p.url });
    await api.identity.signIn('studio_owner', PASSWORD);
    const studioId = new URL(page.url()).pathname.split('/').pop()!;
    const quiz = { id: 'tiny-quiz', name: 'Tiny Quiz', minPlayers: 1, maxPlayers: 4, difficulties: ['easy'] };
    const minigame = await api.studios.registerMinigame(studioId, quiz);
    const games = page.getByRole('table').filter({ hasText: 'Tiny Quiz' });
    await games.getByText('never connected').waitFor();
    stops.push(await runHostileMinigame(p.url, minigame.apiKey.key));
    await games.getByText(/127\.0\.0\.1 · protocol 1 · since/).waitFor();
    await games.getByRole('cell', { name: 'connected', exact: true }).waitFor();
    // Its recent games, folded away until opened: none yet.
    await page.getByText('Recent games of Tiny Quiz').click();
    await page.getByText('No games of it yet.').waitFor();

    await page.getByLabel('Key name').fill('reporter');
    await page.getByRole('button', { name: 'Create a key' }).click();
    const secret = page.getByLabel('New key secret');
    await secret.waitFor();
    const key = await secret.inputValue();
    expect(key).toMatch(/^plk_/);
    await page.getByRole('button', { name: 'Copy' }).click();
    await page.getByRole('button', { name: 'Copied' }).waitFor();
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.getByLabel('New key secret').count()).toBe(0);

    const summary = JSON.parse(await simulate(p.url, key, 8)) as { accepted: number; errors: object };
    expect(summary.accepted).toBeGreaterThanOrEqual(8);

    const bar = page.getByRole('progressbar', { name: "Active players against the plan's limit" });
    await expect
      .poll(() => bar.getAttribute('aria-valuetext'), { timeout: 10_000 })
      .toBe('5 of 5 active players');
    expect(await bar.getAttribute('class')).toContain('full');
    await page.getByText('3 inactive').waitFor();
    await shoot(page, 'studio-full');
    a11y.push(...(await axeProblems(page)));

    await page.getByLabel('Change the plan to').selectOption('pro');
    await page.getByRole('button', { name: 'Upgrade…' }).click();
    await page.getByRole('button', { name: 'Yes, move to pro' }).click();
    await page.getByText('3 inactive players became active').waitFor();
    await expect
      .poll(() => bar.getAttribute('aria-valuetext'), { timeout: 10_000 })
      .toBe('8 of 100 active players');
    await page.getByText('0 inactive').waitFor();
    await shoot(page, 'studio-upgraded');
    a11y.push(...(await axeProblems(page)));
    expect(a11y).toEqual([]);
    expect(owner.problems).toEqual([]);
  });
});
