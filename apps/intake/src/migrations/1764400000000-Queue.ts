import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The hall queue (排队叫号). */
export class Queue1764400000000 implements MigrationInterface {
  name = 'Queue1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE intake.queue_sequence (day date NOT NULL, prefix text NOT NULL, last_value int NOT NULL, PRIMARY KEY (day, prefix))`);
    await q.query(`CREATE TABLE intake.queue_ticket (
      id uuid PRIMARY KEY, day date NOT NULL, ticket_no text NOT NULL, category text NOT NULL,
      priority text CHECK (priority IN ('elderly','disabled','appointment')), phone text,
      status text NOT NULL CHECK (status IN ('waiting','called','serving','done','no_show')),
      window_no text, target_window text, call_count int NOT NULL DEFAULT 0,
      issued_at timestamptz NOT NULL, called_at timestamptz, finished_at timestamptz,
      application_id uuid, transferred_from text, near_notified boolean NOT NULL DEFAULT false,
      UNIQUE (day, ticket_no))`);
    await q.query(`CREATE INDEX queue_waiting ON intake.queue_ticket (day, category, issued_at) WHERE status = 'waiting'`);
    await q.query(`CREATE INDEX queue_at_window ON intake.queue_ticket (day, window_no) WHERE status IN ('called','serving')`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE intake.queue_ticket`);
    await q.query(`DROP TABLE intake.queue_sequence`);
  }
}
