import { ApiProperty } from '@nestjs/swagger';

/** One condition as it was evaluated. */
export class ConditionExplanationDto {
  @ApiProperty({ example: 'conditions.all[1]' })
  path: string;

  @ApiProperty({ example: 'dueAt' })
  fact: string;

  @ApiProperty({ example: 'olderThan' })
  operator: string;

  @ApiProperty({ description: 'The value the rule compares with', example: '3d' })
  expected: unknown;

  @ApiProperty({ description: "The fact's value", example: '2026-11-20T09:00:00.000Z', nullable: true })
  actual: unknown;

  @ApiProperty({ nullable: true, type: Boolean, description: 'null: not evaluated, because the answer was already known' })
  result: boolean | null;
}
