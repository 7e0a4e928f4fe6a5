import { deriveJobId } from './job-id';

describe('deriveJobId', () => {
  const identity = { queue: 'analysis', name: 'analyse-meeting', tenantId: 't1', key: ['m1', 3] };

  it('is a UUID (version 8, RFC 9562 variant)', () => {
    expect(deriveJobId(identity)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('is the same for the same inputs, in any process', () => {
    expect(deriveJobId({ ...identity, key: ['m1', 3] })).toBe(deriveJobId(identity));
    // Pinned: a change of the derivation would let jobs enqueued before a deploy run again after it.
    expect(deriveJobId(identity)).toBe('c0a86b7a-6e21-8b79-afb5-8c3e3d55b7af');
  });

  it.each([
    ['another tenant', { tenantId: 't2' }],
    ['no tenant', { tenantId: null }],
    ['another queue', { queue: 'ingest' }],
    ['another job name', { name: 'summarise' }],
    ['another key', { key: ['m2', 3] }],
    ['the key in another order', { key: [3, 'm1'] }],
    ['a number key as a string', { key: ['m1', '3'] }],
    ['parts run together', { key: ['m13'] }],
  ])('differs for %s', (_, change) => {
    expect(deriveJobId({ ...identity, ...change })).not.toBe(deriveJobId(identity));
  });
});
