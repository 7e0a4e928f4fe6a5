import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, tap } from 'rxjs';
import { etagOf } from './etag';

/**
 * Any single resource answered with a numeric `version` gets its ETag header,
 * so every versioned route supports If-Match (and If-None-Match → 304, which
 * Express answers from the ETag) without remembering to set it.
 */
@Injectable()
export class ETagInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    return next.handle().pipe(
      tap((body: unknown) => {
        const version = (body as { version?: unknown } | null)?.version;
        if (typeof version === 'number') {
          const res = context.switchToHttp().getResponse<Response>();
          if (!res.headersSent) res.setHeader('ETag', etagOf(version));
        }
      }),
    );
  }
}
