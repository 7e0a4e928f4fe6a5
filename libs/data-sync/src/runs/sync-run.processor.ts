import { Injectable } from '@nestjs/common';
import { JobProcessor, type RunningJob } from '@quorum/platform';
import { type SyncRunInput, SyncRunQueue, type SyncRunResult } from './sync-run.queue';
import { SyncRunner } from './sync-runner.service';

/** Runs a source as the job's tenant (the admin who asked, or the source's creator for scheduled runs). */
@Injectable()
export class SyncRunProcessor extends JobProcessor<SyncRunInput, SyncRunResult> {
  readonly queue = SyncRunQueue;
  override readonly concurrency = 2;

  constructor(private readonly runner: SyncRunner) {
    super();
  }

  async process(job: RunningJob<SyncRunInput>): Promise<SyncRunResult> {
    const run = await this.runner.run(job.input.sourceId, job.input.trigger, job.id, job.signal);
    if (!run) return {};
    return { runId: run.id, status: run.status, link: `/api/v1/sync/runs/${run.id}` };
  }
}
