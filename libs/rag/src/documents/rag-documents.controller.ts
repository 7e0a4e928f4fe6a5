import { Body, Controller, Delete, Get, HttpCode, Patch, Post, Query, Req, Res } from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiExtraModels,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiPreconditionFailedResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
  getSchemaPath,
} from '@nestjs/swagger';
import { ApiBodyByMediaType, Consumes, createValidationPipe, Idempotent, IfMatch, Problem, UuidParam } from '@quorum/platform';
import type { Request, Response } from 'express';
import { CreateTextDocumentDto } from './dto/create-text-document.dto';
import { ListDocumentsQuery } from './dto/list-documents.query';
import { DocumentAcceptedDto, RagDocumentDto, RagDocumentPageDto } from './dto/rag-document.dto';
import { UpdateDocumentDto } from './dto/update-document.dto';
import { RagDocumentsService } from './rag-documents.service';

const validation = createValidationPipe();

@ApiTags('knowledge base')
@ApiExtraModels(CreateTextDocumentDto)
@Controller('rag/documents')
export class RagDocumentsController {
  constructor(private readonly documents: RagDocumentsService) {}

  @Post()
  @Idempotent()
  @HttpCode(202)
  @Consumes('multipart/form-data', 'application/json')
  @ApiOperation({
    summary:
      'File a document (multipart `file` with optional `title` and comma-separated `tags`: PDF, DOCX, HTML, Markdown or text by content; or JSON text); it is indexed in a job',
  })
  @ApiBodyByMediaType({
    'multipart/form-data': {
      type: 'object',
      required: ['file'],
      properties: {
        file: { type: 'string', format: 'binary' },
        title: { type: 'string' },
        tags: { type: 'string', example: 'hr,policy' },
      },
    },
    'application/json': { $ref: getSchemaPath(CreateTextDocumentDto) },
  })
  @ApiAcceptedResponse({ type: DocumentAcceptedDto })
  @ApiPayloadTooLargeResponse({ type: Problem, description: 'Over RAG_DOCUMENT_MAX_BYTES (a file) or BODY_LIMIT (JSON)' })
  @ApiUnsupportedMediaTypeResponse({
    type: Problem,
    description: 'The file is not PDF, DOCX, HTML, Markdown or UTF-8 text (judged by content)',
  })
  @ApiUnprocessableEntityResponse({ type: Problem, description: 'No `file` part, an empty file, or bad `title`/`tags`' })
  async create(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<DocumentAcceptedDto> {
    const multipart = (req.headers['content-type'] ?? '').toLowerCase().startsWith('multipart/');
    const accepted = multipart
      ? await this.documents.uploadFile(req)
      : await this.documents.createText(
          (await validation.transform(req.body ?? {}, { type: 'body', metatype: CreateTextDocumentDto })) as CreateTextDocumentDto,
        );
    res.setHeader('Location', accepted.location);
    return accepted;
  }

  @Get()
  @ApiOperation({ summary: "The tenant's documents, newest first, by status, format or tag, a page at a time" })
  @ApiOkResponse({ type: RagDocumentPageDto })
  list(@Query() query: ListDocumentsQuery): Promise<RagDocumentPageDto> {
    return this.documents.list(query);
  }

  @Get(':id')
  @ApiOperation({ summary: 'A document: its indexing state, size, format, tags and passages count' })
  @ApiOkResponse({ type: RagDocumentDto })
  @ApiNotFoundResponse({ type: Problem, description: 'No such document in this tenant' })
  get(@UuidParam('id') id: string): Promise<RagDocumentDto> {
    return this.documents.get(id);
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Rename or retag a document (If-Match: its version); its passages follow' })
  @ApiOkResponse({ type: RagDocumentDto })
  @ApiNotFoundResponse({ type: Problem, description: 'No such document in this tenant' })
  @ApiPreconditionFailedResponse({ type: Problem })
  update(
    @UuidParam('id') id: string,
    @Body() dto: UpdateDocumentDto,
    @IfMatch() ifMatch: number | null | undefined,
  ): Promise<RagDocumentDto> {
    return this.documents.update(id, dto, ifMatch);
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a document and its passages (If-Match: its version)' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: Problem, description: 'No such document in this tenant' })
  @ApiPreconditionFailedResponse({ type: Problem })
  remove(@UuidParam('id') id: string, @IfMatch() ifMatch: number | null | undefined): Promise<void> {
    return this.documents.remove(id, ifMatch);
  }
}
