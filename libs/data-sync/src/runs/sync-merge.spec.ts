import type { StreamSpec } from '../connectors/connector';
import { connectorSettings, decide, hashOf, ownerOf } from './sync-runner.service';

const spec: StreamSpec = { entity: 'meeting', directions: ['pull', 'both'], remoteOwns: ['title'], localOwns: ['description'] };

describe('field ownership', () => {
  it("takes the stream's configuration over the connector's defaults; unnamed fields have no owner", () => {
    expect(ownerOf({ name: 'events', direction: 'both' }, spec, 'title')).toBe('remote');
    expect(ownerOf({ name: 'events', direction: 'both' }, spec, 'description')).toBe('local');
    expect(ownerOf({ name: 'events', direction: 'both', ownership: { title: 'local' } }, spec, 'title')).toBe('local');
    expect(ownerOf({ name: 'events', direction: 'both' }, spec, 'scheduledStartAt')).toBeNull();
  });

  it('decides a field changed on both sides: owner, last writer, or a conflict', () => {
    const earlier = new Date('2026-12-01T10:00:00Z');
    const later = new Date('2026-12-01T11:00:00Z');
    expect(decide('remote', null, later)).toBe('remote');
    expect(decide('local', later, earlier)).toBe('local');
    expect(decide('last_writer', later, earlier)).toBe('remote');
    expect(decide('last_writer', earlier, later)).toBe('local');
    // The source does not say when it changed: Quorum's value stays.
    expect(decide('last_writer', null, earlier)).toBe('local');
    expect(decide(null, later, earlier)).toBe('conflict');
  });
});

describe('hashOf', () => {
  it('is the same for the same content whatever the key order, and differs for any change', () => {
    const a = hashOf({ title: 'x', participants: [{ name: 'A', email: 'a@x' }], end: null });
    expect(hashOf({ end: null, participants: [{ email: 'a@x', name: 'A' }], title: 'x' })).toBe(a);
    expect(hashOf({ title: 'x', participants: [{ name: 'A', email: 'b@x' }], end: null })).not.toBe(a);
    expect(hashOf({ title: 'x', participants: [], end: null })).not.toBe(a);
  });
});

describe('connectorSettings', () => {
  it("hides the engine's own settings from the connector", () => {
    expect(connectorSettings({ url: 'https://x', requestsPerMinute: 60, linkBaseUrl: 'https://app' })).toEqual({ url: 'https://x' });
  });
});
