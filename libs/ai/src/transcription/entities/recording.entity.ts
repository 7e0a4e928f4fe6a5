import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne } from 'typeorm';

export const RECORDING_STATUSES = ['pending', 'transcribing', 'transcribed', 'failed'] as const;
export type RecordingStatus = (typeof RECORDING_STATUSES)[number];

/**
 * An uploaded meeting recording and how its transcription went. The audio itself is in
 * `recording_chunks`, in PostgreSQL like everything else, so whichever process runs the job can read
 * it, and it goes with the meeting.
 */
@Entity('recordings')
@Check('ck_recordings_status', `"status" IN ('pending', 'transcribing', 'transcribed', 'failed')`)
@Index('ix_recordings_meeting', ['tenantId', 'meetingId', 'createdAt'])
export class Recording extends TenantOwnedEntity {
  @Column('uuid')
  meetingId: string;

  /** The client's file name, for display only. */
  @Column({ type: 'varchar', length: 200 })
  filename: string;

  /** From the file's content, not from what the client declared. */
  @Column({ type: 'varchar', length: 32 })
  mediaType: string;

  @Column({ type: 'integer' })
  sizeBytes: number;

  @Column({ type: 'char', length: 64 })
  sha256: string;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: RecordingStatus;

  /** ISO 639-1, as the uploader gave it or the provider detected it. */
  @Column({ type: 'varchar', length: 35, nullable: true })
  language: string | null;

  @Column({ type: 'real', nullable: true })
  durationSeconds: number | null;

  @Column({ type: 'integer', nullable: true })
  segmentCount: number | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  provider: string | null;

  @Column({ type: 'varchar', length: 128, nullable: true })
  model: string | null;

  /** Why it failed, in words the tenant may read. */
  @Column({ type: 'text', nullable: true })
  error: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  jobId: string | null;

  @Column('uuid', { nullable: true })
  uploadedBy: string | null;

  @ManyToOne('Tenant', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'tenant_id' })
  tenant?: unknown;

  @ManyToOne('Meeting', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: unknown;

  @ManyToOne('User', { onDelete: 'SET NULL' })
  @JoinColumn({ name: 'uploaded_by' })
  uploader?: unknown;
}
