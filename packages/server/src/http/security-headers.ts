import type { FastifyInstance } from 'fastify';

/**
 * Seed 004's headers plus a modern set, on every response (errors and 404s included, since
 * they are added in onRequest before any handler can fail). HSTS only when served over TLS:
 * over plain HTTP the browser ignores it, and it would be a lie.
 */
export function securityHeaders(tls: boolean): Record<string, string> {
  const headers: Record<string, string> = {
    // The old XSS auditor is gone from browsers, and where it lingers its blocking mode can be
    // abused to hide parts of a page; OWASP asks for 0 (the CSP below does the real work).
    'X-XSS-Protection': '0',
    'X-Frame-Options': 'DENY',
    'X-Content-Type-Options': 'nosniff',
    'X-Permitted-Cross-Domain-Policies': 'none',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Content-Security-Policy':
      "default-src 'self'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'; form-action 'self'",
    'Cache-Control': 'no-store',
  };
  if (tls) headers['Strict-Transport-Security'] = 'max-age=63072000; includeSubDomains';
  return headers;
}

export function registerSecurityHeaders(app: FastifyInstance, tls: boolean): void {
  const headers = securityHeaders(tls);
  app.addHook('onRequest', async (_request, reply) => {
    reply.headers(headers);
  });
}
