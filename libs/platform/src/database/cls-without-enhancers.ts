import type { DynamicModule, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';

const ENHANCER_TOKENS: readonly unknown[] = [APP_GUARD, APP_INTERCEPTOR];

/**
 * nestjs-cls (6.x) declares a global guard and a global interceptor in its
 * root module even when neither is mounted; unmounted, they pass every
 * request through. A single global interceptor is enough for Nest to run
 * every handler inside an rxjs pipeline with its async-scope bindings, about
 * 4 % of the api's CPU per request for nothing. We open CLS contexts in the
 * transactions themselves and mount neither, so this drops both from the
 * module nestjs-cls returns; anything else it declares is kept as it is.
 */
export function withoutUnmountedClsEnhancers(cls: DynamicModule): DynamicModule {
  return {
    ...cls,
    imports: cls.imports?.map((imported) =>
      isDynamicModule(imported) && imported.providers
        ? { ...imported, providers: imported.providers.filter((provider) => !isEnhancer(provider)) }
        : imported,
    ),
  };
}

function isDynamicModule(value: unknown): value is DynamicModule {
  return typeof value === 'object' && value !== null && 'module' in value;
}

function isEnhancer(provider: Provider): boolean {
  return typeof provider === 'object' && 'provide' in provider && ENHANCER_TOKENS.includes(provider.provide);
}
