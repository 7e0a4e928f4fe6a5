import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * action_items.analysis_version: the version an analysis last wrote an AI-made item at. An analysis run updates an
 * item nobody has edited since (version = analysis_version) in place; a later version means a person changed it, and
 * the analysis leaves it alone. Null (every row before this) reads as 1, which is what "edited" meant before.
 */
export class ActionItemAnalysisVersion1796174682531 implements MigrationInterface {
  name = 'ActionItemAnalysisVersion1796174682531';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "action_items" ADD "analysis_version" integer`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "action_items" DROP COLUMN "analysis_version"`);
  }
}
