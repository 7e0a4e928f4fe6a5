import { Injectable } from '@nestjs/common';
import { InjectTenantRepository, TenantRepository } from '@quorum/platform';
import { type DeepPartial } from 'typeorm';
import { type AnalysisKind, MeetingAnalysis } from './entities/meeting-analysis.entity';

/** A meeting's latest analysis of each kind, in the caller's tenant. */
@Injectable()
export class MeetingAnalysesRepository {
  constructor(@InjectTenantRepository(MeetingAnalysis) private readonly analyses: TenantRepository<MeetingAnalysis>) {}

  /** Replaces the meeting's analysis of this kind (a retried job writes the same row again, never a second one). */
  async put(row: DeepPartial<MeetingAnalysis> & { meetingId: string; kind: AnalysisKind }): Promise<MeetingAnalysis> {
    await this.analyses.upsert([row], ['meetingId', 'kind']);
    return (await this.latest(row.meetingId, row.kind))!;
  }

  latest(meetingId: string, kind: AnalysisKind): Promise<MeetingAnalysis | null> {
    return this.analyses.findOne({ where: { meetingId, kind } });
  }
}
