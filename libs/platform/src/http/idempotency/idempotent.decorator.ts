import { applyDecorators, UseInterceptors } from '@nestjs/common';
import { ApiConflictResponse, ApiHeader } from '@nestjs/swagger';
import { Problem } from '../../errors/problem';
import { IDEMPOTENCY_KEY_HEADER } from './idempotency-key';
import { IdempotencyInterceptor } from './idempotency.interceptor';

/** The header and its 409 in the OpenAPI document, for a route that takes `Idempotency-Key`. */
export const ApiIdempotencyKey = (): MethodDecorator =>
  applyDecorators(
    ApiHeader({
      name: IDEMPOTENCY_KEY_HEADER,
      required: false,
      description:
        'Makes a retry safe: a request with a key runs once, and a retry with the same key and request gets the first answer again (marked `Idempotent-Replayed: true`) for 24 hours; the same key on a different request is a 422 `idempotency-key-reused`. A UUID per operation is a good key.',
      schema: { type: 'string', maxLength: 255 },
    }),
    ApiConflictResponse({
      type: Problem,
      description: '`idempotency-key-in-use`: a request with this key is still running; retry after Retry-After',
    }),
  );

/**
 * For routes that create something: a client may send `Idempotency-Key` and retry safely (see
 * IdempotencyInterceptor). An interceptor on these routes alone, so no other request pays for it. A route that
 * writes its own response uses IdempotentRequests itself, with `ApiIdempotencyKey()` for its documentation.
 */
export const Idempotent = (): MethodDecorator => applyDecorators(UseInterceptors(IdempotencyInterceptor), ApiIdempotencyKey());
