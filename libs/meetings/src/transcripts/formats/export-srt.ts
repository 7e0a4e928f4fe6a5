import { byStart } from './by-start';
import { SegmentInput } from './segment';
import { singleLine } from './text-lines';
import { formatTimestamp } from './timestamps';

/**
 * SubRip, numbered from 1 in start order, with `Speaker: text` on one line.
 * SubRip has no ids, no escaping and no speaker field, so segment ids are not
 * kept, and a speaker name with a colon in it does not read back as a speaker.
 */
export function exportSrt(segments: readonly SegmentInput[]): string {
  const blocks = byStart(segments).map(
    (s, index) => `${index + 1}\n${formatTimestamp(s.startMs, ',')} --> ${formatTimestamp(s.endMs, ',')}\n${singleLine(s.speaker)}: ${singleLine(s.text)}`,
  );
  return blocks.length === 0 ? '' : `${blocks.join('\n\n')}\n`;
}
