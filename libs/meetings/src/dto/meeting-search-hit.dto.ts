import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { MeetingDto } from './meeting.dto';

export class SearchMatchDto {
  @ApiProperty({ example: 0.42, description: 'Relevance; results are ordered by it' })
  rank: number;

  @ApiProperty({
    example: 'we agreed the <mark>budget</mark> for travel',
    description: 'The best matching passage, matches wrapped in <mark>',
  })
  snippet: string;

  @ApiProperty({
    enum: ['transcript', 'meeting'],
    description: 'Whether the snippet comes from the transcript or from the title/description',
  })
  source: 'transcript' | 'meeting';

  @ApiPropertyOptional({ example: 'seg-0042', nullable: true, type: String })
  segmentId: string | null;

  @ApiPropertyOptional({ example: 754000, nullable: true, type: Number, description: 'Where in the meeting the matching segment starts' })
  startMs: number | null;
}

export class MeetingSearchHitDto extends MeetingDto {
  @ApiProperty({ type: SearchMatchDto })
  match: SearchMatchDto;
}

export class MeetingPageDto {
  @ApiProperty({ type: [MeetingSearchHitDto], description: 'Meetings; with q, each carries `match`' })
  items: (MeetingDto | MeetingSearchHitDto)[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}
