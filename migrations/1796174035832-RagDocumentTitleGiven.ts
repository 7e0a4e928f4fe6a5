import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * rag_documents.title_given: whether the title was the client's own. A file uploaded without one is titled by its file
 * name until ingestion reads the document's own title (its first heading, or a PDF's title). Rows from before are
 * taken as given: nothing retitles them.
 */
export class RagDocumentTitleGiven1796174035832 implements MigrationInterface {
  name = 'RagDocumentTitleGiven1796174035832';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rag_documents" ADD "title_given" boolean NOT NULL DEFAULT true`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "rag_documents" DROP COLUMN "title_given"`);
  }
}
