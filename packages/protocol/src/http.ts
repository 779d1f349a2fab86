import { z } from 'zod';

/**
 * What every HTTP answer shares: the error envelope (codes in errors.ts), the empty 204, and the
 * operations endpoints outside /v1.
 */
export const ErrorResponse = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    retryAfterSeconds: z.number().int().optional(),
  }),
});

export const NoContent = z.void().describe('No content');

export const Health = z.object({ status: z.literal('ok') });
export const Readiness = z.object({
  status: z.enum(['ready', 'unavailable']),
  checks: z.record(z.string(), z.enum(['ok', 'unavailable'])),
});
/** Prometheus' text exposition format. */
/** A mini-game's own front end: one self-contained HTML document (docs/minigame-frontend.md). */
export const FrontendHtml = z.string().describe('One self-contained HTML document');
export const MetricsText = z.string().describe('Prometheus text exposition format');

export type ErrorResponse = z.infer<typeof ErrorResponse>;
export type Health = z.infer<typeof Health>;
export type Readiness = z.infer<typeof Readiness>;

/** A WebSocket route's answer: the upgrade, after which frames follow (docs/sockets.md). */
export const SocketUpgrade = z.void().describe('Switching Protocols; then the frames in docs/sockets.md');
