import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (pkg: string, file = 'index') =>
  fileURLToPath(new URL(`./packages/${pkg}/src/${file}.ts`, import.meta.url));

export default defineConfig({
  resolve: {
    // Tests run against the sources of sibling packages, not their last build.
    alias: {
      '@parlor/protocol': src('protocol'),
      '@parlor/games': src('games'),
      // Subpath exports before their package: the first matching prefix wins.
      '@parlor/game-server/connect-token': src('game-server', 'connect-token'),
      '@parlor/game-server/attach-token': src('game-server', 'attach-token'),
      '@parlor/game-server/testing': src('game-server', 'testing/index'),
      '@parlor/game-server': src('game-server'),
      '@parlor/sdk': src('sdk'),
      '@parlor/minigame-kit': src('minigame-kit'),
    },
  },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000,
    pool: 'forks',
    globalSetup: ['packages/server/test/support/global-setup.ts'],
  },
});
