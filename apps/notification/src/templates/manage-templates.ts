import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import {
  AppError,
  MESSAGE_TEMPLATES,
  type MessageTemplate,
  type PreviewTemplateRequest,
  type SaveTemplateRequest,
  type TemplateDetailView,
  type TemplatePreview,
  type TemplateVersionView,
  type TemplateView,
} from '@yichuang/contracts';
import { MESSAGE_TEMPLATE_TEXT } from '@yichuang/domain';
import { Clock, requireActor } from '@yichuang/platform';
import { NOTIFICATION_ENV } from '../tokens.js';
import type { NotificationEnv } from '../config.js';
import { renderMessage } from '../messages/templates.js';
import { maxCharsFor, smsLength, smsParts } from './render-template.js';
import { MessageTemplateVersion } from './message-template.entity.js';
import { TemplateBodies } from './template-bodies.js';
import { templateSpec, type TemplateContext, type TemplateData } from './template-catalogue.js';
import { validateTemplateBody, worstCaseChars } from './validate-template.js';

/**
 * 短信模板管理: the administrator reads every template (with its variables, current version and the SMS parts it needs
 * at worst), previews a body with sample data, and saves a new version — refused with every problem listed
 * (VALIDATION_FAILED) or when someone else saved first (CONFLICT on `expectedVersion`). Supervisors may read.
 */
@Injectable()
export class ManageTemplates {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(NOTIFICATION_ENV) private readonly env: NotificationEnv,
    private readonly clock: Clock,
    private readonly bodies: TemplateBodies,
  ) {}

  async list(): Promise<TemplateView[]> {
    requireActor('admin', 'supervisor');
    const latest = (await this.ds.query(
      `SELECT DISTINCT ON (code) code, version, body, note, created_at, created_by FROM message_template ORDER BY code, version DESC`,
    )) as Row[];
    return MESSAGE_TEMPLATES.map((code) => this.view(code, latest.find((r) => r.code === code)));
  }

  async get(code: MessageTemplate): Promise<TemplateDetailView> {
    requireActor('admin', 'supervisor');
    const rows = await this.ds.getRepository(MessageTemplateVersion).find({ where: { code }, order: { version: 'DESC' } });
    const history: TemplateVersionView[] = rows.map((r) => ({
      version: r.version,
      body: r.body,
      ...(r.note ? { note: r.note } : {}),
      createdAt: r.createdAt.toISOString(),
      createdBy: r.createdBy,
    }));
    const [top] = rows;
    return { ...this.view(code, top ? { code, version: top.version, body: top.body, note: top.note, created_at: top.createdAt, created_by: top.createdBy } : undefined), history };
  }

  preview(req: PreviewTemplateRequest): TemplatePreview {
    requireActor('admin', 'supervisor');
    const spec = templateSpec(req.code);
    const ctx = this.context();
    const problems = validateTemplateBody(req.body, spec, ctx, this.env.SMS_MAX_SEGMENTS);
    const worst = smsParts(worstCaseChars(req.body, spec, ctx));
    const base = { worstCaseSegments: worst, maxSegments: this.env.SMS_MAX_SEGMENTS, problems };
    // a body with stray braces or unknown variables is shown with its problems only
    if (problems.some((p) => p.kind === 'braces' || p.kind === 'unknown_variable' || p.kind === 'empty')) return base;
    const text = renderMessage(req.code, ctx, spec.sample as TemplateData[typeof req.code], req.body, maxCharsFor(this.env.SMS_MAX_SEGMENTS)).text;
    return { text, characters: smsLength(text), parts: smsParts(smsLength(text)), ...base };
  }

  async save(req: SaveTemplateRequest): Promise<TemplateView> {
    const actor = requireActor('admin');
    const spec = templateSpec(req.code);
    const problems = validateTemplateBody(req.body, spec, this.context(), this.env.SMS_MAX_SEGMENTS);
    if (problems.length > 0) throw new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the template body`, problems);
    const now = this.clock.now();
    const note = req.note?.trim() ? req.note.trim() : null;
    // the primary key (code, version) decides between two saves of the same version: the second inserts nothing
    const inserted = (await this.ds.query(
      `INSERT INTO message_template (code, version, body, note, created_at, created_by)
       SELECT $1, $2 + 1, $3, $4, $5, $6
       WHERE COALESCE((SELECT max(version) FROM message_template WHERE code = $1), 0) = $2
       ON CONFLICT (code, version) DO NOTHING RETURNING version`,
      [req.code, req.expectedVersion, req.body, note, now, actor.username],
    )) as { version: number }[];
    if (inserted.length === 0) {
      const [current] = (await this.ds.query(`SELECT COALESCE(max(version), 0) AS version FROM message_template WHERE code = $1`, [req.code])) as { version: number }[];
      throw new AppError('CONFLICT', `template ${req.code} is at version ${current?.version ?? 0}, not ${req.expectedVersion}`, [
        { field: 'expectedVersion', problem: `the current version is ${current?.version ?? 0}`, currentVersion: current?.version ?? 0 },
      ]);
    }
    this.bodies.invalidate();
    return this.view(req.code, { code: req.code, version: inserted[0]?.version ?? req.expectedVersion + 1, body: req.body, note, created_at: now, created_by: actor.username });
  }

  private view(code: MessageTemplate, row: Row | undefined): TemplateView {
    const spec = templateSpec(code);
    const body = row?.body ?? spec.defaultBody;
    return {
      code,
      name: MESSAGE_TEMPLATE_TEXT[code],
      audience: spec.audience,
      urgent: spec.urgent,
      variables: spec.variables.map((x) => ({
        name: x.name,
        description: x.description,
        elastic: x.elastic,
        ...(x.maxLength !== undefined ? { maxLength: x.maxLength } : {}),
        ...(x.config ? { fromConfig: true } : {}),
      })),
      version: row?.version ?? 0,
      body,
      defaultBody: spec.defaultBody,
      segments: smsParts(worstCaseChars(body, spec, this.context())),
      maxSegments: this.env.SMS_MAX_SEGMENTS,
      ...(row ? { updatedAt: row.created_at.toISOString(), updatedBy: row.created_by } : {}),
    };
  }

  private context(): TemplateContext {
    return { signature: this.env.SMS_SIGNATURE, hallName: this.env.HALL_NAME, hallPhone: this.env.HALL_PHONE };
  }
}

interface Row {
  code: string;
  version: number;
  body: string;
  note: string | null;
  created_at: Date;
  created_by: string;
}
