import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readAiConfig } from './ai-config';
import { ConfigError } from './config-error';

function problem(env: Record<string, string>): ConfigError {
  try {
    readAiConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('readAiConfig', () => {
  it('resolves every task to local when no provider is configured', () => {
    const config = readAiConfig({});
    expect(config.providers).toEqual({});
    for (const chain of Object.values(config.chains)) expect(chain).toEqual([{ provider: 'local', model: 'lexical-hash-v1' }]);
    expect(config).toMatchObject({ timeoutMs: 30_000, maxAttempts: 3, tenantMonthlyBudgetUsd: undefined });
  });

  it('gives unset tasks every configured provider able to do them, with default models, then local', () => {
    const config = readAiConfig({ OPENAI_API_KEY: 'k', ANTHROPIC_API_KEY: 'k' });
    expect(config.chains.summary.map((ref) => `${ref.provider}:${ref.model}`)).toEqual([
      'openai:gpt-4o-mini',
      'anthropic:claude-haiku-4-5',
      'local:lexical-hash-v1',
    ]);
    expect(config.chains.embeddings.map((ref) => ref.provider)).toEqual(['openai', 'local']);
    expect(config.chains.transcription.map((ref) => ref.provider)).toEqual(['openai', 'local']);
  });

  it('reads a chain in order, appends local, and stops at an explicit local', () => {
    const env = { ANTHROPIC_API_KEY: 'k', OPENAI_BASE_URL: 'http://127.0.0.1:8080/v1' };
    expect(readAiConfig({ ...env, AI_SUMMARY_PROVIDER: 'anthropic:claude-sonnet-4-5, openai:qwen2.5:7b' }).chains.summary).toEqual([
      { provider: 'anthropic', model: 'claude-sonnet-4-5' },
      { provider: 'openai', model: 'qwen2.5:7b' },
      { provider: 'local', model: 'lexical-hash-v1' },
    ]);
    expect(readAiConfig({ ...env, AI_CHAT_PROVIDER: 'local,anthropic:x' }).chains.chat).toEqual([
      { provider: 'local', model: 'lexical-hash-v1' },
    ]);
  });

  it.each([
    [{ AI_SUMMARY_PROVIDER: 'mistral:large' }, 'AI_SUMMARY_PROVIDER', /not <provider>:<model>/],
    [{ AI_SUMMARY_PROVIDER: 'anthropic' }, 'AI_SUMMARY_PROVIDER', /without a model/],
    [{ AI_SUMMARY_PROVIDER: 'anthropic:claude' }, 'AI_SUMMARY_PROVIDER', /not configured. Set ANTHROPIC_API_KEY/],
    [{ ANTHROPIC_API_KEY: 'k', AI_EMBEDDINGS_PROVIDER: 'anthropic:x' }, 'AI_EMBEDDINGS_PROVIDER', /no embeddings capability/],
    [{ GEMINI_API_KEY: 'k', AI_TRANSCRIPTION_PROVIDER: 'gemini:x' }, 'AI_TRANSCRIPTION_PROVIDER', /no transcription capability/],
    [{ OLLAMA_BASE_URL: 'ftp://x' }, 'OLLAMA_BASE_URL', /must use/],
    [{ AI_PRICES: '{"openai:gpt":{"input":1}}' }, 'AI_PRICES', /no valid "output"/],
    [{ AI_PRICES: '{"gpt":{"input":1,"output":2}}' }, 'AI_PRICES', /not <provider>:<model>/],
    [{ AI_PRICES: '{nope' }, 'AI_PRICES', /not valid JSON/],
    [{ AI_PRICES: 'missing-prices.json' }, 'AI_PRICES', /neither JSON nor an existing file/],
    [{ AI_TENANT_MONTHLY_BUDGET_USD: 'ten' }, 'AI_TENANT_MONTHLY_BUDGET_USD', /amount of USD/],
    [
      { OPENAI_API_KEY: 'k', AI_TENANT_MONTHLY_BUDGET_USD: '10' },
      'AI_PRICES',
      /no price for openai:gpt-4o-mini, openai:text-embedding-3-small/,
    ],
    [{ AI_TIMEOUT_MS: '5' }, 'AI_TIMEOUT_MS', /between 100/],
  ])('rejects %j naming %s', (env, variable, message) => {
    const error = problem(env as Record<string, string>);
    expect(error.variable).toBe(variable);
    expect(error.message).toMatch(message);
  });

  it('reads the price table from a file, and prices Ollama at zero unless told otherwise', () => {
    const file = join(tmpdir(), `ai-prices-${process.pid}.json`);
    writeFileSync(
      file,
      JSON.stringify({ 'openai:*': { input: 1, output: 2 }, 'openai:whisper-1': { input: 0, output: 0, perMinute: 0.006 } }),
    );
    const config = readAiConfig({
      OPENAI_API_KEY: 'k',
      OLLAMA_BASE_URL: 'http://127.0.0.1:11434',
      AI_PRICES: file,
      AI_TENANT_MONTHLY_BUDGET_USD: '7.5',
    });
    expect(config.prices['openai:whisper-1']).toEqual({ input: 0, output: 0, perMinute: 0.006 });
    expect(config.tenantMonthlyBudgetUsd).toBe(7.5);
  });
});
