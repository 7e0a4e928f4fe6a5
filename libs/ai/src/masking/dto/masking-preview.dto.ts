import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';
import { BUILTIN_DETECTORS } from '../detectors/builtin-detectors';
import { MASKING_ACTIONS, type MaskingAction } from '../engine/masking-action';

export const PREVIEW_MAX_LENGTH = 100_000;

export class MaskingPreviewRequestDto {
  @ApiProperty({ example: 'Mail ada@example.com or call +44 20 7946 0958.', minLength: 1, maxLength: PREVIEW_MAX_LENGTH })
  @IsString()
  @Length(1, PREVIEW_MAX_LENGTH)
  text: string;
}

export class MaskedSpanDto {
  @ApiProperty({ description: 'UTF-16 offset in the text sent, from 0' })
  start: number;

  @ApiProperty({ description: 'UTF-16 offset, exclusive' })
  end: number;

  @ApiProperty({ description: `A built-in detector (${BUILTIN_DETECTORS.join(', ')}) or a custom rule's name` })
  detector: string;

  @ApiProperty({ enum: MASKING_ACTIONS })
  action: MaskingAction;

  @ApiProperty({ description: 'The value found' })
  value: string;

  @ApiProperty({ example: '[EMAIL_1]', description: 'What a remote provider would see instead' })
  replacement: string;
}

export class MaskingPreviewDto {
  @ApiProperty({ description: 'Whether masking is on for the tenant; when off, a remote provider would see the text as sent' })
  enabled: boolean;

  @ApiProperty({ example: 'Mail [EMAIL_1] or call [PHONE_1].', description: 'The text as a remote provider would see it' })
  masked: string;

  @ApiProperty({ type: [MaskedSpanDto] })
  spans: MaskedSpanDto[];
}
