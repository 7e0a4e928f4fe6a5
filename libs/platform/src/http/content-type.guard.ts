import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { ProblemException } from '../errors/problem.exception';
import { CONSUMES, JSON_MEDIA_TYPES } from './consumes.decorator';

/**
 * 415 for a request body in a media type the route does not take. Without it
 * a form or text body on a JSON route would parse to `{}` and surface as a
 * confusing validation error.
 */
@Injectable()
export class ContentTypeGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (!hasBody(req)) return true;
    const accepted =
      this.reflector.getAllAndOverride<string[] | undefined>(CONSUMES, [context.getHandler(), context.getClass()]) ?? JSON_MEDIA_TYPES;
    const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (accepted.some((type) => matches(mediaType, type))) return true;
    throw new ProblemException({
      status: 415,
      detail: mediaType
        ? `This route does not accept ${mediaType} bodies; send ${accepted.join(' or ')}.`
        : `The request has a body but no Content-Type; send ${accepted.join(' or ')}.`,
      headers: { 'Accept-Post': accepted.join(', ') },
    });
  }
}

function hasBody(req: Request): boolean {
  if (req.headers['transfer-encoding']) return true;
  const length = Number(req.headers['content-length'] ?? 0);
  return Number.isFinite(length) && length > 0;
}

function matches(mediaType: string, accepted: string): boolean {
  if (mediaType === accepted) return true;
  // application/problem+json, application/merge-patch+json and friends are JSON too.
  if (accepted === 'application/json') return /^application\/[a-z0-9.+-]+\+json$/.test(mediaType);
  if (accepted.endsWith('/*')) return mediaType.startsWith(accepted.slice(0, -1));
  return false;
}
