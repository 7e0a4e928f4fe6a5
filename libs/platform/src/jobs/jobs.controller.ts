import { Controller, Get } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Problem } from '../errors/problem';
import { UuidParam } from '../http/uuid-param.decorator';
import { JobStatusDto } from './job-status.dto';
import { JobStatusService } from './job-status.service';

@ApiTags('jobs')
@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobStatusService) {}

  @Get(':id')
  @ApiOperation({
    summary: 'A background job of your tenant: queued, running, succeeded or failed, its progress, where its result is, and why it failed',
  })
  @ApiOkResponse({ type: JobStatusDto })
  @ApiNotFoundResponse({ type: Problem, description: 'No such job in your tenant' })
  get(@UuidParam('id') id: string): Promise<JobStatusDto> {
    return this.jobs.status(id);
  }
}
