import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from './config-error';
import { type Env, readInt, readString, readUrl } from './env-parsers';

/** What the AI module is asked to do; each task has its own provider chain. */
export const AI_TASKS = ['summary', 'extraction', 'chat', 'embeddings', 'transcription'] as const;
export type AiTask = (typeof AI_TASKS)[number];

export const AI_PROVIDERS = ['openai', 'anthropic', 'gemini', 'ollama', 'local'] as const;
export type AiProviderName = (typeof AI_PROVIDERS)[number];
export type RemoteProviderName = Exclude<AiProviderName, 'local'>;

/** The capability a task needs from a provider: summaries and extraction are chat completions underneath. */
export type AiCapability = 'chat' | 'embeddings' | 'transcription';
export const TASK_CAPABILITY: Record<AiTask, AiCapability> = {
  summary: 'chat',
  extraction: 'chat',
  chat: 'chat',
  embeddings: 'embeddings',
  transcription: 'transcription',
};

/**
 * What each provider can do. `local` embeds (a lexical hashed vector) and nothing else yet: its chat and
 * extraction are the offline analysis of libs/ai/src/local, which callers use directly when the chain has
 * no remote answer; it does not transcribe.
 */
export const PROVIDER_CAPABILITIES: Record<AiProviderName, readonly AiCapability[]> = {
  openai: ['chat', 'embeddings', 'transcription'],
  anthropic: ['chat'],
  gemini: ['chat', 'embeddings'],
  ollama: ['chat', 'embeddings'],
  local: ['embeddings'],
};

/** The model a configured provider gets for a task no AI_<TASK>_PROVIDER names. */
export const DEFAULT_MODELS: Record<RemoteProviderName, Partial<Record<AiCapability, string>>> = {
  openai: { chat: 'gpt-4o-mini', embeddings: 'text-embedding-3-small', transcription: 'whisper-1' },
  anthropic: { chat: 'claude-haiku-4-5' },
  gemini: { chat: 'gemini-2.5-flash', embeddings: 'gemini-embedding-001' },
  ollama: { chat: 'llama3.2', embeddings: 'nomic-embed-text' },
};

export const LOCAL_MODEL = 'lexical-hash-v1';

export interface ProviderRef {
  provider: AiProviderName;
  model: string;
}

/** USD per million tokens in and out, and per minute of audio for transcription models billed by duration. */
export interface ModelPrice {
  input: number;
  output: number;
  perMinute?: number;
}

/** Keyed `provider:model`, or `provider:*` for every model of a provider. */
export type PriceTable = Partial<Record<string, ModelPrice>>;

export interface RemoteProviderSettings {
  apiKey?: string;
  baseUrl?: string;
}

export interface AiConfig {
  /** Each task's chain, in order; the last entry is always `local`. */
  chains: Record<AiTask, ProviderRef[]>;
  /** Only the providers that are configured (a key, or a base URL for servers that need none). */
  providers: Partial<Record<RemoteProviderName, RemoteProviderSettings>>;
  timeoutMs: number;
  /** Attempts per provider and call, the first included. */
  maxAttempts: number;
  /** Consecutive failures that open a provider's circuit, and how long it stays open before one probe. */
  circuitFailureThreshold: number;
  circuitOpenMs: number;
  prices: PriceTable;
  tenantMonthlyBudgetUsd?: number;
}

const AI_TASK_VARIABLES: Record<AiTask, string> = {
  summary: 'AI_SUMMARY_PROVIDER',
  extraction: 'AI_EXTRACTION_PROVIDER',
  chat: 'AI_CHAT_PROVIDER',
  embeddings: 'AI_EMBEDDINGS_PROVIDER',
  transcription: 'AI_TRANSCRIPTION_PROVIDER',
};

export function aiTaskVariable(task: AiTask): string {
  return AI_TASK_VARIABLES[task];
}

/** The price of `provider:model`: its own entry, else its provider's `*`, else a self-hosted Ollama's 0. */
export function priceOf(prices: PriceTable, ref: ProviderRef): ModelPrice | undefined {
  const price: ModelPrice | undefined = prices[`${ref.provider}:${ref.model}`] ?? prices[`${ref.provider}:*`];
  if (price) return price;
  if (ref.provider === 'ollama' || ref.provider === 'local') return { input: 0, output: 0 };
  return undefined;
}

export function readAiConfig(env: Env): AiConfig {
  const providers = readProviders(env);
  // Read by name, one by one, so env-example.spec.ts sees each variable.
  const raw: Record<AiTask, string | undefined> = {
    summary: readString(env, 'AI_SUMMARY_PROVIDER'),
    extraction: readString(env, 'AI_EXTRACTION_PROVIDER'),
    chat: readString(env, 'AI_CHAT_PROVIDER'),
    embeddings: readString(env, 'AI_EMBEDDINGS_PROVIDER'),
    transcription: readString(env, 'AI_TRANSCRIPTION_PROVIDER'),
  };
  const chains = Object.fromEntries(AI_TASKS.map((task) => [task, readChain(task, raw[task], providers)])) as Record<AiTask, ProviderRef[]>;
  const prices = readPrices(env);
  const tenantMonthlyBudgetUsd = readBudget(env);
  if (tenantMonthlyBudgetUsd !== undefined) {
    const unpriced = new Set(
      Object.values(chains).flatMap((chain) => chain.filter((ref) => !priceOf(prices, ref)).map((ref) => `${ref.provider}:${ref.model}`)),
    );
    if (unpriced.size) {
      throw new ConfigError(
        'AI_PRICES',
        `has no price for ${[...unpriced].join(', ')}, which AI_TENANT_MONTHLY_BUDGET_USD needs`,
        'Add each model, e.g. AI_PRICES={"openai:gpt-4o-mini":{"input":0.15,"output":0.6}} (USD per million tokens), or unset the budget.',
      );
    }
  }
  return {
    chains,
    providers,
    timeoutMs: readInt(env, 'AI_TIMEOUT_MS', 30_000, { min: 100, max: 600_000 }),
    maxAttempts: readInt(env, 'AI_MAX_ATTEMPTS', 3, { min: 1, max: 10 }),
    circuitFailureThreshold: readInt(env, 'AI_CIRCUIT_FAILURES', 5, { min: 1, max: 1000 }),
    circuitOpenMs: readInt(env, 'AI_CIRCUIT_OPEN_MS', 30_000, { min: 100, max: 3_600_000 }),
    prices,
    tenantMonthlyBudgetUsd,
  };
}

function readProviders(env: Env): AiConfig['providers'] {
  const providers: AiConfig['providers'] = {};
  const openaiKey = readString(env, 'OPENAI_API_KEY');
  const openaiUrl = readUrl(env, 'OPENAI_BASE_URL', ['https:', 'http:']);
  // A base URL alone is enough: local whisper.cpp or vLLM servers speak OpenAI's API without keys.
  if (openaiKey || openaiUrl) providers.openai = { apiKey: openaiKey, baseUrl: openaiUrl?.toString() };
  const anthropicKey = readString(env, 'ANTHROPIC_API_KEY');
  const anthropicUrl = readUrl(env, 'ANTHROPIC_BASE_URL', ['https:', 'http:']);
  if (anthropicKey) providers.anthropic = { apiKey: anthropicKey, baseUrl: anthropicUrl?.toString() };
  const geminiKey = readString(env, 'GEMINI_API_KEY');
  const geminiUrl = readUrl(env, 'GEMINI_BASE_URL', ['https:', 'http:']);
  if (geminiKey) providers.gemini = { apiKey: geminiKey, baseUrl: geminiUrl?.toString() };
  const ollamaUrl = readUrl(env, 'OLLAMA_BASE_URL', ['http:', 'https:']);
  if (ollamaUrl) providers.ollama = { baseUrl: ollamaUrl.toString() };
  return providers;
}

const KEY_VARIABLE: Record<RemoteProviderName, string> = {
  openai: 'OPENAI_API_KEY (or OPENAI_BASE_URL for a server that needs no key)',
  anthropic: 'ANTHROPIC_API_KEY',
  gemini: 'GEMINI_API_KEY',
  ollama: 'OLLAMA_BASE_URL',
};

/**
 * `AI_<TASK>_PROVIDER=anthropic:claude-sonnet-4-5,openai:gpt-4o-mini`: tried in order, then `local`.
 * Unset: every configured provider that can do the task, with its default model, then `local`.
 */
function readChain(task: AiTask, raw: string | undefined, providers: AiConfig['providers']): ProviderRef[] {
  const variable = AI_TASK_VARIABLES[task];
  const capability = TASK_CAPABILITY[task];
  const local: ProviderRef = { provider: 'local', model: LOCAL_MODEL };
  if (raw === undefined) {
    const defaults = (Object.keys(DEFAULT_MODELS) as RemoteProviderName[])
      .filter((provider) => providers[provider] && DEFAULT_MODELS[provider][capability])
      .map((provider) => ({ provider, model: DEFAULT_MODELS[provider][capability]! }));
    return [...defaults, local];
  }
  const example = `${variable}=${task === 'embeddings' ? 'openai:text-embedding-3-small' : 'openai:gpt-4o-mini'},local`;
  const chain: ProviderRef[] = [];
  for (const entry of raw
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)) {
    const match = /^([a-z]+)(?::([A-Za-z0-9._:/@+-]{1,128}))?$/.exec(entry);
    if (!match || !(AI_PROVIDERS as readonly string[]).includes(match[1])) {
      throw new ConfigError(
        variable,
        `contains "${entry}", which is not <provider>:<model> with a provider among ${AI_PROVIDERS.join(', ')}`,
        `List providers in order, e.g. ${example}.`,
      );
    }
    const provider = match[1] as AiProviderName;
    if (provider === 'local') {
      chain.push(local);
      break; // nothing after local is ever reached
    }
    if (!match[2]) throw new ConfigError(variable, `names ${provider} without a model`, `Write ${provider}:<model>, e.g. ${example}.`);
    if (!PROVIDER_CAPABILITIES[provider].includes(capability)) {
      const able = AI_PROVIDERS.filter((name) => name !== 'local' && PROVIDER_CAPABILITIES[name].includes(capability));
      throw new ConfigError(variable, `names ${provider}, which has no ${capability} capability`, `Use one of: ${able.join(', ')}.`);
    }
    if (!providers[provider]) {
      throw new ConfigError(variable, `names ${provider}, which is not configured`, `Set ${KEY_VARIABLE[provider]}.`);
    }
    chain.push({ provider, model: match[2] });
  }
  if (chain.at(-1)?.provider !== 'local') chain.push(local);
  return chain;
}

/** `AI_PRICES`: the JSON itself, or the path of a file holding it. */
function readPrices(env: Env): PriceTable {
  const raw = readString(env, 'AI_PRICES');
  if (raw === undefined) return {};
  const fix =
    'Give JSON (or the path of a JSON file) mapping "provider:model" to USD per million tokens, ' +
    'e.g. AI_PRICES={"openai:gpt-4o-mini":{"input":0.15,"output":0.6},"openai:whisper-1":{"input":0,"output":0,"perMinute":0.006}}.';
  let text = raw;
  if (!raw.startsWith('{')) {
    const path = resolve(raw);
    if (!existsSync(path)) throw new ConfigError('AI_PRICES', `is neither JSON nor an existing file ("${raw}")`, fix);
    text = readFileSync(path, 'utf8');
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new ConfigError('AI_PRICES', 'is not valid JSON', fix);
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new ConfigError('AI_PRICES', 'is not a JSON object', fix);
  const table: PriceTable = {};
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    const [provider] = key.split(':');
    if (!key.includes(':') || !(AI_PROVIDERS as readonly string[]).includes(provider))
      throw new ConfigError('AI_PRICES', `has the key "${key}", which is not <provider>:<model> (or <provider>:*)`, fix);
    const price = value as Record<string, unknown> | null;
    const amount = (field: string, required: boolean): number | undefined => {
      const number = price?.[field];
      if (number === undefined && !required) return undefined;
      if (typeof number !== 'number' || !Number.isFinite(number) || number < 0)
        throw new ConfigError('AI_PRICES', `gives "${key}" no valid "${field}" (a number >= 0 of USD)`, fix);
      return number;
    };
    table[key] = { input: amount('input', true)!, output: amount('output', true)!, perMinute: amount('perMinute', false) };
  }
  return table;
}

function readBudget(env: Env): number | undefined {
  const raw = readString(env, 'AI_TENANT_MONTHLY_BUDGET_USD');
  if (raw === undefined) return undefined;
  if (!/^\d+(\.\d+)?$/.test(raw)) {
    throw new ConfigError(
      'AI_TENANT_MONTHLY_BUDGET_USD',
      `must be an amount of USD such as 25 or 7.50, got "${raw}"`,
      'Set it to the most a tenant may spend on remote AI per calendar month (UTC), or leave it unset for no limit.',
    );
  }
  return Number(raw);
}
