import type { ActionItemDto } from '@quorum/action-items';
import type { MeetingAnalysisDto } from '@quorum/ai';
import type { MeetingDto } from '@quorum/meetings';
import type { Facts } from '../conditions/evaluate-conditions';

const DAY_MS = 86_400_000;
const iso = (date: Date | string | null | undefined) => (date ? new Date(date).toISOString() : null);

/** An action item's facts (see FACT_CATALOGUE.action_item), with its meeting's when it has one. */
export function actionItemFacts(item: ActionItemDto, meeting: MeetingDto | null, now: Date): Facts {
  const isOpen = item.status === 'open' || item.status === 'in_progress';
  const due = item.dueAt ? new Date(item.dueAt).getTime() : null;
  const late = due !== null && isOpen ? Math.floor((now.getTime() - due) / DAY_MS) : 0;
  return {
    id: item.id,
    title: item.title,
    description: item.description,
    status: item.status,
    priority: item.priority,
    origin: item.origin,
    dueAt: iso(item.dueAt),
    completedAt: iso(item.completedAt),
    createdAt: iso(item.createdAt),
    updatedAt: iso(item.updatedAt),
    assigneeUserId: item.assigneeUserId,
    assigneeEmail: item.assigneeEmail,
    createdBy: item.createdBy,
    meetingId: item.meetingId,
    meetingTitle: meeting?.title ?? null,
    meetingTags: meeting?.tags ?? [],
    meetingOrganizerId: meeting?.createdBy ?? null,
    isOpen,
    hasAssignee: item.assigneeUserId !== null || item.assigneeEmail !== null,
    hasDueDate: due !== null,
    daysOverdue: Math.max(0, late),
    daysUntilDue: due === null ? null : Math.ceil((due - now.getTime()) / DAY_MS),
  };
}

/** A meeting's facts (see FACT_CATALOGUE.meeting), from the meeting, its action items and its latest final analysis. */
export function meetingFacts(meeting: MeetingDto, items: readonly ActionItemDto[], analysis: MeetingAnalysisDto | null): Facts {
  const start = meeting.startedAt ?? meeting.scheduledStartAt;
  const end = meeting.endedAt ?? meeting.scheduledEndAt;
  const minutes = start && end ? Math.round((new Date(end).getTime() - new Date(start).getTime()) / 60_000) : null;
  return {
    id: meeting.id,
    title: meeting.title,
    description: meeting.description,
    status: meeting.status,
    language: meeting.language,
    tags: meeting.tags,
    createdBy: meeting.createdBy,
    scheduledStartAt: iso(meeting.scheduledStartAt),
    startedAt: iso(meeting.startedAt),
    endedAt: iso(meeting.endedAt),
    createdAt: iso(meeting.createdAt),
    durationMinutes: minutes !== null && minutes >= 0 ? minutes : null,
    participantCount: meeting.participants.length,
    participantEmails: meeting.participants.map((p) => p.email),
    actionItemCount: items.length,
    openActionItemCount: items.filter((i) => i.status === 'open' || i.status === 'in_progress').length,
    hasActionItems: items.length > 0,
    hasAnalysis: analysis !== null,
    decisionCount: analysis ? analysis.decisions.length : null,
    summary: analysis ? analysis.summary.overview : null,
    topics: analysis ? analysis.topics.map((t) => t.title) : [],
  };
}
