/**
 * One source for every word people read for a code (标签): each map gives one Chinese text per code of a list in
 * `./codes.ts` (or a state machine), typed `Record<Code, string>`, so a code without its text does not compile and
 * `labels.spec.ts` checks every list at run time. Services, the hall's documents (libs/documents), the SMS
 * templates and the case's timeline take their words from here; nothing else turns a code into Chinese.
 *
 * The terms follow the Administrative Licensing Law (行政许可法) and /shared/DOMAIN.md where they have one; the
 * choices are recorded in docs/glossary.md. Names of catalogue data (items, departments, result documents) are
 * the administrator's data, not labels: they come from the catalogue.
 */
import type { AlarmLevel } from './calendar/alarm.js';
import { CASE_STATUSES, type CaseStatus } from './lifecycle/case-status.js';
import { TASK_STATUSES, type TaskStatus } from './lifecycle/task-status.js';
import {
  ALARM_KINDS,
  ALARM_LEVELS,
  APPLICANT_KINDS,
  APPLICATION_STATUSES,
  CASE_EVENTS,
  CERTIFICATE_CHANGE_KINDS,
  CERTIFICATE_STATUSES,
  DOCUMENT_ROLES,
  DOCUMENT_STANDINGS,
  COLLECTOR_CAPACITIES,
  COLLECT_REFUSALS,
  SHIPMENT_STATUSES,
  TRACKING_STATUSES,
  DAY_KINDS,
  DEADLINE_KINDS,
  LEDGER_REASONS,
  PAUSE_KINDS,
  CHANNELS,
  CONSULTATION_CHANNELS,
  CONSULTATION_KINDS,
  CONSULTATION_STATUSES,
  DELIVERY_METHODS,
  DOCUMENT_KINDS,
  ITEM_KINDS,
  LICENSING_DOCUMENT_KINDS,
  MATERIAL_FORMS,
  MATERIAL_ORIGINALS,
  MEETING_POSITIONS,
  MESSAGE_CHANNELS,
  MESSAGE_STATUSES,
  MESSAGE_TEMPLATES,
  OUTCOMES,
  PAPER_MOVEMENTS,
  PRIORITIES,
  PROCEDURES,
  QUEUE_CATEGORIES,
  RATING_CHANNELS,
  RATING_LEVELS,
  RECTIFICATION_STATUSES,
  RESULT_DOCUMENT_TYPES,
  ISSUED_DOCUMENT_TYPES,
  STAGES,
  TASK_ACTIONS,
  TASK_KINDS,
  COMMITMENT_RESULTS,
  TASK_PAUSE_KINDS,
  TICKET_STATUSES,
  VERDICTS,
  type AlarmKind,
  type ApplicantKind,
  type ApplicationStatus,
  type CaseEvent,
  type CertificateChangeKind,
  type CertificateStatus,
  type DocumentRole,
  type DocumentStanding,
  type CollectorCapacity,
  type CollectRefusal,
  type ShipmentStatus,
  type TrackingStatus,
  type DayKind,
  type DeadlineKind,
  type LedgerReason,
  type PauseKind,
  type Channel,
  type ConsultationChannel,
  type ConsultationKind,
  type ConsultationStatus,
  type DeliveryMethod,
  type DocumentKind,
  type ItemKind,
  type LicensingDocumentKind,
  type MaterialForm,
  type MaterialOriginal,
  type MeetingPosition,
  type MessageChannel,
  type MessageStatus,
  type MessageTemplate,
  type Outcome,
  type PaperMovement,
  type Priority,
  type Procedure,
  type QueueCategory,
  type RatingChannel,
  type RatingLevel,
  type RectificationStatus,
  type ResultDocumentType,
  type IssuedDocumentType,
  type Stage,
  type TaskActionKind,
  type TaskKind,
  type CommitmentResult,
  type TaskPauseKind,
  type TicketStatus,
  type Verdict,
  type MessageProblemStatus,
} from './codes.js';
import { maskPii } from './masking.js';

type Texts<C extends PropertyKey> = Readonly<Record<C, string>>;

/* ---------- catalogue ---------- */

export const STAGE_TEXT: Texts<Stage> = Object.freeze({ 1: '立项用地规划许可', 2: '工程建设许可', 3: '施工许可', 4: '竣工验收' });

export const ITEM_KIND_TEXT: Texts<ItemKind> = Object.freeze({ instant: '即办件', promised: '承诺件', notify_commit: '告知承诺件' });

export const MATERIAL_ORIGINAL_TEXT: Texts<MaterialOriginal> = Object.freeze({ original: '原件', copy: '复印件', either: '原件或复印件' });

export const MATERIAL_FORM_TEXT: Texts<MaterialForm> = Object.freeze({ paper: '纸质', electronic: '电子' });

/**
 * The short code (字号) of each result document type in its number: `CERTIFICATE_NO_PATTERN`'s `{type}`, e.g.
 * 地字第411523202600001号 for a 建设用地规划许可证. The planning ones are the national 用字 / 地字 / 建字; the others
 * are the county's. Distinct per type: numbers are counted per type, so two types sharing a code would repeat numbers.
 */
export const RESULT_DOCUMENT_NO_CODE: Texts<IssuedDocumentType> = Object.freeze({
  FILING_CERT: '投备',
  PROJECT_APPROVAL: '投核',
  SITE_AND_LAND_PRE_APPROVAL: '用',
  LAND_PLANNING_PERMIT: '地',
  EIA_APPROVAL: '环审',
  ENGINEERING_PLANNING_PERMIT: '建',
  DRAWING_REVIEW_CERT: '图审',
  FIRE_DESIGN_REVIEW_OPINION: '消审',
  CIVIL_DEFENCE_APPROVAL: '人防',
  CONSTRUCTION_PERMIT: '施',
  JOINT_ACCEPTANCE_OPINION: '联验',
  FIRE_ACCEPTANCE_OPINION: '消验',
  COMPLETION_FILING: '竣备',
  GRANT_DECISION: '许准',
  REFUSAL_DECISION: '许不',
  REVOCATION_DECISION: '许撤',
  WITHDRAWAL_DECISION: '许回',
  CORRECTION_NOTICE: '证更',
});

/**
 * The standard name of each result document type: the title its document carries (libs/documents' registry) when
 * the catalogue gives none. The catalogue may name an item's document more precisely (河南省企业投资项目备案证明);
 * that name, being the administrator's data, is printed instead.
 */
export const RESULT_DOCUMENT_TYPE_TEXT: Texts<ResultDocumentType> = Object.freeze({
  FILING_CERT: '企业投资项目备案证明',
  PROJECT_APPROVAL: '企业投资项目核准批复',
  SITE_AND_LAND_PRE_APPROVAL: '建设项目用地预审与选址意见书',
  LAND_PLANNING_PERMIT: '建设用地规划许可证',
  EIA_APPROVAL: '环境影响评价批复',
  ENGINEERING_PLANNING_PERMIT: '建设工程规划许可证',
  DRAWING_REVIEW_CERT: '施工图设计文件审查合格书',
  FIRE_DESIGN_REVIEW_OPINION: '特殊建设工程消防设计审查意见书',
  CIVIL_DEFENCE_APPROVAL: '防空地下室建设审批意见书',
  CONSTRUCTION_PERMIT: '建筑工程施工许可证',
  JOINT_ACCEPTANCE_OPINION: '工程建设项目竣工联合验收意见书',
  FIRE_ACCEPTANCE_OPINION: '特殊建设工程消防验收意见书',
  COMPLETION_FILING: '工程竣工验收备案表',
});

/* ---------- the comprehensive window ---------- */

export const CHANNEL_TEXT: Texts<Channel> = Object.freeze({ hall: '窗口申报', online: '网上申报', assisted: '帮办代办' });

export const APPLICANT_KIND_TEXT: Texts<ApplicantKind> = Object.freeze({ enterprise: '企业', person: '个人' });

export const APPLICATION_STATUS_TEXT: Texts<ApplicationStatus> = Object.freeze({
  submitted: '已提交',
  incomplete: '待补正',
  accepted: '已受理',
  rejected: '不予受理',
});

export const VERDICT_TEXT: Texts<Verdict> = Object.freeze({ ok: '符合要求', missing: '未提交', defective: '不符合要求' });

export const DELIVERY_METHOD_TEXT: Texts<DeliveryMethod> = Object.freeze({ pickup: '窗口领取', ems: 'EMS免费寄递' });

export const DOCUMENT_KIND_TEXT: Texts<DocumentKind> = Object.freeze({
  one_time_notice: '一次性告知书',
  acceptance_notice: '受理通知书',
  rejection_decision: '不予受理决定书',
  special_procedure_notice: '特别程序告知书',
});

/** A case's status, as the public inquiry and the window show it. */
export const CASE_STATUS_TEXT: Texts<CaseStatus> = Object.freeze({
  accepted: '已受理',
  in_review: '审批中',
  decided: '已办结',
  ready_for_delivery: '待领取',
  delivered: '已领取',
  closed: '已完成',
});

/** The steps of a case's timeline (`case_timeline.event`); its `detail` says the particulars. */
export const CASE_EVENT_TEXT: Texts<CaseEvent> = Object.freeze({
  accepted: '综合窗口受理',
  decided_on_the_spot: '当场办结',
  dispatched: '分送部门并联审批',
  task_decided: '部门作出审批决定',
  task_suspended: '审批暂停（特殊程序或补齐补正，不计入审批时限）',
  supplement_received: '补正材料已收到',
  task_resumed: '恢复审查',
  due_date_moved: '承诺办结日期调整',
  early_delivery_requested: '申请先行出件',
  item_released: '先行出件',
  decided: '全部事项办结',
  certificates_issued: '结果文书已出具',
  certificate_collected: '结果已领取',
  mailed: '结果已交EMS寄递',
  mail_tracked: '邮件跟踪',
  mail_delivered: '邮件已妥投',
  mail_returned: '邮件退回',
  document_revoked: '结果文书被撤销或撤回',
  document_corrected: '结果文书已更正',
  commitment_verified: '告知承诺事后核查',
  message_sent: '已发送通知',
  evaluated: '已评价',
});

export const PAPER_MOVEMENT_TEXT: Texts<PaperMovement> = Object.freeze({ received: '收取', handed_over: '移交', returned: '归还' });

export const ALARM_KIND_TEXT: Texts<AlarmKind> = Object.freeze({
  deemed_acceptance: '逾期视为受理',
  task_due_soon: '审批任务即将到期',
  task_overdue: '审批任务已超期',
  delivery_due_soon: '结果送达即将到期',
  delivery_overdue: '结果送达已超期',
  mail_returned: '邮件退回待处理',
  mail_failed: '邮件寄递下单失败',
  complaint_due_soon: '投诉今日到期未答复',
  complaint_overdue: '投诉答复已超期',
});

/** 电子监察: yellow before the deadline, red when overdue. */
export const ALARM_LEVEL_TEXT: Texts<AlarmLevel> = Object.freeze({ none: '正常', yellow: '黄牌预警', red: '红牌警告' });

/* ---------- queue and consultation window ---------- */

export const QUEUE_CATEGORY_TEXT: Texts<QueueCategory> = Object.freeze({
  stage1: STAGE_TEXT[1],
  stage2: STAGE_TEXT[2],
  stage3: STAGE_TEXT[3],
  stage4: STAGE_TEXT[4],
  consult: '咨询',
  pickup: '出件',
});

export const PRIORITY_TEXT: Texts<Priority> = Object.freeze({ elderly: '老年人优先', disabled: '残疾人优先', appointment: '预约优先' });

export const TICKET_STATUS_TEXT: Texts<TicketStatus> = Object.freeze({
  waiting: '等候中',
  called: '叫号中',
  serving: '办理中',
  done: '已办结',
  no_show: '过号',
});

export const CONSULTATION_CHANNEL_TEXT: Texts<ConsultationChannel> = Object.freeze({ onsite: '现场', phone: '电话', online: '网上', province: '省政务服务网' });

export const CONSULTATION_KIND_TEXT: Texts<ConsultationKind> = Object.freeze({ consultation: '咨询', complaint: '投诉' });

export const CONSULTATION_STATUS_TEXT: Texts<ConsultationStatus> = Object.freeze({ answered: '已答复', open: '办理中', closed: '已办结' });

/* ---------- the back office ---------- */

/** 准予许可 / 不予许可 (Administrative Licensing Law Art. 38). */
export const OUTCOME_TEXT: Texts<Outcome> = Object.freeze({ approve: '准予许可', deny: '不予许可' });

/**
 * 特殊程序: the names of Art. 45 (听证, 检验检测, 专家评审) and of DOMAIN.md's local rules (公示, 联合踏勘), and
 * 部门会商 for consulting other departments. One name each, in the task's record, the case's timeline, the SMS
 * and the documents.
 */
export const PROCEDURE_TEXT: Texts<Procedure> = Object.freeze({
  site_inspection: '联合踏勘',
  consultation: '部门会商',
  expert_review: '专家评审',
  public_notice: '公示',
  hearing: '听证',
  testing: '检验检测',
});

export const TASK_PAUSE_KIND_TEXT: Texts<TaskPauseKind> = Object.freeze({ special_procedure: '特殊程序', correction: '补齐补正' });

export const TASK_STATUS_TEXT: Texts<TaskStatus> = Object.freeze({
  pending: '待签收',
  claimed: '审查中',
  suspended: '特殊程序中',
  correction_requested: '待补正',
  approved: OUTCOME_TEXT.approve,
  denied: OUTCOME_TEXT.deny,
});

/** The steps of a task's record (`task_action.action`); its `note` says the particulars. */
export const TASK_ACTION_TEXT: Texts<TaskActionKind> = Object.freeze({
  created: '分送部门',
  claimed: '签收',
  assigned: '分派',
  opinion: '审查意见',
  suspended: '暂停计时（特殊程序）',
  correction_requested: '要求补齐补正',
  resumed: '恢复审查',
  supplement_received: '补正材料已收到',
  meeting_convened: '召开联审会议',
  meeting_opinion: '联审意见',
  meeting_concluded: '联审会议结论',
  due_date_moved: '承诺办结日期调整',
  decided: '作出审批决定',
  verified: '作出核查结论',
});

export const TASK_KIND_TEXT: Texts<TaskKind> = Object.freeze({ review: '审批', verification: '告知承诺事后核查' });

export const COMMITMENT_RESULT_TEXT: Texts<CommitmentResult> = Object.freeze({ consistent: '承诺属实', false_commitment: '承诺不实' });

export const MEETING_POSITION_TEXT: Texts<MeetingPosition> = Object.freeze({ agree: '同意', disagree: '不同意', conditional: '有条件同意' });

/* ---------- results, messages, ratings ---------- */

export const CERTIFICATE_STATUS_TEXT: Texts<CertificateStatus> = Object.freeze({ issued: '已出具', collected: '已领取', mailed: '已寄递' });

export const DOCUMENT_ROLE_TEXT: Texts<DocumentRole> = Object.freeze({ result: '审批结果', grant_decision: '准予行政许可决定书', refusal_decision: '不予行政许可决定书' });

export const DOCUMENT_STANDING_TEXT: Texts<DocumentStanding> = Object.freeze({ valid: '有效', revoked: '已撤销', withdrawn: '已撤回', superseded: '已更正（由新文书替代）' });
/**
 * The titles of the licensing procedure's written documents (Art. 38, 45, 69; 告知承诺制; 领证). 特别程序告知书 is the
 * document's established name (the national 政务服务 data standard says 特别程序); the procedures it names are
 * 特殊程序 (`TASK_PAUSE_KIND_TEXT`, `PROCEDURE_TEXT`), as everywhere else.
 */
export const LICENSING_DOCUMENT_KIND_TEXT: Texts<LicensingDocumentKind> = Object.freeze({
  grant_decision: '准予行政许可决定书',
  denial_decision: '不予行政许可决定书',
  special_procedure_notice: '特别程序告知书',
  commitment_letter: '告知承诺书',
  handover_receipt: '领证回执',
  revocation_decision: '撤销行政许可决定书',
  withdrawal_decision: '撤回行政许可决定书',
  correction_notice: '证照更正通知书',
});

/** 撤销 (Art. 69) / 撤回 (Art. 8) / 更正 of an issued result document. */
export const CERTIFICATE_CHANGE_TEXT: Texts<CertificateChangeKind> = Object.freeze({ revoke: '撤销', withdraw: '撤回', correct: '更正' });

/** Who collects a result document at the window, as the hand-over receipt says it. */
export const COLLECTOR_CAPACITY_TEXT: Texts<CollectorCapacity> = Object.freeze({
  holder: '持证人本人',
  legal_representative: '法定代表人',
  contact: '申请联系人',
  authorised_agent: '委托代理人',
});

/** Why the window may not hand the documents to this person: what the clerk reads and tells them. */
export const COLLECT_REFUSAL_TEXT: Texts<CollectRefusal> = Object.freeze({
  holder_is_enterprise: '持证人为企业，须由法定代表人、申请联系人或在窗口登记授权委托的委托代理人领取',
  not_holder: '身份证号码与持证人本人不符',
  no_legal_representative: '申请时未登记法定代表人',
  not_legal_representative: '身份证号码与登记的法定代表人不符',
  no_contact: '申请时未登记申请联系人',
  not_contact: '身份证号码与登记的申请联系人不符',
  no_authorisation: '本办件在窗口没有登记授权委托',
  not_authorised_agent: '身份证号码与登记的委托代理人均不符',
  authorisation_out_of_scope: '授权委托的范围不包括所领取的文书',
  name_mismatch: '姓名与登记的身份证号码所属人不符',
});

/** EMS寄递 of result documents: where the shipment stands. */
export const SHIPMENT_STATUS_TEXT: Texts<ShipmentStatus> = Object.freeze({
  requesting: '寄递下单中',
  created: '已下单',
  in_transit: '运输中',
  delivered: '已妥投',
  returned: '已退回',
  failed: '下单失败',
});

/** What the post reports (邮件跟踪). */
export const TRACKING_STATUS_TEXT: Texts<TrackingStatus> = Object.freeze({
  accepted: '已收寄',
  in_transit: '运输途中',
  out_for_delivery: '正在派送',
  delivered: '妥投签收',
  returned: '退回寄件人',
});

export const MESSAGE_CHANNEL_TEXT: Texts<MessageChannel> = Object.freeze({ sms: '短信', ems: 'EMS寄递', wechat: '微信公众号' });

export const MESSAGE_STATUS_TEXT: Texts<MessageStatus> = Object.freeze({
  created: '待发送',
  sending: '发送中',
  delivered: '已送达',
  temporary_failure: '暂未送达（将重试）',
  permanent_failure: '无法送达',
  technical_failure: '发送失败',
  unconfirmed: '发送结果未确认',
});

/** What each SMS is, as the case's timeline names it. */
export const MESSAGE_TEMPLATE_TEXT: Texts<MessageTemplate> = Object.freeze({
  CASE_ACCEPTED: '受理短信',
  RESULT_READY: '领证通知短信',
  ONE_TIME_NOTICE: '一次性告知短信',
  QUEUE_TURN_NEAR: '排队提醒短信',
  TASK_SUSPENDED: '特殊程序告知短信',
  CORRECTION_REQUESTED: '补齐补正告知短信',
  TASK_ALARM: '电子监察预警短信',
  TASK_REFUSED: '不予许可告知短信',
  DEADLINE_MOVED: '办结日期调整短信',
  RESULT_MAILED: '寄递通知短信',
  PICKUP_REMINDER: '领证提醒短信',
  DOCUMENT_REVOKED: '文书撤销告知短信',
  DOCUMENT_CORRECTED: '文书更正告知短信',
  DEEMED_ACCEPTANCE_ALARM: '逾期视为受理预警短信',
  COMPLAINT_OVERDUE_ALARM: '投诉超期预警短信',
  COMPLAINT_DUE_ALARM: '投诉到期提醒短信',
  COMPLAINT_REPLIED: '投诉答复通知',
  PORTAL_CODE: '办件查询验证码',
  RECTIFICATION_ALARM: '差评整改超期预警短信',
  RECTIFICATION_OUTCOME: '差评整改结果告知短信',
});

/** How a message problem's reason names the channel (短信无法送达, 微信消息无法送达). */
export const MESSAGE_PROBLEM_CHANNEL_TEXT: Texts<MessageChannel> = Object.freeze({ sms: '短信', ems: 'EMS邮件', wechat: '微信消息' });

/**
 * The reason a message problem shows on the window's follow-up list: what happened and what the clerk does (phone the
 * applicant). `{channel}` is MESSAGE_PROBLEM_CHANNEL_TEXT, `{cause}` the permanent failure's likely cause per channel,
 * `{detail}` the provider's own code or words in brackets (masked; omitted when there are none).
 */
export const MESSAGE_PROBLEM_TEXT: Texts<MessageProblemStatus> = Object.freeze({
  permanent_failure: '{channel}无法送达：{cause}{detail}，请电话告知申请人。',
  technical_failure: '{channel}多次发送失败{detail}，请电话告知申请人。',
  unconfirmed: '{channel}是否送达无法确认（发送过程中断），请电话确认申请人是否收到。',
});

/** The likely cause of a permanent failure, per channel. */
export const MESSAGE_PERMANENT_CAUSE_TEXT: Texts<MessageChannel> = Object.freeze({ sms: '号码无效或已停机', ems: '地址无法投递', wechat: '申请人未关注公众号或已拒收' });

/** the longest provider detail quoted in a reason */
const PROBLEM_DETAIL_MAX = 60;

/**
 * The Chinese reason of a message problem for the clerk (pure): e.g. `短信无法送达：号码无效或已停机（UNDELIV err:001），请电话告知申请人。`.
 * `providerReason` is the message's last error as stored (already masked; masked again here): its bookkeeping prefix
 * (`gave up after N attempts: `) is dropped, and it is cut to 60 characters.
 */
export function messageProblemReason(p: { status: MessageProblemStatus; channel: MessageChannel; providerReason?: string | null }): string {
  const raw = (p.providerReason ?? '').replace(/^gave up after \d+ attempts?: /, '').replace(/\s+/g, ' ').trim();
  const masked = maskPii(raw);
  const detail = masked.length === 0 ? '' : `（${masked.length > PROBLEM_DETAIL_MAX ? `${masked.slice(0, PROBLEM_DETAIL_MAX - 1)}…` : masked}）`;
  return MESSAGE_PROBLEM_TEXT[p.status]
    .replace('{channel}', MESSAGE_PROBLEM_CHANNEL_TEXT[p.channel])
    .replace('{cause}', MESSAGE_PERMANENT_CAUSE_TEXT[p.channel])
    .replace('{detail}', detail);
}

/** 好差评 (国办发〔2019〕51号). */
export const RATING_LEVEL_TEXT: Texts<RatingLevel> = Object.freeze({
  very_satisfied: '非常满意',
  satisfied: '满意',
  basic: '基本满意',
  dissatisfied: '不满意',
  very_dissatisfied: '非常不满意',
});

export const RATING_CHANNEL_TEXT: Texts<RatingChannel> = Object.freeze({ pad: '评价器', paper: '纸质评价表', online: '网上评价', sms: '短信评价', qr: '扫码评价', default: '默认评价', province: '省政务服务网评价' });

export const RECTIFICATION_STATUS_TEXT: Texts<RectificationStatus> = Object.freeze({
  pending_callback: '待回访',
  rectifying: '整改中',
  done: '整改完成',
  invalid: '无效差评',
  cannot_rectify: '无法整改',
  overdue: '整改超期',
  pending_verification: '待核实',
  rectified: '已整改',
});

/* ---------- all of them ---------- */

interface LabelList<C extends PropertyKey> {
  readonly codes: readonly C[];
  readonly texts: Texts<C>;
}
const list = <C extends PropertyKey>(codes: readonly C[], texts: Texts<C>): LabelList<C> => Object.freeze({ codes, texts });

/**
 * Every code list with its texts, by name: what `labels.spec.ts` checks (each code has a Chinese text, and
 * nothing else does) and what a screen may show. A new list goes here too.
 */
/* ---------- the working-day calendar ---------- */

export const DAY_KIND_TEXT: Texts<DayKind> = Object.freeze({ working: '工作日', rest_day: '休息日', holiday: '法定节假日', makeup_workday: '调休上班日' });

export const PAUSE_KIND_TEXT: Texts<PauseKind> = Object.freeze({ special_procedure: '特殊程序', correction: '补齐补正', other: '其他依法不计时情形' });

export const LEDGER_REASON_TEXT: Texts<LedgerReason> = Object.freeze({ counted: '计入', rest_day: '休息日', holiday: '节假日', paused: '暂停计时' });

export const DEADLINE_KIND_TEXT: Texts<DeadlineKind> = Object.freeze({ task: '审批承诺期限', art32_notice: '受理审查期限（五个工作日）', complaint: '投诉办理期限' });

/** Said beside a date counted on a year whose holiday arrangement is not announced (a flag, not a code). */
export const PROVISIONAL_TEXT = '暂定';

export const LABELS = Object.freeze({
  stage: list(STAGES, STAGE_TEXT),
  itemKind: list(ITEM_KINDS, ITEM_KIND_TEXT),
  materialOriginal: list(MATERIAL_ORIGINALS, MATERIAL_ORIGINAL_TEXT),
  materialForm: list(MATERIAL_FORMS, MATERIAL_FORM_TEXT),
  resultDocumentNoCode: list(ISSUED_DOCUMENT_TYPES, RESULT_DOCUMENT_NO_CODE),
  resultDocumentType: list(RESULT_DOCUMENT_TYPES, RESULT_DOCUMENT_TYPE_TEXT),
  channel: list(CHANNELS, CHANNEL_TEXT),
  applicantKind: list(APPLICANT_KINDS, APPLICANT_KIND_TEXT),
  applicationStatus: list(APPLICATION_STATUSES, APPLICATION_STATUS_TEXT),
  verdict: list(VERDICTS, VERDICT_TEXT),
  deliveryMethod: list(DELIVERY_METHODS, DELIVERY_METHOD_TEXT),
  documentKind: list(DOCUMENT_KINDS, DOCUMENT_KIND_TEXT),
  caseStatus: list(CASE_STATUSES, CASE_STATUS_TEXT),
  caseEvent: list(CASE_EVENTS, CASE_EVENT_TEXT),
  paperMovement: list(PAPER_MOVEMENTS, PAPER_MOVEMENT_TEXT),
  alarmKind: list(ALARM_KINDS, ALARM_KIND_TEXT),
  alarmLevel: list(ALARM_LEVELS, ALARM_LEVEL_TEXT),
  queueCategory: list(QUEUE_CATEGORIES, QUEUE_CATEGORY_TEXT),
  priority: list(PRIORITIES, PRIORITY_TEXT),
  ticketStatus: list(TICKET_STATUSES, TICKET_STATUS_TEXT),
  consultationChannel: list(CONSULTATION_CHANNELS, CONSULTATION_CHANNEL_TEXT),
  consultationKind: list(CONSULTATION_KINDS, CONSULTATION_KIND_TEXT),
  consultationStatus: list(CONSULTATION_STATUSES, CONSULTATION_STATUS_TEXT),
  outcome: list(OUTCOMES, OUTCOME_TEXT),
  procedure: list(PROCEDURES, PROCEDURE_TEXT),
  taskPauseKind: list(TASK_PAUSE_KINDS, TASK_PAUSE_KIND_TEXT),
  taskStatus: list(TASK_STATUSES, TASK_STATUS_TEXT),
  taskAction: list(TASK_ACTIONS, TASK_ACTION_TEXT),
  taskKind: list(TASK_KINDS, TASK_KIND_TEXT),
  commitmentResult: list(COMMITMENT_RESULTS, COMMITMENT_RESULT_TEXT),
  meetingPosition: list(MEETING_POSITIONS, MEETING_POSITION_TEXT),
  certificateStatus: list(CERTIFICATE_STATUSES, CERTIFICATE_STATUS_TEXT),
  documentRole: list(DOCUMENT_ROLES, DOCUMENT_ROLE_TEXT),
  documentStanding: list(DOCUMENT_STANDINGS, DOCUMENT_STANDING_TEXT),
  licensingDocumentKind: list(LICENSING_DOCUMENT_KINDS, LICENSING_DOCUMENT_KIND_TEXT),
  certificateChangeKind: list(CERTIFICATE_CHANGE_KINDS, CERTIFICATE_CHANGE_TEXT),
  collectorCapacity: list(COLLECTOR_CAPACITIES, COLLECTOR_CAPACITY_TEXT),
  collectRefusal: list(COLLECT_REFUSALS, COLLECT_REFUSAL_TEXT),
  shipmentStatus: list(SHIPMENT_STATUSES, SHIPMENT_STATUS_TEXT),
  trackingStatus: list(TRACKING_STATUSES, TRACKING_STATUS_TEXT),
  messageChannel: list(MESSAGE_CHANNELS, MESSAGE_CHANNEL_TEXT),
  messageStatus: list(MESSAGE_STATUSES, MESSAGE_STATUS_TEXT),
  messageTemplate: list(MESSAGE_TEMPLATES, MESSAGE_TEMPLATE_TEXT),
  ratingLevel: list(RATING_LEVELS, RATING_LEVEL_TEXT),
  ratingChannel: list(RATING_CHANNELS, RATING_CHANNEL_TEXT),
  rectificationStatus: list(RECTIFICATION_STATUSES, RECTIFICATION_STATUS_TEXT),
  dayKind: list(DAY_KINDS, DAY_KIND_TEXT),
  pauseKind: list(PAUSE_KINDS, PAUSE_KIND_TEXT),
  ledgerReason: list(LEDGER_REASONS, LEDGER_REASON_TEXT),
  deadlineKind: list(DEADLINE_KINDS, DEADLINE_KIND_TEXT),
});

/**
 * The text of a code that arrived as a plain string (an event of another service, a stored row): undefined when
 * the list has no such code — the caller says what to show instead, never the English code.
 */
export function labelOf<C extends PropertyKey>(texts: Texts<C>, code: unknown): string | undefined {
  return (typeof code === 'string' || typeof code === 'number') && Object.hasOwn(texts, code) ? texts[code as C] : undefined;
}

/** The name of a special procedure; `特殊程序` when the code is missing or unknown. */
export function procedureText(procedure: unknown): string {
  return labelOf(PROCEDURE_TEXT, procedure) ?? TASK_PAUSE_KIND_TEXT.special_procedure;
}
