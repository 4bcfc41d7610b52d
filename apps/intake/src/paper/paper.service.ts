import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, type PaperFileView } from '@yichuang/contracts';
import { Clock, requireActor } from '@yichuang/platform';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';

interface FileRow {
  application_id: string;
  material_code: string;
  name: string;
  location: string;
  holder: string | null;
  since: Date;
  case_no: string | null;
}

/**
 * 纸质材料不出大厅: every paper material received is logged with where it is; hand-overs to a department
 * reviewer inside the hall and returns are recorded; a report lists what has not come back.
 */
@Injectable()
export class PaperService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
    private readonly clock: Clock,
  ) {}

  /** Log paper materials as received into the window's custody (called in the receiving transaction). */
  /** Where paper taken in at a window is kept until it is handed over. */
  location(windowNo?: string): string {
    return `${windowNo ?? this.env.PAPER_DEFAULT_LOCATION} 综合窗口`;
  }

  async received(tx: EntityManager, applicationId: string, files: { code: string; name: string }[], by: string, windowNo?: string): Promise<void> {
    const location = this.location(windowNo);
    const at = this.clock.now();
    const codes = files.map((f) => f.code);
    // set-based: two statements whatever the number of files (acceptance is the hall's busiest path)
    await tx.query(
      `INSERT INTO paper_file (application_id, material_code, name, location, holder, since)
       SELECT $1, code, name, $4, NULL, $5 FROM unnest($2::text[], $3::text[]) AS f(code, name)
       ON CONFLICT (application_id, material_code) DO UPDATE SET name = EXCLUDED.name`,
      [applicationId, codes, files.map((f) => f.name), location, at],
    );
    await tx.query(
      `INSERT INTO paper_movement (application_id, material_code, at, by, action, location)
       SELECT $1, code, $3, $4, 'received', $5 FROM unnest($2::text[]) AS f(code)`,
      [applicationId, codes, at, by, location],
    );
  }

  async handover(applicationId: string, codes: string[], to: string, note?: string): Promise<PaperFileView[]> {
    const actor = requireActor('clerk');
    return this.ds.transaction(async (tx) => {
      const files = await this.lock(tx, applicationId, codes);
      const out = files.filter((f) => f.holder);
      if (out.length > 0) throw new AppError('CONFLICT', `already handed over: ${out.map((f) => `${f.material_code} (to ${f.holder})`).join(', ')}`);
      const at = this.clock.now();
      for (const f of files) {
        await tx.query(`UPDATE paper_file SET holder = $3, since = $4 WHERE application_id = $1 AND material_code = $2`, [applicationId, f.material_code, to, at]);
        await tx.query(`INSERT INTO paper_movement (application_id, material_code, at, by, action, to_holder, note) VALUES ($1, $2, $3, $4, 'handed_over', $5, $6)`, [
          applicationId,
          f.material_code,
          at,
          actor.username,
          to,
          note ?? null,
        ]);
      }
      return this.views(tx, applicationId, codes);
    });
  }

  async return(applicationId: string, codes: string[], location: string): Promise<PaperFileView[]> {
    const actor = requireActor('clerk', 'reviewer');
    return this.ds.transaction(async (tx) => {
      const files = await this.lock(tx, applicationId, codes);
      const inHall = files.filter((f) => !f.holder);
      if (inHall.length > 0) throw new AppError('CONFLICT', `not handed over: ${inHall.map((f) => f.material_code).join(', ')}`);
      // a reviewer gives back what they hold, not another reviewer's files (the window clerk takes back anything)
      const othersFiles = actor.roles.includes('clerk') ? [] : files.filter((f) => f.holder !== actor.username);
      if (othersFiles.length > 0) {
        throw new AppError(
          'FORBIDDEN',
          'a reviewer returns only the paper materials handed to them',
          othersFiles.map((f) => ({ field: `materialCodes[${codes.indexOf(f.material_code)}]`, problem: `${f.material_code} is held by another person` })),
        );
      }
      const at = this.clock.now();
      for (const f of files) {
        await tx.query(`UPDATE paper_file SET holder = NULL, location = $3, since = $4 WHERE application_id = $1 AND material_code = $2`, [applicationId, f.material_code, location, at]);
        await tx.query(`INSERT INTO paper_movement (application_id, material_code, at, by, action, location) VALUES ($1, $2, $3, $4, 'returned', $5)`, [
          applicationId,
          f.material_code,
          at,
          actor.username,
          location,
        ]);
      }
      return this.views(tx, applicationId, codes);
    });
  }

  /** Paper files handed over and not returned (oldest first). */
  async outstanding(olderThanHours = 0): Promise<PaperFileView[]> {
    requireActor('clerk', 'supervisor', 'admin');
    const rows = (await this.ds.query(
      `SELECT p.*, a.case_no FROM paper_file p JOIN application a ON a.id = p.application_id
       WHERE p.holder IS NOT NULL AND p.since <= $1 ORDER BY p.since LIMIT 1000`,
      [new Date(this.clock.now().getTime() - olderThanHours * 3600_000)],
    )) as FileRow[];
    return this.withMovements(this.ds.manager, rows);
  }

  async ofApplication(applicationId: string): Promise<PaperFileView[]> {
    const actor = requireActor('clerk', 'supervisor', 'reviewer');
    if (!actor.roles.some((r) => r === 'clerk' || r === 'supervisor')) {
      // a reviewer sees the paper of an application only once some of it was handed to them; before, it does not
      // exist for them (404, as another department's task, case or document), whether the application exists or not
      const [mine] = (await this.ds.query(`SELECT 1 FROM paper_movement WHERE application_id = $1 AND to_holder = $2 LIMIT 1`, [applicationId, actor.username])) as unknown[];
      if (!mine) throw AppError.notFound('paper materials');
    }
    return this.views(this.ds.manager, applicationId);
  }

  private async lock(tx: EntityManager, applicationId: string, codes: string[]): Promise<FileRow[]> {
    const rows = (await tx.query(
      `SELECT p.*, NULL AS case_no FROM paper_file p WHERE application_id = $1 AND material_code = ANY($2) ORDER BY material_code FOR UPDATE`,
      [applicationId, codes],
    )) as FileRow[];
    const missing = codes.filter((c) => !rows.some((r) => r.material_code === c));
    if (missing.length > 0) {
      throw new AppError(
        'VALIDATION_FAILED',
        'not paper materials of this application',
        missing.map((c) => ({ field: `materialCodes[${codes.indexOf(c)}]`, problem: `${c} is not a paper material received with this application` })),
      );
    }
    return rows;
  }

  private async views(m: EntityManager, applicationId: string, codes?: string[]): Promise<PaperFileView[]> {
    const rows = (await m.query(
      `SELECT p.*, a.case_no FROM paper_file p JOIN application a ON a.id = p.application_id
       WHERE p.application_id = $1 AND ($2::text[] IS NULL OR p.material_code = ANY($2)) ORDER BY p.material_code`,
      [applicationId, codes ?? null],
    )) as FileRow[];
    return this.withMovements(m, rows);
  }

  private async withMovements(m: EntityManager, rows: FileRow[]): Promise<PaperFileView[]> {
    if (rows.length === 0) return [];
    const moves = (await m.query(
      `SELECT application_id, material_code, at, by, action, to_holder, location, note FROM paper_movement
       WHERE (application_id, material_code) IN (SELECT * FROM unnest($1::uuid[], $2::text[])) ORDER BY seq`,
      [rows.map((r) => r.application_id), rows.map((r) => r.material_code)],
    )) as { application_id: string; material_code: string; at: Date; by: string; action: 'received' | 'handed_over' | 'returned'; to_holder: string | null; location: string | null; note: string | null }[];
    return rows.map((r) => ({
      applicationId: r.application_id,
      ...(r.case_no ? { caseNo: r.case_no } : {}),
      materialCode: r.material_code,
      name: r.name,
      location: r.location,
      ...(r.holder ? { holder: r.holder } : {}),
      since: r.since.toISOString(),
      movements: moves
        .filter((x) => x.application_id === r.application_id && x.material_code === r.material_code)
        .map((x) => ({
          at: x.at.toISOString(),
          by: x.by,
          action: x.action,
          ...(x.to_holder ? { to: x.to_holder } : {}),
          ...(x.location ? { location: x.location } : {}),
          ...(x.note ? { note: x.note } : {}),
        })),
    }));
  }
}
