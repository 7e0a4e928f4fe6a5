import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Read models for the analytics dashboard (libs/metrics): the columns of
 * meetings and action items it aggregates, so it never reads those modules'
 * tables. Plain views, not TypeORM view entities, so the schema diff leaves
 * them alone; a migration that changes a column they use recreates them.
 */
export class DashboardReadModels1795900000000 implements MigrationInterface {
  name = 'DashboardReadModels1795900000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE VIEW "meeting_facts" AS
      SELECT m.tenant_id, m.id AS meeting_id, m.status, m.starts_at, m.started_at, m.ended_at
      FROM meetings m
    `);
    await queryRunner.query(`
      CREATE VIEW "action_item_facts" AS
      SELECT a.tenant_id, a.id AS action_item_id, a.status, a.created_at, a.completed_at, a.due_at, a.assignee_user_id,
             coalesce(u.name, a.assignee_name, a.assignee_email, 'Unassigned') AS assignee
      FROM action_items a LEFT JOIN users u ON u.id = a.assignee_user_id
    `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP VIEW "action_item_facts"`);
    await queryRunner.query(`DROP VIEW "meeting_facts"`);
  }
}
