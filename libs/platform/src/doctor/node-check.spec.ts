import { join } from 'node:path';
import { checkNode, isAtLeast, minimumFromRange, readEnginesNode } from './node-check';

describe('checkNode', () => {
  it("reads the minimum from the repository's engines.node", () => {
    const range = readEnginesNode(join(__dirname, '..', '..', '..', '..', 'package.json'));
    expect(range).toBeDefined();
    expect(minimumFromRange(range)).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it('compares versions numerically, not as text', () => {
    expect(isAtLeast('v20.19.0', '20.19.0')).toBe(true);
    expect(isAtLeast('v20.9.0', '20.19.0')).toBe(false);
    expect(isAtLeast('v22.1.0', '20.19.0')).toBe(true);
    expect(isAtLeast('v20.18.3', '20.19.0')).toBe(false);
  });

  it('passes on a new enough Node and fails with the install command on an old one', () => {
    expect(checkNode('v20.19.1', '>=20.19')).toEqual({ name: 'Node.js', ok: true, detail: 'v20.19.1 (requires >= 20.19.0)' });
    const old = checkNode('v18.20.4', '>=20.19');
    expect(old.ok).toBe(false);
    expect(old.detail).toBe('v18.20.4 is too old (requires >= 20.19.0)');
    expect(old.fix).toContain('nvm install 20');
  });

  it('falls back to 20.19 when the range is missing or in a form it does not parse', () => {
    expect(minimumFromRange(undefined)).toBe('20.19.0');
    expect(minimumFromRange('^20.19 || >=22')).toBe('20.19.0');
    expect(minimumFromRange('>= 22')).toBe('22.0.0');
  });
});
