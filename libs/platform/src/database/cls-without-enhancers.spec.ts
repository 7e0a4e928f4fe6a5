import type { DynamicModule, Provider } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { ClsModule } from 'nestjs-cls';
import { withoutUnmountedClsEnhancers } from './cls-without-enhancers';

/** Every provider token of a dynamic module and the dynamic modules it imports, however deep. */
function tokens(module: DynamicModule): unknown[] {
  const own = (module.providers ?? []).map((p: Provider) => (typeof p === 'object' && 'provide' in p ? p.provide : p));
  const nested = (module.imports ?? []).flatMap((m) => (typeof m === 'object' && 'module' in m ? tokens(m as DynamicModule) : []));
  return [...own, ...nested];
}

describe('withoutUnmountedClsEnhancers', () => {
  it('removes the global guard and interceptor nestjs-cls declares, and keeps everything else', () => {
    const cls = ClsModule.forRoot({ global: true });
    // If nestjs-cls stops declaring them, this helper can go.
    expect(tokens(cls)).toEqual(expect.arrayContaining([APP_GUARD, APP_INTERCEPTOR]));
    const kept = tokens(withoutUnmountedClsEnhancers(cls));
    expect(kept).not.toContain(APP_GUARD);
    expect(kept).not.toContain(APP_INTERCEPTOR);
    expect(kept).toEqual(tokens(cls).filter((token) => token !== APP_GUARD && token !== APP_INTERCEPTOR));
  });
});
