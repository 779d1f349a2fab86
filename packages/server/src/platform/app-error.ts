import { Errors, type HttpErrorCode } from '@parlor/protocol';

/** A failure with a stable code from the catalogue; the HTTP layer turns it into the envelope. */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: HttpErrorCode,
    message?: string,
    readonly extra: { issues?: { path: string; message: string }[]; retryAfterSeconds?: number } = {},
  ) {
    super(message ?? Errors[code].message);
    this.status = Errors[code].status;
  }
}
