import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiHeader,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import { Idempotent, IfMatch, PageQueryDto, Problem, Roles, UuidParam } from '@quorum/platform';
import { ActivateVersionDto, DryRunDto, DryRunResultDto, ReplayDto, ReplayResultDto } from './dto/dry-run.dto';
import { FactCatalogueDto } from './dto/fact-catalogue.dto';
import { RuleDto, RulePageDto, RuleVersionPageDto } from './dto/rule.dto';
import { RuleApplicationPageDto, RuleApplicationsQuery } from './dto/rule-application.dto';
import { CreateRuleDto, UpdateRuleDto } from './dto/save-rule.dto';
import { RulesService } from './rules.service';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag you read; a stale one gets 412 instead of overwriting a newer change',
};
const INVALID_RULE = {
  type: Problem,
  description:
    'invalid-rule: an unknown fact, operator, event or action, a value of the wrong type, or a webhook not of this tenant; `errors` names each path',
};

/** Rules act on the tenant's data with an admin's authority, so only admins and owners manage or try them. */
@ApiTags('rules')
@Roles('admin')
@ApiForbiddenResponse({ type: Problem, description: 'insufficient-role: admins and owners only' })
@Controller('rules')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Get('facts')
  @ApiOperation({ summary: 'The fact catalogue: per entity, its trigger events, facts with their types, and the operators' })
  @ApiOkResponse({ type: FactCatalogueDto })
  facts(): FactCatalogueDto {
    return this.rules.catalogue();
  }

  @Get('applications')
  @ApiOperation({ summary: 'What rules did: each firing with its explanation and its actions’ outcomes, newest first' })
  @ApiOkResponse({ type: RuleApplicationPageDto })
  applications(@Query() query: RuleApplicationsQuery): Promise<RuleApplicationPageDto> {
    return this.rules.applicationsPage(query);
  }

  @Post()
  @Idempotent()
  @ApiOperation({ summary: 'Create a rule; its first version comes into force' })
  @ApiCreatedResponse({ type: RuleDto })
  @ApiUnprocessableEntityResponse(INVALID_RULE)
  create(@Body() dto: CreateRuleDto): Promise<RuleDto> {
    return this.rules.create(dto);
  }

  @Get()
  @ApiOperation({ summary: "The tenant's rules, newest first, each with the version in force" })
  @ApiOkResponse({ type: RulePageDto })
  list(@Query() query: PageQueryDto): Promise<RulePageDto> {
    return this.rules.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One rule with the version in force; the ETag header carries its version' })
  @ApiOkResponse({ type: RuleDto })
  @ApiNotFoundResponse({ type: Problem })
  get(@UuidParam('id') id: string): Promise<RuleDto> {
    return this.rules.get(id);
  }

  @Patch(':id')
  @ApiOperation({
    summary: 'Change a rule: a new name, description, trigger, conditions or actions make a new version; enabled turns it on or off',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: RuleDto })
  @ApiNotFoundResponse({ type: Problem })
  @ApiPreconditionFailedResponse({ type: Problem })
  @ApiUnprocessableEntityResponse(INVALID_RULE)
  update(@UuidParam('id') id: string, @Body() dto: UpdateRuleDto, @IfMatch() ifMatch: number | null | undefined): Promise<RuleDto> {
    return this.rules.update(id, dto, ifMatch);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a rule with its versions and applications' })
  @ApiHeader(IF_MATCH)
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: Problem })
  @ApiPreconditionFailedResponse({ type: Problem })
  remove(@UuidParam('id') id: string, @IfMatch() ifMatch: number | null | undefined): Promise<void> {
    return this.rules.remove(id, ifMatch);
  }

  @Get(':id/versions')
  @ApiOperation({ summary: "A rule's versions, newest first; each is immutable" })
  @ApiOkResponse({ type: RuleVersionPageDto })
  @ApiNotFoundResponse({ type: Problem })
  versions(@UuidParam('id') id: string, @Query() query: PageQueryDto): Promise<RuleVersionPageDto> {
    return this.rules.versions(id, query);
  }

  @Post(':id/activate')
  @HttpCode(200)
  @ApiOperation({ summary: 'Put a version of the rule in force (to roll back a change)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: RuleDto })
  @ApiNotFoundResponse({ type: Problem })
  activate(@UuidParam('id') id: string, @Body() dto: ActivateVersionDto, @IfMatch() ifMatch: number | null | undefined): Promise<RuleDto> {
    return this.rules.activate(id, dto.version, ifMatch);
  }

  @Post(':id/dry-run')
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate the rule on an entity (as it is now) or a logged event without acting, with the explanation' })
  @ApiOkResponse({ type: DryRunResultDto })
  @ApiNotFoundResponse({ type: Problem, description: 'No such rule, version, entity of the rule’s kind, or event' })
  dryRun(@UuidParam('id') id: string, @Body() dto: DryRunDto): Promise<DryRunResultDto> {
    return this.rules.dryRun(id, dto);
  }

  @Post(':id/replay')
  @HttpCode(200)
  @ApiOperation({ summary: 'Evaluate a version against the logged events of a period and report where it would have fired; nothing acts' })
  @ApiOkResponse({ type: ReplayResultDto })
  @ApiUnprocessableEntityResponse({ type: Problem, description: 'invalid-rule: a scheduled version has no events to replay' })
  replay(@UuidParam('id') id: string, @Body() dto: ReplayDto): Promise<ReplayResultDto> {
    return this.rules.replay(id, dto);
  }
}
