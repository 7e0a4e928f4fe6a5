import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { AiUsageOutcome } from './ai-usage-outcome';
import { UsdColumn } from './usd-column';

/** One provider's part in one AI call: what it cost, how long it took and how it ended. Append-only. */
@Entity('ai_usage')
@Index('ix_ai_usage_tenant_created', ['tenantId', 'createdAt'])
@Check('ck_ai_usage_outcome', `"outcome" IN ('ok', 'error', 'fallback', 'budget', 'cancelled')`)
export class AiUsage {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  tenantId: string;

  /** Who asked, when a person did; null for work no one started directly (automatic analysis). */
  @Index()
  @Column('uuid', { nullable: true })
  userId: string | null;

  @Column({ type: 'varchar', length: 32 })
  task: string;

  @Column({ type: 'varchar', length: 32 })
  provider: string;

  @Column({ type: 'varchar', length: 128 })
  model: string;

  @Column({ type: 'integer', default: 0 })
  tokensIn: number;

  @Column({ type: 'integer', default: 0 })
  tokensOut: number;

  /** USD, from the price table at the time of the call. */
  @UsdColumn()
  costUsd: number;

  @Column({ type: 'integer', default: 0 })
  latencyMs: number;

  @Column({ type: 'varchar', length: 16 })
  outcome: AiUsageOutcome;

  /** Why a provider failed or was skipped (`rate-limited`, `timeout`, `budget` …); null when it answered. */
  @Column({ type: 'varchar', length: 32, nullable: true })
  failure: string | null;

  @CreateDateColumn({ type: 'timestamptz', precision: 3 })
  createdAt: Date;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'user_id' })
  user?: unknown;
}
