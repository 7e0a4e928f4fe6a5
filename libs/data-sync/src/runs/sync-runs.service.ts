import { Injectable } from '@nestjs/common';
import { type Page } from '@quorum/platform';
import { type ListSyncRunsQuery, SyncRunDetailDto, SyncRunDto } from '../dto/sync-run.dto';
import { SyncRepository } from '../sync.repository';

/** Reads runs: the list (newest first, optionally of one source) and one run with its log lines. */
@Injectable()
export class SyncRunsService {
  constructor(private readonly repository: SyncRepository) {}

  list(query: ListSyncRunsQuery): Promise<Page<SyncRunDto>> {
    const { sourceId, ...page } = query;
    return this.repository.runsPage(sourceId, page, SyncRunDto.from);
  }

  async get(id: string): Promise<SyncRunDetailDto> {
    return SyncRunDetailDto.detail(await this.repository.getRun(id));
  }
}
