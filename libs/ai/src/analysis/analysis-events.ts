import type { MeetingAnalysisDto } from './dto/meeting-analysis.dto';

/** Domain events of meeting analysis, sent to the meeting's Socket.IO room (realtime-contract's `analysis` family). */
export const AnalysisEvents = {
  /** A final analysis was stored; `data` is what GET /meetings/{id}/analysis now returns. */
  completed: 'analysis.completed',
  /** The rolling analysis of a live meeting was refreshed. */
  updated: 'analysis.updated',
} as const;

declare module '@quorum/platform' {
  interface DomainEventMap {
    'analysis.completed': MeetingAnalysisDto;
    'analysis.updated': MeetingAnalysisDto;
  }
}
