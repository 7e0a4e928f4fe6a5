import { Injectable } from '@nestjs/common';
import { AnalysisService, MaskingService, type MaskingSession, type MeetingAnalysisDto } from '@quorum/ai';
import { MeetingsService, TranscriptService } from '@quorum/meetings';
import { JobProcessor, ProblemException, RequestContext, type RunningJob, Transactions, UnrecoverableError } from '@quorum/platform';
import { chunkDocument } from '../chunking/document-chunks';
import { chunkTranscript } from '../chunking/transcript-chunks';
import { type ChunkRow, RagChunksRepository } from '../chunks/rag-chunks.repository';
import { DocumentExtractionError, extractDocumentText } from '../documents/extraction/extract-document-text';
import type { RagDocument } from '../documents/entities/rag-document.entity';
import { RagDocumentsRepository } from '../documents/rag-documents.repository';
import { EmbeddingScheduler } from '../embeddings/embedding-scheduler';
import { RagEmbeddingsRepository } from '../embeddings/rag-embeddings.repository';
import { type IngestionJobInput, type IngestionJobResult, IngestionQueue } from './ingestion.queue';

/** Sources queued per page by a tenant's re-index. */
const REINDEX_PAGE = 500;

/**
 * Indexes one source: a document (its text extracted, chunked by headings and paragraphs, page by
 * page) or a meeting (its transcript by speaker turns, and its latest analysis). The source's
 * passages are replaced whole in one transaction with its state, so a repeated job changes nothing
 * and a reader never sees half an index. When the tenant asked for a masked index (docs/ai.md, "PII
 * masking"), the text is masked before it is chunked, with one session per source: a value has the
 * same placeholder in every passage of the source, and the raw text is never stored nor embedded.
 */
@Injectable()
export class IngestionProcessor extends JobProcessor<IngestionJobInput, IngestionJobResult> {
  readonly queue = IngestionQueue;

  constructor(
    private readonly documents: RagDocumentsRepository,
    private readonly chunks: RagChunksRepository,
    private readonly meetings: MeetingsService,
    private readonly transcript: TranscriptService,
    private readonly analysis: AnalysisService,
    private readonly transactions: Transactions,
    private readonly embeddings: RagEmbeddingsRepository,
    private readonly embedding: EmbeddingScheduler,
    private readonly masking: MaskingService,
    private readonly jobs: IngestionQueue,
  ) {
    super();
  }

  process(job: RunningJob<IngestionJobInput>): Promise<IngestionJobResult> {
    switch (job.input.kind) {
      case 'document':
        return this.indexDocument(job, job.input.documentId);
      case 'meeting':
        return this.indexMeeting(job, job.input.meetingId);
      case 'tenant':
        return this.reindexTenant(job, job.input.generation);
    }
  }

  /** Masks with the tenant's index rules, or leaves the text as it is when its index is not masked. */
  private async maskerFor(): Promise<(text: string) => string> {
    const session: MaskingSession | null = await this.masking.indexSession(RequestContext.tenantId());
    return session ? (text) => session.mask(text).text : (text) => text;
  }

  /**
   * Queues a job for each source with passages, a page at a time; each is keyed by the source and the generation, so
   * a retry of this job queues nothing twice for the same change.
   */
  private async reindexTenant(job: RunningJob<IngestionJobInput>, generation: string): Promise<IngestionJobResult> {
    let after: string | null = null;
    let queued = 0;
    for (;;) {
      const page = await this.chunks.sources(after, REINDEX_PAGE);
      for (const source of page) {
        job.signal.throwIfAborted();
        const input: IngestionJobInput =
          source.type === 'document' ? { kind: 'document', documentId: source.id } : { kind: 'meeting', meetingId: source.id };
        await this.jobs.enqueue(input, { key: ['reindex', source.id, generation] });
      }
      queued += page.length;
      if (page.length < REINDEX_PAGE) break;
      after = page[page.length - 1].id;
    }
    return { chunks: 0, queued };
  }

  private async indexDocument(job: RunningJob<IngestionJobInput>, documentId: string): Promise<IngestionJobResult> {
    const document = await deletedMeanwhile(() => this.documents.withContent(documentId));
    // Deleted before its turn: its passages, if any, went with it (foreign-key cascade).
    if (!document) return { chunks: 0 };
    let extracted;
    try {
      extracted = await extractDocumentText(document.content, document.format);
    } catch (error) {
      if (!(error instanceof DocumentExtractionError)) throw error;
      // On the row as it is now, locked: saving the copy read before the extraction would insert it again had the
      // document been deleted meanwhile, and would undo a PATCH made meanwhile.
      await this.transactions.run(async () => {
        const current = await deletedMeanwhile(() => this.documents.getForUpdate(documentId));
        if (!current) return;
        current.status = 'failed';
        current.error = error.message;
        await this.documents.save(current);
      });
      throw new UnrecoverableError(error.message);
    }
    await job.reportProgress(50);
    // A file sent without a title was named after the file; the document's own title (first heading, PDF title) is better.
    const titleOf = (d: RagDocument) => (!d.titleGiven && extracted.title ? extracted.title.slice(0, 300) : d.title);
    const mask = await this.maskerFor();
    // Masked first, as the passages' placeholders follow the order in which the masker meets names.
    const plannedTitle = titleOf(document);
    const maskedTitle = mask(plannedTitle);
    const rows: Omit<ChunkRow, 'title' | 'tags'>[] = [];
    for (const page of extracted.pages) {
      for (const chunk of chunkDocument(mask(page.text))) {
        rows.push({
          chunkIndex: rows.length,
          headingPath: chunk.headingPath,
          body: chunk.text,
          words: chunk.words,
          page: page.page,
          occurredAt: document.createdAt,
        });
      }
    }
    job.signal.throwIfAborted();
    const indexed = await this.transactions.run(async () => {
      // Title and tags as they are now, under the row's lock: a PATCH made while the text was extracted is not undone.
      const current = await deletedMeanwhile(() => this.documents.getForUpdate(documentId));
      if (!current) return false; // deleted while its text was extracted: nothing to write
      current.title = titleOf(current);
      const title = current.title === plannedTitle ? maskedTitle : mask(current.title);
      const passages = rows.map((row) => ({ ...row, title, tags: current.tags }));
      await this.keepingVectors({ documentId }, () => this.chunks.replace({ type: 'document', documentId }, passages));
      current.status = 'indexed';
      current.error = null;
      current.chunkCount = rows.length;
      current.pageCount = current.format === 'pdf' ? extracted.pages.length : null;
      await this.documents.save(current);
      return true;
    });
    if (!indexed) return { chunks: 0 };
    this.embedding.tenantChanged(RequestContext.tenantId());
    return { link: `/api/v1/rag/documents/${documentId}`, chunks: rows.length };
  }

  /** With a dense leg, vectors of unchanged passages outlive the replacement (nothing to pay for twice). */
  private keepingVectors<T>(source: { documentId: string } | { meetingId: string }, replace: () => Promise<T>): Promise<T> {
    return this.embedding.enabled ? this.embeddings.keepingVectors(RequestContext.tenantId(), source, replace) : replace();
  }

  private async indexMeeting(job: RunningJob<IngestionJobInput>, meetingId: string): Promise<IngestionJobResult> {
    const meeting = await deletedMeanwhile(() => this.meetings.get(meetingId));
    // Deleted meanwhile: its passages went with it (foreign-key cascade); nothing is left to do.
    if (!meeting) return { chunks: 0 };
    const { segments } = await this.transcript.snapshot(meetingId, job.signal);
    const occurredAt = meeting.startedAt ?? meeting.scheduledStartAt ?? meeting.createdAt;
    const mask = await this.maskerFor();
    const title = mask(meeting.title);
    const transcriptRows: ChunkRow[] = chunkTranscript(
      // Speakers too: a tenant's custom rule may name people, and speaker names are in the passage text and its filter.
      segments.map((s) => ({
        id: s.segmentId,
        startMs: s.startMs,
        endMs: s.endMs,
        speaker: mask(s.speaker),
        text: mask(s.text),
      })),
    ).map((chunk) => ({
      chunkIndex: chunk.index,
      title,
      body: chunk.text,
      words: chunk.words,
      segmentIds: chunk.segmentIds,
      speakers: chunk.speakers,
      startMs: chunk.startMs,
      endMs: chunk.endMs,
      tags: meeting.tags,
      occurredAt,
    }));
    const analysis = await this.analysis.latest(meetingId).catch((error: unknown) => {
      if (error instanceof ProblemException && error.getStatus() === 404) return null;
      throw error;
    });
    const analysisRows = analysis
      ? analysisPassages(analysis, title, meeting.tags, occurredAt).map((row) => ({ ...row, body: mask(row.body) }))
      : [];
    await this.transactions.run(() =>
      this.keepingVectors({ meetingId }, async () => {
        await this.chunks.replace({ type: 'transcript', meetingId }, transcriptRows);
        await this.chunks.replace({ type: 'analysis', meetingId }, analysisRows);
      }),
    );
    this.embedding.tenantChanged(RequestContext.tenantId());
    return { chunks: transcriptRows.length + analysisRows.length };
  }
}

/** An analysis as passages: the summary, then each decision and action item, each citing its segments. */
function analysisPassages(analysis: MeetingAnalysisDto, title: string, tags: string[], occurredAt: Date): ChunkRow[] {
  const words = (text: string) => text.split(/\s+/).filter(Boolean).length;
  const passage = (body: string, cites: { segmentIds: string[]; startMs: number; endMs: number }[]): ChunkRow => ({
    chunkIndex: 0,
    title,
    body,
    words: words(body),
    segmentIds: [...new Set(cites.flatMap((c) => c.segmentIds))],
    startMs: cites.length ? Math.min(...cites.map((c) => c.startMs)) : null,
    endMs: cites.length ? Math.max(...cites.map((c) => c.endMs)) : null,
    tags,
    occurredAt,
  });
  const rows = [
    passage(
      [`Summary: ${analysis.summary.overview}`, ...analysis.summary.keyPoints.map((p) => `- ${p.text}`)].join('\n'),
      analysis.summary.keyPoints,
    ),
    ...analysis.decisions.map((d) => passage(`Decision: ${d.title}`, [d])),
    ...analysis.actionItems.map((a) =>
      passage(
        `Action item: ${a.title}${a.assignee ? ` (assigned to ${a.assignee})` : ''}${a.dueAt ? `, due ${a.dueAt.slice(0, 10)}` : ''}`,
        [a],
      ),
    ),
  ];
  return rows.map((row, chunkIndex) => ({ ...row, chunkIndex }));
}

/** What `read` finds, or null when it is gone (404): a source deleted after its job was queued. */
async function deletedMeanwhile<T>(read: () => Promise<T>): Promise<T | null> {
  try {
    return await read();
  } catch (error) {
    if (error instanceof ProblemException && error.getStatus() === 404) return null;
    throw error;
  }
}
