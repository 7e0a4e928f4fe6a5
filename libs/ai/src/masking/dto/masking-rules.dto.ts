import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsString, Length, Matches, ValidateIf, ValidateNested } from 'class-validator';
import { BUILTIN_DETECTORS, type BuiltinDetectorName } from '../detectors/builtin-detectors';
import { MASKING_ACTIONS, type MaskingAction } from '../engine/masking-action';
import type { MaskingPolicy } from '../engine/masking-policy';

export const CUSTOM_RULES_MAX = 50;
export const CUSTOM_PATTERN_MAX_LENGTH = 500;

export class BuiltinRuleDto {
  @ApiProperty({ enum: BUILTIN_DETECTORS, description: 'card: 13–19 digits passing the Luhn check; iban: with its mod-97 checksum' })
  @IsIn(BUILTIN_DETECTORS)
  detector: BuiltinDetectorName;

  @ApiProperty()
  @IsBoolean()
  enabled: boolean;

  @ApiProperty({ enum: MASKING_ACTIONS })
  @IsIn(MASKING_ACTIONS)
  action: MaskingAction;
}

export class CustomRuleDto {
  @ApiProperty({
    example: 'employee-id',
    description: 'Unique; its placeholders are named after it (`[EMPLOYEE_ID_1]`)',
    pattern: '^[A-Za-z][A-Za-z0-9 _-]{0,39}$',
  })
  @IsString()
  @Matches(/^[A-Za-z][A-Za-z0-9 _-]{0,39}$/, { message: 'name must be 1-40 letters, digits, spaces, _ or -, starting with a letter' })
  name: string;

  @ApiProperty({
    example: 'EMP-\\d{6}',
    maxLength: CUSTOM_PATTERN_MAX_LENGTH,
    description: 'An RE2 regular expression (no backreferences or lookaround), without nested quantifiers',
  })
  @IsString()
  @Length(1, CUSTOM_PATTERN_MAX_LENGTH)
  pattern: string;

  @ApiProperty()
  @IsBoolean()
  caseInsensitive: boolean;

  @ApiProperty()
  @IsBoolean()
  enabled: boolean;

  @ApiProperty({ enum: MASKING_ACTIONS })
  @IsIn(MASKING_ACTIONS)
  action: MaskingAction;
}

/** The tenant's masking rules, as read and as replaced (PUT). */
export class MaskingRulesDto implements MaskingPolicy {
  @ApiProperty({ description: 'Mask text before it goes to a remote AI provider (on for new tenants)' })
  @IsBoolean()
  enabled: boolean;

  @ApiProperty({
    required: false,
    default: false,
    description:
      'Also mask the knowledge-base index: passages are stored (and so searched, cited and embedded) with these rules applied, ' +
      'whatever `enabled` says. Turning it on or off, or changing the rules while it is on, re-indexes the tenant. Omitted in a PUT: off.',
  })
  // Omitted means off; null is refused rather than stored (IsOptional would let it through).
  @ValidateIf((_dto: unknown, value: unknown) => value !== undefined)
  @IsBoolean()
  applyToIndex: boolean = false;

  @ApiProperty({
    type: [BuiltinRuleDto],
    maxItems: BUILTIN_DETECTORS.length,
    description: 'Built-in detectors; one not listed in a PUT keeps its default (on, pseudonymise). Served always with all of them.',
  })
  @IsArray()
  @ArrayMaxSize(BUILTIN_DETECTORS.length)
  @ValidateNested({ each: true })
  @Type(() => BuiltinRuleDto)
  builtins: BuiltinRuleDto[];

  @ApiProperty({ type: [CustomRuleDto], maxItems: CUSTOM_RULES_MAX })
  @IsArray()
  @ArrayMaxSize(CUSTOM_RULES_MAX)
  @ValidateNested({ each: true })
  @Type(() => CustomRuleDto)
  custom: CustomRuleDto[];
}
