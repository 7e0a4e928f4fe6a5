import { type MigrationInterface, type QueryRunner } from 'typeorm';

/** recordings and recording_chunks: uploaded meeting audio, stored in PostgreSQL, and its transcription (libs/ai/src/transcription). */
export class Recordings1796062277605 implements MigrationInterface {
  name = 'Recordings1796062277605';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            CREATE TABLE "recording_chunks" (
                "recording_id" uuid NOT NULL,
                "seq" integer NOT NULL,
                "tenant_id" uuid NOT NULL,
                "data" bytea NOT NULL,
                CONSTRAINT "PK_3b1779caf642ec3edc9bb35de18" PRIMARY KEY ("recording_id", "seq")
            )
        `);
    await queryRunner.query(`
            CREATE TABLE "recordings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "meeting_id" uuid NOT NULL,
                "filename" character varying(200) NOT NULL,
                "media_type" character varying(32) NOT NULL,
                "size_bytes" integer NOT NULL,
                "sha256" character(64) NOT NULL,
                "status" character varying(16) NOT NULL DEFAULT 'pending',
                "language" character varying(35),
                "duration_seconds" real,
                "segment_count" integer,
                "provider" character varying(32),
                "model" character varying(128),
                "error" text,
                "job_id" character varying(64),
                "uploaded_by" uuid,
                CONSTRAINT "ck_recordings_status" CHECK (
                    "status" IN (
                        'pending',
                        'transcribing',
                        'transcribed',
                        'failed'
                    )
                ),
                CONSTRAINT "PK_8c3247d5ee4551d59bb2115a484" PRIMARY KEY ("id")
            )
        `);
    // Audio is compressed already: stored out of line without another round of compression.
    await queryRunner.query(`ALTER TABLE "recording_chunks" ALTER COLUMN "data" SET STORAGE EXTERNAL`);
    await queryRunner.query(`
            CREATE INDEX "IDX_787de7a57f212b62f47ee0599d" ON "recordings" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_recordings_meeting" ON "recordings" ("tenant_id", "meeting_id", "created_at")
        `);
    await queryRunner.query(`
            ALTER TABLE "recording_chunks"
            ADD CONSTRAINT "FK_d32ce25305f69b0d073eebe1764" FOREIGN KEY ("recording_id") REFERENCES "recordings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "recording_chunks"
            ADD CONSTRAINT "FK_f823685c4693bdebe5e0523184a" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "recordings"
            ADD CONSTRAINT "FK_787de7a57f212b62f47ee0599d0" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "recordings"
            ADD CONSTRAINT "FK_5e01e48b3effbeedb99e6867b40" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "recordings"
            ADD CONSTRAINT "FK_6c47ff4df7bf75642d63078c021" FOREIGN KEY ("uploaded_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "recordings" DROP CONSTRAINT "FK_6c47ff4df7bf75642d63078c021"
        `);
    await queryRunner.query(`
            ALTER TABLE "recordings" DROP CONSTRAINT "FK_5e01e48b3effbeedb99e6867b40"
        `);
    await queryRunner.query(`
            ALTER TABLE "recordings" DROP CONSTRAINT "FK_787de7a57f212b62f47ee0599d0"
        `);
    await queryRunner.query(`
            ALTER TABLE "recording_chunks" DROP CONSTRAINT "FK_f823685c4693bdebe5e0523184a"
        `);
    await queryRunner.query(`
            ALTER TABLE "recording_chunks" DROP CONSTRAINT "FK_d32ce25305f69b0d073eebe1764"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_recordings_meeting"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_787de7a57f212b62f47ee0599d"
        `);
    await queryRunner.query(`
            DROP TABLE "recordings"
        `);
    await queryRunner.query(`
            DROP TABLE "recording_chunks"
        `);
  }
}
