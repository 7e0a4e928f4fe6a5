import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Problem, UuidParam } from '@quorum/platform';
import { MeetingQualityDto } from './dto/meeting-quality.dto';
import { QualityService } from './quality.service';

/** Under the meeting's path, as its analysis is, though it lives here: quality reads the meeting through its services. */
@ApiTags('quality')
@Controller('meetings')
export class MeetingQualityController {
  constructor(private readonly quality: QualityService) {}

  @Get(':id/quality')
  @ApiOperation({
    summary:
      "The meeting's data-quality score (0–100) with each component's weight, score and evidence; recomputed by a job after each change",
  })
  @ApiOkResponse({ type: MeetingQualityDto })
  @ApiNotFoundResponse({ type: Problem, description: 'No meeting with this id in the tenant' })
  get(@UuidParam('id') id: string): Promise<MeetingQualityDto> {
    return this.quality.get(id);
  }
}
