// The single place where errors become HTTP responses. Known errors keep their code; body-parser
// and Prisma errors are translated; everything else is logged in full and answered as a bare
// INTERNAL so that no stack trace, SQL or connection detail ever leaves the process.
import type { ErrorRequestHandler, RequestHandler } from 'express';
import type { Logger } from 'pino';
import { ApiError, notFound, unavailable } from '../errors.ts';
import { sendError } from '../envelope.ts';
import { isDatabaseUnavailable, isRecordNotFound, isUniqueViolation } from '@monitrax/database/errors';

interface BodyParserError extends Error {
  type?: string;
  status?: number;
  expose?: boolean;
}

function translate(error: unknown): ApiError | undefined {
  if (error instanceof ApiError) return error;
  const parserError = error as BodyParserError;
  switch (parserError?.type) {
    case 'entity.too.large':
      return new ApiError('PAYLOAD_TOO_LARGE', 'Request body is too large');
    case 'entity.parse.failed':
      return new ApiError('VALIDATION_ERROR', 'Request body is not valid JSON');
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new ApiError('VALIDATION_ERROR', 'Request body encoding is not supported; send UTF-8 JSON');
    case 'request.aborted':
      return new ApiError('VALIDATION_ERROR', 'Request was aborted by the client');
    default:
      break;
  }
  if (isRecordNotFound(error)) return notFound();
  if (isUniqueViolation(error)) return new ApiError('CONFLICT', 'A record with these values already exists');
  if (isDatabaseUnavailable(error)) return unavailable('The database is unavailable, try again shortly');
  return undefined;
}

/** `logger` is for requests that never reached the request logger (health probes are answered before it). */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (error, req, res, next) => {
    if (res.headersSent) {
      next(error);
      return;
    }
    const log = req.log ?? logger.child({ reqId: req.id });
    const known = translate(error);
    if (known) {
      if (known.status >= 500) log.warn({ err: error }, known.message);
      sendError(req, res, known);
      return;
    }
    log.error({ err: error }, 'unhandled error');
    sendError(req, res, new ApiError('INTERNAL', 'Something went wrong on our side; the request id helps us find it'));
  };
}

export const notFoundHandler: RequestHandler = (req, res) => {
  sendError(req, res, notFound(`No route for ${req.method} ${req.path}`));
};
