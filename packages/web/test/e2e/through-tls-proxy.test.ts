import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NGINX, nginxProxy, type NginxProxy } from '../../../server/test/support/nginx-proxy.js';
import { PASSWORD, startTestParlor, type TestParlor } from '../../../server/test/support/test-parlor.js';
import { hasChromium, launch, person, signUp, type Person } from './support/browser.js';

const WEB_DIR = fileURLToPath(new URL('../../dist/', import.meta.url));
const GAME_SERVER = fileURLToPath(new URL('./support/short-round-game-server.mjs', import.meta.url));

if (hasChromium && !NGINX)
  console.log('TLS proxy browser test skipped: nginx is not installed (apt-get install nginx-light)');

/**
 * Two friends play through nginx terminating TLS in front of Parlor (the deployment guide's
 * site file): the page, the API, the realtime socket and the game socket all on the proxy's
 * one https origin, the sockets over wss://.
 */
describe.skipIf(!hasChromium || !NGINX)(
  'two friends play through a TLS reverse proxy',
  { timeout: 120_000 },
  () => {
    let proxy: NginxProxy;
    let p: TestParlor;
    let browser: Browser;
    let host: Person, friend: Person;
    const sockets: string[] = [];

    beforeAll(async () => {
      if (!existsSync(`${WEB_DIR}/index.html`))
        throw new Error('build the web client first: npm run build:web');
      proxy = await nginxProxy();
      p = await startTestParlor(
        { PARLOR_PUBLIC_URL: proxy.origin, PARLOR_TRUST_PROXY: 'true' },
        { listen: true, webDir: WEB_DIR, gameServerEntry: GAME_SERVER },
      );
      await proxy.start(Number(new URL(p.url).port));
      await p.admin(); // past first-run setup, so the page opens on sign-in
      browser = await launch();
      // The proxy's certificate was made by this test, so its errors are the only ones waved through.
      [host, friend] = await Promise.all([
        person(browser, 'desktop', { ignoreHTTPSErrors: true }),
        person(browser, 'phone', { ignoreHTTPSErrors: true }),
      ]);
      for (const w of [host, friend]) w.page.on('websocket', (ws) => sockets.push(ws.url()));
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await proxy?.stop();
      await p?.stop();
    });

    it('sign up, create, join by the share link, start: both see the game, over wss:// on the one origin', async () => {
      await host.page.goto(proxy.origin);
      await host.page.getByRole('heading', { name: 'Sign in to Parlor' }).waitFor();
      await signUp(host.page, 'tls_host', PASSWORD);
      await host.page.getByRole('button', { name: 'New game' }).click();
      const link = await host.page.getByLabel('Share link', { exact: true }).inputValue();
      expect(link.startsWith(`${proxy.origin}/join/`)).toBe(true);

      await friend.page.goto(link);
      await friend.page.getByText('Sign in to join your friends').waitFor();
      await signUp(friend.page, 'tls_friend', PASSWORD);
      await friend.page.getByText('Waiting for the host to start the game').waitFor();
      await host.page.getByText('tls_friend').waitFor();

      await host.page.getByRole('radio', { name: 'Easy' }).check();
      await host.page.getByRole('button', { name: 'Start the game' }).click();
      for (const w of [host, friend]) await w.page.getByRole('img', { name: /Gem Rush arena/ }).waitFor();

      const wss = proxy.origin.replace('https:', 'wss:');
      expect(sockets.filter((u) => /\/v1\/games\/[^/]+\/socket$/.test(u)).length).toBeGreaterThanOrEqual(2);
      for (const url of sockets) expect(url.startsWith(`${wss}/v1/`), url).toBe(true);
      for (const w of [host, friend]) expect(w.problems).toEqual([]);
    });
  },
);
