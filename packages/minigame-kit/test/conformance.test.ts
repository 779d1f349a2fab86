import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The CLI as a studio runs it (built by `tsc -b`), against both examples in this repository.
const root = (p: string) => fileURLToPath(new URL(`../../../${p}`, import.meta.url));
const CLI = root('packages/minigame-kit/dist/conformance/cli.js');

function conformance(...command: string[]): Promise<{ code: number; out: string }> {
  return new Promise((resolve) =>
    execFile('node', [CLI, '--', ...command], { timeout: 120_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? Number(error.code ?? 1) : 0, out: stdout + stderr }),
    ),
  );
}

describe('parlor-minigame-conformance', () => {
  it('passes the Python example', { timeout: 150_000 }, async () => {
    const { code, out } = await conformance('python3', root('examples/minigame-python/main.py'));
    expect(out).not.toMatch(/^FAIL/m);
    expect(out).toMatch(/^PASS +re-attach: asks for its game back with reattach/m);
    expect(out).toMatch(/^PASS +re-attach: carries on after resumed/m);
    expect(out).toMatch(/conformant/);
    expect(code).toBe(0);
  });

  it('passes the TypeScript example', { timeout: 150_000 }, async () => {
    const { code, out } = await conformance('node', root('examples/minigame-ts/main.js'));
    expect(out).not.toMatch(/^FAIL/m);
    expect(out).toMatch(/^PASS +re-attach: carries on after resumed/m);
    expect(code).toBe(0);
  });

  it(
    'reports, in order, what a broken mini-game gets wrong, and exits non-zero',
    { timeout: 150_000 },
    async () => {
      const { code, out } = await conformance(
        'node',
        root('packages/minigame-kit/test/fixtures/key-in-url.mjs'),
      );
      const lines = out.split('\n').filter((l) => /^(PASS|FAIL)/.test(l));
      expect(lines[0]).toMatch(/^PASS .*opens \/v1\/minigames\/connect/);
      expect(lines[1]).toMatch(/^FAIL .*the key is not in the URL/);
      expect(lines[2]).toMatch(/^FAIL .*first frame is hello/);
      expect(code).toBe(1);
    },
  );
});
