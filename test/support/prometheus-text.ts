/**
 * A strict reader of the Prometheus text exposition format (version 0.0.4), as Prometheus
 * itself parses a scrape: it throws on the first line Prometheus would refuse. (The one npm
 * parser, parse-prometheus-text-format, accepts malformed lines and merges the series of a
 * labelled histogram into one, so it cannot check either.)
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'summary' | 'untyped';
  help: string;
  samples: Sample[];
}

const NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SAMPLE = new RegExp(`^(${NAME})(?:\\{(.*)\\})? (\\S+)(?: (-?\\d+))?$`);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

function parseValue(text: string, line: string): number {
  if (text === '+Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (text === 'NaN') return NaN;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(text)) throw new Error(`invalid value "${text}" in: ${line}`);
  return Number(text);
}

function parseLabels(text: string, line: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let rest = text;
  while (rest.length) {
    const match = /^([^=]+)="((?:[^"\\\n]|\\["\\n])*)"(,|$)/.exec(rest);
    if (!match || !LABEL_NAME.test(match[1])) throw new Error(`invalid labels in: ${line}`);
    if (match[1] in labels) throw new Error(`duplicate label ${match[1]} in: ${line}`);
    labels[match[1]] = match[2].replace(/\\(["\\n])/g, (_, c: string) => (c === 'n' ? '\n' : c));
    rest = rest.slice(match[0].length);
  }
  return labels;
}

export function parsePrometheusText(text: string): MetricFamily[] {
  if (!text.endsWith('\n')) throw new Error('the exposition must end with a newline');
  const families = new Map<string, MetricFamily>();
  const seen = new Set<string>();
  let current: MetricFamily | undefined;
  const family = (name: string): MetricFamily => {
    if (seen.has(name)) throw new Error(`the lines of ${name} are not together`);
    const found = families.get(name) ?? { name, type: 'untyped', help: '', samples: [] };
    families.set(name, found);
    return found;
  };
  for (const line of text.slice(0, -1).split('\n')) {
    if (line === '') continue;
    const meta = /^# (HELP|TYPE) (\S+)(?: (.*))?$/.exec(line);
    if (meta) {
      const [, kind, name, rest = ''] = meta;
      if (!new RegExp(`^${NAME}$`).test(name)) throw new Error(`invalid metric name in: ${line}`);
      if (current && current.name !== name) seen.add(current.name);
      current = family(name);
      if (kind === 'TYPE') {
        if (!TYPES.has(rest)) throw new Error(`unknown type in: ${line}`);
        if (current.samples.length) throw new Error(`TYPE after samples in: ${line}`);
        current.type = rest as MetricFamily['type'];
      } else current.help = rest;
      continue;
    }
    if (line.startsWith('#')) continue;
    const match = SAMPLE.exec(line);
    if (!match) throw new Error(`invalid sample line: ${line}`);
    const [, name, , valueText] = match;
    const labelText = match[2] as string | undefined;
    const base = current && (SUFFIXES[current.type] ?? []).some((suffix) => name === current!.name + suffix) ? current.name : name;
    if (current && current.name !== base) seen.add(current.name);
    current = family(base);
    const sample = { name, labels: parseLabels(labelText ?? '', line), value: parseValue(valueText, line) };
    if (current.type === 'histogram' && name.endsWith('_bucket') && !('le' in sample.labels)) throw new Error(`bucket without le: ${line}`);
    current.samples.push(sample);
  }
  for (const histogram of [...families.values()].filter((f) => f.type === 'histogram')) checkHistogram(histogram);
  return [...families.values()];
}

/** Buckets are cumulative, end with +Inf, and +Inf equals _count, for each series. */
function checkHistogram(histogram: MetricFamily): void {
  const series = new Map<string, { buckets: Sample[]; count?: number }>();
  for (const sample of histogram.samples) {
    const { le, ...rest } = sample.labels;
    const key = JSON.stringify(Object.entries(rest).sort());
    const entry = series.get(key) ?? { buckets: [] };
    series.set(key, entry);
    if (sample.name.endsWith('_bucket')) entry.buckets.push({ ...sample, value: sample.value, labels: { le } });
    if (sample.name.endsWith('_count')) entry.count = sample.value;
  }
  for (const [key, { buckets, count }] of series) {
    const last = buckets.at(-1);
    if (last?.labels.le !== '+Inf') throw new Error(`${histogram.name} ${key}: no +Inf bucket`);
    if (last.value !== count) throw new Error(`${histogram.name} ${key}: +Inf bucket is not _count`);
    for (let i = 1; i < buckets.length; i++) {
      if (buckets[i].value < buckets[i - 1].value) throw new Error(`${histogram.name} ${key}: buckets are not cumulative`);
    }
  }
}

/** Series: one per sample line (each bucket, _sum and _count included). */
export function seriesCount(families: MetricFamily[]): number {
  return families.reduce((total, family) => total + family.samples.length, 0);
}

export function labelValues(families: MetricFamily[]): string[] {
  return families.flatMap((family) => family.samples.flatMap((sample) => Object.values(sample.labels)));
}
