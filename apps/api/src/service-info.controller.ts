import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { AppConfig, Public } from '@quorum/platform';

class ServiceInfoDto {
  @ApiProperty({ example: 'quorum' })
  name: string;

  @ApiProperty({ example: '0.1.0' })
  version: string;

  @ApiProperty({ example: '/api/docs' })
  docs: string;
}

/** The API root: lets a client (or an operator with curl) check it reached the right service and version. */
@ApiTags('service')
@Public()
@Controller()
export class ServiceInfoController {
  constructor(private readonly config: AppConfig) {}

  @Get()
  @ApiOperation({ summary: 'Service name, version and where the docs are' })
  @ApiOkResponse({ type: ServiceInfoDto })
  info(): ServiceInfoDto {
    return { name: 'quorum', version: this.config.version, docs: '/api/docs' };
  }
}
