import { ApiProperty } from '@nestjs/swagger';
import type { EnqueuedJob } from '@quorum/platform';

export class InsightsRefreshDto implements EnqueuedJob {
  @ApiProperty({ description: 'The job that computes the insights' })
  id: string;

  @ApiProperty({ example: 'insights' })
  queue: string;

  @ApiProperty({ example: 'tenant' })
  name: string;

  @ApiProperty({ example: '/api/v1/jobs/c0a86b7a-6e21-8b79-afb5-8c3e3d55b7af', description: "The job's status; also the Location header" })
  location: string;
}
