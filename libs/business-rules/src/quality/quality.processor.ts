import { Injectable } from '@nestjs/common';
import { JobProcessor, ProblemException, type RunningJob } from '@quorum/platform';
import { type QualityJobInput, type QualityJobResult, QualityQueue } from './quality.queue';
import { QualityService } from './quality.service';

/** Recomputes one meeting's score; the row is replaced whole, so a repeated job changes nothing. */
@Injectable()
export class QualityProcessor extends JobProcessor<QualityJobInput, QualityJobResult> {
  readonly queue = QualityQueue;

  constructor(private readonly quality: QualityService) {
    super();
  }

  async process(job: RunningJob<QualityJobInput>): Promise<QualityJobResult> {
    const { meetingId } = job.input;
    try {
      const row = await this.quality.compute(meetingId, job.signal);
      return { link: `/api/v1/meetings/${meetingId}/quality`, score: row.score };
    } catch (error) {
      // Deleted meanwhile: its score went with it (foreign-key cascade); nothing is left to do.
      if (error instanceof ProblemException && error.getStatus() === 404) return { score: null };
      throw error;
    }
  }
}
