import { RE2JS } from 're2js';
import type { Detector, Span } from './detector';

/**
 * A tenant's own pattern, run by RE2JS: RE2's semantics (no backreferences, no lookaround) and an
 * automaton instead of backtracking, so its time grows linearly with the text whatever the pattern.
 * That is the time bound: a custom rule cannot hang a request, and no worker thread is needed to stop it.
 */
export function customDetector(id: string, label: string, pattern: string, caseInsensitive: boolean): Detector {
  const compiled = RE2JS.compile(pattern, caseInsensitive ? RE2JS.CASE_INSENSITIVE : 0);
  return {
    id,
    label,
    find(text: string): Span[] {
      const spans: Span[] = [];
      const matcher = compiled.matcher(text);
      while (matcher.find()) {
        const start = matcher.start();
        const end = matcher.end();
        if (end > start) spans.push({ start, end });
      }
      return spans;
    },
  };
}
