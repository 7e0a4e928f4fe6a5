import { Injectable } from '@nestjs/common';
import { MeetingsService } from '@quorum/meetings';
import { AppConfig, RequestContext, Transactions } from '@quorum/platform';
import type { Request } from 'express';
import { AiUnavailableError } from '../providers/ai-unavailable.error';
import { receiveAudioUpload } from './audio/receive-audio-upload';
import { type RecordingAcceptedDto, RecordingDto } from './dto/recording.dto';
import { RecordingsRepository } from './recordings.repository';
import { TranscriptionQueue } from './transcription.queue';

/** Recordings of meetings: upload (stored, then transcribed in a job) and listing. */
@Injectable()
export class RecordingsService {
  constructor(
    private readonly recordings: RecordingsRepository,
    private readonly meetings: MeetingsService,
    private readonly queue: TranscriptionQueue,
    private readonly transactions: Transactions,
    private readonly config: AppConfig,
  ) {}

  /**
   * Takes a recording upload for the meeting: 404 for a meeting that is not the tenant's, then 503
   * when no provider can transcribe, both before reading a byte of the body; then the audio is streamed to disk and
   * checked (receiveAudioUpload), stored with its recording row in one transaction, and queued.
   */
  async upload(meetingId: string, req: Request): Promise<RecordingAcceptedDto> {
    await this.meetings.get(meetingId);
    if (!this.config.ai.chains.transcription.some((ref) => ref.provider !== 'local'))
      throw new AiUnavailableError('transcription', 'not-configured', []);
    const audio = await receiveAudioUpload(req, this.config.recordingMaxBytes);
    try {
      const recording = await this.transactions.run(async () => {
        const row = await this.recordings.save(
          this.recordings.create({
            meetingId,
            filename: audio.filename,
            mediaType: audio.format.mediaType,
            sizeBytes: audio.sizeBytes,
            sha256: audio.sha256,
            status: 'pending',
            language: audio.language ?? null,
            uploadedBy: RequestContext.actorUserId(),
          }),
        );
        await this.recordings.storeAudio(row, audio.path);
        return row;
      });
      const job = await this.queue.enqueue({ recordingId: recording.id }, { key: [recording.id] }).catch(async (error: unknown) => {
        // A recording no job will ever transcribe would wait as `pending` forever; the client retries the upload instead.
        await this.recordings.remove(recording);
        throw error;
      });
      recording.jobId = job.id;
      await this.recordings.save(recording);
      return { recording: RecordingDto.from(recording), jobId: job.id, location: job.location };
    } finally {
      await audio.discard();
    }
  }

  async list(meetingId: string): Promise<RecordingDto[]> {
    await this.meetings.get(meetingId);
    return (await this.recordings.ofMeeting(meetingId)).map(RecordingDto.from);
  }
}
