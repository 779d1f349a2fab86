import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { nginxProxy, type NginxProxy } from '../../../../server/test/support/nginx-proxy.js';
import { PASSWORD, startTestParlor, type TestParlor } from '../../../../server/test/support/test-parlor.js';
import { axeProblems, launch, person, shoot, signUp as signUpWith, type Person } from './browser.js';

const WEB_DIR = fileURLToPath(new URL('../../../dist/', import.meta.url));
const GAME_SERVER = fileURLToPath(new URL('./short-round-game-server.mjs', import.meta.url));

/**
 * Three friends in three browsers (one a phone) play a round of Gem Rush through the web client
 * served by a real Parlor, with real game-server processes; an admin then signs one of them out.
 * `throughTlsProxy`: the same flow with nginx terminating TLS in front of Parlor (the deployment
 * guide's site file), so the page, the API and both sockets are on the proxy's one https origin
 * and every socket is wss://. Screenshots are taken on the direct run only (the pages are the same).
 */
export function threeFriendsFlow(
  title: string,
  { throughTlsProxy, skip }: { throughTlsProxy: boolean; skip: boolean },
) {
  describe.skipIf(skip)(title, { timeout: 120_000 }, () => {
    let p: TestParlor;
    let proxy: NginxProxy | undefined;
    let origin = '';
    let browser: Browser;
    let admin: Person, host: Person, ada: Person, bob: Person;
    const a11y: string[] = [];
    const sockets: string[] = [];
    const check = async (page: Page, name: string) => {
      if (!throughTlsProxy) await shoot(page, name);
      for (const problem of await axeProblems(page)) a11y.push(`${name}: ${problem}`);
    };

    beforeAll(async () => {
      if (!existsSync(`${WEB_DIR}/index.html`))
        throw new Error('build the web client first: npm run build:web');
      proxy = throughTlsProxy ? await nginxProxy() : undefined;
      const settings = proxy ? { PARLOR_PUBLIC_URL: proxy.origin, PARLOR_TRUST_PROXY: 'true' } : {};
      p = await startTestParlor(settings, { listen: true, webDir: WEB_DIR, gameServerEntry: GAME_SERVER });
      await proxy?.start(Number(new URL(p.url).port));
      origin = proxy?.origin ?? p.url;
      browser = await launch();
      // The proxy's certificate was made by this test, so its errors are the only ones waved through.
      const options = { ignoreHTTPSErrors: throughTlsProxy };
      [admin, host, ada, bob] = await Promise.all([
        person(browser, 'desktop', options),
        person(browser, 'desktop', options),
        person(browser, 'desktop', options),
        person(browser, 'phone', options),
      ]);
      for (const w of [admin, host, ada, bob]) w.page.on('websocket', (ws) => sockets.push(ws.url()));
    }, 120_000);
    afterAll(async () => {
      await browser?.close();
      await proxy?.stop();
      await p?.stop();
    });

    it('first run: the admin is created from the setup code', async () => {
      const page = admin.page;
      await page.goto(origin);
      await page.getByRole('heading', { name: 'Create the admin' }).waitFor();
      await check(page, 'setup');
      await page.getByLabel('Setup code').fill(p.bootstrapCode!);
      await page.getByLabel('Admin username').fill('e2e_admin');
      await page.getByLabel('Admin password', { exact: true }).fill(PASSWORD);
      await page.getByRole('button', { name: 'Create the admin' }).click();
      await page.getByRole('heading', { name: 'Play' }).waitFor();
      await expect(page.getByRole('link', { name: 'Admin' })).toBeTruthy();
    });

    it('two sign up on the sign-in screen, one creates a game, one joins by typing the code', async () => {
      for (const [who, name] of [
        [host, 'e2e_host'],
        [ada, 'e2e_ada'],
      ] as const) {
        await who.page.goto(origin);
        await who.page.getByRole('heading', { name: 'Sign in to Parlor' }).waitFor();
        if (who === host) await check(who.page, 'sign-in');
        await signUp(who.page, name);
        await who.page.getByRole('heading', { name: 'Play' }).waitFor();
      }
      await host.page.getByLabel('Lobby chat messages').waitFor();
      await check(host.page, 'home');
      await host.page.getByRole('button', { name: 'New game' }).click();
      const link = await host.page.getByLabel('Share link', { exact: true }).inputValue();
      expect(link).toMatch(new RegExp(`^${origin}/join/[^/]+$`));
      await host.page.getByRole('img', { name: /QR code/ }).waitFor();
      const code = decodeURIComponent(link.split('/').pop()!);

      await ada.page.getByLabel('Game code').fill(code);
      await ada.page.getByRole('button', { name: 'Join' }).click();
      await ada.page.getByText('Waiting for the host to start the game').waitFor();
      await check(ada.page, 'waiting-room-guest');
      shareLink = link;
    });

    let shareLink = '';
    it('the third opens the share link on a phone: sign-up, then straight into the waiting room', async () => {
      await bob.page.goto(shareLink);
      await bob.page.getByText('Sign in to join your friends').waitFor();
      await signUp(bob.page, 'e2e_bob');
      // Signed in the moment the page leaves /signin; from there to the waiting room is the
      // share link's own cost (join, load the room, connect to the game server).
      await bob.page.waitForURL((u) => u.pathname !== '/signin');
      const signedIn = Date.now();
      await bob.page.getByText('Waiting for the host to start the game').waitFor();
      console.log(`share link: signed in to waiting room in ${Date.now() - signedIn} ms`);
      await host.page.getByText('e2e_bob').waitFor();
      for (const name of ['e2e_host', 'e2e_ada', 'e2e_bob'])
        await host.page.getByText(name).first().waitFor();
      await check(host.page, 'waiting-room-host');
    });

    it('the host picks a difficulty and starts; all see it run; they chat; a reload mid-game is back in it', async () => {
      await host.page.getByRole('radio', { name: 'Hard' }).check();
      await host.page
        .getByRole('group', { name: 'Round length' })
        .getByRole('radio', { name: '1 minute' })
        .check();
      await host.page.getByRole('button', { name: 'Start the game' }).click();
      const arenas = [host, ada, bob].map((w) => w.page.getByRole('img', { name: /Gem Rush arena/ }));
      await Promise.all(arenas.map((a) => a.waitFor()));

      await host.page.getByLabel('Message to Game chat').fill('good luck all');
      await host.page.getByRole('button', { name: 'Send' }).click();
      for (const w of [ada, bob]) await w.page.getByText('good luck all').waitFor();
      const url = ada.page.url();
      await ada.page.reload();
      await ada.page.getByRole('img', { name: /Gem Rush arena/ }).waitFor();
      expect(ada.page.url()).toBe(url);
      await ada.page.getByText('good luck all').waitFor();
      await ada.page.getByLabel('Scores').getByText('e2e_ada (you)').waitFor();

      // Each steers one way; every page sees the others move.
      const before = await Promise.all(arenas.map(positions));
      await host.page.keyboard.down('ArrowLeft');
      await ada.page.getByRole('img', { name: /Gem Rush arena/ }).focus();
      await ada.page.keyboard.down('ArrowUp');
      // The phone holds its thumb on the stick (a tap would steer and let go within one tick).
      const stick = (await bob.page.getByRole('group', { name: /Touch stick/ }).boundingBox())!;
      const thumb = await bob.page.context().newCDPSession(bob.page);
      const right = { x: stick.x + stick.width - 4, y: stick.y + stick.height / 2 };
      await thumb.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [right] });
      for (const i of [0, 1, 2]) {
        for (const name of ['e2e_host', 'e2e_ada', 'e2e_bob'])
          await expect
            .poll(async () => (await positions(arenas[i]!))[name], {
              message: `${name} seen moving on page ${i}`,
              timeout: 10_000,
            })
            .not.toEqual(before[i]![name]);
      }
      await thumb.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
      await host.page.keyboard.up('ArrowLeft');
      await ada.page.keyboard.up('ArrowUp');
      await check(host.page, 'play');
      await check(bob.page, 'play-phone');
    });

    it('all three see the same results', async () => {
      const tables = await Promise.all(
        [host, ada, bob].map(async (w) => {
          await w.page.getByRole('heading', { name: 'Results' }).waitFor({ timeout: 60_000 });
          return (await w.page.getByRole('table').innerText()).replace(/ \(you\)/g, '');
        }),
      );
      expect(tables[1]).toBe(tables[0]);
      expect(tables[2]).toBe(tables[0]);
      for (const name of ['e2e_host', 'e2e_ada', 'e2e_bob']) expect(tables[0]).toContain(name);
      await check(host.page, 'results');
    });

    it('messages, account and studio pages', async () => {
      await bob.page.goto(`${origin}/messages`);
      await bob.page.getByRole('heading', { name: 'Messages' }).waitFor();
      await check(bob.page, 'messages');
      await bob.page.goto(`${origin}/account`);
      await bob.page.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
      await check(bob.page, 'account');
      await admin.page.goto(`${origin}/studio`);
      await admin.page.getByRole('heading', { name: 'Studios', level: 1 }).waitFor();
      await check(admin.page, 'studio');
    });

    it('the admin console: every page, with the figures of what the friends did', async () => {
      const page = admin.page;
      await page.goto(`${origin}/admin`);
      // The range's figures count what this run did: the three friends signed in, one game played.
      const figure = (name: string) =>
        page.getByText(name, { exact: true }).locator('xpath=following-sibling::dd');
      await expect.poll(() => figure('Games finished').innerText(), { timeout: 10_000 }).toBe('1');
      expect(Number(await figure('Sign-ins').innerText())).toBeGreaterThanOrEqual(3);
      expect(Number(await figure('Chat messages').innerText())).toBeGreaterThanOrEqual(1);
      await page.getByRole('img', { name: 'Sign-ins per day' }).waitFor();
      // Games started per day by type: one line per type, and today's gem-rush figure (the table's first row) beside it.
      const byType = page.getByRole('region', { name: 'Games started per day by type', exact: true });
      await byType.getByRole('img', { name: 'Games started per day, one line per game type' }).waitFor();
      await byType.getByRole('columnheader', { name: 'gem-rush' }).waitFor();
      expect(
        Number(
          await page
            .getByRole('region', { name: 'Games started per day by type, as figures' })
            .getByRole('row')
            .nth(1)
            .getByRole('cell')
            .first()
            .innerText(),
        ),
      ).toBeGreaterThanOrEqual(1);
      const pages: [string, string, string][] = [
        ['Overview', 'Overview', 'admin'],
        ['Users', 'Users', 'admin-users'],
        ['Audit log', 'Audit log', 'admin-audit'],
        ['Live games', 'Live games', 'admin-games'],
        ['Roles and bindings', 'Roles and bindings', 'admin-access'],
      ];
      for (const [link, heading, shot] of pages) {
        await page.getByRole('navigation', { name: 'Console' }).getByRole('link', { name: link }).click();
        await page.getByRole('heading', { name: heading, exact: true }).waitFor();
        await page.waitForLoadState('networkidle');
        await check(page, shot);
      }
      await page.getByLabel('Resource').fill('stats');
      await page.getByRole('button', { name: 'Check' }).click();
      await page.getByRole('status').getByText('Allowed').waitFor();
    });

    it('an admin ends a live game from the console, after a confirmation', async () => {
      await host.page.goto(origin);
      await host.page.getByRole('button', { name: 'New game' }).click();
      await host.page.getByLabel('Share link', { exact: true }).waitFor();
      const page = admin.page;
      await page.goto(`${origin}/admin/games`);
      const end = page.getByRole('button', { name: 'End the gem-rush game hosted by e2e_host' });
      await end.waitFor({ timeout: 10_000 });
      await end.click();
      await page.getByRole('button', { name: 'Yes: end it' }).click();
      await page.getByText('No game is being played now.').waitFor({ timeout: 10_000 });
    });

    it("an admin signs a player out from the player's page: that page is on the sign-in screen", async () => {
      const page = admin.page;
      await page.goto(`${origin}/admin/users`);
      await page.getByRole('link', { name: 'e2e_bob' }).click();
      await page.getByRole('heading', { name: 'e2e_bob' }).waitFor();
      // His sessions and the game he just played are listed on his page.
      await page.getByRole('heading', { name: 'Signed in now' }).waitFor();
      await page.getByRole('cell', { name: 'gem-rush' }).waitFor();
      await expect
        .poll(() =>
          page.getByText('Sign-ins', { exact: true }).locator('xpath=following-sibling::dd').innerText(),
        )
        .not.toBe('0');
      await check(page, 'admin-user');
      await bob.page.goto(origin);
      await bob.page.getByRole('heading', { name: 'Play' }).waitFor();
      await bob.page.getByRole('img', { name: 'Connected' }).waitFor();
      await page.getByRole('button', { name: 'Sign out everywhere' }).click();
      await check(page, 'admin-user-confirm');
      const clicked = Date.now();
      await page.getByRole('button', { name: 'Yes: sign out everywhere' }).click();
      await bob.page.getByText('You were signed out by an administrator.').waitFor({ timeout: 1_000 });
      const took = Date.now() - clicked;
      console.log(`deauthenticated: the player's page showed the sign-in screen ${took} ms after the click`);
      await bob.page.getByRole('heading', { name: 'Sign in to Parlor' }).waitFor();
      await page
        .getByRole('status')
        .getByText(/Signed out everywhere/)
        .waitFor();
      // What was done to bob: the admin's sign-out, listed under his page's targeted entries.
      await page.getByRole('cell', { name: 'user.deauthenticate' }).waitFor();
      await check(bob.page, 'signed-out');
    });

    it("every socket went to the page's own origin (wss:// behind the TLS proxy)", () => {
      const socketOrigin = origin.replace(/^http/, 'ws');
      expect(sockets.filter((u) => /\/v1\/games\/[^/]+\/socket$/.test(u)).length).toBeGreaterThanOrEqual(3);
      for (const url of sockets) expect(url.startsWith(`${socketOrigin}/v1/`), url).toBe(true);
    });

    it('no serious or critical accessibility finding, no CSP refusal, no page error', () => {
      expect(a11y).toEqual([]);
      for (const w of [admin, host, ada, bob]) expect(w.problems).toEqual([]);
    });
  });
}

const signUp = (page: Page, username: string) => signUpWith(page, username, PASSWORD);

async function positions(arena: ReturnType<Page['getByRole']>): Promise<Record<string, [number, number]>> {
  await arena
    .page()
    .waitForFunction(
      (el) => Boolean((el as unknown as { dataset: { positions?: string } }).dataset.positions),
      await arena.elementHandle(),
    );
  return JSON.parse((await arena.getAttribute('data-positions')) ?? '{}');
}
