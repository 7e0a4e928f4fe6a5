import { HttpException, HttpStatus } from '@nestjs/common';
import { mapDatabaseError } from './database-error.mapper';
import { type FieldError, type Problem, problemKind, problemType } from './problem';
import { ProblemException } from './problem.exception';

export interface ProblemResponse {
  status: number;
  body: Problem;
  headers: Record<string, string>;
}

export interface ProblemContext {
  instance: string;
  requestId: string;
  /** In production, 5xx details are replaced by a generic sentence. */
  exposeInternals: boolean;
}

/** Errors raised by body-parser/raw-body before a request reaches Nest. */
const BODY_ERRORS: Record<string, { status: number; slug: string; detail: (e: { limit?: number }) => string }> = {
  'entity.too.large': {
    status: 413,
    slug: 'payload-too-large',
    detail: (e) => `The request body is larger than the limit of ${e.limit} bytes.`,
  },
  'entity.parse.failed': { status: 400, slug: 'malformed-json', detail: () => 'The request body is not valid JSON.' },
  'entity.verify.failed': { status: 400, slug: 'bad-request', detail: () => 'The request body could not be verified.' },
  'encoding.unsupported': {
    status: 415,
    slug: 'unsupported-media-type',
    detail: () => 'The request body uses a content encoding the server does not support.',
  },
  'charset.unsupported': {
    status: 415,
    slug: 'unsupported-media-type',
    detail: () => 'The request body uses a charset the server does not support; use UTF-8.',
  },
  'request.aborted': { status: 400, slug: 'bad-request', detail: () => 'The client aborted the request before its body was complete.' },
  'request.size.invalid': {
    status: 400,
    slug: 'bad-request',
    detail: () => 'The request body length does not match its Content-Length header.',
  },
};

/** Maps anything thrown while serving a request to an RFC 9457 problem. */
export function toProblem(exception: unknown, context: ProblemContext): ProblemResponse {
  const problem = classify(exception, context.exposeInternals);
  return {
    status: problem.status,
    headers: problem.headers,
    body: {
      type: problem.type,
      title: problem.title,
      status: problem.status,
      detail: problem.detail,
      instance: context.instance,
      requestId: context.requestId,
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...problem.extensions,
    },
  };
}

interface Classified {
  status: number;
  type: string;
  title: string;
  detail: string;
  errors?: FieldError[];
  headers: Record<string, string>;
  extensions: Record<string, unknown>;
}

function classify(exception: unknown, exposeInternals: boolean): Classified {
  if (exception instanceof ProblemException) return fromProblemException(exception);

  const bodyError = bodyParserError(exception);
  if (bodyError) return bodyError;

  if (exception instanceof HttpException) return fromHttpException(exception);

  const database = mapDatabaseError(exception);
  if (database) return fromProblemException(database);

  const kind = problemKind(500);
  return {
    status: 500,
    type: problemType(kind.slug),
    title: kind.title,
    detail:
      exposeInternals && exception instanceof Error
        ? exception.message
        : 'An unexpected error occurred. Quote the request id when reporting it.',
    headers: {},
    extensions: {},
  };
}

function fromProblemException(exception: ProblemException): Classified {
  const { type, title, detail, errors, headers, extensions } = exception;
  return { status: exception.getStatus(), type, title, detail, errors, headers, extensions };
}

function fromHttpException(exception: HttpException): Classified {
  const status = exception.getStatus();
  const kind = problemKind(status);
  // Typed string | object, but a hand-made HttpException may carry null.
  const response: unknown = exception.getResponse();
  let detail = exception.message;
  if (typeof response === 'object' && response !== null) {
    const message = (response as { message?: unknown }).message;
    if (Array.isArray(message)) detail = message.join('; ');
    else if (typeof message === 'string') detail = message;
  } else if (typeof response === 'string') {
    detail = response;
  }
  if (status === HttpStatus.TOO_MANY_REQUESTS && /^ThrottlerException/.test(detail)) {
    detail = 'Too many requests; slow down and retry after the number of seconds in Retry-After.';
  }
  return { status, type: problemType(kind.slug), title: kind.title, detail, headers: {}, extensions: {} };
}

function bodyParserError(exception: unknown): Classified | undefined {
  const type = (exception as { type?: unknown } | undefined)?.type;
  if (typeof type !== 'string' || !(type in BODY_ERRORS)) return undefined;
  const spec = BODY_ERRORS[type];
  return {
    status: spec.status,
    type: problemType(spec.slug),
    title: problemKind(spec.status).title,
    detail: spec.detail(exception as { limit?: number }),
    headers: {},
    extensions: {},
  };
}
