import { type ErrorBody, Errors, type HttpErrorCode } from '@parlor/protocol';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError } from '../platform/app-error.js';
import { RedisUnavailableError } from '../bus/index.js';
import { StorageUnavailableError } from '../storage/db.js';

export function sendError(
  reply: FastifyReply,
  code: HttpErrorCode,
  message?: string,
  extra: Partial<ErrorBody['error']> = {},
) {
  const body: ErrorBody = { error: { code, message: message ?? Errors[code].message, ...extra } };
  if (extra.retryAfterSeconds !== undefined) reply.header('Retry-After', String(extra.retryAfterSeconds));
  return reply.code(Errors[code].status).send(body);
}

/** Fastify's own error codes that are the client's fault, mapped onto our catalogue. */
const FASTIFY_CODES: Record<string, HttpErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'BAD_JSON',
  FST_ERR_CTP_INVALID_JSON_BODY: 'BAD_JSON',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
};

/** Turns every failure into the `{error: {code, message}}` envelope; never leaks internals. */
export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      return sendError(reply, error.code, error.message, error.extra);
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issues = error.validation.map((v) => ({
        path: [error.validationContext ?? 'body', ...v.instancePath.split('/').filter(Boolean)].join('.'),
        message: v.message ?? 'invalid',
      }));
      return sendError(reply, 'VALIDATION_FAILED', 'The request is not valid', { issues });
    }
    if (error instanceof RedisUnavailableError) {
      request.log.error({ err: error }, 'redis unavailable');
      return sendError(reply, 'UNAVAILABLE', undefined, { retryAfterSeconds: 5 });
    }
    if (error instanceof StorageUnavailableError) {
      request.log.error({ err: error.cause }, 'storage unavailable');
      return sendError(reply, 'UNAVAILABLE', 'Storage is unavailable; try again shortly', {
        retryAfterSeconds: 5,
      });
    }
    if (error instanceof SyntaxError || (error.code && error.code in FASTIFY_CODES)) {
      const code = FASTIFY_CODES[error.code] ?? 'BAD_JSON';
      return sendError(reply, code);
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendError(reply, 'VALIDATION_FAILED', error.message);
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendError(reply, 'INTERNAL');
  });

  app.setNotFoundHandler((request, reply) =>
    sendError(reply, 'ROUTE_NOT_FOUND', `No route ${request.method} ${request.url.split('?')[0]}`),
  );
}
