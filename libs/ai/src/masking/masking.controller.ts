import { Body, Controller, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiPayloadTooLargeResponse, ApiTags, ApiUnprocessableEntityResponse } from '@nestjs/swagger';
import { Problem, Roles } from '@quorum/platform';
import { MaskingPreviewDto, MaskingPreviewRequestDto } from './dto/masking-preview.dto';
import { MaskingRulesDto } from './dto/masking-rules.dto';
import { MaskingService } from './masking.service';

/** Masking rules decide what a hosted model may read about the tenant's people: admins and owners manage and try them. */
@ApiTags('masking')
@Roles('admin')
@Controller('masking')
export class MaskingController {
  constructor(private readonly masking: MaskingService) {}

  @Get('rules')
  @ApiOperation({ summary: "The tenant's PII masking rules (admins): built-in detectors and custom patterns, each with its action" })
  @ApiOkResponse({ type: MaskingRulesDto })
  rules(): Promise<MaskingRulesDto> {
    return this.masking.policy();
  }

  @Put('rules')
  @ApiOperation({
    summary: "Replace the tenant's masking rules (admins; audited). A built-in detector not listed keeps its default.",
  })
  @ApiOkResponse({ type: MaskingRulesDto })
  @ApiUnprocessableEntityResponse({
    type: Problem,
    description:
      'A custom pattern RE2 cannot compile or that matches the empty string (`invalid-pattern`), that nests quantifiers (`unsafe-pattern`) or that runs too long on a probe text (`pattern-too-slow`); a duplicate rule name or detector',
  })
  replace(@Body() dto: MaskingRulesDto): Promise<MaskingRulesDto> {
    return this.masking.replace(dto);
  }

  @Post('preview')
  @HttpCode(200)
  @ApiOperation({ summary: "What the tenant's rules do to a text (admins): the text a remote provider would see, and each value found" })
  @ApiOkResponse({ type: MaskingPreviewDto })
  @ApiPayloadTooLargeResponse({ type: Problem, description: 'The body is larger than BODY_LIMIT' })
  preview(@Body() dto: MaskingPreviewRequestDto): Promise<MaskingPreviewDto> {
    return this.masking.preview(dto.text);
  }
}
