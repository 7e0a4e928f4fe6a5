import { createHash } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { type SegmentDto, TranscriptService } from '@quorum/meetings';
import { type Principal, ProblemException, RequestContext, Transactions } from '@quorum/platform';
import type { MeetingFields } from '../connectors/connector';
import type { SyncLogLine, SyncRun, SyncStreamCounts } from '../entities/sync-run.entity';
import { MeetingEntities } from '../local/meeting-entities';
import { SyncMetrics } from '../runs/sync-metrics';
import { emptyCounts, hashOf } from '../runs/sync-runner.service';
import { SyncRepository } from '../sync.repository';
import type { InboundMessageDto, InboundReceivedDto, MeetingUpsertedDataDto, TranscriptSegmentsDataDto } from './inbound-message.dto';
import { InboundMessagesRepository, type InboundSource } from './inbound-messages.repository';
import type { VerifiedInbound } from './inbound-signature.guard';

/** The acting user of a source whose creator is gone (as for scheduled runs). */
const NOBODY = '00000000-0000-0000-0000-000000000000';
const MEETINGS = 'meetings';
const SEGMENTS = 'segments';

type Say = (level: SyncLogLine['level'], message: string) => void;

/**
 * Applies a verified inbound message as its source's tenant: the message id, the record mapping, the meeting or the
 * transcript segments, and the run that records the delivery, in ONE transaction. A repeated message id (a sender's
 * retry, or a concurrent copy, which waits for the first to commit) writes nothing. A message that cannot be applied
 * rolls back whole, is recorded as a failed run, and is answered with the reason (a 4xx: the sender may retry).
 */
@Injectable()
export class InboundWebhooksService {
  private readonly logger = new Logger('DataSync');

  constructor(
    private readonly repository: SyncRepository,
    private readonly messages: InboundMessagesRepository,
    private readonly meetingEntities: MeetingEntities,
    private readonly transcript: TranscriptService,
    private readonly transactions: Transactions,
    private readonly metrics: SyncMetrics,
  ) {}

  receive({ source, messageId }: VerifiedInbound, message: InboundMessageDto): Promise<InboundReceivedDto> {
    // As scheduled runs do: the source's creator, as an admin of its tenant; every tenant-scoped read and write follows.
    const as: Principal = { tenantId: source.tenantId, userId: source.createdBy ?? NOBODY, role: 'admin', sessionId: `sync:${source.id}` };
    return RequestContext.run(as, () => this.receiveAsTenant(source, messageId, message), {
      requestId: RequestContext.requestId(),
      ip: RequestContext.ip(),
    });
  }

  private async receiveAsTenant(source: InboundSource, messageId: string, message: InboundMessageDto): Promise<InboundReceivedDto> {
    const startedAt = new Date();
    const started = performance.now();
    const stream = message.type === 'meeting.upserted' ? MEETINGS : SEGMENTS;
    const counts = emptyCounts();
    const log: SyncLogLine[] = [];
    const say: Say = (level, text) => log.push({ at: new Date().toISOString(), level, message: text.slice(0, 1000) });
    const finish = (status: 'succeeded' | 'failed', reason: string | null): SyncRun => {
      counts.status = status;
      counts.durationMs = Math.round(performance.now() - started);
      if (reason) counts.reason = reason;
      say(status === 'failed' ? 'error' : 'info', reason ? `${stream}: failed: ${reason}` : `${stream}: ${summary(counts)}`);
      return this.repository.createRun({
        sourceId: source.id,
        trigger: 'webhook',
        status,
        reason: reason?.slice(0, 1000) ?? null,
        streams: { [stream]: counts },
        log,
        jobId: null,
        startedAt,
        finishedAt: new Date(),
      });
    };
    say('info', `message ${messageId} (${message.type}) received`);
    try {
      const run = await this.transactions.run(async () => {
        if (!(await this.messages.claim(source.tenantId, source.id, messageId))) return null;
        await this.messages.prune(source.id);
        if (message.type === 'meeting.upserted') await this.upsertMeeting(source.id, message.data as MeetingUpsertedDataDto, counts, say);
        else await this.appendSegments(source.id, message.data as TranscriptSegmentsDataDto, counts, say);
        return this.repository.saveRun(finish('succeeded', null));
      });
      if (!run) return { received: true, duplicate: true };
      this.count(stream, counts, 'succeeded', started);
      return { received: true, runId: run.id };
    } catch (error) {
      // Rolled back, the message id with it: a retry of this message applies it afresh.
      const reason = error instanceof ProblemException ? error.detail : 'an unexpected error (logged)';
      if (!(error instanceof ProblemException))
        this.logger.error({ err: error, sourceId: source.id, messageId }, 'an inbound message failed');
      counts.failed = Math.max(counts.failed, 1);
      let runId: string | undefined;
      try {
        runId = (await this.repository.saveRun(finish('failed', reason))).id;
      } catch (recording) {
        this.logger.error({ err: recording, sourceId: source.id, messageId }, 'could not record a failed inbound delivery');
      }
      this.count(stream, counts, 'failed', started);
      if (!(error instanceof ProblemException)) throw error;
      throw new ProblemException({
        status: error.getStatus(),
        slug: error.type.split('/').pop(),
        title: error.title,
        detail: error.detail,
        errors: error.errors,
        headers: error.headers,
        extensions: { ...error.extensions, ...(runId ? { runId } : {}) },
      });
    }
  }

  /** Creates or updates the meeting of (source, `meetings`, externalId), as a pulled record would be. */
  private async upsertMeeting(sourceId: string, data: MeetingUpsertedDataDto, counts: SyncStreamCounts, say: Say): Promise<void> {
    counts.read++;
    await this.messages.lockRecord(sourceId, MEETINGS, data.externalId);
    const prior = (await this.repository.recordsFor(sourceId, MEETINGS, [data.externalId])).get(data.externalId);
    const fields: MeetingFields = {
      title: data.title,
      description: data.description ?? null,
      scheduledStartAt: data.scheduledStartAt.toISOString(),
      scheduledEndAt: data.scheduledEndAt?.toISOString() ?? null,
      participants: participantsOf(data.participants ?? []),
      cancelled: data.status === 'cancelled',
    };
    const contentHash = hashOf({ externalId: data.externalId, version: '', fields });
    if (prior && prior.contentHash === contentHash && !prior.deleted) {
      counts.unchanged++;
      say('info', `${data.externalId}: unchanged`);
      return;
    }
    // Written as a pulled record is: through MeetingEntities, which maps `cancelled` to the status where the status allows it.
    let localId: string | null = null;
    const current = prior?.localId ? await this.meetingEntities.get(prior.localId) : null;
    if (current) {
      const updated = await this.meetingEntities.update(current.id, { ...fields });
      if (fields.cancelled && !updated.fields.cancelled)
        say('warn', `${data.externalId} is cancelled by the sender but its meeting is completed; left as is`);
      localId = current.id;
      counts.updated++;
      say('info', `${data.externalId}: updated meeting ${localId}`);
    } else if (fields.cancelled) {
      // Cancelled before Quorum made it: nothing to create; kept, so a later un-cancelling creates it.
      counts.skipped++;
      say('info', `${data.externalId}: cancelled before it was created; skipped`);
    } else {
      localId = (await this.meetingEntities.create({ ...fields })).id;
      counts.created++;
      say('info', `${data.externalId}: created meeting ${localId}`);
    }
    await this.repository.saveRecords([
      { sourceId, stream: MEETINGS, externalId: data.externalId, localId, contentHash, occursAt: data.scheduledStartAt, deleted: false },
    ]);
  }

  /** Adds the segments to the transcript of the meeting this source sent as `meetingExternalId`. */
  private async appendSegments(sourceId: string, data: TranscriptSegmentsDataDto, counts: SyncStreamCounts, say: Say): Promise<void> {
    counts.read += data.segments.length;
    await this.messages.lockRecord(sourceId, MEETINGS, data.meetingExternalId);
    const record = (await this.repository.recordsFor(sourceId, MEETINGS, [data.meetingExternalId])).get(data.meetingExternalId);
    const meetingId = record?.localId && (await this.meetingEntities.get(record.localId)) ? record.localId : null;
    if (!meetingId)
      throw new ProblemException({
        status: 422,
        slug: 'webhook-meeting-unknown',
        title: 'Unknown meeting',
        detail: `This source has sent no meeting ${data.meetingExternalId} that Quorum holds; send its meeting.upserted first.`,
        errors: [{ field: 'data.meetingExternalId', message: 'no meeting of this source has this externalId' }],
      });
    const segments = segmentsOf(data);
    const before = (await this.transcript.stats(meetingId)).segments;
    const result = await this.transcript.append(meetingId, segments);
    const added = (await this.transcript.stats(meetingId)).segments - before;
    counts.created += added;
    counts.updated += segments.length - added;
    counts.unchanged += data.segments.length - segments.length;
    say(
      'info',
      `${data.meetingExternalId}: ${added} new and ${segments.length - added} replaced segments on meeting ${meetingId} (revision ${result.revision})`,
    );
  }

  private count(stream: string, counts: SyncStreamCounts, outcome: 'succeeded' | 'failed', started: number): void {
    this.metrics.run('webhook', outcome, (performance.now() - started) / 1000);
    for (const result of ['created', 'updated', 'unchanged', 'failed'] as const)
      this.metrics.record('webhook', stream, result, counts[result]);
  }
}

/** Participants as a pulled record has them: addresses lower-cased, each once. */
function participantsOf(list: { name: string; email: string }[]): { name: string; email: string }[] {
  const seen = new Set<string>();
  const result: { name: string; email: string }[] = [];
  for (const p of list) {
    const email = p.email.trim().toLowerCase();
    if (seen.has(email)) continue;
    seen.add(email);
    result.push({ name: p.name, email });
  }
  return result;
}

/**
 * The batch as transcript segments. A segment without the sender's id gets one from its content, so the same segment
 * sent again (a retry under a new message id) replaces itself instead of appearing twice; exact repeats in one batch
 * are sent once.
 */
export function segmentsOf(data: TranscriptSegmentsDataDto): SegmentDto[] {
  const seen = new Set<string>();
  const segments: SegmentDto[] = [];
  for (const s of data.segments) {
    const segmentId =
      s.id ??
      `wh-${createHash('sha256')
        .update(JSON.stringify([s.speaker, s.startMs, s.endMs, s.text]))
        .digest('hex')
        .slice(0, 40)}`;
    // A sender's id given twice is kept twice: the transcript service refuses the batch and names both.
    if (!s.id && seen.has(segmentId)) continue;
    seen.add(segmentId);
    segments.push({ segmentId, speaker: s.speaker, text: s.text, startMs: s.startMs, endMs: s.endMs });
  }
  return segments;
}

function summary(c: SyncStreamCounts): string {
  return `read ${c.read}, created ${c.created}, updated ${c.updated}, unchanged ${c.unchanged}, skipped ${c.skipped}, failed ${c.failed}`;
}
