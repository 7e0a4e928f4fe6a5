import { Body, Controller, Delete, Get, HttpCode, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import {
  ApiAcceptedResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { PageQueryDto, Problem, Roles, UuidParam } from '@quorum/platform';
import { CreateWebhookDto } from './dto/create-webhook.dto';
import { RedeliveryDto, WebhookDeadLetterPageDto } from './dto/webhook-dead-letter.dto';
import { WebhookDeliveryPageDto } from './dto/webhook-delivery.dto';
import { CreatedWebhookDto, WebhookDto, WebhookPageDto } from './dto/webhook.dto';
import { WebhooksService } from './webhooks.service';

/** Webhooks send the tenant's data to a URL of the admin's choosing, so only admins and owners manage them. */
@ApiTags('webhooks')
@Roles('admin')
@ApiForbiddenResponse({ type: Problem, description: 'insufficient-role: admins and owners only' })
@Controller('webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @ApiOperation({ summary: 'Register an endpoint for some event types; the answer holds its signing secret, shown this once' })
  @ApiCreatedResponse({ type: CreatedWebhookDto })
  @ApiUnprocessableEntityResponse({
    type: Problem,
    description: 'url-not-allowed: the host does not resolve, or resolves to a private, loopback, link-local or other non-public address',
  })
  create(@Body() dto: CreateWebhookDto): Promise<CreatedWebhookDto> {
    return this.webhooks.create(dto);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's webhooks, newest first (without their secrets)" })
  @ApiOkResponse({ type: WebhookPageDto })
  list(@Query() query: PageQueryDto): Promise<WebhookPageDto> {
    return this.webhooks.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One webhook (without its secret)' })
  @ApiOkResponse({ type: WebhookDto })
  @ApiNotFoundResponse({ type: Problem })
  get(@UuidParam('id') id: string): Promise<WebhookDto> {
    return this.webhooks.get(id);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a webhook and its delivery records; messages still queued for it are dropped' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: Problem })
  remove(@UuidParam('id') id: string): Promise<void> {
    return this.webhooks.remove(id);
  }

  @Get(':id/deliveries')
  @ApiOperation({ summary: "A webhook's delivery attempts, newest first: status code, duration, error, attempt number" })
  @ApiOkResponse({ type: WebhookDeliveryPageDto })
  @ApiNotFoundResponse({ type: Problem })
  deliveries(@UuidParam('id') id: string, @Query() query: PageQueryDto): Promise<WebhookDeliveryPageDto> {
    return this.webhooks.deliveries(id, query);
  }

  @Get(':id/dead-letters')
  @ApiOperation({ summary: "A webhook's dead letters: messages given up on after their last attempt, with their payload, newest first" })
  @ApiOkResponse({ type: WebhookDeadLetterPageDto })
  @ApiNotFoundResponse({ type: Problem })
  deadLetters(@UuidParam('id') id: string, @Query() query: PageQueryDto): Promise<WebhookDeadLetterPageDto> {
    return this.webhooks.deadLetters(id, query);
  }

  @Post(':id/dead-letters/:deadLetterId/redeliver')
  @HttpCode(202)
  @ApiOperation({ summary: 'Send a dead letter again (same message id, the usual retries); delivered, it leaves the dead letters' })
  @ApiAcceptedResponse({ type: RedeliveryDto, headers: { Location: { description: "The job's status", schema: { type: 'string' } } } })
  @ApiServiceUnavailableResponse({ type: Problem, description: '`jobs-unavailable`: the job queue did not answer; nothing was queued' })
  @ApiNotFoundResponse({ type: Problem })
  async redeliver(
    @UuidParam('id') id: string,
    @UuidParam('deadLetterId') deadLetterId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RedeliveryDto> {
    const job = await this.webhooks.redeliver(id, deadLetterId);
    res.setHeader('Location', job.location);
    return job;
  }
}
