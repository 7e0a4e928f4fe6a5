import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** masking_policies.apply_to_index: whether the tenant's knowledge-base passages are stored masked (off by default). */
export class MaskedIndex1796088647451 implements MigrationInterface {
  name = 'MaskedIndex1796088647451';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "masking_policies"
            ADD "apply_to_index" boolean NOT NULL DEFAULT false
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "masking_policies" DROP COLUMN "apply_to_index"
        `);
  }
}
