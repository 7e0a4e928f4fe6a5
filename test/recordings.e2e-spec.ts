import { createHash } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import request from 'supertest';
import { OpenAiProtocolServer } from '../libs/ai/src/providers/testing/openai-protocol-server.testing';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';
import { settledJob, until } from './support/until';

jest.setTimeout(60_000);

/** A real WAV file: a 44-byte RIFF header and `seconds` of 8 kHz, 16-bit mono silence. */
function wav(seconds: number): Buffer {
  const data = Buffer.alloc(8000 * 2 * seconds);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(200)]);

async function meeting(t: TestApp, tokens: TokenResponse): Promise<string> {
  return (await request(t.server).post('/api/v1/meetings').set(bearer(tokens)).send({ title: 'Recorded call' }).expect(201)).body.id;
}

describe('recordings without a transcription provider', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers 503 naming the variable to set, before reading the upload', async () => {
    const owner = await register(t);
    const id = await meeting(t, owner);
    const res = await request(t.server).post(`/api/v1/meetings/${id}/recordings`).set(bearer(owner)).attach('file', wav(1), 'call.wav');
    expectProblem(res, 503, { type: 'ai-unavailable' });
    expect(res.body).toMatchObject({ variable: 'AI_TRANSCRIPTION_PROVIDER', detail: expect.stringContaining('AI_TRANSCRIPTION_PROVIDER') });
    // The overview says the same: every task but transcription is done offline, under the name of what does it.
    const overview = (await request(t.server).get('/api/v1/ai/providers').set(bearer(owner)).expect(200)).body as {
      tasks: { task: string; chain: { provider: string; model: string }[]; available: boolean }[];
    };
    expect(Object.fromEntries(overview.tasks.map(({ task, chain, available }) => [task, { chain, available }]))).toEqual({
      summary: { chain: [{ provider: 'local', model: 'quorum-local-v1' }], available: true },
      extraction: { chain: [{ provider: 'local', model: 'quorum-local-v1' }], available: true },
      chat: { chain: [{ provider: 'local', model: 'extractive-v1' }], available: true },
      embeddings: { chain: [{ provider: 'local', model: 'lexical-hash-v1' }], available: true },
      transcription: { chain: [{ provider: 'local', model: 'none' }], available: false },
    });
  });
});

describe('recordings transcribed by a server speaking OpenAI’s transcription API', () => {
  const openai = new OpenAiProtocolServer();
  let t: TestApp;
  let owner: TokenResponse;

  beforeAll(async () => {
    await openai.start();
    t = await startTestApp({
      env: {
        OPENAI_BASE_URL: openai.baseUrl,
        AI_TRANSCRIPTION_PROVIDER: 'openai:gpt-4o-transcribe-diarize',
        // Analyses and the knowledge base's embeddings stay offline, so they never take the faults queued for transcription below.
        AI_SUMMARY_PROVIDER: 'local',
        AI_EXTRACTION_PROVIDER: 'local',
        AI_EMBEDDINGS_PROVIDER: 'local',
        AI_MAX_ATTEMPTS: '1',
        RECORDING_MAX_BYTES: String(2 * 1024 * 1024),
        // The tests poll job status every 100 ms through retries that back off for seconds.
        THROTTLE_LIMIT: '10000',
      },
    });
    owner = await register(t);
    await request(t.server).patch('/api/v1/tenants/current').set(bearer(owner)).send({ autoAnalyseMeetings: false }).expect(200);
  });
  afterAll(async () => {
    await t.close();
    await openai.close();
  });

  it('stores the upload, transcribes it in a job into speaker-labelled segments, and analyses the meeting', async () => {
    const id = await meeting(t, owner);
    // Over one 1 MiB chunk, so it is stored and read back in pieces.
    const audio = wav(90);
    const res = await request(t.server)
      .post(`/api/v1/meetings/${id}/recordings`)
      .set(bearer(owner))
      .field('language', 'en')
      .attach('file', audio, { filename: '../../etc/passwd.wav', contentType: 'application/octet-stream' })
      .expect(202);
    expect(res.headers.location).toBe(res.body.location);
    expect(res.body.recording).toMatchObject({
      meetingId: id,
      filename: 'passwd.wav',
      mediaType: 'audio/wav',
      sizeBytes: audio.length,
      status: 'pending',
      language: 'en',
    });
    const job = await settledJob(t, owner, res.body.location);
    expect(job.status).toBe('succeeded');

    // The provider received the very bytes uploaded, after their round trip through PostgreSQL in 1 MiB chunks.
    const upload = openai.requests.find((r) => r.path === '/v1/audio/transcriptions');
    expect(upload?.body).toMatchObject({
      model: 'gpt-4o-transcribe-diarize',
      file: { size: audio.length, sha256: createHash('sha256').update(audio).digest('hex') },
    });
    expect(res.body.recording.sha256).toBe(createHash('sha256').update(audio).digest('hex'));

    const segments = (await request(t.server).get(`/api/v1/meetings/${id}/segments`).set(bearer(owner)).expect(200)).body.items;
    expect(segments).toEqual([
      expect.objectContaining({
        speaker: 'Speaker A',
        startMs: 0,
        endMs: 2500,
        text: 'Welcome everyone to the planning meeting.',
        language: 'en',
      }),
      expect.objectContaining({ speaker: 'Speaker B', startMs: 2500, endMs: 5100, text: 'Thanks, let us start with the budget.' }),
    ]);
    const [recording] = (await request(t.server).get(`/api/v1/meetings/${id}/recordings`).set(bearer(owner)).expect(200)).body;
    expect(recording).toMatchObject({
      status: 'transcribed',
      segmentCount: 2,
      provider: 'openai',
      model: 'gpt-4o-transcribe-diarize',
      error: null,
    });
    const analysis = await until('the analysis', async () => {
      const answer = await request(t.server).get(`/api/v1/meetings/${id}/analysis`).set(bearer(owner));
      return answer.status === 200 ? answer.body : undefined;
    });
    expect(analysis).toMatchObject({ segmentCount: 2, provider: 'local' });
    expect(analysis.speakers.map((s: { speaker: string }) => s.speaker).sort()).toEqual(['Speaker A', 'Speaker B']);
  });

  it('a second recording adds its own segments: ids derive from the recording, so a repeated job would rewrite its own', async () => {
    const id = await meeting(t, owner);
    await request(t.server).post(`/api/v1/meetings/${id}/recordings`).set(bearer(owner)).attach('file', wav(1), 'a.wav').expect(202);
    await until('the transcript', async () => {
      const items = (await request(t.server).get(`/api/v1/meetings/${id}/segments`).set(bearer(owner)).expect(200)).body.items;
      return items.length === 2 ? items : undefined;
    });
    const [recording] = (await request(t.server).get(`/api/v1/meetings/${id}/recordings`).set(bearer(owner)).expect(200)).body;
    expect(recording.status).toBe('transcribed');
    // A second upload of another recording adds its own segments; the first one's ids stay unique.
    await request(t.server).post(`/api/v1/meetings/${id}/recordings`).set(bearer(owner)).attach('file', wav(1), 'b.wav').expect(202);
    const all = await until('both recordings', async () => {
      const items = (await request(t.server).get(`/api/v1/meetings/${id}/segments`).set(bearer(owner)).expect(200)).body.items;
      return items.length === 4 ? items : undefined;
    });
    expect(new Set(all.map((s: { segmentId: string }) => s.segmentId)).size).toBe(4);
  });

  it('refuses what is not a recording, with problems, and keeps nothing', async () => {
    const id = await meeting(t, owner);
    const post = () => request(t.server).post(`/api/v1/meetings/${id}/recordings`).set(bearer(owner));
    expectProblem(await post().attach('file', PNG, 'holiday.wav'), 415);
    expectProblem(await post().attach('file', Buffer.concat([wav(0), Buffer.alloc(2 * 1024 * 1024)]), 'long.wav'), 413);
    expectProblem(await post().attach('file', Buffer.alloc(0), 'empty.wav'), 422, { field: 'file' });
    expectProblem(await post().field('language', 'en'), 422, { field: 'file' });
    expectProblem(await post().field('language', 'english; DROP').attach('file', wav(1), 'a.wav'), 422, { field: 'language' });
    expectProblem(await post().send({ file: 'not multipart' }), 415);
    expectProblem(await post().set('Content-Type', 'multipart/form-data').send('no boundary'), 400);
    expectProblem(
      await post()
        .set('Content-Type', 'multipart/form-data; boundary=xyz')
        .send('--xyz\r\nContent-Disposition: form-data; name="file"; filename="a.wav"\r\n\r\nRIFF'),
      400,
    );
    expect((await request(t.server).get(`/api/v1/meetings/${id}/recordings`).set(bearer(owner)).expect(200)).body).toEqual([]);
    // Nothing written for the refused uploads stays on disk.
    expect(readdirSync(join(tmpdir(), 'quorum-uploads'))).toEqual([]);
    const viewer = await addMember(t, owner, 'viewer');
    expectProblem(
      await request(t.server).post(`/api/v1/meetings/${id}/recordings`).set(bearer(viewer)).attach('file', wav(1), 'a.wav'),
      403,
    );
    const stranger = await register(t);
    expectProblem(
      await request(t.server).post(`/api/v1/meetings/${id}/recordings`).set(bearer(stranger)).attach('file', wav(1), 'a.wav'),
      404,
    );
    expectProblem(await request(t.server).get(`/api/v1/meetings/${id}/recordings`).set(bearer(stranger)), 404);
  });

  it('a provider that fails leaves the recording failed with a reason, and the job failed', async () => {
    const id = await meeting(t, owner);
    openai.failNext({ kind: 'status', status: 500 }, { kind: 'status', status: 500 }, { kind: 'status', status: 500 });
    const res = await request(t.server)
      .post(`/api/v1/meetings/${id}/recordings`)
      .set(bearer(owner))
      .attach('file', wav(1), 'a.wav')
      .expect(202);
    const job = await settledJob(t, owner, res.body.location);
    expect(job).toMatchObject({ status: 'failed', attempts: 3 });
    const [recording] = (await request(t.server).get(`/api/v1/meetings/${id}/recordings`).set(bearer(owner)).expect(200)).body;
    expect(recording).toMatchObject({ status: 'failed', error: expect.stringMatching(/failed/) });
  });
});
