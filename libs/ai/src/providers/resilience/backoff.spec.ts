import { backoffDelay, retryDelay } from './backoff';

describe('backoff', () => {
  const policy = { baseMs: 100, maxMs: 1000 };

  it('doubles the ceiling with each retry, up to the maximum, with full jitter', () => {
    expect([1, 2, 3, 4, 5].map((retry) => backoffDelay(retry, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffDelay(3, policy, () => 0)).toBe(0);
    expect(backoffDelay(2, policy, () => 0.5)).toBe(100);
  });

  it('waits at least what Retry-After asks for', () => {
    expect(retryDelay(1, 700, policy, () => 0.5)).toBe(700);
    expect(retryDelay(4, 10, policy, () => 0.5)).toBe(400);
  });

  it('gives up on a Retry-After longer than the longest wait, so the chain moves on', () => {
    expect(retryDelay(1, 1001, policy, () => 0.5)).toBeUndefined();
    expect(retryDelay(1, undefined, policy, () => 0.5)).toBe(50);
  });
});
