import { SetMetadata } from '@nestjs/common';

export const IS_PUBLIC = 'quorum:isPublic';

/** Opts a route or controller out of authentication. Everything else requires a valid token. */
export const Public = (): MethodDecorator & ClassDecorator => SetMetadata(IS_PUBLIC, true);
