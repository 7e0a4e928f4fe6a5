import type { ModelPrice } from '@quorum/platform';

export interface MeteredUsage {
  tokensIn: number;
  tokensOut: number;
  /** Audio transcribed, for models billed by the minute. */
  audioSeconds?: number;
}

/** USD for one call: tokens at the model's price per million, plus audio minutes where priced; rounded to the column's 8 decimals. */
export function costUsd(price: ModelPrice | undefined, usage: MeteredUsage): number {
  if (!price) return 0;
  const tokens = (usage.tokensIn * price.input + usage.tokensOut * price.output) / 1_000_000;
  const audio = price.perMinute && usage.audioSeconds ? (usage.audioSeconds / 60) * price.perMinute : 0;
  return Math.round((tokens + audio) * 1e8) / 1e8;
}
