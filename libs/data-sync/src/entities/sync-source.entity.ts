import { TenantOwnedEntity } from '@quorum/platform';
import { Column, Entity, JoinColumn, ManyToOne } from 'typeorm';

/** Who wins a field changed on both sides since the last sync; without one, a conflict row waits for an admin. */
export type FieldOwner = 'remote' | 'local' | 'last_writer';

/** A stream of a source: which way it syncs, and how its records are mapped and merged. */
export interface SyncStreamConfig {
  name: string;
  direction: 'pull' | 'push' | 'both';
  /** `incremental` (default) reads from the stored cursor; `full_refresh` reads everything every run. */
  mode?: 'incremental' | 'full_refresh';
  /** Field → JSONata expression over the pulled record (its fields, and the source's own JSON as `raw`). */
  transform?: Record<string, string>;
  /** Field → owner, over the connector's defaults. */
  ownership?: Record<string, FieldOwner>;
  /** Pull records that Quorum did not push (action items only: a tracker's other issues are skipped by default). */
  importUnlinked?: boolean;
}

/**
 * A data source of a tenant: a connector kind (`ical`), its settings, its credentials (sealed by SecretBox, never
 * returned) and the streams it syncs. `scheduleEveryMinutes` makes a BullMQ job scheduler run it on its own.
 */
@Entity('sync_sources')
export class SyncSource extends TenantOwnedEntity {
  @Column({ type: 'varchar', length: 200 })
  name: string;

  @Column({ type: 'varchar', length: 32 })
  kind: string;

  @Column('jsonb')
  settings: Record<string, unknown>;

  /** `v1.<key id>.<iv>.<tag>.<ciphertext>` (SecretBox); null without credentials. */
  @Column({ type: 'text', nullable: true })
  credentials: string | null;

  @Column('jsonb')
  streams: SyncStreamConfig[];

  @Column({ type: 'int', nullable: true })
  scheduleEveryMinutes: number | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column('uuid', { nullable: true })
  createdBy: string | null;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'created_by' })
  creator?: unknown;
}
