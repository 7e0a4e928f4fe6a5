import { CircuitBreaker } from './circuit-breaker';
import { ConnectorError } from './connector';

describe('CircuitBreaker', () => {
  it('opens after the threshold, lets one probe through after the cool-down, and closes on its success', () => {
    let now = 0;
    const breaker = new CircuitBreaker(3, 1000, () => now);
    for (let i = 0; i < 2; i++) breaker.failure();
    expect(() => breaker.admit()).not.toThrow();
    breaker.failure();
    expect(breaker.state).toBe('open');
    expect(() => breaker.admit()).toThrow(ConnectorError);
    expect(() => breaker.admit()).toThrow(/failed 3 times in a row: calls to it are paused for 1 s/);
    now = 1000;
    expect(breaker.state).toBe('half-open');
    expect(() => breaker.admit()).not.toThrow();
    // The probe is out: others still wait.
    expect(() => breaker.admit()).toThrow(ConnectorError);
    breaker.success();
    expect(breaker.state).toBe('closed');
    expect(() => breaker.admit()).not.toThrow();
  });

  it('opens again at once when the probe fails', () => {
    let now = 0;
    const breaker = new CircuitBreaker(2, 500, () => now);
    breaker.failure();
    breaker.failure();
    now = 600;
    breaker.admit();
    breaker.failure();
    expect(breaker.state).toBe('open');
  });
});
