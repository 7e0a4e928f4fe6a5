import type { ReferenceObject, SchemaObject } from '@nestjs/swagger';
import { getSchemaPath } from '@nestjs/swagger';
import { SegmentDto } from '../dto/segment.dto';
import { MAX_TRANSCRIPT_BYTES, MAX_TRANSCRIPT_SEGMENTS } from './formats/segment';

const VTT =
  'WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Ada>Shall we start?\n\n00:00:04.500 --> 00:00:08.000\n<v Grace>Yes, the budget first.\n';
const SRT = '1\n00:00:01,000 --> 00:00:04,000\nAda: Shall we start?\n\n2\n00:00:04,500 --> 00:00:08,000\nGrace: Yes, the budget first.\n';
const PLAIN = 'Ada: Shall we start?\nGrace: Yes, the budget first.\n';
const JSON_SEGMENTS = [
  { segmentId: 's1', speaker: 'Ada', startMs: 1000, endMs: 4000, text: 'Shall we start?' },
  { segmentId: 's2', speaker: 'Grace', startMs: 4500, endMs: 8000, text: 'Yes, the budget first.' },
];

const text = (description: string, example: string): SchemaObject => ({
  type: 'string',
  maxLength: MAX_TRANSCRIPT_BYTES,
  description,
  example,
});
const segmentList: SchemaObject = {
  type: 'array',
  minItems: 1,
  maxItems: MAX_TRANSCRIPT_SEGMENTS,
  items: { $ref: getSchemaPath(SegmentDto) },
};
const srt = text('SubRip captions; a `Name:` before the text is the speaker', SRT);

/** The import's body in each format it reads (keyed as parseTranscript's media types), with an example that imports. */
export const TRANSCRIPT_FILE_BODIES: Record<string, SchemaObject | ReferenceObject> = {
  'text/vtt': text('WebVTT; speakers from `<v Name>` or `Name:`', VTT),
  'application/x-subrip': srt,
  'text/srt': srt,
  'application/srt': srt,
  'application/json': {
    oneOf: [segmentList, { type: 'object', required: ['segments'], additionalProperties: false, properties: { segments: segmentList } }],
    example: { segments: JSON_SEGMENTS },
  },
  'text/plain': text(
    '`Speaker: text` lines; a line without a speaker continues the previous one; times estimated at 150 words a minute',
    PLAIN,
  ),
};
