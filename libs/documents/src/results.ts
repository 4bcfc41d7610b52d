/**
 * Result documents (证照/批文, Administrative Licensing Law Art. 39): one typed registry says, for each result document
 * type of the catalogue (`RESULT_DOCUMENT_TYPES`), its title, its layout and what it prints:
 *
 * - `certificate` (许可证, 证明, 合格书): a framed form — 中华人民共和国 above the title for the nationally uniform
 *   licences, the number, a sentence citing the legal basis, a bordered table of the type's fields, the conditions
 *   (许可条件/附注), the type's fixed notes (遵守事项/注意事项), then the QR code, the issuing agency, date and seal.
 * - `letter` (批复, 意见书): a letter to the holder — the agency's name as letterhead, title, number, the opening
 *   citing the legal basis, 一、项目基本情况, 二、the decision, 三、the conditions from the reviewer's opinion, the
 *   validity and the type's fixed notes, a closing phrase, then QR code, agency, date and seal.
 *
 * A new type — or a province's own wording of one (DOMAIN.md: layouts vary by province) — is a new entry (data): no
 * new code. `renderResultDocument(data, spec)` also takes an entry loaded from configuration.
 */
import { RESULT_DOCUMENT_TYPE_TEXT, type ResultDocumentType } from '@yichuang/domain';
import { validityText, type Agency, type Holder, type ProjectRef, type Validity, type Verification } from './common.js';
import { FONT_TITLE } from './fonts.js';
import { caption, closing, fieldTable, flow, heading, numbered, paragraph, text, withClosing, type Block } from './layout.js';
import { chineseNumeral, fill, renderPdf } from './pdf.js';
import { SEAL_RED } from './seal.js';

export type ResultLayout = 'certificate' | 'letter';

/**
 * Type-specific particulars a result document may carry (in `ResultDocumentData.particulars`), beyond the holder, the
 * project, the scale and the validity every type has. Their captions are the registry's, per type.
 */
export const RESULT_PARTICULARS = [
  /** 总投资 */
  'investment',
  /** 项目建设依据 (the filing or approval the project rests on) */
  'approvalBasis',
  /** 用地面积 / 拟用地面积 */
  'landArea',
  /** 土地用途 / 用地性质 */
  'landUse',
  /** 土地取得方式 (划拨/出让) */
  'landSupply',
  /** 合同价格 */
  'contractPrice',
  'surveyUnit',
  'designUnit',
  'constructionUnit',
  'supervisionUnit',
  /** 合同工期 */
  'contractPeriod',
  /** 施工图审查机构 */
  'reviewAgency',
  /** 附图及附件名称 */
  'attachments',
] as const;
export type ResultParticular = (typeof RESULT_PARTICULARS)[number];

/** Everything a result document can print as a field. */
export type ResultField = 'holder' | 'holderId' | 'legalRepresentative' | 'projectName' | 'projectCode' | 'location' | 'scale' | 'validity' | 'caseNo' | ResultParticular;

export interface ResultFieldSpec {
  field: ResultField;
  /** the caption the type prints for it (用地单位, 建设单位（个人）, 工程名称 …) */
  caption: string;
}

export interface ResultDocumentSpec {
  /** the standard title (`RESULT_DOCUMENT_TYPE_TEXT`); the data's `title` (the catalogue's name) prints instead when given */
  title: string;
  layout: ResultLayout;
  /** 中华人民共和国 above the title: the licences whose form the State prescribes */
  national?: boolean;
  /**
   * certificate: the sentence under the number; letter: the opening paragraph. Placeholders: {legalBasis} {project}
   * {projectCode} {holder} {title}
   */
  preamble: string;
  /** letter: the decision itself (二、…), same placeholders */
  grant?: string;
  /** the fields, in print order: the certificate's table rows, the letter's 项目基本情况 */
  fields: readonly ResultFieldSpec[];
  /** the heading of the conditions (`data.conditions`, from the reviewer's opinion) */
  conditionsCaption: string;
  /** the heading of the type's fixed notes */
  notesCaption?: string;
  /** notes printed on every document of the type (遵守事项, 注意事项, the law's reminders) */
  notes?: readonly string[];
  /** letter: the closing phrase (此复。/ 特此批复。) */
  closingPhrase?: string;
}

const f = (field: ResultField, caption: string): ResultFieldSpec => ({ field, caption });

/** A certificate of a type with no layout of its own: the common fields and a plain grant. */
function genericCertificate(type: ResultDocumentType, over: Partial<ResultDocumentSpec> = {}): ResultDocumentSpec {
  return {
    title: RESULT_DOCUMENT_TYPE_TEXT[type],
    layout: 'certificate',
    preamble: '根据{legalBasis}的规定，经审查，准予行政许可，特发此证。',
    fields: [f('holder', '申请单位'), f('projectName', '项目名称'), f('projectCode', '项目代码'), f('location', '建设地点'), f('scale', '建设规模'), f('validity', '有效期')],
    conditionsCaption: '附注',
    ...over,
  };
}

/** A letter of a type with no layout of its own. */
function genericLetter(type: ResultDocumentType, over: Partial<ResultDocumentSpec> = {}): ResultDocumentSpec {
  return {
    title: RESULT_DOCUMENT_TYPE_TEXT[type],
    layout: 'letter',
    preamble: '你单位申请的“{project}”（项目代码：{projectCode}）有关事项及相关材料收悉。经审查，根据{legalBasis}，现提出意见如下：',
    grant: '该申请符合法定条件、标准，予以通过。',
    fields: [f('projectName', '项目名称'), f('projectCode', '项目代码'), f('location', '建设地点'), f('scale', '建设规模')],
    conditionsCaption: '有关要求',
    closingPhrase: '特此函告。',
    ...over,
  };
}

/** The registry: every type of `RESULT_DOCUMENT_TYPES` has its entry (the compiler checks). */
export const RESULT_DOCUMENT_REGISTRY = {
  FILING_CERT: {
    title: RESULT_DOCUMENT_TYPE_TEXT.FILING_CERT,
    layout: 'certificate',
    preamble: '根据{legalBasis}的规定，该项目已通过在线平台完成备案，特此证明。',
    fields: [
      f('projectCode', '项目代码'),
      f('projectName', '项目名称'),
      f('holder', '项目单位'),
      f('holderId', '统一社会信用代码'),
      f('location', '建设地点'),
      f('scale', '建设规模及内容'),
      f('investment', '项目总投资'),
    ],
    conditionsCaption: '备注',
    notesCaption: '注意事项',
    notes: [
      '项目单位对备案项目信息的真实性、合法性和完整性负责。',
      '项目备案后，项目法人发生变化，项目建设地点、规模、内容发生重大变更，或者放弃项目建设的，项目单位应当通过在线平台及时告知备案机关，并修改相关信息。',
    ],
  },
  PROJECT_APPROVAL: {
    title: RESULT_DOCUMENT_TYPE_TEXT.PROJECT_APPROVAL,
    layout: 'letter',
    preamble: '你单位报送的“{project}”项目核准申请及相关材料收悉。经研究，根据{legalBasis}，现就该项目核准事项批复如下：',
    grant: '同意“{project}”项目核准。项目单位为{holder}。',
    fields: [f('projectCode', '项目代码'), f('location', '建设地点'), f('scale', '建设规模及内容'), f('investment', '项目总投资')],
    conditionsCaption: '项目建设应当做好以下工作',
    notes: ['如需对本核准文件所规定的建设地点、建设规模、主要建设内容等进行调整，请按照有关规定及时提出变更申请。'],
    closingPhrase: '此复。',
  },
  SITE_AND_LAND_PRE_APPROVAL: {
    title: RESULT_DOCUMENT_TYPE_TEXT.SITE_AND_LAND_PRE_APPROVAL,
    layout: 'certificate',
    national: true,
    preamble: '根据{legalBasis}和国家有关规定，经审核，本建设项目符合国土空间用途管制要求，核发此书。',
    fields: [
      f('projectName', '项目名称'),
      f('projectCode', '项目代码'),
      f('holder', '建设单位名称'),
      f('approvalBasis', '项目建设依据'),
      f('location', '项目拟选位置'),
      f('landArea', '拟用地面积'),
      f('scale', '拟建设规模'),
      f('attachments', '附图及附件名称'),
      f('validity', '有效期'),
    ],
    conditionsCaption: '附注',
    notesCaption: '遵守事项',
    notes: [
      '本书是自然资源主管部门依法审核建设项目用地预审与选址的法定凭据。',
      '未经核发机关审核同意，本书的各项内容不得随意变更。',
      '本书所需附图及附件由核发机关依法确定，与本书具有同等法律效力。',
    ],
  },
  LAND_PLANNING_PERMIT: {
    title: RESULT_DOCUMENT_TYPE_TEXT.LAND_PLANNING_PERMIT,
    layout: 'certificate',
    national: true,
    preamble: '根据{legalBasis}规定，经审核，本用地项目符合国土空间规划和用途管制要求，颁发此证。',
    fields: [
      f('holder', '用地单位'),
      f('projectName', '用地项目名称'),
      f('projectCode', '项目代码'),
      f('location', '用地位置'),
      f('landUse', '土地用途'),
      f('landArea', '用地面积'),
      f('landSupply', '土地取得方式'),
      f('scale', '建设规模'),
      f('attachments', '附图及附件名称'),
    ],
    conditionsCaption: '附注',
    notesCaption: '遵守事项',
    notes: [
      '本证是经自然资源主管部门依法审核，在建设用地范围内进行建设的法定凭据。',
      '未经发证机关审核同意，本证的各项内容不得随意变更。',
      '本证所需附图及附件由发证机关依法确定，与本证具有同等法律效力。',
    ],
  },
  EIA_APPROVAL: {
    title: RESULT_DOCUMENT_TYPE_TEXT.EIA_APPROVAL,
    layout: 'letter',
    preamble: '你单位报送的“{project}”（项目代码：{projectCode}）环境影响评价文件及相关材料收悉。经审查，根据{legalBasis}，批复如下：',
    grant: '该项目在全面落实环境影响评价文件和本批复提出的各项生态环境保护措施后，对环境的不利影响能够得到缓解和控制。我局同意你单位按照环境影响评价文件所列项目的性质、规模、地点和拟采取的生态环境保护措施进行建设。',
    fields: [f('projectName', '项目名称'), f('location', '建设地点'), f('scale', '建设规模及内容'), f('investment', '项目总投资')],
    conditionsCaption: '项目建设和运行中应当重点做好以下工作',
    notes: [
      '项目建设应当严格执行配套建设的环境保护设施与主体工程同时设计、同时施工、同时投产使用的环境保护“三同时”制度。项目竣工后，应当按照规定的标准和程序对配套建设的环境保护设施进行验收。',
      '环境影响评价文件经批准后，项目的性质、规模、地点、采用的生产工艺或者防治污染、防止生态破坏的措施发生重大变动的，应当重新报批环境影响评价文件。自批准之日起超过五年方决定开工建设的，环境影响评价文件应当报我局重新审核。',
    ],
    closingPhrase: '特此批复。',
  },
  ENGINEERING_PLANNING_PERMIT: {
    title: RESULT_DOCUMENT_TYPE_TEXT.ENGINEERING_PLANNING_PERMIT,
    layout: 'certificate',
    national: true,
    preamble: '根据{legalBasis}规定，经审核，本建设工程符合国土空间规划和用途管制要求，颁发此证。',
    fields: [
      f('holder', '建设单位（个人）'),
      f('projectName', '建设项目名称'),
      f('projectCode', '项目代码'),
      f('location', '建设位置'),
      f('scale', '建设规模'),
      f('attachments', '附图及附件名称'),
    ],
    conditionsCaption: '附注',
    notesCaption: '遵守事项',
    notes: [
      '本证是经自然资源主管部门依法审核，建设工程符合国土空间规划和用途管制要求的法定凭证。',
      '依法应当取得本证，但未取得本证或者违反本证规定的，均属违法行为。',
      '未经发证机关审核同意，本证的各项内容不得随意变更。',
      '自然资源主管部门依法有权查验本证，建设单位（个人）有责任提交查验。',
      '本证所需附图及附件由发证机关依法确定，与本证具有同等法律效力。',
    ],
  },
  DRAWING_REVIEW_CERT: genericCertificate('DRAWING_REVIEW_CERT', {
    preamble: '根据{legalBasis}的规定，经审查，该工程施工图设计文件审查合格，特发此书。',
    fields: [f('holder', '建设单位'), f('projectName', '工程名称'), f('projectCode', '项目代码'), f('location', '建设地点'), f('scale', '建设规模'), f('designUnit', '设计单位'), f('reviewAgency', '审查机构')],
  }),
  FIRE_DESIGN_REVIEW_OPINION: {
    title: RESULT_DOCUMENT_TYPE_TEXT.FIRE_DESIGN_REVIEW_OPINION,
    layout: 'letter',
    preamble: '根据{legalBasis}等有关规定，你单位申请的“{project}”（项目代码：{projectCode}）特殊建设工程消防设计审查申请及相关材料收悉。经审查，提出意见如下：',
    grant: '该工程消防设计审查合格。',
    fields: [f('projectName', '工程名称'), f('location', '工程地址'), f('scale', '建设规模'), f('designUnit', '设计单位')],
    conditionsCaption: '审查意见',
    notes: [
      '建设、设计、施工、工程监理单位应当按照审查合格的消防设计文件施工，不得擅自修改；确需修改的，建设单位应当依照规定重新申请消防设计审查。',
      '工程竣工后，建设单位应当依法申请消防验收；未经消防验收或者消防验收不合格的，禁止投入使用。',
    ],
    closingPhrase: '特此告知。',
  },
  CIVIL_DEFENCE_APPROVAL: genericLetter('CIVIL_DEFENCE_APPROVAL', { grant: '同意该项目按照本意见修建防空地下室。', conditionsCaption: '审批意见' }),
  CONSTRUCTION_PERMIT: {
    title: RESULT_DOCUMENT_TYPE_TEXT.CONSTRUCTION_PERMIT,
    layout: 'certificate',
    national: true,
    preamble: '根据{legalBasis}规定，经审查，本建筑工程符合施工条件，准予施工。',
    fields: [
      f('holder', '建设单位'),
      f('projectName', '工程名称'),
      f('projectCode', '项目代码'),
      f('location', '建设地址'),
      f('scale', '建设规模'),
      f('contractPrice', '合同价格'),
      f('surveyUnit', '勘察单位'),
      f('designUnit', '设计单位'),
      f('constructionUnit', '施工单位'),
      f('supervisionUnit', '监理单位'),
      f('contractPeriod', '合同工期'),
    ],
    conditionsCaption: '备注',
    notesCaption: '注意事项',
    notes: [
      '本证放置施工现场，作为准予施工的凭证。',
      '未经发证机关许可，本证的各项内容不得变更。',
      '住房城乡建设主管部门可以对本证进行查验。',
      '本证自核发之日起三个月内应予施工，逾期应办理延期手续；不办理延期或者延期次数、时间超过法定时间的，本证自行废止。',
      '凡未取得本证擅自施工的属违法建设，将按《中华人民共和国建筑法》的规定予以处罚。',
    ],
  },
  JOINT_ACCEPTANCE_OPINION: genericLetter('JOINT_ACCEPTANCE_OPINION', {
    preamble: '你单位申请的“{project}”（项目代码：{projectCode}）竣工联合验收及相关材料收悉。根据{legalBasis}，经规划、消防、人防、档案等部门联合验收，提出意见如下：',
    grant: '该工程联合验收合格。',
    conditionsCaption: '验收意见',
  }),
  FIRE_ACCEPTANCE_OPINION: genericLetter('FIRE_ACCEPTANCE_OPINION', {
    preamble: '根据{legalBasis}等有关规定，你单位申请的“{project}”（项目代码：{projectCode}）特殊建设工程消防验收申请及相关材料收悉。经验收，提出意见如下：',
    grant: '该工程消防验收合格。',
    conditionsCaption: '验收意见',
    closingPhrase: '特此告知。',
  }),
  COMPLETION_FILING: genericCertificate('COMPLETION_FILING', {
    preamble: '根据{legalBasis}的规定，该工程竣工验收备案文件齐全，准予备案，特此证明。',
    fields: [f('holder', '建设单位'), f('projectName', '工程名称'), f('projectCode', '项目代码'), f('location', '工程地点'), f('scale', '建设规模')],
    conditionsCaption: '备注',
  }),
} as const satisfies Record<ResultDocumentType, ResultDocumentSpec>;

/** The particulars a type prints: a type of the registry with its own entry accepts only its own. */
export type ParticularOf<T extends ResultDocumentType> = Extract<(typeof RESULT_DOCUMENT_REGISTRY)[T]['fields'][number]['field'], ResultParticular>;

export interface ResultDocumentData<T extends ResultDocumentType = ResultDocumentType> {
  type: T;
  /** the title to print instead of the registry's (the catalogue's name of the document) */
  title?: string;
  /** e.g. 地字第411523202600001号 */
  documentNo: string;
  /** YYYY-MM-DD: the date of issue, printed under the seal and written as the file's date */
  issueDate: string;
  /** the issuing department (its seal) */
  issuer: Agency;
  holder: Holder;
  project: ProjectRef;
  /** 建设规模 */
  scale?: string;
  /** the type's particulars (see the registry's fields), e.g. { landArea: '12,345.6平方米', landUse: '二类城镇住宅用地' } */
  particulars?: Partial<Record<ParticularOf<T>, string>>;
  /** the conditions of the licence (许可条件/附注), from the reviewer's opinion */
  conditions?: readonly string[];
  validity?: Validity;
  /** the provisions the licence rests on, e.g. 《中华人民共和国城乡规划法》第三十七条、第三十八条 */
  legalBasis: string;
  verification: Verification;
  caseNo?: string;
}

/** The registry's entry of a type. @throws RangeError for a type that has none (not in `RESULT_DOCUMENT_TYPES`). */
export function resultDocumentSpec(type: string): ResultDocumentSpec {
  if (!Object.hasOwn(RESULT_DOCUMENT_REGISTRY, type)) throw new RangeError(`no result document layout for type ${type}`);
  return RESULT_DOCUMENT_REGISTRY[type as ResultDocumentType];
}

function isParticular(field: ResultField): field is ResultParticular {
  return (RESULT_PARTICULARS as readonly string[]).includes(field);
}

/** What a field says in a document of these data; ／ (the forms' "not applicable") when the data have nothing. */
export function resultFieldValue(d: ResultDocumentData, field: ResultField): string {
  const particulars = (d.particulars ?? {}) as Partial<Record<ResultParticular, string>>;
  const value: string | undefined = (() => {
    if (isParticular(field)) return particulars[field];
    switch (field) {
      case 'holder':
        return d.holder.name;
      case 'holderId':
        return d.holder.idNumber;
      case 'legalRepresentative':
        return d.holder.legalRepresentative;
      case 'projectName':
        return d.project.name;
      case 'projectCode':
        return d.project.code;
      case 'location':
        return d.project.location;
      case 'scale':
        return d.scale;
      case 'validity':
        return d.validity ? validityText(d.validity) : undefined;
      case 'caseNo':
        return d.caseNo;
    }
  })();
  return value && value.trim() !== '' ? value : '／';
}

/** Render a result document by its type's entry in the registry (or by `spec`, e.g. a province's own entry). */
export async function renderResultDocument<T extends ResultDocumentType>(d: ResultDocumentData<T>, spec: ResultDocumentSpec = resultDocumentSpec(d.type)): Promise<Buffer> {
  const data = d as unknown as ResultDocumentData;
  const title = d.title ?? spec.title;
  const values = { legalBasis: d.legalBasis, project: d.project.name, projectCode: d.project.code, holder: d.holder.name, title };
  const end = closing({ agency: d.issuer.name, date: d.issueDate, verification: d.verification });
  // a certificate prints its fixed notes under the seal, as the State's forms do; a letter ends with the seal
  const blocks =
    spec.layout === 'certificate'
      ? [...withClosing(certificateBlocks(data, spec, title, values), end), ...certificateNotes(spec)]
      : withClosing(letterBlocks(data, spec, title, values), end, spec.closingPhrase ? 2 : 1);
  return renderPdf({ title, subject: d.documentNo, date: d.issueDate, author: d.issuer.name, frame: spec.layout === 'certificate' }, (doc) => {
    flow(doc, blocks);
  });
}

function certificateBlocks(d: ResultDocumentData, spec: ResultDocumentSpec, title: string, values: Record<string, string>): Block[] {
  const blocks: Block[] = [];
  if (spec.national) blocks.push(text('中华人民共和国', { font: FONT_TITLE, size: 16, align: 'center', characterSpacing: 6, after: 4, keepWithNext: true, unbreakable: true }));
  blocks.push(text(title, { font: FONT_TITLE, size: title.length > 12 ? 22 : 26, align: 'center', characterSpacing: title.length > 12 ? 1 : 4, after: 8, keepWithNext: true, unbreakable: true }));
  blocks.push(text(`编号：${d.documentNo}`, { align: 'center', after: 12, keepWithNext: true, unbreakable: true }));
  blocks.push(paragraph(fill(spec.preamble, values), { after: 10 }));
  blocks.push(fieldTable(spec.fields.map((x) => [x.caption, resultFieldValue(d, x.field)] as const), { size: 11, pad: 4 }));
  if (d.conditions && d.conditions.length > 0) {
    blocks.push(caption(`${spec.conditionsCaption}：`));
    blocks.push(...numbered(d.conditions, { left: 12, after: 2 }));
  }
  if (d.validity && !spec.fields.some((x) => x.field === 'validity')) blocks.push(text(`有效期：${validityText(d.validity)}`, { after: 6 }));
  return blocks;
}

function certificateNotes(spec: ResultDocumentSpec): Block[] {
  if (!spec.notes || spec.notes.length === 0) return [];
  return [
    caption(`${spec.notesCaption ?? '注意事项'}：`, { size: 10 }),
    ...numbered(spec.notes, { size: 10, lineGap: 2.5, after: 1.5, left: 12, marker: (i) => `${chineseNumeral(i + 1)}、` }),
  ];
}

function letterBlocks(d: ResultDocumentData, spec: ResultDocumentSpec, title: string, values: Record<string, string>): Block[] {
  const blocks: Block[] = [
    heading({ agency: d.issuer.name, title, documentNo: d.documentNo, agencyColor: SEAL_RED, rule: true }),
    text(`${d.holder.name}：`, { after: 5, keepWithNext: true }),
    paragraph(fill(spec.preamble, values)),
  ];
  let section = 0;
  const head = (s: string): string => `${chineseNumeral(++section)}、${s}`;
  const sub = (i: number): string => `（${chineseNumeral(i + 1)}）`;
  blocks.push(paragraph(head('项目基本情况'), { keepWithNext: true }));
  blocks.push(...spec.fields.map((x, i) => paragraph(`${sub(i)}${x.caption}：${resultFieldValue(d, x.field)}。`)));
  if (spec.grant) blocks.push(paragraph(head(fill(spec.grant, values))));
  if (d.conditions && d.conditions.length > 0) {
    blocks.push(paragraph(head(`${spec.conditionsCaption}：`), { keepWithNext: true }));
    blocks.push(...d.conditions.map((c, i) => paragraph(`${sub(i)}${c}`)));
  }
  if (d.validity) blocks.push(paragraph(head(`本${title.endsWith('批复') ? '批复' : '文件'}有效期：${validityText(d.validity)}。`)));
  for (const note of spec.notes ?? []) blocks.push(paragraph(head(note)));
  if (spec.closingPhrase) blocks.push(paragraph(spec.closingPhrase));
  return blocks;
}
