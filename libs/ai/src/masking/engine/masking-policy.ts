import { BUILTIN_DETECTORS, type BuiltinDetectorName, builtinDetector } from '../detectors/builtin-detectors';
import { customDetector } from '../detectors/custom-detector';
import type { MaskingAction } from './masking-action';
import type { CompiledRule } from './masking-session';
import { labelOf } from './placeholders';

export interface BuiltinRule {
  detector: BuiltinDetectorName;
  enabled: boolean;
  action: MaskingAction;
}

export interface CustomRule {
  name: string;
  pattern: string;
  caseInsensitive: boolean;
  enabled: boolean;
  action: MaskingAction;
}

/** A tenant's masking rules as stored and served. */
export interface MaskingPolicy {
  /** Whether text is masked before it goes to a remote provider at all. */
  enabled: boolean;
  /** Whether the knowledge base stores its passages masked (whatever `enabled` says): see compileIndexPolicy. */
  applyToIndex: boolean;
  builtins: BuiltinRule[];
  custom: CustomRule[];
}

/** Every built-in detector on, pseudonymising: what a tenant has until an admin says otherwise. */
export function defaultPolicy(): MaskingPolicy {
  return {
    enabled: true,
    applyToIndex: false,
    builtins: BUILTIN_DETECTORS.map((detector) => ({ detector, enabled: true, action: 'pseudonymise' as const })),
    custom: [],
  };
}

/** Built-ins an admin did not mention keep their default; the list always names all of them, in a fixed order. */
export function withAllBuiltins(builtins: readonly BuiltinRule[]): BuiltinRule[] {
  return defaultPolicy().builtins.map((fallback) => builtins.find((rule) => rule.detector === fallback.detector) ?? fallback);
}

/**
 * The rules in the order they win overlaps: custom rules first (a tenant's own pattern is more specific than
 * ours), then cards and IBANs before phone numbers, whose digits they contain.
 */
const BUILTIN_PRIORITY: readonly BuiltinDetectorName[] = ['card', 'iban', 'email', 'ipv6', 'ipv4', 'phone'];

export function compilePolicy(policy: MaskingPolicy): CompiledRule[] {
  if (!policy.enabled) return [];
  const custom = policy.custom
    .filter((rule) => rule.enabled)
    .map((rule) => ({ detector: customDetector(rule.name, labelOf(rule.name), rule.pattern, rule.caseInsensitive), action: rule.action }));
  const builtins = BUILTIN_PRIORITY.map((name) => policy.builtins.find((rule) => rule.detector === name))
    .filter((rule): rule is BuiltinRule => rule?.enabled === true)
    .map((rule) => ({ detector: builtinDetector(rule.detector), action: rule.action }));
  return [...custom, ...builtins];
}

/**
 * The rules the knowledge base masks its passages with: the same detectors and actions as for remote calls, applied
 * whether or not those are masked, since a tenant that asks for a masked index asks for them; none when it has not.
 */
export function compileIndexPolicy(policy: MaskingPolicy): CompiledRule[] {
  return policy.applyToIndex ? compilePolicy({ ...policy, enabled: true }) : [];
}

/** Whether `after` stores other passages than `before`: the switch moved, or the rules changed while it is on. */
export function indexRulesChanged(before: MaskingPolicy, after: MaskingPolicy): boolean {
  if (before.applyToIndex !== after.applyToIndex) return true;
  if (!after.applyToIndex) return false;
  const rules = (policy: MaskingPolicy) => JSON.stringify({ builtins: policy.builtins, custom: policy.custom });
  return rules(before) !== rules(after);
}
