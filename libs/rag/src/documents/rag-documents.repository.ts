import { Injectable } from '@nestjs/common';
import {
  InjectTenantRepository,
  byCreation,
  keysetPage,
  type Page,
  PAGE_LIMITS,
  type PageRequest,
  TenantRepository,
} from '@quorum/platform';
import { type DeepPartial } from 'typeorm';
import type { ListDocumentsQuery } from './dto/list-documents.query';
import { RagDocument } from './entities/rag-document.entity';

const NEWEST_FIRST = byCreation<RagDocument>('d');

/** The knowledge base's documents of the caller's tenant. */
@Injectable()
export class RagDocumentsRepository {
  constructor(@InjectTenantRepository(RagDocument) private readonly documents: TenantRepository<RagDocument>) {}

  create(data: DeepPartial<RagDocument>): RagDocument {
    return this.documents.create(data);
  }

  save(document: RagDocument): Promise<RagDocument> {
    return this.documents.save(document);
  }

  remove(document: RagDocument): Promise<void> {
    return this.documents.remove(document);
  }

  getById(id: string): Promise<RagDocument> {
    return this.documents.getById(id);
  }

  getForUpdate(id: string): Promise<RagDocument> {
    return this.documents.getForUpdate(id);
  }

  /** The document with its file, for the ingestion job. */
  async withContent(id: string): Promise<RagDocument> {
    const found = await this.documents.query('d').addSelect('d.content').where('d.id = :id', { id }).getOne();
    if (!found) return this.documents.getById(id);
    return found;
  }

  page<T>(filters: Omit<ListDocumentsQuery, 'limit' | 'cursor'>, request: PageRequest, map: (d: RagDocument) => T): Promise<Page<T>> {
    const qb = this.documents.query('d');
    if (filters.status) qb.andWhere('d.status = :status', { status: filters.status });
    if (filters.format) qb.andWhere('d.format = :format', { format: filters.format });
    if (filters.tag) qb.andWhere(':tag = ANY(d.tags)', { tag: filters.tag });
    return keysetPage(qb, request, { limits: PAGE_LIMITS.standard, order: NEWEST_FIRST, map });
  }
}
