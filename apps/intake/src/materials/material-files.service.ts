import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { AppError, type Actor, type CatalogItemView, type MaterialFileLocation, type MaterialFileRemoved, type MaterialFileView, type RecordMaterialFileRequest } from '@yichuang/contracts';
import { Clock, Idempotency, requireActor } from '@yichuang/platform';
import { INTAKE_ENV } from '../tokens.js';
import type { IntakeEnv } from '../config.js';

interface AppRow {
  id: string;
  status: string;
  case_no: string | null;
  case_status: string | null;
  items: CatalogItemView[];
}

interface FileRow {
  id: string;
  application_id: string;
  material_code: string;
  file_name: string;
  media_type: MaterialFileView['mediaType'];
  size: string;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: Date;
}

/**
 * 电子材料: the metadata of the electronic files of an application. The gateway has already written the bytes to
 * storage under a key it generated; a row here is what makes a file exist (listed, downloadable). Refused → no
 * row, and the gateway deletes the bytes (apps/intake/README.md, "Electronic materials").
 *
 * Who: a clerk (the window takes files in for an assisted application) or the application's own applicant
 * (portal token) add files; before acceptance they may remove or replace them; after acceptance only files for a
 * case still in review may be added (补正 in answer to a correction), never removed. Who may see the application
 * may see its files: clerk, supervisor, a reviewer of a department with an item in it, its applicant.
 */
@Injectable()
export class MaterialFilesService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(INTAKE_ENV) private readonly env: IntakeEnv,
    private readonly clock: Clock,
    private readonly idempotency: Idempotency,
  ) {}

  async record(req: RecordMaterialFileRequest): Promise<MaterialFileView> {
    const actor = requireActor('clerk', 'applicant');
    return this.ds.transaction(async (tx) => this.recordIn(tx, req, await this.application(tx, req.applicationId, actor, true), actor.username));
  }

  /**
   * A file of an application made on the provincial 政务服务网 (apps/exchange wrote its bytes to storage): recorded
   * once per the exchange's Idempotency-Key, as uploaded by `province`, under the same rules as any other file.
   */
  async recordFromProvince(req: RecordMaterialFileRequest): Promise<MaterialFileView> {
    return this.ds.transaction((tx) =>
      this.idempotency.run(tx, 'material-file:province', req, async () => this.recordIn(tx, req, await this.load(tx, req.applicationId, true), 'province')),
    );
  }

  private async recordIn(tx: EntityManager, req: RecordMaterialFileRequest, app: AppRow, by: string): Promise<MaterialFileView> {
    const material = app.items.flatMap((i) => i.materials).find((m) => m.code === req.materialCode);
    if (!material) {
      throw new AppError('VALIDATION_FAILED', 'not a material of this application', [{ field: 'materialCode', problem: `${req.materialCode} is not a material of the application's items` }]);
    }
    const accepted = app.case_no !== null;
    if (app.status === 'rejected') throw new AppError('INVALID_STATE', 'the application was rejected; no files are taken any more');
    if (accepted && app.case_status !== 'accepted' && app.case_status !== 'in_review') {
      throw new AppError('INVALID_STATE', `the case is ${app.case_status ?? 'unknown'}; no files are taken any more`);
    }
    if (req.replaces) {
      if (accepted) throw new AppError('INVALID_STATE', 'files are replaced before acceptance only');
      await this.removeRow(tx, req.applicationId, req.replaces);
    }
    const [sums] = (await tx.query(
      `SELECT coalesce(sum(size), 0)::bigint AS total, count(*) FILTER (WHERE material_code = $2)::int AS of_material FROM material_file WHERE application_id = $1`,
      [req.applicationId, req.materialCode],
    )) as { total: string; of_material: number }[];
    const total = Number(sums?.total ?? 0);
    if (total + req.size > this.env.MATERIAL_MAX_APPLICATION_BYTES) {
      throw new AppError('PAYLOAD_TOO_LARGE', `the application's files would exceed ${this.env.MATERIAL_MAX_APPLICATION_BYTES} bytes`, [
        { field: 'file', problem: `the application holds ${total} bytes; at most ${this.env.MATERIAL_MAX_APPLICATION_BYTES} in all`, limit: this.env.MATERIAL_MAX_APPLICATION_BYTES },
      ]);
    }
    if ((sums?.of_material ?? 0) >= this.env.MATERIAL_MAX_FILES_PER_MATERIAL) {
      throw new AppError('VALIDATION_FAILED', 'too many files for this material', [{ field: 'materialCode', problem: `at most ${this.env.MATERIAL_MAX_FILES_PER_MATERIAL} files per material` }]);
    }
    const id = randomUUID();
    const at = this.clock.now();
    const [row] = (await tx.query(
      `INSERT INTO material_file (id, application_id, material_code, file_name, media_type, size, sha256, storage_key, uploaded_by, uploaded_at, after_acceptance)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
      [id, req.applicationId, req.materialCode, req.fileName, req.mediaType, req.size, req.sha256, req.storageKey, by, at, accepted],
    )) as FileRow[];
    if (!row) throw new Error('material_file insert returned nothing');
    return this.view(row, app);
  }

  async list(applicationId: string): Promise<MaterialFileView[]> {
    const actor = requireActor('clerk', 'supervisor', 'reviewer', 'applicant');
    const app = await this.application(this.ds.manager, applicationId, actor, false);
    const rows = (await this.ds.query(`SELECT * FROM material_file WHERE application_id = $1 ORDER BY material_code, uploaded_at, id`, [applicationId])) as FileRow[];
    return rows.map((r) => this.view(r, app));
  }

  /** the files of an application for a view built here (the portal), without a second scope check */
  async ofApplication(m: EntityManager, applicationId: string, items: CatalogItemView[]): Promise<MaterialFileView[]> {
    const rows = (await m.query(`SELECT * FROM material_file WHERE application_id = $1 ORDER BY material_code, uploaded_at, id`, [applicationId])) as FileRow[];
    return rows.map((r) => this.view(r, { items }));
  }

  async locate(applicationId: string, fileId: string): Promise<MaterialFileLocation> {
    const actor = requireActor('clerk', 'supervisor', 'reviewer', 'applicant');
    const app = await this.application(this.ds.manager, applicationId, actor, false);
    const [row] = (await this.ds.query(`SELECT * FROM material_file WHERE application_id = $1 AND id = $2`, [applicationId, fileId])) as FileRow[];
    if (!row) throw AppError.notFound('file');
    return { ...this.view(row, app), storageKey: row.storage_key };
  }

  async remove(applicationId: string, fileId: string): Promise<MaterialFileRemoved> {
    const actor = requireActor('clerk', 'applicant');
    return this.ds.transaction(async (tx) => {
      const app = await this.application(tx, applicationId, actor, true);
      if (app.case_no !== null || app.status === 'rejected') throw new AppError('INVALID_STATE', 'files are removed before acceptance only');
      const storageKey = await this.removeRow(tx, applicationId, fileId);
      return { id: fileId, removed: true as const, storageKey };
    });
  }

  private async removeRow(tx: EntityManager, applicationId: string, fileId: string): Promise<string> {
    // TypeORM answers a DELETE … RETURNING with [rows, rowCount]
    const [rows] = (await tx.query(`DELETE FROM material_file WHERE application_id = $1 AND id = $2 RETURNING storage_key`, [applicationId, fileId])) as [{ storage_key: string }[], number];
    const deleted = rows[0];
    if (!deleted) throw AppError.notFound('file');
    return deleted.storage_key;
  }

  /** The application, if the actor may see it (else 404, as for one that does not exist); `forUpdate` locks it. */
  /** the application (locked for an update), whoever asks */
  private async load(m: EntityManager, id: string, forUpdate: boolean): Promise<AppRow> {
    const [app] = (await m.query(
      `SELECT a.id, a.status, a.case_no, a.items, c.status AS case_status FROM application a LEFT JOIN case_file c ON c.case_no = a.case_no
       WHERE a.id = $1 ${forUpdate ? 'FOR UPDATE OF a' : ''}`,
      [id],
    )) as AppRow[];
    if (!app) throw AppError.notFound('application');
    return app;
  }

  /** the application, if the actor may see it (otherwise it does not exist for them) */
  private async application(m: EntityManager, id: string, actor: Actor, forUpdate: boolean): Promise<AppRow> {
    const app = await this.load(m, id, forUpdate);
    const staff = actor.roles.some((r) => r === 'clerk' || r === 'supervisor');
    if (staff) return app;
    if (actor.roles.includes('applicant')) {
      if (actor.applicationId !== id) throw AppError.notFound('application');
      return app;
    }
    if (actor.roles.includes('reviewer') && app.items.some((i) => i.department.code === actor.department)) return app;
    throw AppError.notFound('application');
  }

  private view(r: FileRow, app: Pick<AppRow, 'items'>): MaterialFileView {
    const name = app.items.flatMap((i) => i.materials).find((m) => m.code === r.material_code)?.name ?? r.material_code;
    return {
      id: r.id,
      applicationId: r.application_id,
      materialCode: r.material_code,
      materialName: name,
      fileName: r.file_name,
      mediaType: r.media_type,
      size: Number(r.size),
      sha256: r.sha256,
      uploadedBy: r.uploaded_by,
      uploadedAt: r.uploaded_at.toISOString(),
    };
  }
}
