import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker({ failureThreshold: 3, openMs: 1000, now: () => now });

  beforeEach(() => (now = 0));

  it('opens after the threshold of consecutive failures, and a success in between resets the count', () => {
    const circuit = breaker();
    circuit.onFailure();
    circuit.onFailure();
    circuit.onSuccess();
    circuit.onFailure();
    circuit.onFailure();
    expect(circuit.state).toBe('closed');
    expect(circuit.tryAcquire()).toBe(true);
    circuit.onFailure();
    expect(circuit.state).toBe('open');
    expect(circuit.tryAcquire()).toBe(false);
    expect(circuit.retryAt).toBe(1000);
  });

  it('lets exactly one probe through once open time is up; its success closes the circuit', () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i++) circuit.onFailure();
    now = 999;
    expect(circuit.tryAcquire()).toBe(false);
    now = 1000;
    expect(circuit.state).toBe('half-open');
    expect(circuit.tryAcquire()).toBe(true);
    expect(circuit.tryAcquire()).toBe(false);
    circuit.onSuccess();
    expect(circuit.state).toBe('closed');
    expect(circuit.consecutiveFailures).toBe(0);
  });

  it('opens again for another period when the probe fails', () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i++) circuit.onFailure();
    now = 1500;
    expect(circuit.tryAcquire()).toBe(true);
    circuit.onFailure();
    expect(circuit.state).toBe('open');
    now = 2499;
    expect(circuit.tryAcquire()).toBe(false);
    now = 2500;
    expect(circuit.tryAcquire()).toBe(true);
  });

  it('lets the next caller probe at once when a probe proved nothing (a bad request of ours)', () => {
    const circuit = breaker();
    for (let i = 0; i < 3; i++) circuit.onFailure();
    now = 1000;
    expect(circuit.tryAcquire()).toBe(true);
    circuit.onNeutral();
    expect(circuit.state).toBe('half-open');
    expect(circuit.tryAcquire()).toBe(true);
  });
});
