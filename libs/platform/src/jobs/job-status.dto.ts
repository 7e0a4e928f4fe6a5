import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
export type JobStatusName = (typeof JOB_STATUSES)[number];

/** Why a job failed: a problem document (docs/errors.md) without the members that name a request. */
export class JobErrorDto {
  @ApiProperty({ example: 'https://quorum.dev/problems/job-input-rejected' })
  type: string;

  @ApiProperty({ example: 'Job input rejected' })
  title: string;

  @ApiProperty({ example: 422, description: '422 for input the job refused, 500 for an unexpected failure' })
  status: number;

  @ApiProperty({ example: 'The meeting has no transcript to analyse.' })
  detail: string;
}

export class JobLinksDto {
  @ApiProperty({ example: '/api/v1/jobs/0b6f5c9e-2c1f-4a4e-9a51-1f2d3e4b5c6d' })
  self: string;

  @ApiPropertyOptional({ example: '/api/v1/meetings/8c1d…/analysis', description: 'Where the result is, once the job succeeded' })
  result?: string;
}

export class JobStatusDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ example: 'analysis' })
  queue: string;

  @ApiProperty({ example: 'analyse-meeting' })
  name: string;

  @ApiProperty({
    enum: JOB_STATUSES,
    description: '`queued` (waiting, scheduled, or waiting to be retried), `running`, `succeeded`, `failed` (for good; see `error`)',
  })
  status: JobStatusName;

  @ApiProperty({ example: 40, minimum: 0, maximum: 100, description: 'As the job last reported it' })
  progress: number;

  @ApiProperty({ example: 1, description: 'Attempts started so far (a retry, or a restart after a worker died, adds one)' })
  attempts: number;

  @ApiProperty({ example: 5 })
  maxAttempts: number;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the latest attempt started' })
  startedAt?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  finishedAt?: string;

  @ApiProperty({ type: JobLinksDto })
  links: JobLinksDto;

  @ApiPropertyOptional({ type: JobErrorDto, description: 'Present when `status` is `failed`' })
  error?: JobErrorDto;
}
