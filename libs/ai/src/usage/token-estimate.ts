interface Tokenizer {
  countTokens(text: string): number;
}

let tokenizer: Promise<Tokenizer> | undefined;

/**
 * Tokens in `text` by OpenAI's o200k encoding, for calls whose provider reports no usage (some
 * OpenAI-compatible servers, a stream cut short, `local`). Other vendors' tokenizers differ by a few
 * percent, which is the precision an estimate needs. Loaded on first use: its tables are megabytes.
 */
export async function estimateTokens(text: string): Promise<number> {
  if (!text) return 0;
  tokenizer ??= import('gpt-tokenizer');
  return (await tokenizer).countTokens(text);
}
