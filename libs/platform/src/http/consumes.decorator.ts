import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiConsumes } from '@nestjs/swagger';

export const CONSUMES = 'quorum:consumes';
export const JSON_MEDIA_TYPES = ['application/json'];

/**
 * Declares the body media types a route accepts (default: JSON only), for both
 * the 415 check and the OpenAPI document.
 */
export const Consumes = (...mediaTypes: string[]): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(CONSUMES, mediaTypes), ApiConsumes(...mediaTypes));
