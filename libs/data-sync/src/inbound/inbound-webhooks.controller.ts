import { Body, Controller, HttpCode, Post, Req, UseGuards } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBody,
  ApiExtraModels,
  ApiHeader,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnauthorizedResponse,
  ApiUnprocessableEntityResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { Problem, Public } from '@quorum/platform';
import { InboundMessageDto, InboundReceivedDto, MeetingUpsertedMessageDto, TranscriptSegmentsMessageDto } from './inbound-message.dto';
import { type InboundRequest, InboundSignatureGuard } from './inbound-signature.guard';
import { InboundWebhooksService } from './inbound-webhooks.service';

/**
 * Inbound webhooks: a source of kind `webhook` receives meetings and transcript segments here. Public to token
 * authentication: the Standard Webhooks signature, under the source's secret, is the authentication (the guard).
 */
@ApiTags('sync')
@Public()
@Controller('sync/inbound')
export class InboundWebhooksController {
  constructor(private readonly inbound: InboundWebhooksService) {}

  @Post(':sourceId')
  @HttpCode(200)
  @UseGuards(InboundSignatureGuard)
  @ApiOperation({
    summary: 'Receive a signed message (Standard Webhooks) for an inbound webhook source: a meeting, or transcript segments',
    description:
      'No bearer token: the signature is the authentication. `webhook-signature` holds one or more space-separated `v1,<base64 HMAC-SHA256 of "{webhook-id}.{webhook-timestamp}.{body}">`, keyed with the base64-decoded part of the source\'s secret after `whsec_`. A message id already accepted answers `{ received: true, duplicate: true }` and writes nothing. See docs/sync-connectors/inbound-webhooks.md.',
  })
  @ApiParam({ name: 'sourceId', format: 'uuid', description: 'A data source of kind `webhook`; it names the tenant' })
  @ApiHeader({
    name: 'webhook-id',
    required: true,
    description: 'The message id, the same on every retry of the message (at most 256 printable characters)',
  })
  @ApiHeader({
    name: 'webhook-timestamp',
    required: true,
    description: 'When this attempt was signed, in seconds since the epoch; within 5 minutes of our clock',
  })
  @ApiHeader({ name: 'webhook-signature', required: true, description: 'Space-separated `v1,<base64 signature>` entries; one must match' })
  @ApiExtraModels(MeetingUpsertedMessageDto, TranscriptSegmentsMessageDto)
  @ApiBody({
    schema: { oneOf: [{ $ref: getSchemaPath(MeetingUpsertedMessageDto) }, { $ref: getSchemaPath(TranscriptSegmentsMessageDto) }] },
  })
  @ApiOkResponse({ type: InboundReceivedDto, description: 'Applied (with the run that recorded it), or a duplicate (nothing written)' })
  @ApiBadRequestResponse({ type: Problem, description: 'malformed-json, validation-failed: the verified body is not a valid message' })
  @ApiUnauthorizedResponse({
    type: Problem,
    description: 'webhook-signature-invalid (missing headers, no matching signature), webhook-timestamp-out-of-tolerance',
  })
  @ApiNotFoundResponse({ type: Problem, description: 'No enabled source of kind webhook has this id' })
  @ApiPayloadTooLargeResponse({ type: Problem, description: 'payload-too-large: over BODY_LIMIT' })
  @ApiUnprocessableEntityResponse({
    type: Problem,
    description: 'webhook-meeting-unknown and other reasons the message could not be applied (recorded as a failed run: `runId`)',
  })
  receive(@Req() req: InboundRequest, @Body() message: InboundMessageDto): Promise<InboundReceivedDto> {
    return this.inbound.receive(req.inbound!, message);
  }
}
