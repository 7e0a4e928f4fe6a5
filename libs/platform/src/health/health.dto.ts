import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class LivenessDto {
  @ApiProperty({ example: 'ok' })
  status: 'ok';

  @ApiProperty({ example: 3600 })
  uptimeSeconds: number;

  @ApiProperty({ example: 1.2, description: 'p99 event-loop delay since the previous probe' })
  eventLoopDelayMs: number;
}

export class HealthReportDto {
  @ApiProperty({
    enum: ['ok', 'degraded', 'down'],
    description:
      '`down`: this instance cannot serve (database, migrations, shutting down; readiness fails too). `degraded`: it serves, without Redis (readiness still passes). `reasons` says why.',
  })
  status: 'ok' | 'degraded' | 'down';

  @ApiPropertyOptional({
    type: [String],
    description: 'One line per failing dependency; absent when `status` is `ok`',
    example: [
      'redis: Redis connection is reconnecting (cache misses, rate limits counted per instance, realtime events reach only this instance)',
    ],
  })
  reasons?: string[];

  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ example: 3600 })
  uptimeSeconds: number;

  @ApiProperty({ example: '2026-11-27T12:00:00.000Z' })
  timestamp: string;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { status: 'up', responseTime: 2, migrations: { status: 'up' } } })
  database: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { status: 'up' } })
  redis: Record<string, unknown>;

  @ApiProperty({ type: 'object', additionalProperties: true, example: { status: 'up' } })
  lifecycle: Record<string, unknown>;
}
