import type { HttpErrorCode } from '@parlor/protocol';

export interface ParlorErrorInit {
  code: HttpErrorCode | (string & {});
  status: number;
  message: string;
  retryAfterSeconds?: number;
  issues?: { path: string; message: string }[];
}

/**
 * Every failed call: the server's stable `code` (branch on it), the HTTP `status`, the server's
 * message for people, and how long to wait when the server said so. `status` is 0 when the
 * server could not be reached at all (code `NETWORK_ERROR`).
 */
export class ParlorError extends Error {
  readonly code: HttpErrorCode | (string & {});
  readonly status: number;
  readonly retryAfterSeconds: number | undefined;
  readonly issues: { path: string; message: string }[] | undefined;

  constructor(init: ParlorErrorInit) {
    super(init.message);
    this.name = 'ParlorError';
    this.code = init.code;
    this.status = init.status;
    this.retryAfterSeconds = init.retryAfterSeconds;
    this.issues = init.issues;
  }
}

export function isParlorError(err: unknown, code?: string): err is ParlorError {
  return err instanceof ParlorError && (code === undefined || err.code === code);
}
