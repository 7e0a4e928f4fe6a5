import { Module } from '@nestjs/common';
import { JobStatusService } from './job-status.service';
import { JobsController } from './jobs.controller';

/** GET /api/v1/jobs/{id}; the api imports it, the worker (which serves only health and metrics) does not. */
@Module({ controllers: [JobsController], providers: [JobStatusService] })
export class JobStatusModule {}
