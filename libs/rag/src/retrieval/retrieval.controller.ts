import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@quorum/platform';
import { RagQueryDto, RagQueryResultDto } from './dto/rag-query.dto';
import { RetrievalService } from './retrieval.service';

@ApiTags('knowledge base')
@Controller('rag/query')
export class RetrievalController {
  constructor(private readonly retrieval: RetrievalService) {}

  @Post()
  @HttpCode(200)
  // A search reads, though it is a POST: viewers may search what they may read.
  @Roles('viewer')
  @ApiOperation({ summary: "Search the tenant's documents, transcripts and analyses: the best passages, with scores, legs and citations" })
  @ApiOkResponse({ type: RagQueryResultDto })
  query(@Body() dto: RagQueryDto): Promise<RagQueryResultDto> {
    return this.retrieval.search(dto);
  }
}
