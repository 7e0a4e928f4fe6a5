import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * job_spool: jobs that work after a commit (a domain event's listener) could not queue because the job store did
 * not answer (Redis down). They wait here, in the database that holds the change they follow, until the store is back
 * (libs/platform/src/jobs/job-spool.ts). A job keeps the id it was given, so queueing it twice is queueing it once.
 */
export class JobSpool1796206856495 implements MigrationInterface {
  name = 'JobSpool1796206856495';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "job_spool" (
                "queue" character varying(100) NOT NULL,
                "job_id" character varying(200) NOT NULL,
                "name" character varying(100) NOT NULL,
                "envelope" jsonb NOT NULL,
                "attempts" smallint,
                "replace_finished" boolean NOT NULL DEFAULT false,
                "run_at" TIMESTAMP(3) WITH TIME ZONE,
                "spooled_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                CONSTRAINT "pk_job_spool" PRIMARY KEY ("queue", "job_id")
            )
        `);
    await queryRunner.query(`CREATE INDEX "ix_job_spool_spooled_at" ON "job_spool" ("spooled_at")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "job_spool"`);
  }
}
