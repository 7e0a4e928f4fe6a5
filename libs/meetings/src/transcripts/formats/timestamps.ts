const MS_PER_HOUR = 3_600_000;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** `hh:mm:ss.ttt` (WebVTT) or `hh:mm:ss,ttt` (SubRip); hours grow past two digits rather than wrap. */
export function formatTimestamp(ms: number, separator: '.' | ',' = '.'): string {
  const hours = Math.floor(ms / MS_PER_HOUR);
  const minutes = Math.floor((ms % MS_PER_HOUR) / 60_000);
  const seconds = Math.floor((ms % 60_000) / 1000);
  return `${pad(hours)}:${pad(minutes)}:${pad(seconds)}${separator}${pad(ms % 1000, 3)}`;
}

/** `mm:ss`, or `hh:mm:ss` when the caller says the document runs past an hour, for readers rather than players. */
export function formatClock(ms: number, withHours: boolean): string {
  const totalSeconds = Math.floor(ms / 1000);
  const seconds = totalSeconds % 60;
  if (!withHours) return `${pad(Math.floor(totalSeconds / 60))}:${pad(seconds)}`;
  return `${pad(Math.floor(totalSeconds / 3600))}:${pad(Math.floor(totalSeconds / 60) % 60)}:${pad(seconds)}`;
}

function toMs(hours: string | undefined, minutes: string, seconds: string, millis: string): number {
  return ((Number(hours ?? 0) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000 + Number(millis);
}

/** WebVTT: `[hh:]mm:ss.ttt`, hours two or more digits, minutes and seconds 00-59. */
export function parseVttTimestamp(value: string): number | undefined {
  const match = /^(?:(\d{2,}):)?([0-5]\d):([0-5]\d)\.(\d{3})$/.exec(value);
  return match ? toMs(match[1], match[2], match[3], match[4]) : undefined;
}

/** SubRip: `hh:mm:ss,ttt`. A dot instead of the comma is accepted because many tools write one. */
export function parseSrtTimestamp(value: string): number | undefined {
  const match = /^(\d{1,}):([0-5]\d):([0-5]\d)[,.](\d{3})$/.exec(value);
  return match ? toMs(match[1], match[2], match[3], match[4]) : undefined;
}

/** `start --> end [settings]`, spaces around the arrow optional; whatever follows the end time is ignored. */
export function splitTimingLine(line: string): { start: string; end: string } | undefined {
  const match = /^\s*(\S+?)\s*-->\s*(\S+)(?:\s.*)?$/.exec(line);
  return match ? { start: match[1], end: match[2] } : undefined;
}
