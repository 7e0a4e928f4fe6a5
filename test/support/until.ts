import request from 'supertest';
import { bearer, type TokenResponse } from './auth-helpers';
import type { TestApp } from './test-app';

/** Polls `probe` until it gives something other than undefined or false, or fails naming `what`. */
export async function until<T>(what: string, probe: () => Promise<T | undefined | false>, timeoutMs = 30_000, everyMs = 50): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** A job's status once it has succeeded or failed, read at its status URL (GET /api/v1/jobs/{id}) as the tenant. */
export function settledJob(t: TestApp, tokens: TokenResponse, location: string, timeoutMs = 30_000): Promise<Record<string, any>> {
  return until(
    `job ${location} to finish`,
    async () => {
      const job = (await request(t.server).get(location).set(bearer(tokens)).expect(200)).body as Record<string, any>;
      return job.status === 'succeeded' || job.status === 'failed' ? job : undefined;
    },
    timeoutMs,
    100,
  );
}
