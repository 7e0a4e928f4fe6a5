import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Injectable } from '@nestjs/common';
import { InjectTenantRepository, TenantRepository, Transactions } from '@quorum/platform';
import { type DeepPartial } from 'typeorm';
import { Recording } from './entities/recording.entity';

/** Audio is stored in pieces of this size: small enough to read one at a time, large enough to keep rows few. */
export const CHUNK_BYTES = 1024 * 1024;

/** Recordings of the caller's tenant, and their audio. */
@Injectable()
export class RecordingsRepository {
  constructor(
    @InjectTenantRepository(Recording) private readonly recordings: TenantRepository<Recording>,
    private readonly transactions: Transactions,
  ) {}

  create(data: DeepPartial<Recording>): Recording {
    return this.recordings.create(data);
  }

  save(recording: Recording): Promise<Recording> {
    return this.recordings.save(recording);
  }

  /** Deletes the recording and, by cascade, its audio. */
  remove(recording: Recording): Promise<void> {
    return this.recordings.remove(recording);
  }

  getById(id: string): Promise<Recording> {
    return this.recordings.getById(id);
  }

  ofMeeting(meetingId: string): Promise<Recording[]> {
    return this.recordings.find({ where: { meetingId }, order: { createdAt: 'DESC', id: 'DESC' }, take: 100 });
  }

  /** Copies the file into the recording's chunks, a piece at a time, in the current transaction. */
  async storeAudio(recording: Recording, path: string): Promise<void> {
    let seq = 0;
    let pending = Buffer.alloc(0);
    const insert = (data: Buffer) =>
      this.transactions.manager.query('INSERT INTO recording_chunks (recording_id, seq, tenant_id, data) VALUES ($1, $2, $3, $4)', [
        recording.id,
        seq++,
        recording.tenantId,
        data,
      ]);
    for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
      pending = Buffer.concat([pending, chunk as Buffer]);
      while (pending.length >= CHUNK_BYTES) {
        await insert(pending.subarray(0, CHUNK_BYTES));
        pending = pending.subarray(CHUNK_BYTES);
      }
    }
    if (pending.length > 0) await insert(pending);
  }

  /** Writes the recording's audio to `path`, one chunk per query, so no more than a chunk is ever in memory. */
  async writeAudio(recording: Recording, path: string): Promise<void> {
    const out = createWriteStream(path, { mode: 0o600 });
    try {
      for (let seq = 0; ; seq++) {
        const rows = (await this.transactions.manager.query(
          'SELECT data FROM recording_chunks WHERE recording_id = $1 AND tenant_id = $2 AND seq = $3',
          [recording.id, recording.tenantId, seq],
        )) as { data: Buffer }[];
        if (rows.length === 0) break;
        if (!out.write(rows[0].data)) await once(out, 'drain');
      }
    } finally {
      out.end();
      await once(out, 'close');
    }
  }
}
