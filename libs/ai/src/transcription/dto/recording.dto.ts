import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { RECORDING_STATUSES, type Recording, type RecordingStatus } from '../entities/recording.entity';

export class RecordingDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  meetingId: string;

  @ApiProperty({ example: 'standup.m4a' })
  filename: string;

  @ApiProperty({ example: 'audio/mp4', description: "From the file's content, not from what was declared" })
  mediaType: string;

  @ApiProperty()
  sizeBytes: number;

  @ApiProperty({ description: 'SHA-256 of the file, hex' })
  sha256: string;

  @ApiProperty({ enum: RECORDING_STATUSES })
  status: RecordingStatus;

  @ApiPropertyOptional({ nullable: true, type: String, example: 'en' })
  language: string | null;

  @ApiPropertyOptional({ nullable: true, type: Number })
  durationSeconds: number | null;

  @ApiPropertyOptional({ nullable: true, type: Number, description: 'Transcript segments it produced' })
  segmentCount: number | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  provider: string | null;

  @ApiPropertyOptional({ nullable: true, type: String })
  model: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'Why transcription failed' })
  error: string | null;

  @ApiPropertyOptional({ nullable: true, type: String, description: 'The transcription job (GET /api/v1/jobs/{id})' })
  jobId: string | null;

  @ApiProperty()
  createdAt: Date;

  @ApiProperty()
  updatedAt: Date;

  static from(r: Recording): RecordingDto {
    return {
      id: r.id,
      meetingId: r.meetingId,
      filename: r.filename,
      mediaType: r.mediaType,
      sizeBytes: r.sizeBytes,
      sha256: r.sha256,
      status: r.status,
      language: r.language,
      durationSeconds: r.durationSeconds,
      segmentCount: r.segmentCount,
      provider: r.provider,
      model: r.model,
      error: r.error,
      jobId: r.jobId,
      createdAt: r.createdAt,
      updatedAt: r.updatedAt,
    };
  }
}

export class RecordingAcceptedDto {
  @ApiProperty({ type: RecordingDto })
  recording: RecordingDto;

  @ApiProperty({ description: 'The transcription job' })
  jobId: string;

  @ApiProperty({ example: '/api/v1/jobs/…', description: "The job's status; also the Location header" })
  location: string;
}
