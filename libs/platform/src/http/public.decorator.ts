import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiExtension } from '@nestjs/swagger';

export const IS_PUBLIC = 'quorum:isPublic';
/** Marks public operations in the OpenAPI document; every other operation is documented as needing the bearer token. */
export const PUBLIC_EXTENSION = 'x-quorum-public';

/** Opts a route or controller out of authentication. Everything else requires a valid token. */
export const Public = (): MethodDecorator & ClassDecorator =>
  applyDecorators(SetMetadata(IS_PUBLIC, true), ApiExtension(PUBLIC_EXTENSION, true));
