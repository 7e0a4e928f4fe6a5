import { compileIndexPolicy, defaultPolicy, indexRulesChanged, type MaskingPolicy } from './masking-policy';
import { MaskingSession } from './masking-session';

const policy = (changes: Partial<MaskingPolicy> = {}): MaskingPolicy => ({ ...defaultPolicy(), ...changes });

describe('compileIndexPolicy', () => {
  it('gives no rules while the index is not masked, whatever remote masking says', () => {
    expect(compileIndexPolicy(policy({ applyToIndex: false, enabled: true }))).toEqual([]);
  });

  it("gives the tenant's rules when the index is masked, even with remote masking off", () => {
    const rules = compileIndexPolicy(policy({ applyToIndex: true, enabled: false }));
    expect(rules.map((rule) => rule.detector.id)).toEqual(['card', 'iban', 'email', 'ipv6', 'ipv4', 'phone']);
  });

  it('keeps each action, and one session pseudonymises a value alike across the passages of a source', () => {
    const builtins = defaultPolicy().builtins.map((rule) => (rule.detector === 'card' ? { ...rule, action: 'redact' as const } : rule));
    const session = new MaskingSession(compileIndexPolicy(policy({ applyToIndex: true, builtins })));
    expect(session.mask('Write to ada@example.com, card 4111 1111 1111 1111.').text).toBe('Write to [EMAIL_1], card [REDACTED].');
    expect(session.mask('Again: ada@example.com or grace@example.org.').text).toBe('Again: [EMAIL_1] or [EMAIL_2].');
  });
});

describe('indexRulesChanged', () => {
  const on = policy({ applyToIndex: true });
  const off = policy({ applyToIndex: false });

  it('is true when the index is turned on or off', () => {
    expect(indexRulesChanged(off, on)).toBe(true);
    expect(indexRulesChanged(on, off)).toBe(true);
  });

  it('is true when the rules change while the index is masked', () => {
    const custom = [{ name: 'employee-id', pattern: 'EMP-\\d{6}', caseInsensitive: false, enabled: true, action: 'redact' as const }];
    expect(indexRulesChanged(on, { ...on, custom })).toBe(true);
  });

  it('is false for the same rules again, for rule changes while it is off, and for remote masking alone', () => {
    expect(indexRulesChanged(on, policy({ applyToIndex: true }))).toBe(false);
    expect(indexRulesChanged(off, { ...off, builtins: [] })).toBe(false);
    expect(indexRulesChanged(on, { ...on, enabled: false })).toBe(false);
  });
});
