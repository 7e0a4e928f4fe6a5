import request from 'supertest';
import { bearer, register, type TokenResponse } from './support/auth-helpers';
import { GitHubServer } from './support/github-server';
import { GraphServer } from './support/graph-server';
import { withClient } from './support/postgres';
import { expectProblem } from './support/problem';
import { startTestApp, type TestApp } from './support/test-app';
import { settledJob } from './support/until';

const GITHUB_TOKEN = 'ghp_Tw0WaySyncTokenNeverShown0000000000';
const GRAPH_TOKEN = 'eyJ0eXAiOiJKV1QiLCJub25jZSI6InR3by13YXkifQ.graph-token-never-shown';
const HOUR = 3_600_000;

/**
 * The sync engine end to end, over the API, against local servers speaking GitHub's and Microsoft Graph's REST
 * protocols: push of local changes, pull of remote ones, loop prevention, field ownership, the conflict queue and
 * its resolution, transformation rules and their preview.
 */
describe('data sync both ways (engine, API)', () => {
  let t: TestApp;
  let owner: TokenResponse;
  const github = new GitHubServer({ owner: 'acme', repo: 'roadmap', token: GITHUB_TOKEN, collaborators: ['ada'] });
  const graph = new GraphServer({ accessToken: GRAPH_TOKEN });
  const bodies: string[] = [];

  const api = (method: 'get' | 'post' | 'patch', path: string, body?: object) => {
    const call = request(t.server)[method](`/api/v1${path}`).set(bearer(owner));
    return (body ? call.send(body) : call).then((res) => {
      bodies.push(res.text);
      return res;
    });
  };
  /** Runs a source and answers its run, once its job has finished. */
  const run = async (sourceId: string) => {
    const accepted = await api('post', `/sync/sources/${sourceId}/runs`);
    expect(accepted.status).toBe(202);
    const job = await settledJob(t, owner, accepted.body.location, 60_000);
    expect(job.status).toBe('succeeded');
    return (await api('get', job.links.result.replace('/api/v1', ''))).body as {
      status: string;
      reason: string | null;
      streams: Record<string, Record<string, number>>;
      log: { message: string }[];
    };
  };
  const sql = <R extends Record<string, unknown>>(text: string, params: unknown[]) =>
    withClient(t.database.url, async (client) => (await client.query<R>(text, params)).rows);

  beforeAll(async () => {
    await github.start();
    await graph.start();
    t = await startTestApp({ env: { THROTTLE_LIMIT: '100000', OUTBOUND_ALLOW_PRIVATE_NETWORKS: 'true' } });
    owner = await register(t, { name: 'Olive Owner' });
  });
  afterAll(async () => {
    await t.close();
    await github.stop();
    await graph.stop();
  });

  describe('action items ↔ GitHub Issues', () => {
    let sourceId: string;
    let release: string;
    let venue: string;

    beforeAll(async () => {
      release = (
        await api('post', '/action-items', { title: 'Write the release notes', assigneeEmail: 'ada@example.com', assigneeName: 'Ada' })
      ).body.id;
      venue = (await api('post', '/action-items', { title: 'Book the venue', description: 'For 40 people' })).body.id;
      const source = await api('post', '/sync/sources', {
        name: 'Roadmap',
        kind: 'github',
        settings: {
          owner: 'acme',
          repo: 'roadmap',
          apiUrl: github.url,
          assignees: { 'ada@example.com': 'ada' },
          linkBaseUrl: 'https://app.example.com',
        },
        credentials: { token: GITHUB_TOKEN },
        streams: [{ name: 'issues', direction: 'both' }],
      });
      expect(source.status).toBe(201);
      sourceId = source.body.id;
    });

    it('pushes new items as issues with a link back and the origin marker', async () => {
      const first = await run(sourceId);
      expect(first.reason).toBeNull();
      expect(first.status).toBe('succeeded');
      expect(first.streams.issues).toMatchObject({ pushed: 2, failed: 0 });
      const issues = [...github.issues.values()];
      expect(issues.map((i) => i.title).sort()).toEqual(['Book the venue', 'Write the release notes']);
      const notes = issues.find((i) => i.title === 'Write the release notes')!;
      expect(notes.assignees).toEqual(['ada']);
      expect(notes.body).toContain(`https://app.example.com/action-items/${release}`);
      expect(notes.body).toContain(`quorum-id: ${release}`);
    });

    it("reads Quorum's own issues back as unchanged and pushes nothing again (no loop)", async () => {
      const again = await run(sourceId);
      expect(again.streams.issues).toMatchObject({ read: 2, unchanged: 2, created: 0, updated: 0, pushed: 0, conflicted: 0 });
      expect((await api('get', '/action-items')).body.items).toHaveLength(2);
    });

    it('brings a closed issue back as a completed item (the tracker owns the status)', async () => {
      const issue = [...github.issues.values()].find((i) => i.title === 'Write the release notes')!;
      github.close(issue.number);
      const next = await run(sourceId);
      expect(next.streams.issues).toMatchObject({ updated: 1, pushed: 0 });
      expect((await api('get', `/action-items/${release}`)).body).toMatchObject({ status: 'done' });
    });

    it('pushes a local edit of a field Quorum owns, and only that item', async () => {
      expect((await api('patch', `/action-items/${venue}`, { title: 'Book the venue for the offsite' })).status).toBe(200);
      const next = await run(sourceId);
      expect(next.streams.issues).toMatchObject({ pushed: 1 });
      expect([...github.issues.values()].map((i) => i.title).sort()).toEqual(['Book the venue for the offsite', 'Write the release notes']);
    });

    it('skips issues Quorum did not push, unless the stream imports them', async () => {
      github.createIssue({ title: 'Someone else’s bug', body: 'Not from a meeting' });
      const next = await run(sourceId);
      expect(next.streams.issues).toMatchObject({ skipped: 1, created: 0 });
      expect((await api('get', '/action-items')).body.items).toHaveLength(2);
    });

    it('a push whose answer was lost finds its issue by the marker instead of opening a second one', async () => {
      // As if the worker died between GitHub's answer and the record's commit.
      await sql('DELETE FROM sync_records WHERE source_id = $1 AND local_id = $2', [sourceId, venue]);
      expect((await api('patch', `/action-items/${venue}`, { description: 'For 45 people' })).status).toBe(200);
      const count = github.issues.size;
      const next = await run(sourceId);
      expect(next.status).toBe('succeeded');
      expect(github.issues.size).toBe(count);
      expect([...github.issues.values()].find((i) => i.title === 'Book the venue for the offsite')!.body).toContain('For 45 people');
    });
  });

  describe('meetings ↔ a Microsoft 365 calendar', () => {
    let sourceId: string;
    let eventId: string;
    let meetingId: string;
    const start = new Date(Math.ceil(Date.now() / HOUR) * HOUR + 48 * HOUR);

    beforeAll(async () => {
      eventId = graph.addEvent({
        subject: 'Planning',
        body: 'Agenda v1',
        start,
        end: new Date(start.getTime() + HOUR),
        attendees: [{ name: 'Ada Lovelace', address: 'ada@example.com' }],
      }).id;
      const source = await api('post', '/sync/sources', {
        name: 'Outlook',
        kind: 'microsoft_calendar',
        settings: { baseUrl: graph.baseUrl },
        credentials: { accessToken: GRAPH_TOKEN },
        streams: [{ name: 'events', direction: 'both' }],
      });
      expect(source.body).toMatchObject({ kind: 'microsoft_calendar' });
      expect(source.status).toBe(201);
      sourceId = source.body.id;
    });

    it('pulls the event as a meeting with its attendees', async () => {
      const first = await run(sourceId);
      expect(first.streams.events).toMatchObject({ created: 1, failed: 0 });
      const [meeting] = (await api('get', '/meetings?q=Planning')).body.items;
      meetingId = meeting.id;
      expect(meeting).toMatchObject({ title: 'Planning', description: 'Agenda v1', scheduledStartAt: start.toISOString() });
      expect(meeting.participants).toEqual([expect.objectContaining({ name: 'Ada Lovelace', email: 'ada@example.com' })]);
    });

    it('a field changed on both sides with no owner becomes a conflict; neither side is overwritten', async () => {
      expect((await api('patch', `/meetings/${meetingId}`, { description: 'Agenda (Quorum)' })).status).toBe(200);
      graph.editEvent(eventId, { body: 'Agenda (Outlook)' });
      const next = await run(sourceId);
      expect(next.streams.events).toMatchObject({ conflicted: 1, pushed: 0 });
      expect((await api('get', `/meetings/${meetingId}`)).body.description).toBe('Agenda (Quorum)');
      expect(graph.events.get(eventId)!.body).toBe('Agenda (Outlook)');
      const conflicts = (await api('get', `/sync/conflicts?sourceId=${sourceId}&status=open`)).body.items;
      expect(conflicts).toEqual([
        expect.objectContaining({
          entity: 'meeting',
          localId: meetingId,
          field: 'description',
          localValue: 'Agenda (Quorum)',
          remoteValue: 'Agenda (Outlook)',
          baseValue: 'Agenda v1',
          status: 'open',
        }),
      ]);
      // The admins hear of it once, however often the run sees it again.
      await run(sourceId);
      const notes = await sql('SELECT id FROM notifications WHERE tenant_id = $1 AND type = $2', [owner.tenant.id, 'sync.conflict']);
      expect(notes).toHaveLength(1);
      expect((await api('get', `/sync/conflicts?sourceId=${sourceId}&status=open`)).body.items).toHaveLength(1);
    });

    it('resolving for the local side writes it to the calendar on the next run; a second resolve is 409', async () => {
      const [conflict] = (await api('get', `/sync/conflicts?sourceId=${sourceId}&status=open`)).body.items;
      expectProblem(await api('post', `/sync/conflicts/${conflict.id}/resolve`, { keep: 'merged' }), 400, { field: 'value' });
      const resolved = await api('post', `/sync/conflicts/${conflict.id}/resolve`, { keep: 'local' });
      expect(resolved.status).toBe(200);
      expect(resolved.body).toMatchObject({ status: 'resolved', resolution: 'local', resolvedValue: 'Agenda (Quorum)' });
      expectProblem(await api('post', `/sync/conflicts/${conflict.id}/resolve`, { keep: 'remote' }), 409, 'sync-conflict-resolved');
      const next = await run(sourceId);
      expect(next.streams.events).toMatchObject({ pushed: 1 });
      expect(graph.events.get(eventId)!.body).toBe('Agenda (Quorum)');
      const quiet = await run(sourceId);
      expect(quiet.streams.events).toMatchObject({ pushed: 0, conflicted: 0, updated: 0 });
    });

    it('the calendar owns the title: its change wins over a local one without a conflict', async () => {
      expect((await api('patch', `/meetings/${meetingId}`, { title: 'Planning (local)' })).status).toBe(200);
      graph.editEvent(eventId, { subject: 'Quarterly planning' });
      const next = await run(sourceId);
      expect(next.streams.events).toMatchObject({ updated: 1, conflicted: 0 });
      expect((await api('get', `/meetings/${meetingId}`)).body.title).toBe('Quarterly planning');
    });

    it('a merged value is written to both sides', async () => {
      expect((await api('patch', `/meetings/${meetingId}`, { description: 'Q (Quorum)' })).status).toBe(200);
      graph.editEvent(eventId, { body: 'Q (Outlook)' });
      await run(sourceId);
      const [conflict] = (await api('get', `/sync/conflicts?sourceId=${sourceId}&status=open`)).body.items;
      expectProblem(
        await api('post', `/sync/conflicts/${conflict.id}/resolve`, { keep: 'merged', value: 42 }),
        422,
        'sync-conflict-value-invalid',
      );
      expect((await api('post', `/sync/conflicts/${conflict.id}/resolve`, { keep: 'merged', value: 'Q (both)' })).status).toBe(200);
      expect((await api('get', `/meetings/${meetingId}`)).body.description).toBe('Q (both)');
      await run(sourceId);
      expect(graph.events.get(eventId)!.body).toBe('Q (both)');
    });

    it('an event deleted in the calendar cancels its meeting, and the push does not make it again', async () => {
      const other = graph.addEvent({ subject: 'Offsite', start, end: new Date(start.getTime() + HOUR) }).id;
      await run(sourceId);
      const [offsite] = (await api('get', '/meetings?q=Offsite')).body.items;
      graph.deleteEvent(other);
      const next = await run(sourceId);
      expect(next.streams.events).toMatchObject({ deleted: 1, pushed: 0 });
      expect((await api('get', `/meetings/${offsite.id}`)).body.status).toBe('cancelled');
      const live = () => [...graph.events.values()].filter((e) => !e.removed).length;
      const count = live();
      await run(sourceId);
      expect(live()).toBe(count);
    });

    it('transformation rules are checked on save, previewed, and applied to pulled records', async () => {
      expectProblem(
        await api('patch', `/sync/sources/${sourceId}`, {
          streams: [{ name: 'events', direction: 'both', transform: { title: '"x" &', nope: 'title' } }],
        }),
        400,
        {},
      );
      const transform = { title: '"[Outlook] " & title' };
      const preview = await api('post', `/sync/sources/${sourceId}/preview`, { stream: 'events', fields: { title: 'Standup' }, transform });
      expect(preview.status).toBe(200);
      expect(preview.body).toEqual({ fields: { title: '[Outlook] Standup' }, problems: [] });
      expect(
        (await api('patch', `/sync/sources/${sourceId}`, { streams: [{ name: 'events', direction: 'pull', transform }] })).status,
      ).toBe(200);
      graph.editEvent(eventId, { subject: 'Review' });
      await run(sourceId);
      expect((await api('get', `/meetings/${meetingId}`)).body.title).toBe('[Outlook] Review');
    });
  });

  it('never answers a credential, in any response of this file', () => {
    expect(bodies.length).toBeGreaterThan(30);
    for (const body of bodies) {
      expect(body).not.toContain(GITHUB_TOKEN);
      expect(body).not.toContain(GRAPH_TOKEN);
    }
  });
});
