import { Injectable } from '@nestjs/common';
import type { MeetingForExport } from './formats/meeting-for-export';
import { ProvidedSource } from './provided-source';

/** The analysis sections of the Markdown minutes: summary, decisions and action items. */
export type MinutesAnalysis = NonNullable<MeetingForExport['analysis']>;
export type MinutesAnalysisSource = (meetingId: string) => Promise<MinutesAnalysis | null>;

/**
 * Where the minutes get a meeting's analysis. The AI module, which depends on this one and not the
 * other way round, provides the source when it is loaded; without it the minutes have no analysis.
 */
@Injectable()
export class MinutesAnalysisRegistry extends ProvidedSource<MinutesAnalysisSource> {
  protected readonly purpose = "the minutes' analysis";

  forMeeting(meetingId: string): Promise<MinutesAnalysis | null> {
    return this.provided ? this.provided(meetingId) : Promise.resolve(null);
  }
}
