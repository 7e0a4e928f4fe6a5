import { randomUUID } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Injectable } from '@nestjs/common';
import { type SegmentDto, TranscriptService } from '@quorum/meetings';
import { JobProcessor, ProblemException, type RunningJob, UnrecoverableError } from '@quorum/platform';
import { AnalysisService } from '../analysis/analysis.service';
import { AiService } from '../providers/ai.service';
import { AiUnavailableError } from '../providers/ai-unavailable.error';
import type { TranscribedSegment } from '../providers/capabilities/transcription.capability';
import type { Recording } from './entities/recording.entity';
import { RecordingsRepository } from './recordings.repository';
import { type TranscriptionJobInput, type TranscriptionJobResult, TranscriptionQueue } from './transcription.queue';

const MAX_SEGMENT_CHARS = 20_000;

/**
 * Transcribes one recording: its audio is copied from PostgreSQL to a private temporary file (the
 * provider's client streams it from there, afresh on each attempt), the segments the provider returns
 * are appended to the meeting's transcript under ids derived from the recording (so a repeated job
 * rewrites the same segments, never adds copies), and the meeting's analysis is queued.
 */
@Injectable()
export class TranscriptionProcessor extends JobProcessor<TranscriptionJobInput, TranscriptionJobResult> {
  readonly queue = TranscriptionQueue;

  constructor(
    private readonly recordings: RecordingsRepository,
    private readonly ai: AiService,
    private readonly transcript: TranscriptService,
    private readonly analysis: AnalysisService,
  ) {
    super();
  }

  async process(job: RunningJob<TranscriptionJobInput>): Promise<TranscriptionJobResult> {
    const recording = await this.recordings.getById(job.input.recordingId);
    try {
      return await this.transcribe(job, recording);
    } catch (error) {
      const refused = error instanceof ProblemException && error.getStatus() < 500;
      if (error instanceof UnrecoverableError || refused || job.attempt >= job.maxAttempts) {
        recording.status = 'failed';
        recording.error =
          error instanceof UnrecoverableError
            ? error.message
            : refused
              ? error.detail
              : 'Transcription failed after several attempts; upload the recording again later.';
        await this.recordings.save(recording);
      }
      throw error;
    }
  }

  private async transcribe(job: RunningJob<TranscriptionJobInput>, recording: Recording): Promise<TranscriptionJobResult> {
    recording.status = 'transcribing';
    recording.error = null;
    await this.recordings.save(recording);
    const dir = join(tmpdir(), 'quorum-transcription');
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const path = join(dir, randomUUID());
    let answer;
    try {
      await this.recordings.writeAudio(recording, path);
      await job.reportProgress(10);
      answer = await this.ai.transcribe(
        {
          audio: { path, filename: recording.filename, mimeType: recording.mediaType },
          ...(recording.language ? { language: recording.language } : {}),
        },
        { tenantId: recording.tenantId, userId: job.actorUserId },
      );
    } catch (error) {
      if (error instanceof AiUnavailableError && error.reason !== 'providers-failed') throw new UnrecoverableError(error.message);
      throw error;
    } finally {
      await rm(path, { force: true });
    }
    job.signal.throwIfAborted();
    await job.reportProgress(80);

    const segments = toSegments(
      recording,
      answer.segments.length ? answer.segments : [{ start: 0, end: answer.durationSeconds ?? 0, text: answer.text }],
    );
    if (segments.length > 0) await this.transcript.append(recording.meetingId, segments);
    recording.status = 'transcribed';
    recording.segmentCount = segments.length;
    recording.language = answer.language?.slice(0, 35) ?? recording.language;
    recording.durationSeconds = answer.durationSeconds ?? null;
    recording.provider = answer.provider;
    recording.model = answer.model;
    await this.recordings.save(recording);
    if (segments.length > 0) await this.analysis.analyseWhenTranscribed(recording.meetingId);
    return { link: `/api/v1/meetings/${recording.meetingId}/recordings`, segments: segments.length };
  }
}

/** The provider's segments as transcript segments: ids from the recording and position, times in ms, empty text dropped, long text split. */
function toSegments(recording: Recording, transcribed: readonly TranscribedSegment[]): SegmentDto[] {
  const prefix = `rec-${recording.id.slice(0, 8)}`;
  const segments: SegmentDto[] = [];
  transcribed.forEach((segment, i) => {
    const text = segment.text.replaceAll('\u0000', '').replace(/\s+/g, ' ').trim();
    if (!text) return;
    const startMs = Math.max(0, Math.round(segment.start * 1000));
    const endMs = Math.max(startMs, Math.round(segment.end * 1000));
    const speaker = segment.speaker?.trim() ? `Speaker ${segment.speaker.trim()}`.slice(0, 200) : 'Speaker';
    for (let part = 0; part * MAX_SEGMENT_CHARS < text.length; part++)
      segments.push({
        segmentId: `${prefix}-${i + 1}${part ? `-${part + 1}` : ''}`,
        speaker,
        startMs,
        endMs,
        text: text.slice(part * MAX_SEGMENT_CHARS, (part + 1) * MAX_SEGMENT_CHARS),
        ...(recording.language ? { language: recording.language } : {}),
      });
  });
  return segments;
}
