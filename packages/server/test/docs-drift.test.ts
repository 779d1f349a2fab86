import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Errors, type ErrorEntry, errorCodes } from '@parlor/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigSchema, configEnvAliases, configEnvName } from '../src/config.js';
import { contractDocs } from '../src/contract-docs/contract-docs.js';
import { startTestParlor, type TestParlor } from './support/test-parlor.js';

/**
 * Docs that cannot drift: each check reads the source of truth (the error catalogue, the config
 * schema, the OpenAPI document) when it runs, so a code, setting or route added anywhere is
 * checked without touching this file.
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const read = (file: string) => readFileSync(path.join(root, file), 'utf8');

describe('docs/errors.md', () => {
  const rows = new Map(
    [...read('docs/errors.md').matchAll(/^\|\s*`([A-Z_]+)`\s*\|(.*)\|\s*$/gm)].map((m) => [
      m[1]!,
      m[2]!.split('|').map((c) => c.trim()),
    ]),
  );

  it('has a row for every catalogue code, with its meaning, HTTP status and close code', () => {
    const missing = errorCodes.filter((code) => !rows.has(code));
    expect(missing, 'codes missing from docs/errors.md: run `npm run docs:contract`').toEqual([]);
    for (const code of errorCodes) {
      const e: ErrorEntry = Errors[code];
      const [status, , , closeCode, meaning] = rows.get(code)!;
      expect(status, code).toBe(e.status ? String(e.status) : '–');
      expect(closeCode, code).toBe(e.closeCode ? String(e.closeCode) : '–');
      expect(meaning, code).toContain(e.meaning.slice(0, 20).replaceAll('|', '\\|'));
    }
  });

  it('lists no code the catalogue does not have', () => {
    expect([...rows.keys()].filter((code) => !(code in Errors))).toEqual([]);
  });
});

describe('generated pages', () => {
  it('docs/sockets.md and the catalogue table are up to date (`npm run docs:contract`)', async () => {
    for (const { file, text } of await contractDocs(root)) {
      expect(
        readFileSync(file, 'utf8'),
        `${path.relative(root, file)} is stale: run npm run docs:contract`,
      ).toBe(text);
    }
  });
});

describe('README settings', () => {
  it('names every setting of the config schema in its table or a doc the table links to', () => {
    const readme = read('README.md');
    const start = readme.indexOf('## Configuration');
    const section = readme.slice(start, readme.indexOf('\n## ', start + 1));
    const linked = [...section.matchAll(/\]\((docs\/[^)#]+\.md)\)/g)].map((m) => read(m[1]!));
    const documented = [section, ...linked].join('\n');
    const aliases = new Map(Object.entries(configEnvAliases).map(([name, key]) => [key as string, name]));
    const missing = Object.keys(ConfigSchema.shape).filter((key) => {
      const names = [configEnvName(key), aliases.get(key)].filter(Boolean) as string[];
      return !names.some((name) => new RegExp(`\\b${name}\\b`).test(documented));
    });
    expect(missing.map(configEnvName), 'settings missing from the README table').toEqual([]);
  });
});

describe('OpenAPI', () => {
  let p: TestParlor;
  beforeAll(async () => {
    p = await startTestParlor();
  });
  afterAll(() => p.stop());

  it('gives every route a summary and a schema for its answer', async () => {
    const doc = (await p.call('GET', '/openapi.json')).json() as {
      paths: Record<string, Record<string, { summary?: string; responses?: Record<string, unknown> }>>;
    };
    const problems: string[] = [];
    for (const [route, operations] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(operations)) {
        const name = `${method.toUpperCase()} ${route}`;
        if (!op.summary?.trim()) problems.push(`${name}: no summary`);
        const answers = Object.keys(op.responses ?? {}).filter((status) => /^[123]\d\d$/.test(status));
        if (answers.length === 0) problems.push(`${name}: no response schema for a success`);
        for (const status of ['4XX', '5XX'])
          if (!op.responses?.[status]) problems.push(`${name}: no ${status} error envelope`);
      }
    }
    expect(problems).toEqual([]);
    expect(Object.keys(doc.paths).length).toBeGreaterThan(30);
  });
});
