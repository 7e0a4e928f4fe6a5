import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { AI_PROVIDERS, AI_TASKS, type AiCapability, type AiProviderName, type AiTask } from '@quorum/platform';

const CAPABILITIES = ['chat', 'embeddings', 'transcription'];

export class ChainEntryDto {
  @ApiProperty({ enum: AI_PROVIDERS, example: 'anthropic' })
  provider: AiProviderName;

  @ApiProperty({ example: 'claude-haiku-4-5' })
  model: string;
}

export class TaskChainDto {
  @ApiProperty({ enum: AI_TASKS, example: 'summary' })
  task: AiTask;

  @ApiProperty({ enum: CAPABILITIES, example: 'chat', description: 'What the task needs from a provider' })
  capability: AiCapability;

  @ApiProperty({ example: 'AI_SUMMARY_PROVIDER', description: 'The variable that sets the chain' })
  variable: string;

  @ApiProperty({
    type: [ChainEntryDto],
    description:
      'Tried in order; `local` always ends it, named by what it does for the task: `quorum-local-v1` (the offline analysis), `extractive-v1` (chat), `lexical-hash-v1` (embeddings), `none` (it cannot transcribe)',
  })
  chain: ChainEntryDto[];

  @ApiProperty({
    example: true,
    description: 'Whether the task can be done: by a provider of the chain, or offline by `local` (every task but transcription)',
  })
  available: boolean;
}

export class ProviderStatusDto {
  @ApiProperty({ enum: AI_PROVIDERS, example: 'openai' })
  name: AiProviderName;

  @ApiProperty({ example: true, description: 'Whether its key (or base URL) is set; `local` always is' })
  configured: boolean;

  @ApiProperty({ enum: CAPABILITIES, isArray: true, example: ['chat', 'embeddings', 'transcription'] })
  capabilities: AiCapability[];

  @ApiProperty({
    example: false,
    description: 'Whether a base URL points it somewhere other than the vendor (a proxy or a compatible server)',
  })
  customEndpoint: boolean;

  @ApiProperty({
    enum: ['ok', 'degraded', 'down', 'unknown'],
    example: 'ok',
    description:
      'From recent calls, never probed: ok (last call answered), degraded (last call failed, or the circuit is probing), down (circuit open), unknown (not called since start)',
  })
  health: 'ok' | 'degraded' | 'down' | 'unknown';

  @ApiProperty({ enum: ['closed', 'open', 'half-open'], example: 'closed' })
  circuit: 'closed' | 'open' | 'half-open';

  @ApiProperty({ example: 0 })
  consecutiveFailures: number;

  @ApiPropertyOptional({ nullable: true, type: Date, description: 'When an open circuit lets a probe call through' })
  circuitRetryAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: Date })
  lastSuccessAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: Date })
  lastFailureAt: Date | null;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'rate-limited', description: 'Kind of the last failure' })
  lastFailure: string | null;
}

export class BudgetOverviewDto {
  @ApiPropertyOptional({ nullable: true, type: Number, example: 25, description: 'AI_TENANT_MONTHLY_BUDGET_USD; null: no limit' })
  monthlyLimitUsd: number | null;

  @ApiProperty({
    example: false,
    description: "Whether this tenant's remote AI is paused for the rest of the month (usage: GET /ai/usage, admins)",
  })
  exceeded: boolean;

  @ApiPropertyOptional({ nullable: true, type: Date, description: 'When the month, and the spending, start over (UTC)' })
  resetsAt: Date | null;
}

export class ProvidersOverviewDto {
  @ApiProperty({ type: [TaskChainDto] })
  tasks: TaskChainDto[];

  @ApiProperty({ type: [ProviderStatusDto] })
  providers: ProviderStatusDto[];

  @ApiProperty({ type: BudgetOverviewDto })
  budget: BudgetOverviewDto;

  @ApiProperty({ example: 30000, description: 'AI_TIMEOUT_MS: the deadline of each attempt' })
  timeoutMs: number;

  @ApiProperty({ example: 3, description: 'AI_MAX_ATTEMPTS: attempts per provider and call' })
  maxAttempts: number;
}
