import { priceOf } from '@quorum/platform';
import { costUsd } from './cost';

describe('costUsd', () => {
  it('prices tokens per million, in and out', () => {
    expect(costUsd({ input: 0.15, output: 0.6 }, { tokensIn: 1_000_000, tokensOut: 500_000 })).toBe(0.45);
    expect(costUsd({ input: 3, output: 15 }, { tokensIn: 1234, tokensOut: 56 })).toBe(0.004542);
  });

  it('adds audio minutes for models billed by duration, and rounds to 8 decimals', () => {
    expect(costUsd({ input: 0, output: 0, perMinute: 0.006 }, { tokensIn: 0, tokensOut: 10, audioSeconds: 90 })).toBe(0.009);
    expect(costUsd({ input: 0.1, output: 0 }, { tokensIn: 1, tokensOut: 0 })).toBe(0.0000001);
  });

  it('costs nothing without a price', () => {
    expect(costUsd(undefined, { tokensIn: 10, tokensOut: 10 })).toBe(0);
  });

  it("finds a model's price, its provider's wildcard, and a free Ollama or local", () => {
    const prices = { 'openai:gpt-4o-mini': { input: 0.15, output: 0.6 }, 'anthropic:*': { input: 3, output: 15 } };
    expect(priceOf(prices, { provider: 'openai', model: 'gpt-4o-mini' })).toEqual({ input: 0.15, output: 0.6 });
    expect(priceOf(prices, { provider: 'anthropic', model: 'claude-x' })).toEqual({ input: 3, output: 15 });
    expect(priceOf(prices, { provider: 'openai', model: 'gpt-5' })).toBeUndefined();
    expect(priceOf(prices, { provider: 'ollama', model: 'llama3.2' })).toEqual({ input: 0, output: 0 });
  });
});
