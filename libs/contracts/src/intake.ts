import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ByCaseNoRequest, ByIdRequest, CASE_NO_PATTERN, type ApplicantSnapshot, type ProjectSnapshot } from './common.js';
import {
  APPLICANT_KINDS,
  APPLICATION_STATUSES,
  CASE_STATUSES,
  CHANNELS,
  DESK_CONSULTATION_CHANNELS,
  CONSULTATION_KINDS,
  CONSULTATION_STATUSES,
  DELIVERY_METHODS,
  DOCUMENT_KINDS,
  ITEM_KINDS,
  MATERIAL_FORMS,
  QUEUE_CATEGORIES,
  VERDICTS,
  type AlarmKind,
  type ApplicantKind,
  type ApplicationStatus,
  type CaseStatus,
  type Channel,
  type ConsultationChannel,
  type ConsultationKind,
  type ConsultationStatus,
  type DeliveryMethod,
  type DocumentKind,
  type ItemKind,
  type MaterialForm,
  type Outcome,
  type PaperMovement,
  type QueueCategory,
  type Stage,
  type Verdict,
} from '@yichuang/domain';
import { IsApplicantIdNumber, IsMobilePhone, IsOnlyForEnterprise, IsProjectCode, IsResidentId } from './validators.js';

// the code lists live in libs/domain with their Chinese labels; re-exported here under their old names
export { APPLICATION_STATUSES, CHANNELS, DOCUMENT_KINDS, VERDICTS };
export type { AlarmKind, ApplicationStatus, Channel, DocumentKind, Verdict };

/** An enterprise's legal representative (法定代表人), as the application records them: who may collect its results. */
export class LegalRepresentativeInput {
  @ApiProperty({ example: '王建国' }) @IsString() @Length(1, 50) name!: string;
  @ApiProperty({ description: 'resident ID number, check digit verified' }) @IsString() @IsResidentId() idNumber!: string;
}

/** The applicant's contact person (联系人): told about the case, and may collect its results. */
export class ContactInput {
  @ApiProperty({ example: '李四' }) @IsString() @Length(1, 50) name!: string;
  @ApiProperty({ description: 'resident ID number, check digit verified' }) @IsString() @IsResidentId() idNumber!: string;
  @ApiProperty({ example: '13912345678' }) @IsString() @IsMobilePhone() phone!: string;
}

export class ApplicantInput {
  @ApiProperty({ enum: APPLICANT_KINDS })
  @IsIn(APPLICANT_KINDS)
  kind!: ApplicantKind;

  @ApiProperty({ example: '新县城投建设有限公司' }) @IsString() @Length(1, 100) name!: string;

  @ApiProperty({ description: 'unified social credit code (enterprise) or resident ID number (person), check character verified' })
  @IsString()
  @IsApplicantIdNumber()
  idNumber!: string;

  @ApiProperty({ example: '13812345678' }) @IsString() @IsMobilePhone() phone!: string;

  @ApiPropertyOptional({ description: 'the agent (代办人) acting for the applicant' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  agentName?: string;

  @ApiPropertyOptional({ type: LegalRepresentativeInput, description: "an enterprise's legal representative (法定代表人); may collect the results" })
  @IsOptional()
  @IsOnlyForEnterprise()
  @IsObject()
  @ValidateNested()
  @Type(() => LegalRepresentativeInput)
  legalRepresentative?: LegalRepresentativeInput;

  @ApiPropertyOptional({ type: ContactInput, description: 'the contact person (联系人); may collect the results' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => ContactInput)
  contact?: ContactInput;
}

export class ProjectInput {
  @ApiProperty({ example: '2026-411523-48-01-000123' }) @IsString() @IsProjectCode() code!: string;
  @ApiProperty({ example: '新县城北安置小区建设项目' }) @IsString() @Length(1, 200) name!: string;
  @ApiProperty({ example: '新县新集镇城北路' }) @IsString() @Length(1, 200) location!: string;
  @ApiPropertyOptional({ example: '总建筑面积约12万平方米，住宅1200套', description: '建设规模, printed on the result documents' })
  @IsOptional()
  @IsString()
  @Length(1, 500)
  scale?: string;
}

export class MaterialInput {
  @ApiProperty({ example: 'ZRZY-001-M01', description: 'material code as listed by the catalogue' })
  @IsString()
  @Length(1, 60)
  code!: string;

  @ApiProperty({ enum: MATERIAL_FORMS })
  @IsIn(MATERIAL_FORMS)
  form!: MaterialForm;
}

export class DeliveryInput {
  @ApiProperty({ enum: DELIVERY_METHODS, description: 'collect at the window, or free EMS mailing' })
  @IsIn(DELIVERY_METHODS)
  method!: DeliveryMethod;

  @ApiPropertyOptional({ description: 'mailing address (EMS): required when method is ems' })
  @ValidateIf((o: DeliveryInput) => o.method === 'ems' || o.address !== undefined)
  @IsString()
  @Length(5, 200)
  address?: string;

  @ApiPropertyOptional({ example: '李四', description: 'who receives the mail (default: the contact, else the applicant)' })
  @IsOptional()
  @IsString()
  @Length(1, 50)
  recipient?: string;

  @ApiPropertyOptional({ example: '13912345678', description: "the recipient's phone for the courier (default: the contact's, else the applicant's)" })
  @IsOptional()
  @IsString()
  @IsMobilePhone()
  phone?: string;
}

/** How the applicant chose to receive the results, as carried on intake's events (additive, optional). */
export interface DeliveryChoice {
  method: DeliveryMethod;
  address?: string;
  recipient?: string;
  phone?: string;
}

export class CreateApplicationRequest {
  @ApiProperty({ enum: CHANNELS }) @IsIn(CHANNELS) channel!: Channel;

  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 20) ticketNo?: string;

  @ApiProperty({ enum: [1, 2, 3, 4] }) @IsInt() @Min(1) @Max(4) stage!: Stage;

  @ApiProperty({ type: [String], example: ['ZRZY-001', 'FGW-002'] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ArrayUnique()
  @IsString({ each: true })
  @Length(1, 40, { each: true })
  itemCodes!: string[];

  @ApiProperty({ type: ApplicantInput }) @IsObject() @ValidateNested() @Type(() => ApplicantInput) applicant!: ApplicantInput;

  @ApiProperty({ type: ProjectInput }) @IsObject() @ValidateNested() @Type(() => ProjectInput) project!: ProjectInput;

  @ApiProperty({ type: [MaterialInput] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MaterialInput)
  materials!: MaterialInput[];

  @ApiPropertyOptional({ type: DeliveryInput, description: 'how the result is delivered (default: pick-up at the window)' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => DeliveryInput)
  delivery?: DeliveryInput;
}

export interface ApplicationCreatedReply {
  id: string;
  status: 'submitted';
}

export interface ApplicationView {
  id: string;
  status: ApplicationStatus;
  channel: Channel;
  ticketNo?: string;
  stage: Stage;
  items: { code: string; name: string; department: { code: string; name: string }; kind: ItemKind }[];
  applicant: ApplicantSnapshot;
  project: ProjectSnapshot;
  materials: { code: string; name: string; form: MaterialForm; receivedAt: string }[];
  requiredMaterials: { code: string; name: string; required: boolean }[];
  lastPrecheck?: PrecheckReply & { at: string; by: string };
  /** one-time notices issued (一次性告知书), one per submission round at most */
  notices: { documentNo: string; issuedAt: string; round: number }[];
  /** submission round: 0 at creation, +1 with every supplement */
  round: number;
  /** 审查 by the department colleagues at the window */
  windowReviews: { department: string; by: string; at: string; confirmed: boolean; note?: string }[];
  /** 加大窗口工作授权: the departments whose colleague must confirm (审查) before acceptance, by the items' settings */
  windowReviewRequired?: string[];
  /** 前置事项 results issued before the system, recorded by the clerk at pre-check */
  prerequisiteProofs?: PrerequisiteProof[];
  delivery: DeliveryChoice;
  caseNo?: string;
  /**
   * Art. 32: while neither a one-time notice nor a decision was given, the last day to give one (five working days
   * after the materials arrived); after it the application counts as accepted from the day of receipt
   */
  noticeDeadline?: string;
  /** the notice deadline counts a day of a year whose holiday arrangement is not announced */
  noticeDeadlineProvisional?: boolean;
  createdAt: string;
  createdBy: string;
}

export class AddMaterialsRequest extends ByIdRequest {
  @ApiProperty({ type: [MaterialInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MaterialInput)
  materials!: MaterialInput[];
}

export class PrecheckResultInput {
  @ApiProperty() @IsString() @Length(1, 60) materialCode!: string;
  @ApiProperty({ enum: VERDICTS }) @IsIn(VERDICTS) verdict!: Verdict;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(0, 500) note?: string;
  @ApiPropertyOptional({
    example: '新自然资预字〔2019〕12号',
    description: "前置事项 issued before the system: the number of the prerequisite item's result the clerk saw, recorded on the application as proof",
  })
  @IsOptional()
  @IsString()
  @Length(1, 60)
  externalResultNo?: string;
}

export class PrecheckRequest extends ByIdRequest {
  @ApiProperty({ type: [PrecheckResultInput] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => PrecheckResultInput)
  results!: PrecheckResultInput[];
}

export interface PrecheckProblem {
  materialCode: string;
  name: string;
  verdict: Exclude<Verdict, 'ok'>;
  note?: string;
  /** 前置事项: the material is the result of this item, and the project has none of it known to the system */
  prerequisiteItem?: { code: string; name: string };
}

/** 前置事项 issued before the system: a result number the clerk recorded as proof at pre-check. */
export interface PrerequisiteProof {
  materialCode: string;
  itemCode: string;
  documentNo: string;
  by: string;
  at: string;
}

/** `yc.rpc.intake.applications.open.v1`: admin asks before a catalogue change that would break running applications. */
export class OpenApplicationsRequest {
  @IsString() @Length(1, 40) itemCode!: string;
}

export interface OpenApplicationsReply {
  itemCode: string;
  /** applications of the item not yet accepted or refused (submitted, incomplete) */
  open: number;
  /** the first few of them */
  applicationIds: string[];
}

export interface PrecheckReply {
  status: 'complete' | 'incomplete';
  problems: PrecheckProblem[];
  /** the one-time notice issued for an incomplete pre-check */
  notice?: { documentNo: string };
}

/** 告知承诺书: the applicant signed the commitment letter the window printed (needed for notify-and-commit items). */
export class CommitmentInput {
  @ApiProperty({ example: '张三', description: 'who signed for the applicant' }) @IsString() @Length(1, 50) signerName!: string;
  @ApiPropertyOptional({ description: 'SHA-256 (hex) of the scanned signed letter' })
  @IsOptional()
  @Matches(/^[0-9a-f]{64}$/, { message: 'letterSha256 must be 64 lowercase hex digits' })
  letterSha256?: string;
}

/** 告知承诺书 of an application's notify-and-commit item (the first one when no code is given). */
export class CommitmentLetterRequest extends ByIdRequest {
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 40) itemCode?: string;
}

export class AcceptRequest extends ByIdRequest {
  @ApiPropertyOptional({ type: CommitmentInput, description: 'required when the application has notify-and-commit (告知承诺制) items' })
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => CommitmentInput)
  commitment?: CommitmentInput;
}

export interface AcceptReply {
  caseNo: string;
  /** document number of the 受理通知书 */
  acceptanceNoticeNo: string;
  acceptedAt: string;
  /** `dueDateProvisional`: the due date counts a day of a year whose holiday arrangement is not announced yet */
  tasks: { itemCode: string; department: string; dueDate: string; dueDateProvisional: boolean }[];
}

export class RejectRequest extends ByIdRequest {
  @ApiProperty() @IsString() @Length(1, 1000) reason!: string;
  @ApiPropertyOptional({ description: 'the agency whose matter it is' }) @IsOptional() @IsString() @Length(1, 200) referTo?: string;
}

export class GetDocumentRequest {
  @IsIn(DOCUMENT_KINDS) kind!: DocumentKind;
  @IsOptional() @IsString() applicationId?: string;
  @IsOptional() @IsString() caseNo?: string;
  /** one document of several of its kind (a case's special-procedure notices) */
  @IsOptional() @IsString() @Length(1, 60) documentNo?: string;
}

/** A written document of the window about a case. */
export interface CaseDocumentView {
  kind: DocumentKind;
  documentNo: string;
  issuedAt: string;
}

export interface DocumentReply {
  kind: DocumentKind;
  documentNo: string;
  filename: string;
  contentBase64: string;
}

export class NoticeIssuedV1 {
  @IsString() applicationId!: string;
  @IsString() documentNo!: string;
  applicant!: { name: string; phone: string };
  @IsArray() problems!: string[];
  @IsString() issuedAt!: string;
}

export { CASE_STATUSES };
export type { CaseStatus };

export interface TimelineEntry {
  at: string;
  event: string;
  actor: string;
  detail?: string;
}

export interface CaseView {
  caseNo: string;
  status: CaseStatus;
  stage: Stage;
  acceptedAt: string;
  acceptedBy: string;
  applicationId: string;
  applicant: ApplicantSnapshot;
  project: ProjectSnapshot;
  items: { itemCode: string; itemName: string; departmentCode: string; outcome?: Outcome }[];
  promisedDueDate: string;
  /** the promised date counts a day of a year whose holiday arrangement is not announced yet: it may still move */
  promisedDueDateProvisional: boolean;
  /** the catalogue version the case was accepted under */
  catalogVersion: number;
  timeline: TimelineEntry[];
}

/** Event payloads published by intake */
export class CaseItemPayload {
  @IsString() itemCode!: string;
  @IsString() itemName!: string;
  @IsString() departmentCode!: string;
  @IsString() departmentName!: string;
  @IsIn(ITEM_KINDS) kind!: ItemKind;
  @IsInt() legalDays!: number;
  @IsInt() promisedDays!: number;
  @IsString() dueDate!: string;
  resultDocument!: { type: string; name: string };
}

export class CaseAcceptedV1 {
  @IsString() caseNo!: string;
  @IsString() applicationId!: string;
  @IsInt() stage!: Stage;
  @IsString() acceptedAt!: string;
  /** the calendar date (Asia/Shanghai) the clock starts from */
  @IsString() acceptedDate!: string;
  @IsString() acceptedBy!: string;
  @IsOptional() @IsString() windowNo?: string;
  applicant!: ApplicantSnapshot;
  project!: ProjectSnapshot;
  @IsInt() catalogVersion!: number;
  @IsArray() @ValidateNested({ each: true }) @Type(() => CaseItemPayload) items!: CaseItemPayload[];
  /** how the results are to be delivered (absent on events written before it was carried: pick-up) */
  @IsOptional() @IsObject() delivery?: DeliveryChoice;
  /** the materials received, in the catalogue's order (absent on events written before they were carried) */
  @IsOptional() @IsArray() materials?: { code: string; name: string; form: 'paper' | 'electronic' }[];
}

export class CaseDecidedV1 {
  @IsString() caseNo!: string;
  @IsString() decidedAt!: string;
  /** YYYY-MM-DD: when the application was made and accepted (printed on the decisions; absent in older events) */
  @IsOptional() @IsString() applicationDate?: string;
  @IsOptional() @IsString() acceptedDate?: string;
  applicant!: ApplicantSnapshot;
  project!: ProjectSnapshot;
  @IsArray() results!: DecidedResult[];
  /** how the results are to be delivered (absent on events written before it was carried: pick-up) */
  @IsOptional() @IsObject() delivery?: DeliveryChoice;
}

/**
 * One decided item of a case, as the certificate service needs it to draw up the documents: the result document
 * type, and (optional for events written before they were carried) the issuing department's name, the legal basis,
 * the reviewer's opinion (a grant's conditions, a refusal's reasons), who decided and when.
 */
export interface DecidedResult {
  itemCode: string;
  itemName: string;
  departmentCode: string;
  outcome: Outcome;
  resultDocument: { type: string; name: string };
  departmentName?: string;
  legalBasis?: string;
  opinion?: string;
  decidedBy?: string;
  decidedAt?: string;
}

export class CaseStatusChangedV1 {
  @IsString() caseNo!: string;
  @IsIn(CASE_STATUSES) status!: CaseStatus;
  @IsString() at!: string;
}

export class InquiryRequest {
  @ApiProperty({ example: '411523-2026-000001' })
  @IsString()
  @Length(1, 40)
  @Matches(/^[A-Za-z0-9-]+$/, { message: 'caseNo must be ASCII letters, digits and -' })
  caseNo!: string;

  @ApiProperty({ example: '5678', description: 'the last four digits of the phone given when applying' })
  @IsString()
  @Matches(/^\d{4}$/, { message: 'phoneLast4 must be 4 digits' })
  phoneLast4!: string;
}

/** Progress for the public (phone inquiry, portal): no personal data. */
export interface InquiryReply {
  caseNo: string;
  status: CaseStatus;
  statusText: string;
  acceptedAt: string;
  promisedDueDate: string;
  promisedDueDateProvisional: boolean;
  items: { name: string; department: string; result: string }[];
  steps: { at: string; step: string }[];
}

export class ListCasesRequest {
  @ApiPropertyOptional({ enum: CASE_STATUSES }) @IsOptional() @IsIn(CASE_STATUSES) status?: CaseStatus;
  @ApiPropertyOptional({ description: 'cases accepted at this window (default: the caller\'s window)' }) @IsOptional() @IsString() @Length(1, 20) windowNo?: string;
  @ApiPropertyOptional({ description: 'include finished cases (delivered, closed)' }) @IsOptional() @IsIn(['true', 'false']) includeFinished?: 'true' | 'false';
}

export interface CaseSummary {
  caseNo: string;
  status: CaseStatus;
  stage: Stage;
  projectName: string;
  applicantName: string;
  windowNo?: string;
  acceptedAt: string;
  promisedDueDate: string;
  promisedDueDateProvisional: boolean;
}

export interface AlarmView {
  id: string;
  kind: AlarmKind;
  level: 'yellow' | 'red';
  message: string;
  raisedAt: string;
  applicationId?: string;
  caseNo?: string;
  taskId?: string;
  department?: string;
  /** complaint_overdue (intake): the complaint */
  consultationId?: string;
  /** delivery alarms (certificate): the item whose result document is late, or the shipment that came back */
  itemCode?: string;
  shipmentId?: string;
  acknowledgedAt?: string;
  acknowledgedBy?: string;
}

export class ListAlarmsRequest {
  @ApiPropertyOptional({ enum: ['yellow', 'red'] }) @IsOptional() @IsIn(['yellow', 'red']) level?: 'yellow' | 'red';
  @ApiPropertyOptional({ description: 'include acknowledged alarms' }) @IsOptional() @IsIn(['true', 'false']) includeAcknowledged?: 'true' | 'false';
}

export class AlarmRaisedV1 {
  @IsString() alarmId!: string;
  @IsString() kind!: AlarmKind;
  @IsIn(['yellow', 'red']) level!: 'yellow' | 'red';
  @IsString() message!: string;
  @IsOptional() @IsString() applicationId?: string;
  @IsOptional() @IsString() caseNo?: string;
  @IsString() raisedAt!: string;
  /** deemed_acceptance: the project's name, the day the materials arrived, the last day to notify or decide, and the account that received them */
  @IsOptional() @IsString() project?: string;
  @IsOptional() @IsString() receivedDate?: string;
  @IsOptional() @IsString() dueDate?: string;
  @IsOptional() @IsString() receivedBy?: string;
  /** complaint_overdue: the complaint (consultation id), its topic and its handler's username */
  @IsOptional() @IsString() consultationId?: string;
  @IsOptional() @IsString() topic?: string;
  @IsOptional() @IsString() handler?: string;
  /** complaint alarms: the responsible department (its heads get the SMS) */
  @IsOptional() @IsString() department?: string;
}

/* ---------- paper custody (纸质材料不出大厅) ---------- */

export class PaperHandoverRequest extends ByIdRequest {
  @ApiProperty({ type: [String], description: 'material codes of paper materials of the application' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  materialCodes!: string[];

  @ApiProperty({ example: 'zrzy1', description: 'the department reviewer (inside the hall) who takes them' }) @IsString() @Length(1, 64) to!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 500) note?: string;
}

export class PaperReturnRequest extends ByIdRequest {
  @ApiProperty({ type: [String] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @IsString({ each: true })
  materialCodes!: string[];

  @ApiProperty({ example: '综合窗口档案柜A-03' }) @IsString() @Length(1, 100) location!: string;
}

export interface PaperFileView {
  applicationId: string;
  caseNo?: string;
  materialCode: string;
  name: string;
  location: string;
  holder?: string;
  since: string;
  movements: { at: string; by: string; action: PaperMovement; to?: string; location?: string; note?: string }[];
}

export class OutstandingPaperRequest {
  @ApiPropertyOptional({ description: 'only files out for at least this many hours' }) @IsOptional() @Type(() => Number) @IsInt() @Min(0) @Max(10_000) olderThanHours?: number;
}

/* ---------- window review (审查 by the department colleague at the window) ---------- */

export class WindowReviewRequest extends ByIdRequest {
  @ApiProperty({ description: 'the materials are confirmed complete and lawful in form' }) @IsBoolean() confirmed!: boolean;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 1000) note?: string;
}

/* ---------- consultation window (咨询窗口) ---------- */

export class CreateConsultationRequest {
  @ApiProperty({ enum: DESK_CONSULTATION_CHANNELS }) @IsIn(DESK_CONSULTATION_CHANNELS) channel!: ConsultationChannel;
  @ApiProperty({ enum: CONSULTATION_KINDS }) @IsIn(CONSULTATION_KINDS) kind!: ConsultationKind;
  @ApiProperty({ example: '施工许可需要哪些材料' }) @IsString() @Length(1, 200) topic!: string;
  @ApiProperty() @IsString() @Length(1, 2000) question!: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 2000) answer?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @Length(1, 50) contactName?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @IsMobilePhone() phone?: string;
  @ApiPropertyOptional({ enum: QUEUE_CATEGORIES, description: 'issue a queue ticket into this category' })
  @IsOptional()
  @IsIn(QUEUE_CATEGORIES)
  ticketCategory?: QueueCategory;
  @ApiPropertyOptional({ description: 'complaints: who handles it (default: supervisor1)' }) @IsOptional() @IsString() @Length(1, 64) handler?: string;
  @ApiPropertyOptional({ description: "complaints: the responsible department (default: the case's department when it has one)" }) @IsOptional() @IsString() @Matches(/^[A-Z][A-Z0-9_]{1,19}$/) department?: string;
  @ApiPropertyOptional({ description: 'complaints: the case complained about' }) @IsOptional() @IsString() @Matches(CASE_NO_PATTERN) caseNo?: string;
  @ApiPropertyOptional({ description: 'complaints: the window complained about' }) @IsOptional() @IsString() @Length(1, 20) windowNo?: string;
  @ApiPropertyOptional({ description: 'complaints: the staff member complained about (username)' }) @IsOptional() @IsString() @Length(1, 64) staff?: string;
}

/** 投诉 online, by the public (no login; rate limited): the applicant's phone gets the reply's SMS. */
export class OnlineComplaintRequest {
  @ApiProperty({ example: '窗口办理超时' }) @IsString() @Length(1, 200) topic!: string;
  @ApiProperty() @IsString() @Length(1, 2000) question!: string;
  @ApiProperty() @IsString() @Length(1, 50) contactName!: string;
  @ApiProperty() @IsString() @IsMobilePhone() phone!: string;
  @ApiPropertyOptional({ description: 'the case complained about' }) @IsOptional() @IsString() @Matches(CASE_NO_PATTERN) caseNo?: string;
}

/**
 * 投诉 made on the provincial 政务服务网, handed in by apps/exchange (not a gateway route): recorded once per the
 * province's item (the exchange's Idempotency-Key) as an open complaint of the `province` channel.
 */
export class ProvinceComplaintRequest extends OnlineComplaintRequest {}

export class RouteComplaintRequest extends ByIdRequest {
  @ApiProperty({ example: 'ZRZY', description: 'the responsible department' }) @IsString() @Matches(/^[A-Z][A-Z0-9_]{1,19}$/) department!: string;
}

export class ReplyComplaintRequest extends ByIdRequest {
  @ApiProperty({ description: "the department's reply to the complainant" }) @IsString() @Length(1, 2000) reply!: string;
}

/** A complaint answered by its department: notification tells the complainant by SMS. */
export class ComplaintRepliedV1 {
  @IsString() consultationId!: string;
  @IsString() topic!: string;
  @IsString() department!: string;
  @IsString() repliedBy!: string;
  @IsString() repliedAt!: string;
  /** the complainant's phone (none: nobody to tell) */
  @IsOptional() @IsString() phone?: string;
  @IsOptional() @IsString() caseNo?: string;
}

export interface ConsultationView {
  id: string;
  channel: string;
  kind: ConsultationKind;
  topic: string;
  question: string;
  answer?: string;
  contactName?: string;
  /** masked */
  phone?: string;
  ticketNo?: string;
  handler?: string;
  dueDate?: string;
  /** complaints: the responsible department, the case, window and staff member complained about */
  department?: string;
  caseNo?: string;
  windowNo?: string;
  staff?: string;
  /** complaints: the department's reply (status `answered`) */
  reply?: { text: string; by: string; at: string };
  status: ConsultationStatus;
  resolution?: string;
  createdBy: string;
  createdAt: string;
}

export class ListConsultationsRequest {
  @ApiPropertyOptional({ enum: CONSULTATION_KINDS }) @IsOptional() @IsIn(CONSULTATION_KINDS) kind?: ConsultationKind;
  @ApiPropertyOptional({ enum: CONSULTATION_STATUSES }) @IsOptional() @IsIn(CONSULTATION_STATUSES) status?: ConsultationStatus;
}

export class CloseConsultationRequest extends ByIdRequest {
  @ApiProperty() @IsString() @Length(1, 2000) resolution!: string;
}

/** 补正材料: a supplement handed in at the window for an accepted case (answers a correction request). */
export class AddCaseSupplementRequest extends ByCaseNoRequest {
  @ApiProperty({ type: [MaterialInput] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => MaterialInput)
  materials!: MaterialInput[];
}

/** The applicant asks for one item's result before the others (统一出件 otherwise). */
export class EarlyDeliveryRequest extends ByCaseNoRequest {
  @ApiProperty({ example: 'ZRZY-001' }) @IsString() @Length(1, 40) itemCode!: string;
}

/** One approved item released for delivery before the case is decided (the applicant asked for it early). */
export class ItemReleasedV1 extends CaseDecidedV1 {}
