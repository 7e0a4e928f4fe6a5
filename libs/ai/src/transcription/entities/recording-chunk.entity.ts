import { Column, Entity, JoinColumn, ManyToOne, PrimaryColumn } from 'typeorm';

/** One piece (up to 1 MiB) of a recording's audio, in order; written once, read back piece by piece. */
@Entity('recording_chunks')
export class RecordingChunk {
  @PrimaryColumn('uuid')
  recordingId: string;

  @PrimaryColumn('integer')
  seq: number;

  @Column('uuid')
  tenantId: string;

  @Column('bytea')
  data: Buffer;

  @ManyToOne('Recording', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'recording_id' })
  recording?: unknown;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;
}
