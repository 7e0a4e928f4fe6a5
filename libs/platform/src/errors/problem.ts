import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** Base of every problem `type` URI; each type is documented in docs/errors.md. */
export const PROBLEM_TYPE_BASE = 'https://quorum.dev/problems/';

export class FieldError {
  @ApiProperty({ example: 'email', description: 'Path of the offending field (dot notation for nested fields)' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

/** RFC 9457 problem details, the body of every error response. */
export class Problem {
  @ApiProperty({ example: `${PROBLEM_TYPE_BASE}validation-failed`, description: 'URI identifying the kind of problem' })
  type: string;

  @ApiProperty({ example: 'Validation failed' })
  title: string;

  @ApiProperty({ example: 400 })
  status: number;

  @ApiProperty({ example: 'The request body has 1 invalid field.' })
  detail: string;

  @ApiProperty({ example: '/api/v1/meetings', description: 'The request path that caused the problem' })
  instance: string;

  @ApiProperty({ example: '9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d', description: 'Also in the X-Request-Id header and the server log' })
  requestId: string;

  @ApiPropertyOptional({ type: [FieldError] })
  errors?: FieldError[];

  /** Extension members (RFC 9457 §3.2), e.g. `code` for machine-readable reasons. */
  [extension: string]: unknown;
}

interface ProblemKind {
  slug: string;
  title: string;
}

const KINDS: Record<number, ProblemKind> = {
  400: { slug: 'bad-request', title: 'Bad request' },
  401: { slug: 'unauthorized', title: 'Unauthorized' },
  403: { slug: 'forbidden', title: 'Forbidden' },
  404: { slug: 'not-found', title: 'Not found' },
  405: { slug: 'method-not-allowed', title: 'Method not allowed' },
  406: { slug: 'not-acceptable', title: 'Not acceptable' },
  408: { slug: 'request-timeout', title: 'Request timeout' },
  409: { slug: 'conflict', title: 'Conflict' },
  410: { slug: 'gone', title: 'Gone' },
  412: { slug: 'precondition-failed', title: 'Precondition failed' },
  413: { slug: 'payload-too-large', title: 'Payload too large' },
  415: { slug: 'unsupported-media-type', title: 'Unsupported media type' },
  422: { slug: 'unprocessable-content', title: 'Unprocessable content' },
  428: { slug: 'precondition-required', title: 'Precondition required' },
  429: { slug: 'too-many-requests', title: 'Too many requests' },
  500: { slug: 'internal-error', title: 'Internal server error' },
  502: { slug: 'bad-gateway', title: 'Bad gateway' },
  503: { slug: 'service-unavailable', title: 'Service unavailable' },
  504: { slug: 'gateway-timeout', title: 'Gateway timeout' },
};

export function problemKind(status: number): ProblemKind {
  return KINDS[status] ?? (status >= 500 ? KINDS[500] : KINDS[400]);
}

export function problemType(slug: string): string {
  return `${PROBLEM_TYPE_BASE}${slug}`;
}
