import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { ParlorClient } from '@parlor/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD, startTestParlor, type TestParlor } from '../../../server/test/support/test-parlor.js';
import { axeProblems, hasChromium, launch, person, shoot, signUp, type Person } from './support/browser.js';
import { runHostileMinigame } from './support/hostile-minigame.js';

const WEB_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));
const QUIZ_MAIN = fileURLToPath(new URL('../../../../examples/minigame-python/main.py', import.meta.url));
const QUIZ = {
  id: 'quick-quiz',
  name: 'Quick Quiz',
  minPlayers: 1,
  maxPlayers: 4,
  difficulties: ['easy', 'hard'],
};
const ROUNDS = 3;

/**
 * The Python quiz, started as a child process, played to the end by two people in two Chromium
 * contexts through the component renderer; then a hostile mini-game's markup shows as text.
 */
describe.skipIf(!hasChromium)('a mini-game in the web client', { timeout: 120_000 }, () => {
  let p: TestParlor;
  let browser: Browser;
  let host: Person, friend: Person;
  let owner: ParlorClient;
  let studioId = '';
  const children: ChildProcess[] = [];
  const stops: (() => void)[] = [];
  const a11y: string[] = [];

  beforeAll(async () => {
    if (!existsSync(`${WEB_DIR}/index.html`))
      throw new Error('build the web client first: npm run build:web');
    p = await startTestParlor({}, { listen: true, webDir: WEB_DIR });
    await p.admin();
    browser = await launch();
    [host, friend] = await Promise.all([person(browser, 'desktop'), person(browser, 'phone')]);
  }, 120_000);
  afterAll(async () => {
    for (const stop of stops) stop();
    for (const c of children) c.kill();
    await browser?.close();
    await p?.stop();
  });

  it('the studio registers the Python quiz and starts it', async () => {
    await host.page.goto(p.url);
    await host.page.getByRole('heading', { name: 'Sign in to Parlor' }).waitFor();
    await signUp(host.page, 'quiz_host', PASSWORD);
    await host.page.getByRole('heading', { name: 'Play' }).waitFor();
    owner = new ParlorClient({ baseUrl: p.url });
    await owner.identity.signIn('quiz_host', PASSWORD);
    studioId = (await owner.studios.create('Quiz Makers')).id;
    const made = await owner.studios.registerMinigame(studioId, QUIZ);
    const python = spawn('python3', [QUIZ_MAIN, '--url', p.url, '--key', made.apiKey.key], { stdio: 'pipe' });
    children.push(python);
    await new Promise<void>((resolve) =>
      python.stdout.on('data', (d) => String(d).includes('connected') && resolve()),
    );
  });

  it('two players play it to the end through the rendered components; results show', async () => {
    await host.page.reload();
    await host.page.getByLabel('Game', { exact: true }).selectOption(QUIZ.id);
    await host.page.getByRole('button', { name: 'New game' }).click();
    const link = await host.page.getByLabel('Share link', { exact: true }).inputValue();
    await friend.page.goto(link);
    await friend.page.getByText('Sign in to join your friends').waitFor();
    await signUp(friend.page, 'quiz_friend', PASSWORD);
    await friend.page.getByText('Waiting for the host to start the game').waitFor();
    await host.page.getByText('quiz_friend').first().waitFor();
    await host.page.getByRole('radio', { name: 'Easy' }).check();
    await host.page.getByRole('button', { name: 'Start the game' }).click();

    for (let round = 1; round <= ROUNDS; round++) {
      for (const who of [host, friend]) {
        await who.page.getByRole('heading', { name: `Question ${round} of ${ROUNDS}` }).waitFor();
        if (round === 1) {
          await who.page.getByRole('heading', { name: 'Quick Quiz', level: 1 }).waitFor();
          await who.page.getByRole('table', { name: 'Scoreboard' }).waitFor();
          await who.page.getByRole('timer', { name: 'Time left' }).waitFor();
          await who.page.getByLabel('Game state').getByText('round').waitFor();
        }
      }
      if (round === 1) {
        await shoot(friend.page, 'minigame-play');
        a11y.push(...(await axeProblems(host.page)), ...(await axeProblems(friend.page)));
      }
      for (const who of [host, friend]) {
        const first = who.page.getByRole('group', { name: 'Choices' }).getByRole('button').first();
        await first.click();
        expect(await first.getAttribute('aria-pressed')).toBe('true');
      }
    }
    for (const who of [host, friend]) {
      await who.page.getByRole('heading', { name: 'Results' }).waitFor();
      await who.page.getByText(/wins the quiz/).waitFor();
    }
    await shoot(host.page, 'minigame-results');
    a11y.push(...(await axeProblems(host.page)));
  });

  it("the studio console lists the mini-game, its server's connection and its play", async () => {
    await host.page.goto(`${p.url}/studio/${studioId}`);
    const table = host.page.getByRole('table').filter({ hasText: 'Quick Quiz' });
    await table.getByText(/protocol 1 · since/).waitFor();
    await expect.poll(() => table.getByRole('cell').last().textContent(), { timeout: 10_000 }).toBe('1');
    expect(await table.getByRole('cell', { name: 'connected', exact: true }).count()).toBe(1);
    a11y.push(...(await axeProblems(host.page)));
  });

  it('markup and script in component text show as text, never as HTML', async () => {
    const made = await owner.studios.registerMinigame(studioId, {
      ...QUIZ,
      id: 'sly-game',
      name: 'Sly Game',
    });
    stops.push(await runHostileMinigame(p.url, made.apiKey.key));
    await host.page.goto(p.url);
    await host.page.getByLabel('Game', { exact: true }).selectOption('sly-game');
    await host.page.getByRole('button', { name: 'New game' }).click();
    await host.page.getByRole('radio', { name: 'Easy' }).check();
    await host.page.getByRole('button', { name: 'Start the game' }).click();
    const page = host.page;
    await page.getByRole('heading', { name: '<img src=x onerror="window.pwned=1">' }).waitFor();
    await page.getByText('<script>window.pwned=2</script>').waitFor();
    await page.getByRole('button', { name: '<b>bold</b>' }).waitFor();
    await page.getByLabel('Game state').getByText('<script>1</script>').waitFor();
    expect(await page.locator('.mg-view img, .mg-view script, .mg-view b').count()).toBe(0);
    expect(await page.evaluate('window.pwned')).toBeUndefined();
    expect(host.problems).toEqual([]);
    expect(a11y).toEqual([]);
  });
});
