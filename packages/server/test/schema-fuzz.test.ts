import fc from 'fast-check';
import { hostileJson, hostileString } from './support/hostile-text.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeKey } from './support/credentials.js';
import { PASSWORD, startTestParlor, type TestParlor } from './support/test-parlor.js';

/**
 * Property: no input, however odd, makes any endpoint answer 5xx, and every refusal is the
 * error envelope. Routes come from the OpenAPI document, so new endpoints are fuzzed without
 * a line here. Bodies are random JSON, and also objects with the schema's own field names and
 * random values, which get past the shape check and reach deeper validation and the services.
 */
type Operation = {
  requestBody?: { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> };
};

let p: TestParlor;
let doc: { paths: Record<string, Record<string, Operation>> };
let keyToken: string;
let adminLogin: () => Promise<string>;
beforeAll(async () => {
  p = await startTestParlor({ PARLOR_SESSION_IDLE_MINUTES: '43200' });
  const admin = await p.admin('fuzz_admin');
  keyToken = (await makeKey(p, admin.token, 'community-server')).key;
  adminLogin = async () =>
    (await p.call('POST', '/v1/sessions', { body: { username: 'fuzz_admin', password: PASSWORD } })).json()
      .token;
  doc = (await p.call('GET', '/openapi.json')).json();
});
afterAll(() => p.stop());

const segment = fc.oneof(
  fc.string({ maxLength: 80 }),
  hostileString({ maxLength: 80 }),
  fc.uuid(),
  fc.stringMatching(/^[A-Za-z0-9]{12}$/),
  fc.constantFrom('current', '..', '%00', '\u0000', 'a\u0000b', 'admin', '-1', '9'.repeat(40)),
);
const query = fc.dictionary(
  fc.oneof(
    fc.string({ maxLength: 10 }),
    fc.constantFrom('limit', 'before', 'since', 'until', 'actor', 'action', 'after', 'ownerId', 'users'),
  ),
  fc.oneof(
    fc.string({ maxLength: 40 }),
    hostileString({ maxLength: 40 }),
    fc.integer().map(String),
    fc.date({ noInvalidDate: true }).map((d) => d.toISOString()),
  ),
  { maxKeys: 4 },
);

// Percent-encodes the UTF-8 bytes, as a client would; a lone surrogate has no UTF-8 form and
// goes as U+FFFD (encodeURIComponent would throw).
const encodeSegment = (s: string) =>
  [...Buffer.from(s)].map((b) => `%${b.toString(16).padStart(2, '0')}`).join('');

function bodies(op: Operation) {
  const fields = Object.keys(op.requestBody?.content?.['application/json']?.schema?.properties ?? {});
  const shaped = fields.length
    ? [
        fc.record(
          Object.fromEntries(
            fields.map((f) => [f, fc.oneof(fc.jsonValue({ maxDepth: 3 }), hostileJson({ maxDepth: 3 }))]),
          ),
          { requiredKeys: [] },
        ),
      ]
    : [];
  return fc.oneof(
    fc.constant(undefined),
    fc.jsonValue({ maxDepth: 4 }),
    hostileJson({ maxDepth: 4 }),
    ...shaped,
  );
}

describe('fast-check: random input never yields a 5xx', () => {
  it('covers every route in the OpenAPI document', () => {
    expect(Object.keys(doc.paths).length).toBeGreaterThan(20);
  });

  it('every route, every schema', async () => {
    for (const [path, ops] of Object.entries(doc.paths))
      for (const [method, op] of Object.entries(ops)) {
        // The fuzz may log itself out (`/v1/sessions/current`), so it logs in again when refused.
        const isKeyRoute = path === '/v1/tickets/verify';
        let token = isKeyRoute ? keyToken : await adminLogin();
        await fc.assert(
          fc.asyncProperty(
            fc.array(segment, { minLength: 3, maxLength: 3 }),
            query,
            bodies(op),
            async (segs, q, body) => {
              let i = 0;
              const url =
                path.replace(/\{[^}]+\}/g, () => encodeSegment(segs[i++]!)) +
                (Object.keys(q).length ? `?${new URLSearchParams(q)}` : '');
              const res = await p.app.inject({
                method: method.toUpperCase() as 'GET',
                url,
                headers: {
                  authorization: `Bearer ${token}`,
                  ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
                },
                ...(body !== undefined ? { payload: JSON.stringify(body) } : {}),
              });
              const where = `${method.toUpperCase()} ${url} ${JSON.stringify(body)} → ${res.statusCode} ${res.body.slice(0, 300)}`;
              expect(res.statusCode, where).toBeLessThan(500);
              if (res.statusCode === 401 && !isKeyRoute) token = await adminLogin();
              if (res.statusCode >= 400) {
                const err = res.json().error;
                expect(typeof err?.code, where).toBe('string');
                expect(typeof err?.message, where).toBe('string');
              }
            },
          ),
          { numRuns: 40 },
        );
      }
  }, 300_000);
});
