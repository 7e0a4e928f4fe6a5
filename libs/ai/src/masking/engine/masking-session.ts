import type { Detector } from '../detectors/detector';
import type { MaskingAction } from './masking-action';
import { mayBecomePlaceholder, PLACEHOLDER } from './placeholders';

export interface CompiledRule {
  detector: Detector;
  action: MaskingAction;
}

/** One value a rule found, and what it became. */
export interface MaskedSpan {
  start: number;
  end: number;
  detector: string;
  action: MaskingAction;
  replacement: string;
}

export interface MaskedText {
  text: string;
  spans: MaskedSpan[];
}

/**
 * The masking of one request (or job step): the tenant's rules, and the placeholders it has handed out, so
 * the same value gets the same placeholder in every message of the request and the provider's answer can be
 * mapped back. It lives only in memory, for the duration of the call: the pseudonym table is never stored.
 */
export class MaskingSession {
  private readonly byValue = new Map<string, string>();
  private readonly byPlaceholder = new Map<string, string>();
  private readonly counters = new Map<string, number>();
  /** Placeholders already written in the input itself: handing one of them out would map the user's own text to a value. */
  private readonly taken = new Set<string>();

  constructor(private readonly rules: readonly CompiledRule[]) {}

  /** Whether any rule applies; a session without rules leaves text as it is. */
  get active(): boolean {
    return this.rules.length > 0;
  }

  mask(text: string): MaskedText {
    if (!this.active) return { text, spans: [] };
    for (const match of text.matchAll(PLACEHOLDER)) this.taken.add(match[0]);
    const found = this.rules.flatMap((rule, priority) => rule.detector.find(text).map((span) => ({ ...span, rule, priority })));
    // Overlaps: the earlier start wins, then the longer value, then the rule listed first (cards before phone numbers).
    found.sort((a, b) => a.start - b.start || b.end - a.end || a.priority - b.priority);
    const spans: MaskedSpan[] = [];
    let out = '';
    let cursor = 0;
    for (const span of found) {
      if (span.start < cursor) continue;
      const value = text.slice(span.start, span.end);
      const replacement = this.replace(value, span.rule);
      out += text.slice(cursor, span.start) + replacement;
      cursor = span.end;
      spans.push({ start: span.start, end: span.end, detector: span.rule.detector.id, action: span.rule.action, replacement });
    }
    return { text: out + text.slice(cursor), spans };
  }

  /** The provider's text with every placeholder this session handed out replaced by its value. */
  unmask(text: string): string {
    if (this.byPlaceholder.size === 0) return text;
    return text.replace(PLACEHOLDER, (placeholder) => this.byPlaceholder.get(placeholder) ?? placeholder);
  }

  /** `unmask` over every string of a parsed answer (structured output), keys included. */
  unmaskDeep<T>(value: T): T {
    if (this.byPlaceholder.size === 0) return value;
    const walk = (node: unknown): unknown => {
      if (typeof node === 'string') return this.unmask(node);
      if (Array.isArray(node)) return node.map(walk);
      if (node && typeof node === 'object') {
        return Object.fromEntries(Object.entries(node).map(([key, child]) => [this.unmask(key), walk(child)]));
      }
      return node;
    };
    return walk(value) as T;
  }

  /**
   * Unmasks a streamed answer delta by delta. A placeholder may arrive split (`[EMA` then `IL_1]`), so text
   * from a `[` that could still become one is held back until it either closes or cannot; `end()` flushes.
   */
  streamUnmasker(): { push(delta: string): string; end(): string } {
    let held = '';
    return {
      push: (delta: string): string => {
        const text = held + delta;
        const open = text.lastIndexOf('[');
        const cut = open >= 0 && mayBecomePlaceholder(text.slice(open)) ? open : text.length;
        held = text.slice(cut);
        return this.unmask(text.slice(0, cut));
      },
      end: (): string => {
        const rest = this.unmask(held);
        held = '';
        return rest;
      },
    };
  }

  private replace(value: string, rule: CompiledRule): string {
    switch (rule.action) {
      case 'redact':
        return '[REDACTED]';
      case 'mask':
        return maskKeepingLastFour(value);
      case 'pseudonymise':
        return this.pseudonym(value, rule.detector.label);
    }
  }

  private pseudonym(value: string, label: string): string {
    const known = this.byValue.get(value);
    if (known) return known;
    let placeholder: string;
    do {
      const n = (this.counters.get(label) ?? 0) + 1;
      this.counters.set(label, n);
      placeholder = `[${label}_${n}]`;
    } while (this.taken.has(placeholder));
    this.byValue.set(value, placeholder);
    this.byPlaceholder.set(placeholder, value);
    return placeholder;
  }
}

function maskKeepingLastFour(value: string): string {
  let keep = 4;
  const chars = [...value];
  for (let i = chars.length - 1; i >= 0; i--) {
    if (!/[\p{L}\p{N}]/u.test(chars[i])) continue;
    if (keep > 0) keep--;
    else chars[i] = '*';
  }
  return chars.join('');
}
