/**
 * The Xin County (新县, 411523) demo catalogue: departments, approval items of the four stages, hall
 * windows, one account per role, and the stages themselves. Pure data, no I/O: the admin service loads
 * it into an empty database (and the test fixtures load it too), after which the administrator owns it.
 *
 * Sources: /shared/DOMAIN.md (the four-stage table, 告知承诺, 即办件), the gateway contract's "Demo data"
 * table, and 新工程改革办〔2020〕5号 (the county's 一窗受理 procedure).
 *
 * Time limits are working days. Legal limits come from DOMAIN.md's table; where the table has ✖ the value
 * is local practice and is marked `// local practice, configurable`. Promised limits follow Xinyang's rule
 * (⚠ local): at most 2/3 of the legal limit (rounded down, at least 1), and at most 1/2 for the key permits
 * (建设用地规划许可证, 建设工程规划许可证, 建筑工程施工许可证). Instant (即办件) and notify-and-commit
 * (告知承诺) items are decided at the window: promised 0.
 */

import { STAGE_TEXT, type ItemKind, type MaterialForm, type MaterialOriginal, type QueueCategory, type ResultDocumentType, type Stage } from '@yichuang/domain';

export type DemoStageNo = Stage;

/** Same values as `ROLES` in libs/contracts (kept local so the seed stays plain data). */
export type DemoRole = 'clerk' | 'consultant' | 'reviewer' | 'department_head' | 'supervisor' | 'admin';

/**
 * - `instant` 即办件: decided at the window on the spot.
 * - `promised` 承诺件: decided by the back office within the promised limit.
 * - `notify_commit` 告知承诺: the applicant signs a commitment and is approved on the spot; compliance is
 *   checked afterwards. (The gateway contract's catalogue lists only `instant | promised`: a
 *   `notify_commit` item is decided on the spot, i.e. shown as `instant` there.)
 */
export type DemoItemKind = ItemKind;

export interface DemoDepartment {
  /** ASCII code used everywhere (tasks, accounts, NATS payloads) */
  code: string;
  /** name as in the gateway contract */
  name: string;
  /** full official name, for documents */
  fullName: string;
  /** abbreviation used in document numbers, e.g. 新自然资受〔2026〕12号 */
  shortName: string;
  /** office phone printed on notices (demo number) */
  phone: string;
}

export interface DemoMaterial {
  /** unique within its item, ASCII */
  code: string;
  name: string;
  required: boolean;
  original: MaterialOriginal;
  forms: MaterialForm[];
  /** 前置事项: this material is the result of that item (pre-check wants the project's result of it) */
  resultOfItem?: string;
}

export interface DemoItem {
  /** ASCII, stable: `<department>-<nnn>` */
  code: string;
  name: string;
  stage: DemoStageNo;
  departmentCode: string;
  kind: DemoItemKind;
  /** legal limit, working days */
  legalDays: number;
  /** promised limit, working days (0 for instant and notify-and-commit items) */
  promisedDays: number;
  /**
   * the result document: its type (libs/domain `RESULT_DOCUMENT_TYPES`: the numbering sequence, and the 字号 in
   * its number) and its Chinese name
   */
  resultDocument: { type: ResultDocumentType; name: string };
  legalBasis: string;
  materials: DemoMaterial[];
  /**
   * 加大窗口工作授权: `delegated` (default in the demo, today's flow) — the comprehensive window accepts alone;
   * `required` — the department's colleague at the business window confirms the materials first (审查)
   */
  windowReview?: 'delegated' | 'required';
}

export interface DemoWindow {
  no: string;
  name: string;
  kind: 'comprehensive' | 'consultation' | 'pickup';
  /** queue categories this window calls: `stage1..stage4`, `consult`, `pickup` */
  categories: string[];
}

export interface DemoAccount {
  username: string;
  displayName: string;
  roles: DemoRole[];
  departmentCode?: string;
  windowNo?: string;
  /** demo mobile number */
  phone: string;
}

export interface DemoStage {
  stage: DemoStageNo;
  /** also the queue category of the stage */
  code: QueueCategory;
  name: string;
  /** 一家牵头: the department that leads the stage */
  leadDepartmentCode: string;
}

/** Result document types of the key permits: their promised limit is at most 1/2 of the legal limit. */
export const KEY_PERMIT_DOCUMENT_TYPES: readonly ResultDocumentType[] = [
  'LAND_PLANNING_PERMIT',
  'ENGINEERING_PLANNING_PERMIT',
  'CONSTRUCTION_PERMIT',
];

export const DEMO_DEPARTMENTS: DemoDepartment[] = [
  { code: 'FGW', name: '发展和改革委员会', fullName: '新县发展和改革委员会', shortName: '新发改', phone: '0376-2962101' },
  { code: 'ZRZY', name: '自然资源局', fullName: '新县自然资源局', shortName: '新自然资', phone: '0376-2962202' },
  { code: 'ZJJ', name: '住房和城乡建设局', fullName: '新县住房和城乡建设局', shortName: '新住建', phone: '0376-2962303' },
  // Since the 2019 vertical reform the county's environment office is a branch of the city bureau.
  { code: 'STHJ', name: '生态环境局', fullName: '信阳市生态环境局新县分局', shortName: '新环', phone: '0376-2962404' },
  { code: 'RFB', name: '人民防空办公室', fullName: '新县人民防空办公室', shortName: '新人防', phone: '0376-2962505' },
];

/** Sections (科室) the demo departments convene in joint review meetings (联审会议); the others have none configured yet. */
export const DEMO_SECTIONS: { departmentCode: string; code: string; name: string; headUsername?: string }[] = [
  { departmentCode: 'ZRZY', code: 'GH', name: '规划科', headUsername: 'zrzy1' },
  { departmentCode: 'ZRZY', code: 'YD', name: '用地科' },
];

/** The stages, named by libs/domain's STAGE_TEXT (the names the queue's SMS uses too). */
export const STAGES: DemoStage[] = [
  { stage: 1, code: 'stage1', name: STAGE_TEXT[1], leadDepartmentCode: 'FGW' },
  { stage: 2, code: 'stage2', name: STAGE_TEXT[2], leadDepartmentCode: 'ZRZY' },
  { stage: 3, code: 'stage3', name: STAGE_TEXT[3], leadDepartmentCode: 'ZJJ' },
  { stage: 4, code: 'stage4', name: STAGE_TEXT[4], leadDepartmentCode: 'ZJJ' },
];

const P: MaterialForm[] = ['paper'];
const E: MaterialForm[] = ['electronic'];
const PE: MaterialForm[] = ['paper', 'electronic'];

/** 营业执照 (统一社会信用代码), asked for by almost every item. */
function businessLicence(code: string): DemoMaterial {
  return { code, name: '营业执照复印件（统一社会信用代码证）', required: true, original: 'copy', forms: PE };
}

/** 授权委托书, needed only when an agent (代办人) applies. */
function powerOfAttorney(code: string): DemoMaterial {
  return { code, name: '授权委托书及受托人身份证复印件（委托代办的）', required: false, original: 'original', forms: P };
}

export const DEMO_ITEMS: DemoItem[] = [
  // ── Stage 1 立项用地规划许可 ───────────────────────────────────────────────────────────────────
  {
    code: 'FGW-001',
    name: '企业投资项目备案',
    stage: 1,
    departmentCode: 'FGW',
    kind: 'instant',
    legalDays: 0, // filed on receipt of complete information (条例 第十三条): 即办件
    promisedDays: 0,
    resultDocument: { type: 'FILING_CERT', name: '河南省企业投资项目备案证明' },
    legalBasis: '《企业投资项目核准和备案管理条例》（国务院令第673号）第三条、第十三条、第十四条',
    materials: [
      { code: 'M01', name: '企业投资项目备案申请表', required: true, original: 'original', forms: PE },
      businessLicence('M02'),
      { code: 'M03', name: '项目基本情况说明（建设地点、建设规模和内容、总投资）', required: true, original: 'original', forms: PE },
      { code: 'M04', name: '项目符合产业政策的声明', required: true, original: 'original', forms: PE },
      powerOfAttorney('M05'),
    ],
  },
  {
    code: 'FGW-002',
    name: '企业投资项目核准',
    stage: 1,
    departmentCode: 'FGW',
    kind: 'promised',
    legalDays: 20, // ⚠ +40 with the head's approval (条例 第十条)
    promisedDays: 13,
    resultDocument: { type: 'PROJECT_APPROVAL', name: '企业投资项目核准批复' },
    legalBasis: '《企业投资项目核准和备案管理条例》（国务院令第673号）第六条至第十条；《政府核准的投资项目目录》',
    materials: [
      { code: 'M01', name: '项目申请报告', required: true, original: 'original', forms: PE },
      businessLicence('M02'),
      { code: 'M03', name: '建设项目用地预审与选址意见书', required: true, original: 'copy', forms: PE },
      { code: 'M04', name: '节能审查意见（按规定需要的）', required: false, original: 'copy', forms: PE },
      { code: 'M05', name: '项目申请报告编制单位出具的承诺书', required: true, original: 'original', forms: P },
      powerOfAttorney('M06'),
    ],
  },
  {
    code: 'ZRZY-001',
    name: '建设项目用地预审与选址意见书核发',
    stage: 1,
    departmentCode: 'ZRZY',
    kind: 'promised',
    legalDays: 20, // +10 with the head's approval
    promisedDays: 13,
    resultDocument: { type: 'SITE_AND_LAND_PRE_APPROVAL', name: '建设项目用地预审与选址意见书' },
    legalBasis:
      '《中华人民共和国城乡规划法》第三十六条；《中华人民共和国土地管理法》第五十二条；《建设项目用地预审管理办法》；《自然资源部关于以“多规合一”为基础推进规划用地“多审合一、多证合一”改革的通知》（自然资规〔2019〕2号）',
    materials: [
      { code: 'M01', name: '建设项目用地预审与选址申请表', required: true, original: 'original', forms: PE },
      { code: 'M02', name: '建设项目用地预审与选址申请报告', required: true, original: 'original', forms: PE },
      businessLicence('M03'),
      { code: 'M04', name: '项目备案证明或项目建议书批复文件（备案类、审批类项目）', required: false, original: 'copy', forms: PE },
      { code: 'M05', name: '标注项目用地范围的土地利用现状图及拟选址位置图', required: true, original: 'original', forms: PE },
      powerOfAttorney('M06'),
    ],
  },
  {
    code: 'ZRZY-002',
    name: '建设用地规划许可证核发',
    stage: 1,
    departmentCode: 'ZRZY',
    kind: 'promised',
    legalDays: 20, // +10 with the head's approval
    promisedDays: 10, // key permit: ≤ 1/2
    resultDocument: { type: 'LAND_PLANNING_PERMIT', name: '建设用地规划许可证' },
    legalBasis: '《中华人民共和国城乡规划法》第三十七条、第三十八条；《中华人民共和国行政许可法》第四十二条',
    materials: [
      { code: 'M01', name: '建设用地规划许可证申请表', required: true, original: 'original', forms: PE },
      businessLicence('M02'),
      { code: 'M03', name: '项目备案证明或核准批复文件', required: true, original: 'copy', forms: PE },
      { code: 'M04', name: '建设项目规划设计条件', required: true, original: 'copy', forms: PE },
      { code: 'M05', name: '国有建设用地使用权出让合同（出让）或建设项目用地预审与选址意见书（划拨）', required: true, original: 'copy', forms: PE },
      { code: 'M06', name: '建设项目用地红线图（宗地图）', required: true, original: 'original', forms: PE },
      powerOfAttorney('M07'),
    ],
  },
  {
    code: 'STHJ-001',
    name: '建设项目环境影响报告书审批',
    stage: 1,
    departmentCode: 'STHJ',
    kind: 'promised',
    legalDays: 60, // technical review by experts is not counted (行政许可法 第四十五条)
    promisedDays: 40,
    resultDocument: { type: 'EIA_APPROVAL', name: '环境影响报告书批复（环境影响评价批复）' },
    legalBasis: '《中华人民共和国环境影响评价法》第十六条、第二十二条；《建设项目环境保护管理条例》第九条',
    materials: [
      { code: 'M01', name: '建设项目环境影响报告书审批申请书', required: true, original: 'original', forms: PE },
      { code: 'M02', name: '环境影响报告书（全本）', required: true, original: 'original', forms: PE },
      { code: 'M03', name: '环境影响报告书公开版本及删除涉密内容的说明', required: true, original: 'original', forms: E },
      { code: 'M04', name: '公众参与说明', required: true, original: 'original', forms: PE },
      businessLicence('M05'),
      { code: 'M06', name: '项目备案证明或核准批复文件', required: false, original: 'copy', forms: PE },
    ],
  },
  {
    code: 'STHJ-002',
    name: '建设项目环境影响报告表审批',
    stage: 1,
    departmentCode: 'STHJ',
    kind: 'promised',
    legalDays: 30,
    promisedDays: 20,
    resultDocument: { type: 'EIA_APPROVAL', name: '环境影响报告表批复（环境影响评价批复）' },
    legalBasis: '《中华人民共和国环境影响评价法》第十六条、第二十二条；《建设项目环境保护管理条例》第九条',
    materials: [
      { code: 'M01', name: '建设项目环境影响报告表审批申请书', required: true, original: 'original', forms: PE },
      { code: 'M02', name: '环境影响报告表', required: true, original: 'original', forms: PE },
      { code: 'M03', name: '环境影响报告表公开版本及删除涉密内容的说明', required: true, original: 'original', forms: E },
      businessLicence('M04'),
      { code: 'M05', name: '项目备案证明或核准批复文件', required: false, original: 'copy', forms: PE },
    ],
  },

  // ── Stage 2 工程建设许可 ────────────────────────────────────────────────────────────────────────
  {
    code: 'ZRZY-003',
    name: '建设工程规划许可证核发（含设计方案审查）',
    stage: 2,
    departmentCode: 'ZRZY',
    kind: 'promised',
    legalDays: 20, // +10 with the head's approval; the 批前公示 of the design is not counted
    promisedDays: 10, // key permit: ≤ 1/2
    resultDocument: { type: 'ENGINEERING_PLANNING_PERMIT', name: '建设工程规划许可证' },
    legalBasis: '《中华人民共和国城乡规划法》第四十条；《中华人民共和国行政许可法》第四十二条、第四十五条',
    materials: [
      { code: 'M01', name: '建设工程规划许可证申请表', required: true, original: 'original', forms: PE },
      businessLicence('M02'),
      { code: 'M03', name: '建设用地规划许可证', required: true, original: 'copy', forms: PE },
      { code: 'M04', name: '土地使用权证明（不动产权证书或国有建设用地使用权出让合同）', required: true, original: 'copy', forms: PE },
      { code: 'M05', name: '建设项目规划设计条件', required: true, original: 'copy', forms: PE },
      { code: 'M06', name: '建设工程设计方案（总平面图、单体平立剖面图、效果图）', required: true, original: 'original', forms: PE },
      { code: 'M07', name: '设计单位资质证书', required: false, original: 'copy', forms: PE },
    ],
  },

  // ── Stage 3 施工许可 ───────────────────────────────────────────────────────────────────────────
  {
    code: 'ZJJ-001',
    name: '施工图联合审查（含消防、人防、技防）',
    stage: 3,
    departmentCode: 'ZJJ',
    kind: 'promised',
    legalDays: 15, // local practice, configurable (no national limit found)
    promisedDays: 10,
    resultDocument: { type: 'DRAWING_REVIEW_CERT', name: '施工图设计文件审查合格书' },
    legalBasis:
      '《建设工程质量管理条例》第十一条；《房屋建筑和市政基础设施工程施工图设计文件审查管理办法》（住房和城乡建设部令第13号）；国办发〔2019〕11号',
    materials: [
      { code: 'M01', name: '施工图设计文件审查申请表', required: true, original: 'original', forms: PE },
      { code: 'M02', name: '施工图设计文件（全套，含消防、人防、技防专篇）', required: true, original: 'original', forms: E },
      { code: 'M03', name: '建设工程规划许可证', required: true, original: 'copy', forms: PE, resultOfItem: 'ZRZY-003' },
      { code: 'M04', name: '岩土工程勘察报告', required: true, original: 'original', forms: PE },
      { code: 'M05', name: '勘察、设计单位资质证书', required: true, original: 'copy', forms: PE },
      { code: 'M06', name: '设计合同', required: false, original: 'copy', forms: PE },
    ],
  },
  {
    code: 'ZJJ-002',
    name: '特殊建设工程消防设计审查',
    stage: 3,
    departmentCode: 'ZJJ',
    kind: 'promised',
    legalDays: 15, // expert review ≤ 20 working days is not counted
    promisedDays: 10,
    resultDocument: { type: 'FIRE_DESIGN_REVIEW_OPINION', name: '特殊建设工程消防设计审查意见书' },
    legalBasis: '《中华人民共和国消防法》第十一条、第十二条；《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）第十五条至第二十四条',
    // 特殊建设工程消防设计审查: the fire-safety design is checked by the department's own colleague before acceptance
    windowReview: 'required',
    materials: [
      { code: 'M01', name: '特殊建设工程消防设计审查申请表', required: true, original: 'original', forms: PE },
      { code: 'M02', name: '消防设计文件', required: true, original: 'original', forms: PE },
      { code: 'M03', name: '建设工程规划许可证', required: true, original: 'copy', forms: PE, resultOfItem: 'ZRZY-003' },
      { code: 'M04', name: '临时性建筑的批准文件（依法需要批准的）', required: false, original: 'copy', forms: PE },
      { code: 'M05', name: '特殊消防设计技术资料（采用国家工程建设消防技术标准规定以外的特殊消防设计的）', required: false, original: 'original', forms: PE },
    ],
  },
  {
    code: 'RFB-001',
    name: '人防工程设计审查（结合民用建筑修建防空地下室审批）',
    stage: 3,
    departmentCode: 'RFB',
    kind: 'promised',
    legalDays: 20, // local practice, configurable (no national limit found)
    promisedDays: 13,
    resultDocument: { type: 'CIVIL_DEFENCE_APPROVAL', name: '防空地下室建设审批意见书' },
    legalBasis: '《中华人民共和国人民防空法》第二十二条；《河南省实施〈中华人民共和国人民防空法〉办法》',
    materials: [
      { code: 'M01', name: '结合民用建筑修建防空地下室审批申请表', required: true, original: 'original', forms: PE },
      businessLicence('M02'),
      { code: 'M03', name: '建设工程规划许可证', required: true, original: 'copy', forms: PE, resultOfItem: 'ZRZY-003' },
      { code: 'M04', name: '人防工程设计图纸（含总平面图）', required: true, original: 'original', forms: PE },
      { code: 'M05', name: '防空地下室易地建设费缴纳凭证（申请易地建设的）', required: false, original: 'copy', forms: PE },
    ],
  },
  {
    code: 'ZJJ-003',
    name: '建筑工程施工许可证核发',
    stage: 3,
    departmentCode: 'ZJJ',
    kind: 'promised',
    legalDays: 7, // missing items told once; the clock restarts when the materials are complete
    promisedDays: 3, // key permit: ≤ 1/2
    resultDocument: { type: 'CONSTRUCTION_PERMIT', name: '建筑工程施工许可证' },
    legalBasis: '《中华人民共和国建筑法》第七条、第八条；《建筑工程施工许可管理办法》（住房和城乡建设部令第18号）第四条、第六条',
    materials: [
      { code: 'M01', name: '建筑工程施工许可证申请表', required: true, original: 'original', forms: PE },
      { code: 'M02', name: '建设工程规划许可证', required: true, original: 'copy', forms: PE },
      { code: 'M03', name: '施工图设计文件审查合格书', required: true, original: 'copy', forms: PE },
      { code: 'M04', name: '中标通知书（依法必须招标的）', required: true, original: 'copy', forms: PE },
      { code: 'M05', name: '施工合同', required: true, original: 'copy', forms: PE },
      { code: 'M06', name: '施工企业安全生产许可证', required: true, original: 'copy', forms: PE },
      { code: 'M07', name: '建设资金已经落实承诺书', required: true, original: 'original', forms: P },
    ],
  },

  // ── Stage 4 竣工验收 ───────────────────────────────────────────────────────────────────────────
  {
    code: 'ZJJ-004',
    name: '竣工联合验收（规划、消防、人防、档案）',
    stage: 4,
    departmentCode: 'ZJJ', // led by 住建; planning (ZRZY), civil defence (RFB) and archives take part
    kind: 'promised',
    legalDays: 15, // local practice, configurable (no national limit found)
    promisedDays: 10,
    resultDocument: { type: 'JOINT_ACCEPTANCE_OPINION', name: '工程建设项目竣工联合验收意见书' },
    legalBasis: '《建设工程质量管理条例》第十六条；国办发〔2019〕11号“实行联合验收”；《中华人民共和国城乡规划法》第四十五条',
    materials: [
      { code: 'M01', name: '竣工联合验收申请表', required: true, original: 'original', forms: PE },
      { code: 'M02', name: '工程竣工验收报告', required: true, original: 'original', forms: PE },
      { code: 'M03', name: '建设工程规划许可证及附图', required: true, original: 'copy', forms: PE },
      { code: 'M04', name: '规划核实竣工测量成果报告', required: true, original: 'original', forms: PE },
      { code: 'M05', name: '消防设施检测报告', required: true, original: 'original', forms: PE },
      { code: 'M06', name: '人防工程竣工验收资料（有人防工程的）', required: false, original: 'original', forms: PE },
      { code: 'M07', name: '建设工程竣工档案（城建档案移交清单）', required: true, original: 'original', forms: PE },
    ],
  },
  {
    code: 'ZJJ-005',
    name: '特殊建设工程消防验收',
    stage: 4,
    departmentCode: 'ZJJ',
    kind: 'promised',
    legalDays: 15, // local practice, configurable (DOMAIN.md ✖)
    promisedDays: 10,
    resultDocument: { type: 'FIRE_ACCEPTANCE_OPINION', name: '特殊建设工程消防验收意见书' },
    legalBasis: '《中华人民共和国消防法》第十三条；《建设工程消防设计审查验收管理暂行规定》（住房和城乡建设部令第51号）第二十六条至第三十条',
    materials: [
      { code: 'M01', name: '特殊建设工程消防验收申请表', required: true, original: 'original', forms: PE },
      { code: 'M02', name: '工程竣工验收报告', required: true, original: 'original', forms: PE },
      { code: 'M03', name: '涉及消防的建设工程竣工图纸', required: true, original: 'original', forms: PE },
      { code: 'M04', name: '特殊建设工程消防设计审查意见书', required: true, original: 'copy', forms: PE },
      { code: 'M05', name: '消防设施检测报告', required: false, original: 'original', forms: PE },
    ],
  },
  {
    code: 'ZJJ-006',
    name: '房屋建筑和市政基础设施工程竣工验收备案',
    stage: 4,
    departmentCode: 'ZJJ',
    kind: 'notify_commit', // 告知承诺: filed on the spot against a signed commitment, checked afterwards
    legalDays: 5, // local practice, configurable (the builder must file within 15 days of passing)
    promisedDays: 0,
    resultDocument: { type: 'COMPLETION_FILING', name: '工程竣工验收备案表（备案证明）' },
    legalBasis: '《建设工程质量管理条例》第四十九条；《房屋建筑和市政基础设施工程竣工验收备案管理办法》（住房和城乡建设部令第2号）第四条、第五条、第八条',
    materials: [
      { code: 'M01', name: '工程竣工验收备案表', required: true, original: 'original', forms: PE },
      { code: 'M02', name: '工程竣工验收报告', required: true, original: 'original', forms: PE },
      { code: 'M03', name: '竣工联合验收意见书或规划、消防等部门出具的认可文件', required: true, original: 'copy', forms: PE },
      { code: 'M04', name: '施工单位签署的工程质量保修书', required: true, original: 'original', forms: P },
      { code: 'M05', name: '住宅质量保证书和住宅使用说明书（商品住宅工程）', required: false, original: 'either', forms: P },
      { code: 'M06', name: '竣工验收备案告知承诺书', required: true, original: 'original', forms: P },
    ],
  },
];

export const DEMO_WINDOWS: DemoWindow[] = [
  { no: 'W01', name: '综合窗口一', kind: 'comprehensive', categories: ['stage1', 'stage2', 'stage3', 'stage4'] },
  { no: 'W02', name: '综合窗口二', kind: 'comprehensive', categories: ['stage1', 'stage2', 'stage3', 'stage4'] },
  { no: 'C01', name: '咨询窗口', kind: 'consultation', categories: ['consult'] },
  { no: 'P01', name: '出件窗口', kind: 'pickup', categories: ['pickup'] },
];

export const DEMO_ACCOUNTS: DemoAccount[] = [
  // the gateway contract's accounts
  { username: 'clerk1', displayName: '陈晓燕', roles: ['clerk'], windowNo: 'W01', phone: '13937600101' },
  // a clerk acts for the window of the account only (queue, hand-overs): one per window
  { username: 'clerk2', displayName: '杨帆', roles: ['clerk'], windowNo: 'W02', phone: '13937600103' },
  { username: 'pickup1', displayName: '马丽娟', roles: ['clerk'], windowNo: 'P01', phone: '13937600104' },
  { username: 'consult1', displayName: '刘佳', roles: ['consultant'], windowNo: 'C01', phone: '13937600102' },
  { username: 'fgw1', displayName: '王建国', roles: ['reviewer'], departmentCode: 'FGW', phone: '13937600201' },
  { username: 'zrzy1', displayName: '李志强', roles: ['reviewer'], departmentCode: 'ZRZY', phone: '13937600202' },
  { username: 'zjj1', displayName: '张伟', roles: ['reviewer'], departmentCode: 'ZJJ', phone: '13937600203' },
  { username: 'sthj1', displayName: '赵丽', roles: ['reviewer'], departmentCode: 'STHJ', phone: '13937600204' },
  { username: 'rfb1', displayName: '孙浩', roles: ['reviewer'], departmentCode: 'RFB', phone: '13937600205' },
  { username: 'supervisor1', displayName: '周敏', roles: ['supervisor'], phone: '13937600301' },
  { username: 'admin', displayName: '大厅管理员', roles: ['admin'], phone: '13937600001' },
  // one head per department (receives red alarms, approves extensions)
  { username: 'fgw_head', displayName: '黄志刚', roles: ['reviewer', 'department_head'], departmentCode: 'FGW', phone: '13937600401' },
  { username: 'zrzy_head', displayName: '吴德明', roles: ['reviewer', 'department_head'], departmentCode: 'ZRZY', phone: '13937600402' },
  { username: 'zjj_head', displayName: '郑国华', roles: ['reviewer', 'department_head'], departmentCode: 'ZJJ', phone: '13937600403' },
  { username: 'sthj_head', displayName: '何文静', roles: ['reviewer', 'department_head'], departmentCode: 'STHJ', phone: '13937600404' },
  { username: 'rfb_head', displayName: '罗永军', roles: ['reviewer', 'department_head'], departmentCode: 'RFB', phone: '13937600405' },
];
