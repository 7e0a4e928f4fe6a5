import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@quorum/platform';
import { AuditLogPageDto } from './audit-log.dto';
import { AuditService } from './audit.service';
import { AuditLogQueryDto } from './audit-log-query.dto';

@ApiTags('audit')
@Roles('admin')
@Controller('audit-logs')
export class AuditLogsController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: "The tenant's audit trail, newest first (admins)" })
  @ApiOkResponse({ type: AuditLogPageDto })
  list(@Query() query: AuditLogQueryDto): Promise<AuditLogPageDto> {
    return this.audit.list(query);
  }
}
