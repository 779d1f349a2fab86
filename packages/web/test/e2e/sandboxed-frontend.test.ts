import { createServer, type Server } from 'node:http';
import { createSocket, type Socket } from 'node:dgram';
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createStudio } from '../../../server/test/support/studios.js';
import { PASSWORD, startTestParlor, type TestParlor } from '../../../server/test/support/test-parlor.js';
import { axeProblems, hasChromium, launch, person, shoot, type Person } from './support/browser.js';
import { hostileFrontend } from './support/hostile-frontend.js';

const WEB_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));
const BOX = { id: 'escape-box', name: 'Escape Box', minPlayers: 1, maxPlayers: 2, difficulties: ['easy'] };

const until = async (check: () => boolean, what: string) => {
  for (let i = 0; i < 300 && !check(); i++) await new Promise((r) => setTimeout(r, 100));
  if (!check()) throw new Error(`never: ${what}`);
};

/** The "internet": a host on another loopback address that counts every connection and packet. */
async function outsideHost() {
  const hits: string[] = [];
  const http: Server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.end('leak');
  });
  http.on('connection', () => hits.push(`tcp connection at ${Date.now() % 100000}`));
  http.on('upgrade', (req) => hits.push(`upgrade ${req.url}`));
  await new Promise<void>((r) => http.listen(0, '127.0.0.2', r));
  const udp: Socket = createSocket('udp4');
  udp.on('message', (m) => hits.push(`udp ${m.length} bytes`));
  await new Promise<void>((r) => udp.bind(0, '127.0.0.2', r));
  return {
    hits,
    url: `http://127.0.0.2:${(http.address() as AddressInfo).port}`,
    stunPort: udp.address().port,
    close: () => new Promise<void>((r) => (udp.close(), http.close(() => r()))),
  };
}

/** A mini-game written here: it greets each player with a private view and keeps every input. */
function runBox(p: TestParlor, key: string, inputs: unknown[]) {
  const wsUrl = p.url.replace(/^http/, 'ws');
  const control = new WebSocket(`${wsUrl}/v1/minigames/connect`);
  const sockets = [control];
  control.on('open', () => control.send(JSON.stringify({ type: 'hello', key, protocolVersion: 1 })));
  control.on('message', (d) => {
    const frame = JSON.parse(d.toString());
    if (frame.type !== 'attach') return;
    const game = new WebSocket(`${wsUrl}${frame.path}`);
    sockets.push(game);
    const send = (m: unknown) => game.send(JSON.stringify(m));
    game.on('open', () => send({ type: 'attach', token: frame.token }));
    game.on('message', (raw) => {
      const e = JSON.parse(raw.toString());
      if (e.type === 'start') {
        send({ type: 'state', state: { round: 1, board: 'public' } });
        for (const pl of e.players)
          send({
            type: 'view',
            playerId: pl.playerId,
            view: [{ kind: 'heading', text: `Secret for ${pl.displayName}` }],
          });
      }
      if (e.type === 'input') {
        inputs.push(e.input);
        send({ type: 'state', state: { round: 1, board: 'public', inputs: inputs.length } });
      }
    });
  });
  return {
    ready: new Promise<void>((r) => control.once('message', () => r())),
    stop: () => sockets.forEach((s) => s.terminate()),
  };
}

describe.skipIf(!hasChromium)("a studio's sandboxed front end in Chromium", { timeout: 120_000 }, () => {
  let p: TestParlor;
  let browser: Browser;
  let player: Person;
  let outside: Awaited<ReturnType<typeof outsideHost>>;
  let box: ReturnType<typeof runBox>;
  const inputs: unknown[] = [];
  let owner: { token: string; userId: string };

  beforeAll(async () => {
    if (!existsSync(`${WEB_DIR}/index.html`))
      throw new Error('build the web client first: npm run build:web');
    p = await startTestParlor({}, { listen: true, webDir: WEB_DIR });
    await p.admin();
    outside = await outsideHost();
    owner = await p.signUp('escape_owner');
    const studio = await createStudio(p, owner.token, 'Escape Studio');
    const reg = await p.call('POST', `/v1/studios/${studio.id}/minigames`, { token: owner.token, body: BOX });
    expect(reg.statusCode, reg.body).toBe(201);
    const up = await p.call('PUT', `/v1/studios/${studio.id}/minigames/${BOX.id}/frontend`, {
      token: owner.token,
      body: hostileFrontend(
        outside.url,
        p.url,
        outside.stunPort,
        (process.env.SKIP ?? '').split(',').filter(Boolean),
      ),
      headers: { 'content-type': 'text/html' },
    });
    expect(up.statusCode, up.body).toBe(200);
    box = runBox(p, reg.json().apiKey.key, inputs);
    await box.ready;
    browser = await launch();
    player = await person(browser, 'desktop');
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    box?.stop();
    await outside?.close();
    await p?.stop();
  });

  /** The owner signs in on `page`, makes a game of the box and starts it. */
  async function signInAndStart(page: Page): Promise<void> {
    await page.goto(p.url);
    await page.getByRole('heading', { name: 'Sign in to Parlor' }).waitFor();
    await page.getByLabel('Username', { exact: true }).fill('escape_owner');
    await page.getByLabel('Password', { exact: true }).fill(PASSWORD);
    await page.locator('form').getByRole('button', { name: 'Sign in', exact: true }).click();
    await page.getByRole('heading', { name: 'Play' }).waitFor();
    const created = await p.call('POST', '/v1/games', { token: owner.token, body: { type: BOX.id } });
    expect(created.statusCode, created.body).toBe(201);
    await page.goto(`${p.url}/play/${created.json().gameId ?? created.json().id}`);
    await page.getByRole('button', { name: 'Start the game' }).click();
  }

  it('gets the game data it is owed, and every way out fails', async () => {
    const page = player.page;
    await signInAndStart(page);

    const frame = page.frameLocator('iframe[title="Escape Box"]');
    await frame
      .getByText('window.open:')
      .waitFor({ timeout: 60_000 })
      .catch(async (err: unknown) => {
        // What the page and the frame showed, for the one who reads the failure.
        await shoot(page, 'sandboxed-frontend-stalled');
        console.log(
          'the frame showed:',
          await frame
            .locator('body')
            .innerText()
            .catch(() => 'nothing'),
        );
        throw err;
      });
    await until(() => inputs.some((i) => (i as { seen?: string }).seen), 'the report reached the mini-game');
    const report = (
      inputs.find((i) => (i as { report?: object }).report) as { report: Record<string, string> }
    ).report;
    const seen = (inputs.find((i) => (i as { seen?: string }).seen) as { seen: string }).seen;
    await shoot(page, 'sandboxed-frontend');

    // Every attempt failed in the frame. Three cannot tell there (a beacon is only queued, a
    // peer connection only made, a blocked child frame still fires load): for them what counts
    // is that the outside host saw nothing, asserted below.
    console.log('the front end reported:', report);
    const { RTCPeerConnection: _rtc, sendBeacon: _beacon, 'child frame': _frame, ...rest } = report;
    expect(Object.keys(rest).length).toBeGreaterThanOrEqual(19);
    for (const [attempt, outcome] of Object.entries(rest))
      if (!attempt.startsWith('t ')) expect(outcome, attempt).toMatch(/^blocked/);

    // It got the hello, the public state, its phase and its own view, and nothing that names anyone.
    expect(seen).toContain('"type":"hello","protocol":1,"displayName":"escape_owner"');
    expect(seen).toContain('"board":"public"');
    expect(seen).toContain('Secret for escape_owner');
    expect(seen).not.toContain(owner.token);
    expect(seen).not.toContain(owner.userId);
    // Junk and oversize inputs were dropped, and the flood was capped.
    expect(inputs.filter((i) => typeof i === 'string')).toEqual([]);
    const flood = inputs.filter((i) => (i as { flood?: number }).flood !== undefined).length;
    expect(flood).toBeLessThanOrEqual(40);

    // The refresh and self-navigation are last; give them time to try, then nothing may have arrived.
    await page.waitForTimeout(7000);
    expect(page.url()).toContain('/play/');
    // Nothing reached the outside: no request, no bare TCP connection (Chromium preconnects for
    // the blocked child frame and self-navigations), no STUN packet. The last two are stopped by
    // the empty Connection-Allowlist, not by CSP (docs/minigame-frontend.md).
    console.log('outside host saw:', outside.hits);
    expect(outside.hits).toEqual([]);
    expect(await axeProblems(page)).toEqual([]);
  });

  it('is never run by a browser that cannot keep it off the network: the simple screen, and why', async () => {
    // Firefox as the page sees it: its user agent, and no navigator.userAgentData (which
    // Chromium keeps reporting, rightly, whatever user agent string it is given).
    const context = await browser.newContext({
      viewport: { width: 1280, height: 800 },
      userAgent: 'Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0',
    });
    await context.addInitScript(
      "Object.defineProperty(Navigator.prototype, 'userAgentData', { get: () => undefined })",
    );
    const page = await context.newPage();
    await signInAndStart(page);
    await page.getByText('This game has its own screen, made by its studio.').waitFor();
    expect(await page.locator('iframe').count()).toBe(0);
    await shoot(page, 'frontend-withheld');
    expect(await axeProblems(page)).toEqual([]);
    expect(outside.hits).toEqual([]);
    await context.close();
  });
});
