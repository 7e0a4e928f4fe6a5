import { TenantOwnedEntity } from '@quorum/platform';
import { Check, Column, Entity, Index, JoinColumn, ManyToOne, Unique } from 'typeorm';
import { Meeting } from './meeting.entity';

/** One utterance. `segmentId` is the client's own id, so a re-sent segment replaces itself instead of duplicating. */
@Entity('transcript_segments')
@Unique('uq_transcript_segments_meeting_segment', ['meetingId', 'segmentId'])
@Index('ix_transcript_segments_meeting_time', ['meetingId', 'startMs', 'id'])
@Check('ck_transcript_segments_times', `"start_ms" >= 0 AND "end_ms" >= "start_ms"`)
@Check('ck_transcript_segments_confidence', `"confidence" IS NULL OR ("confidence" >= 0 AND "confidence" <= 1)`)
export class TranscriptSegment extends TenantOwnedEntity {
  @Column('uuid')
  meetingId: string;

  @Column({ type: 'varchar', length: 128 })
  segmentId: string;

  @Column({ type: 'varchar', length: 200 })
  speaker: string;

  @Column({ type: 'varchar', length: 128, nullable: true })
  participantId: string | null;

  @Column({ type: 'integer' })
  startMs: number;

  @Column({ type: 'integer' })
  endMs: number;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'real', nullable: true })
  confidence: number | null;

  @Column({ type: 'varchar', length: 35, nullable: true })
  language: string | null;

  @Index('ix_transcript_segments_search', { synchronize: false })
  @Column({
    type: 'tsvector',
    select: false,
    insert: false,
    update: false,
    generatedType: 'STORED',
    asExpression: `to_tsvector('english', "text")`,
  })
  searchVector: string;

  @ManyToOne(() => Meeting, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'meeting_id' })
  meeting?: Meeting;
}
