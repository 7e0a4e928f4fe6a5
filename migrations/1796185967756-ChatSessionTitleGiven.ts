import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * chat_sessions.title_given: whether the title is final. A session created without a title is "New chat" until its
 * first question names it. Rows from before are taken as given: nothing retitles them.
 */
export class ChatSessionTitleGiven1796185967756 implements MigrationInterface {
  name = 'ChatSessionTitleGiven1796185967756';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "chat_sessions" ADD "title_given" boolean NOT NULL DEFAULT true`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "chat_sessions" DROP COLUMN "title_given"`);
  }
}
