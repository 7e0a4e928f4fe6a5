import { type MigrationInterface, type QueryRunner } from 'typeorm';

export class Meetings1795822720988 implements MigrationInterface {
  name = 'Meetings1795822720988';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // TypeORM records generated-column expressions here; it creates the table itself only when the
    // running DataSource has entities with generated columns, which a bare migration run may not.
    await queryRunner.query(
      `CREATE TABLE IF NOT EXISTS "typeorm_metadata" ("type" character varying NOT NULL, "database" character varying, "schema" character varying, "table" character varying, "name" character varying, "value" text)`,
    );
    await queryRunner.query(
      `
            INSERT INTO "typeorm_metadata"(
                    "database",
                    "schema",
                    "table",
                    "type",
                    "name",
                    "value"
                )
            VALUES (current_database(), $1, $2, $3, $4, $5)
        `,
      [
        'public',
        'meetings',
        'GENERATED_COLUMN',
        'search_vector',
        "setweight(to_tsvector('english', coalesce(\"title\", '')), 'A') || setweight(to_tsvector('english', coalesce(\"description\", '')), 'B')",
      ],
    );
    await queryRunner.query(`
            CREATE TABLE "meetings" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "title" character varying(300) NOT NULL,
                "description" text,
                "status" character varying(16) NOT NULL DEFAULT 'scheduled',
                "scheduled_start_at" TIMESTAMP(3) WITH TIME ZONE,
                "scheduled_end_at" TIMESTAMP(3) WITH TIME ZONE,
                "started_at" TIMESTAMP(3) WITH TIME ZONE,
                "ended_at" TIMESTAMP(3) WITH TIME ZONE,
                "starts_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL,
                "language" character varying(35),
                "tags" text array NOT NULL DEFAULT '{}',
                "participants" jsonb NOT NULL DEFAULT '[]',
                "created_by" uuid,
                "version" integer NOT NULL DEFAULT '1',
                "transcript_revision" integer NOT NULL DEFAULT '0',
                "search_vector" tsvector GENERATED ALWAYS AS (
                    setweight(
                        to_tsvector('english', coalesce("title", '')),
                        'A'
                    ) || setweight(
                        to_tsvector('english', coalesce("description", '')),
                        'B'
                    )
                ) STORED NOT NULL,
                CONSTRAINT "ck_meetings_schedule" CHECK (
                    "scheduled_end_at" IS NULL
                    OR "scheduled_start_at" IS NULL
                    OR "scheduled_end_at" >= "scheduled_start_at"
                ),
                CONSTRAINT "ck_meetings_status" CHECK (
                    "status" IN ('scheduled', 'live', 'completed', 'cancelled')
                ),
                CONSTRAINT "PK_aa73be861afa77eb4ed31f3ed57" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_0560f34915cb12c3f22213c02e" ON "meetings" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_be6ff3e68963349ea42cf55319" ON "meetings" ("created_by")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meetings_tenant_starts" ON "meetings" ("tenant_id", "starts_at", "id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_meetings_tenant_created" ON "meetings" ("tenant_id", "created_at", "id")
        `);
    // GIN indexes (full-text search, tag and participant filters): TypeORM cannot declare these, so the entities mark them synchronize: false.
    await queryRunner.query(`CREATE INDEX "ix_meetings_search" ON "meetings" USING GIN ("search_vector")`);
    await queryRunner.query(`CREATE INDEX "ix_meetings_tags" ON "meetings" USING GIN ("tags")`);
    await queryRunner.query(`CREATE INDEX "ix_meetings_participants" ON "meetings" USING GIN ("participants" jsonb_path_ops)`);
    await queryRunner.query(
      `
            INSERT INTO "typeorm_metadata"(
                    "database",
                    "schema",
                    "table",
                    "type",
                    "name",
                    "value"
                )
            VALUES (current_database(), $1, $2, $3, $4, $5)
        `,
      ['public', 'transcript_segments', 'GENERATED_COLUMN', 'search_vector', 'to_tsvector(\'english\', "text")'],
    );
    await queryRunner.query(`
            CREATE TABLE "transcript_segments" (
                "id" uuid NOT NULL DEFAULT gen_random_uuid(),
                "tenant_id" uuid NOT NULL,
                "created_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "updated_at" TIMESTAMP(3) WITH TIME ZONE NOT NULL DEFAULT now(),
                "meeting_id" uuid NOT NULL,
                "segment_id" character varying(128) NOT NULL,
                "speaker" character varying(200) NOT NULL,
                "participant_id" character varying(128),
                "start_ms" integer NOT NULL,
                "end_ms" integer NOT NULL,
                "text" text NOT NULL,
                "confidence" real,
                "language" character varying(35),
                "search_vector" tsvector GENERATED ALWAYS AS (to_tsvector('english', "text")) STORED NOT NULL,
                CONSTRAINT "uq_transcript_segments_meeting_segment" UNIQUE ("meeting_id", "segment_id"),
                CONSTRAINT "ck_transcript_segments_confidence" CHECK (
                    "confidence" IS NULL
                    OR (
                        "confidence" >= 0
                        AND "confidence" <= 1
                    )
                ),
                CONSTRAINT "ck_transcript_segments_times" CHECK (
                    "start_ms" >= 0
                    AND "end_ms" >= "start_ms"
                ),
                CONSTRAINT "PK_34cfd4b54a9857af7dfa443f3ed" PRIMARY KEY ("id")
            )
        `);
    await queryRunner.query(`
            CREATE INDEX "IDX_661e072e42c382bfaea87e6927" ON "transcript_segments" ("tenant_id")
        `);
    await queryRunner.query(`
            CREATE INDEX "ix_transcript_segments_meeting_time" ON "transcript_segments" ("meeting_id", "start_ms", "id")
        `);
    await queryRunner.query(`CREATE INDEX "ix_transcript_segments_search" ON "transcript_segments" USING GIN ("search_vector")`);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "FK_0560f34915cb12c3f22213c02e0" FOREIGN KEY ("tenant_id") REFERENCES "tenants"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings"
            ADD CONSTRAINT "FK_be6ff3e68963349ea42cf55319e" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE
            SET NULL ON UPDATE NO ACTION
        `);
    await queryRunner.query(`
            ALTER TABLE "transcript_segments"
            ADD CONSTRAINT "FK_abe8feaea03f53bc3fd8c84a32c" FOREIGN KEY ("meeting_id") REFERENCES "meetings"("id") ON DELETE CASCADE ON UPDATE NO ACTION
        `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
            ALTER TABLE "transcript_segments" DROP CONSTRAINT "FK_abe8feaea03f53bc3fd8c84a32c"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "FK_be6ff3e68963349ea42cf55319e"
        `);
    await queryRunner.query(`
            ALTER TABLE "meetings" DROP CONSTRAINT "FK_0560f34915cb12c3f22213c02e0"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."ix_transcript_segments_meeting_time"
        `);
    await queryRunner.query(`DROP INDEX "public"."ix_transcript_segments_search"`);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_661e072e42c382bfaea87e6927"
        `);
    await queryRunner.query(`
            DROP TABLE "transcript_segments"
        `);
    await queryRunner.query(
      `
            DELETE FROM "typeorm_metadata"
            WHERE "type" = $1
                AND "name" = $2
                AND "database" = current_database()
                AND "schema" = $3
                AND "table" = $4
        `,
      ['GENERATED_COLUMN', 'search_vector', 'public', 'transcript_segments'],
    );
    await queryRunner.query(`
            DROP INDEX "public"."ix_meetings_tenant_created"
        `);
    await queryRunner.query(`DROP INDEX "public"."ix_meetings_search"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meetings_tags"`);
    await queryRunner.query(`DROP INDEX "public"."ix_meetings_participants"`);
    await queryRunner.query(`
            DROP INDEX "public"."ix_meetings_tenant_starts"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_be6ff3e68963349ea42cf55319"
        `);
    await queryRunner.query(`
            DROP INDEX "public"."IDX_0560f34915cb12c3f22213c02e"
        `);
    await queryRunner.query(`
            DROP TABLE "meetings"
        `);
    await queryRunner.query(
      `
            DELETE FROM "typeorm_metadata"
            WHERE "type" = $1
                AND "name" = $2
                AND "database" = current_database()
                AND "schema" = $3
                AND "table" = $4
        `,
      ['GENERATED_COLUMN', 'search_vector', 'public', 'meetings'],
    );
  }
}
