import request from 'supertest';
import { addMember, bearer, register, type TokenResponse } from './support/auth-helpers';
import { expectProblem } from './support/problem';
import { describeWithRedis, startTestApp, type TestApp } from './support/test-app';
import { until } from './support/until';

describeWithRedis('data quality of meetings', () => {
  let t: TestApp;
  let owner: TokenResponse;

  beforeAll(async () => {
    t = await startTestApp({ redis: true });
    owner = await register(t, { name: 'Olive Owner' });
  });
  afterAll(() => t.close());

  const quality = (id: string, who = owner) => request(t.server).get(`/api/v1/meetings/${id}/quality`).set(bearer(who));
  /** The score once the job has stored one computed at `revision` that satisfies `ready`. */
  const scored = (id: string, what: string, ready: (body: Record<string, any>) => boolean) =>
    until(
      what,
      async () => {
        const body = (await quality(id).expect(200)).body as Record<string, any>;
        return ready(body) ? body : undefined;
      },
      30_000,
      200,
    );
  const component = (body: Record<string, any>, name: string) =>
    (body.components as Record<string, any>[]).find((c) => c.name === name) ?? {};

  it('scores a meeting, and rescores it after a transcript import and after an assigned action item', async () => {
    const meeting = (
      await request(t.server)
        .post('/api/v1/meetings')
        .set(bearer(owner))
        .send({
          title: 'Budget review',
          status: 'completed',
          startedAt: '2026-11-16T09:00:00Z',
          endedAt: '2026-11-16T09:10:00Z',
          participants: [{ name: 'Ada', email: 'ada@example.com' }],
        })
        .expect(201)
    ).body as { id: string };

    const empty = (await quality(meeting.id).expect(200)).body as Record<string, any>;
    expect(empty).toMatchObject({ meetingId: meeting.id, score: 0, transcriptRevision: 0 });
    expect(component(empty, 'transcriptCoverage')).toMatchObject({ weight: 30, score: 0, summary: 'No transcript.' });
    expect(component(empty, 'transcriptConfidence').score).toBeNull();
    expect(component(empty, 'actionItems').score).toBeNull();

    // Five minutes of the ten covered, a gap from 01:00 to 05:00, one segment by a placeholder speaker.
    const vtt = [
      'WEBVTT',
      '',
      '00:00:00.000 --> 00:01:00.000',
      '<v Ada>Shall we start with the budget?',
      '',
      '00:05:00.000 --> 00:08:00.000',
      '<v Grace>Yes, travel first.',
      '',
      '00:08:00.000 --> 00:09:00.000',
      '<v Speaker 2>And the offsite.',
      '',
    ].join('\n');
    await request(t.server)
      .post(`/api/v1/meetings/${meeting.id}/transcript`)
      .set(bearer(owner))
      .set('Content-Type', 'text/vtt')
      .send(vtt)
      .expect(201);
    const withTranscript = await scored(meeting.id, 'the score after the import', (b) => b.transcriptRevision === 1);
    expect(component(withTranscript, 'transcriptCoverage')).toMatchObject({
      score: 50,
      evidence: {
        durationMs: 600_000,
        coveredMs: 300_000,
        gapCount: 2,
        gaps: [
          { startMs: 60_000, endMs: 300_000, durationMs: 240_000 },
          { startMs: 540_000, endMs: 600_000, durationMs: 60_000 },
        ],
      },
    });
    expect(component(withTranscript, 'speakerAttribution')).toMatchObject({ score: 67, evidence: { attributed: 2, segments: 3 } });
    expect(withTranscript.score).toBeGreaterThan(0);

    const member = await addMember(t, owner, 'member');
    await request(t.server)
      .post('/api/v1/action-items')
      .set(bearer(owner))
      .send({ title: 'Send the budget', meetingId: meeting.id, assigneeUserId: member.user.id })
      .expect(201);
    const withItem = await scored(meeting.id, 'the score after the action item', (b) => component(b, 'actionItems').score !== null);
    expect(component(withItem, 'actionItems')).toMatchObject({ score: 50, evidence: { actionItems: 1, assigned: 1, withDueDate: 0 } });
    expect(withItem.score).not.toBe(withTranscript.score);
    expect(new Date(withItem.computedAt as string).getTime()).toBeGreaterThan(new Date(withTranscript.computedAt as string).getTime());
  });

  it('answers 404 for an unknown meeting or another tenant’s, and 400 for a malformed id', async () => {
    const other = await register(t);
    const foreign = (await request(t.server).post('/api/v1/meetings').set(bearer(other)).send({ title: 'Theirs' }).expect(201)).body as {
      id: string;
    };
    expectProblem(await quality(foreign.id), 404, 'not-found');
    expectProblem(await quality('00000000-0000-4000-8000-000000000000'), 404, 'not-found');
    expect((await quality('not-a-uuid')).status).toBe(400);
  });

  it('lets viewers read scores and the tenant aggregate', async () => {
    const viewer = await addMember(t, owner, 'viewer');
    const res = await request(t.server)
      .get('/api/v1/analytics/quality?from=2026-11-01T00:00:00Z&to=2026-12-01T00:00:00Z')
      .set(bearer(viewer))
      .expect(200);
    expect(res.body.meetings).toBe(1);
    expect(res.body.distribution).toHaveLength(5);
    expect(res.body.weakestComponent).toEqual(expect.any(String));
    expectProblem(
      await request(t.server).get('/api/v1/analytics/quality?from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z').set(bearer(viewer)),
      400,
      'validation-failed',
    );
  });
});
