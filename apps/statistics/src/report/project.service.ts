import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, type ProjectCaseView, type ProjectStageState, type ProjectStageView, type ProjectView } from '@yichuang/contracts';
import { CASE_STATUS_TEXT, STAGE_TEXT, STAGES, type CaseStatus, type Outcome, type Stage } from '@yichuang/domain';
import { Feed } from '../feed/feed.js';
import type { CaseRow, ItemRow } from './report.service.js';
import { caseRatings, ratingsOfCases, type RatingRow } from './ratings.js';

export const PROJECT_STAGE_STATE_TEXT: Readonly<Record<ProjectStageState, string>> = Object.freeze({
  not_started: '未申报',
  in_progress: '办理中',
  decided: '已办结',
  completed: '已出件',
});

/** the case statuses after every result left the hall */
const HANDED_OVER: readonly CaseStatus[] = ['delivered', 'closed'];

/**
 * The state of a stage from its cases: none → not started; every case handed over (or closed) → completed;
 * every case decided → decided; else in progress.
 */
export function stageState(cases: readonly { status: CaseStatus | null; decidedAt: string | null; handedOverAt: string | null }[]): ProjectStageState {
  if (cases.length === 0) return 'not_started';
  if (cases.every((c) => c.handedOverAt || (c.status && HANDED_OVER.includes(c.status)))) return 'completed';
  if (cases.every((c) => c.decidedAt)) return 'decided';
  return 'in_progress';
}

const iso = (d: Date | null): string | null => (d ? new Date(d).toISOString() : null);

/** One project across the four stages (流水式), from the read model only. */
@Injectable()
export class ProjectService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly feed: Feed,
  ) {}

  async project(projectCode: string): Promise<ProjectView> {
    const cases = (await this.ds.query(`SELECT * FROM case_fact WHERE project_code = $1 ORDER BY stage, accepted_at, case_no`, [projectCode])) as CaseRow[];
    if (cases.length === 0) throw AppError.notFound('project');
    const nos = cases.map((c) => c.case_no);
    const [items, pauses, documents, ratings] = (await Promise.all([
      this.ds.query(`SELECT * FROM case_item WHERE case_no = ANY($1) ORDER BY case_no, item_code`, [nos]),
      this.ds.query(`SELECT task_id, kind FROM pause_fact WHERE case_no = ANY($1) AND ended_at IS NULL`, [nos]),
      this.ds.query(`SELECT * FROM document_fact WHERE case_no = ANY($1) ORDER BY issued_at, no`, [nos]),
      ratingsOfCases(this.ds, nos),
    ])) as [
      ItemRow[],
      { task_id: string; kind: string }[],
      { certificate_id: string; case_no: string; item_code: string; no: string; type_name: string; role: string | null; standing: string; issued_at: Date; handed_over_at: Date | null }[],
      RatingRow[],
    ];
    const caseViews = cases.map((c): ProjectCaseView & { stage: Stage } => {
      return {
        stage: c.stage as Stage,
        caseNo: c.case_no,
        applicationId: c.application_id,
        status: c.status,
        statusText: c.status ? CASE_STATUS_TEXT[c.status] : null,
        acceptedAt: new Date(c.accepted_at).toISOString(),
        windowNo: c.window_no,
        applicant: { kind: c.applicant_kind, name: c.applicant_name, idNumber: c.applicant_id_masked },
        decidedAt: iso(c.decided_at),
        handedOverAt: iso(c.handed_over_at),
        tasks: items
          .filter((i) => i.case_no === c.case_no)
          .map((i) => {
            const open = i.task_id ? pauses.find((x) => x.task_id === i.task_id) : undefined;
            return {
              taskId: i.task_id,
              itemCode: i.item_code,
              itemName: i.item_name ?? i.item_code,
              departmentCode: i.department_code,
              departmentName: i.department_name ?? i.department_code,
              state: i.decided_at ? 'decided' : open ? (open.kind === 'correction' ? 'correction' : 'suspended') : 'pending',
              outcome: (i.outcome as Outcome | null) ?? null,
              dueDate: i.due_date,
              decidedAt: iso(i.decided_at),
            };
          }),
        documents: documents
          .filter((d) => d.case_no === c.case_no)
          .map((d) => ({
            certificateId: d.certificate_id,
            no: d.no,
            typeName: d.type_name,
            itemCode: d.item_code,
            role: d.role,
            standing: d.standing,
            issuedAt: new Date(d.issued_at).toISOString(),
            handedOverAt: iso(d.handed_over_at),
          })),
        ...caseRatings(ratings, c.case_no),
      };
    });
    const stages: ProjectStageView[] = STAGES.map((stage) => {
      const own = caseViews.filter((c) => c.stage === stage).map(({ stage: _s, ...c }) => c);
      const state = stageState(own);
      return {
        stage,
        stageName: STAGE_TEXT[stage],
        state,
        stateText: PROJECT_STAGE_STATE_TEXT[state],
        applications: own.map((c) => ({ applicationId: c.applicationId, caseNo: c.caseNo })),
        cases: own,
      };
    });
    const latest = [...stages].reverse().find((s) => s.state !== 'not_started');
    return {
      projectCode,
      projectName: cases[cases.length - 1]?.project_name ?? projectCode,
      current: latest ? { stage: latest.stage, stageName: latest.stageName, state: latest.state, stateText: latest.stateText } : null,
      stages,
      feed: await this.feed.status(),
    };
  }
}
