/**
 * The administrator's catalogue page (事项目录): the item form as the administrator fills it, checked in the browser
 * with the catalogue service's own rules (apps/admin catalog-rules) so most problems never reach the API, and turned
 * into the bodies of `POST /admin/catalog/items` and `PATCH /admin/catalog/items/{code}`.
 */
import {
  ITEM_KIND_TEXT,
  MATERIAL_FORM_TEXT,
  MATERIAL_ORIGINAL_TEXT,
  type ItemKind,
  type MaterialForm,
  type MaterialOriginal,
  type ResultDocumentType,
  type Stage,
} from '@yichuang/domain';
import { chineseDate } from './deadline';

export type WindowReview = 'delegated' | 'required';

export interface MaterialDraft {
  /** the code within the item (M01); the catalogue keeps it as `<item>-<code>` */
  code: string;
  name: string;
  required: boolean;
  original: MaterialOriginal;
  forms: MaterialForm[];
  /** 前置事项: the item whose result this material is */
  resultOfItem?: string;
}

export interface ItemDraft {
  code: string;
  name: string;
  stage: Stage;
  departmentCode: string;
  kind: ItemKind;
  legalDays: number;
  promisedDays: number;
  materials: MaterialDraft[];
  resultDocumentType: ResultDocumentType;
  resultDocumentName: string;
  legalBasis: string;
  free: boolean;
  /** yuan */
  amount?: number;
  feeBasis?: string;
  windowReview: WindowReview;
  /** YYYY-MM-DD; empty: today */
  effectiveFrom?: string;
  note: string;
}

/** An item as `GET /api/v1/catalog/items` answers it (notify-and-commit items come as `instant` with `commitment`). */
export interface CatalogueItemView {
  code: string;
  name: string;
  stage: Stage;
  department: { code: string; name?: string };
  kind: 'instant' | 'promised';
  commitment?: boolean;
  legalDays: number;
  promisedDays: number;
  materials: { code: string; name: string; required: boolean; original: MaterialOriginal; forms: MaterialForm[]; resultOfItem?: string }[];
  resultDocument: { type: string; name: string };
  legalBasis?: string;
  fees?: { free: boolean; amount?: number; basis?: string };
  windowReview?: WindowReview;
  effectiveFrom?: string;
}

export interface ScheduledChange {
  id: string;
  itemCode: string;
  kind: 'create' | 'update' | 'retire';
  effectiveFrom: string;
  note: string;
  createdBy: string;
  createdAt: string;
}

export interface CatalogueVersion {
  version: number;
  note: string;
  createdBy: string;
  createdAt: string;
  itemCode?: string;
  effectiveFrom?: string;
}

export const ITEM_CODE = /^[A-Z]{2,10}-[0-9]{3}$/;
export const MATERIAL_CODE = /^[A-Z0-9]{1,10}$/;

/** The kind as the catalogue keeps it (the public list folds 告知承诺件 into 即办件 with `commitment`). */
export function kindOf(item: Pick<CatalogueItemView, 'kind' | 'commitment'>): ItemKind {
  return item.commitment ? 'notify_commit' : item.kind;
}

/** The material's code within its item: `ZRZY-001-M01` → `M01`. */
export function localMaterialCode(itemCode: string, code: string): string {
  return code.startsWith(`${itemCode}-`) ? code.slice(itemCode.length + 1) : code;
}

/** The next free material code (M01, M02 …) for a new row of the form. */
export function nextMaterialCode(materials: readonly Pick<MaterialDraft, 'code'>[]): string {
  const taken = new Set(materials.map((m) => m.code));
  for (let i = 1; ; i++) {
    const code = `M${String(i).padStart(2, '0')}`;
    if (!taken.has(code)) return code;
  }
}

export function emptyMaterial(materials: readonly Pick<MaterialDraft, 'code'>[] = []): MaterialDraft {
  return { code: nextMaterialCode(materials), name: '', required: true, original: 'original', forms: ['paper'] };
}

/** The form filled with an item as it is now (for 修改). */
export function draftOf(item: CatalogueItemView): ItemDraft {
  return {
    code: item.code,
    name: item.name,
    stage: item.stage,
    departmentCode: item.department.code,
    kind: kindOf(item),
    legalDays: item.legalDays,
    promisedDays: item.promisedDays,
    materials: item.materials.map((m) => ({
      code: localMaterialCode(item.code, m.code),
      name: m.name,
      required: m.required,
      original: m.original,
      forms: [...m.forms],
      ...(m.resultOfItem ? { resultOfItem: m.resultOfItem } : {}),
    })),
    resultDocumentType: item.resultDocument.type as ResultDocumentType,
    resultDocumentName: item.resultDocument.name,
    legalBasis: item.legalBasis ?? '',
    free: item.fees?.free ?? true,
    ...(item.fees?.amount !== undefined ? { amount: item.fees.amount } : {}),
    ...(item.fees?.basis ? { feeBasis: item.fees.basis } : {}),
    windowReview: item.windowReview ?? 'required',
    note: '',
  };
}

const blank = (s: string | undefined) => !s || s.trim().length === 0;

/**
 * Every problem of the form, in Chinese, as the catalogue service would find them (and the fields it needs):
 * nothing is sent while this lists any. `today` (YYYY-MM-DD) bounds the day the change takes effect.
 */
export function draftProblems(d: ItemDraft, today: string, isNew: boolean): string[] {
  const p: string[] = [];
  if (isNew && !ITEM_CODE.test(d.code ?? '')) p.push('事项编码须为“部门代码-三位数字”，如 FGW-003');
  if (blank(d.name)) p.push('请填写事项名称');
  else if (d.name.trim().length > 200) p.push('事项名称不超过200个字符');
  if (blank(d.departmentCode)) p.push('请选择实施部门');
  if (!Number.isInteger(d.legalDays) || d.legalDays < 0 || d.legalDays > 365) p.push('法定办结时限须为0至365个工作日');
  if (!Number.isInteger(d.promisedDays) || d.promisedDays < 0 || d.promisedDays > 365) p.push('承诺办结时限须为0至365个工作日');
  else if (d.legalDays > 0 && d.promisedDays > d.legalDays) p.push('承诺办结时限不能超过法定办结时限');
  if (d.kind === 'promised' && d.promisedDays < 1) p.push('承诺件的承诺办结时限至少为1个工作日');
  const materials = d.materials ?? [];
  if (materials.length === 0) p.push('至少填写一项申请材料');
  else if (!materials.some((m) => m.required)) p.push('至少一项申请材料须为必需');
  if (materials.length > 50) p.push('申请材料至多50项');
  const seen = new Set<string>();
  materials.forEach((m, i) => {
    const n = `第${i + 1}项材料`;
    if (!MATERIAL_CODE.test(m.code ?? '')) p.push(`${n}：材料编码须为1至10位大写字母或数字`);
    else if (seen.has(m.code)) p.push(`${n}：材料编码${m.code}重复`);
    seen.add(m.code);
    if (blank(m.name)) p.push(`${n}：请填写材料名称`);
    if (!m.forms || m.forms.length === 0) p.push(`${n}：请至少选择一种材料形式（纸质或电子）`);
    if (m.resultOfItem) {
      if (!ITEM_CODE.test(m.resultOfItem)) p.push(`${n}：前置事项须为事项编码，如 ZRZY-001`);
      else if (m.resultOfItem === d.code) p.push(`${n}：事项不能以自身为前置事项`);
    }
  });
  if (blank(d.resultDocumentName)) p.push('请填写办理结果名称');
  if (blank(d.legalBasis)) p.push('请填写设定依据');
  if (!d.free) {
    if (d.amount === undefined || !Number.isInteger(d.amount) || d.amount < 1) p.push('收费事项须填写收费金额（元，正整数）');
    if (blank(d.feeBasis)) p.push('收费事项须填写收费依据');
  }
  if (d.effectiveFrom && d.effectiveFrom < today) p.push(`生效日期不能早于今天（${chineseDate(today)}）`);
  if (blank(d.note)) p.push('请填写变更说明');
  return p;
}

function materialsBody(d: ItemDraft) {
  return d.materials.map((m) => ({
    code: m.code.trim(),
    name: m.name.trim(),
    required: m.required,
    original: m.original,
    forms: m.forms,
    ...(m.resultOfItem?.trim() ? { resultOfItem: m.resultOfItem.trim() } : {}),
  }));
}

function feesBody(d: ItemDraft) {
  return d.free ? { free: true } : { free: false, amount: d.amount, basis: d.feeBasis?.trim() };
}

/** The body of `POST /api/v1/admin/catalog/items`. */
export function createBody(d: ItemDraft) {
  return {
    code: d.code.trim(),
    name: d.name.trim(),
    stage: d.stage,
    departmentCode: d.departmentCode,
    kind: d.kind,
    legalDays: d.legalDays,
    promisedDays: d.promisedDays,
    materials: materialsBody(d),
    resultDocument: { type: d.resultDocumentType, name: d.resultDocumentName.trim() },
    legalBasis: d.legalBasis.trim(),
    fees: feesBody(d),
    windowReview: d.windowReview,
    note: d.note.trim(),
    ...(d.effectiveFrom ? { effectiveFrom: d.effectiveFrom } : {}),
  };
}

/**
 * The body of `PATCH /api/v1/admin/catalog/items/{code}`: what the form holds (the department and the stage are
 * the item's identity in the catalogue and are not changed by PATCH).
 */
export function updateBody(d: ItemDraft) {
  const { code: _code, stage: _stage, departmentCode: _department, ...rest } = createBody(d);
  return rest;
}

const CHANGE_TEXT: Record<ScheduledChange['kind'], string> = { create: '新增', update: '修改', retire: '停用' };

/** The changes waiting for their day, by item code. */
export function pendingByItem(changes: readonly ScheduledChange[]): Map<string, ScheduledChange[]> {
  const by = new Map<string, ScheduledChange[]>();
  for (const c of [...changes].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : a.effectiveFrom > b.effectiveFrom ? 1 : 0))) {
    by.set(c.itemCode, [...(by.get(c.itemCode) ?? []), c]);
  }
  return by;
}

/** `2026年12月1日起修改（待生效）` */
export function pendingText(c: Pick<ScheduledChange, 'kind' | 'effectiveFrom'>): string {
  return `${chineseDate(c.effectiveFrom)}起${CHANGE_TEXT[c.kind]}（待生效）`;
}

/** The catalogue versions that changed `code`, newest first. */
export function versionsOf(versions: readonly CatalogueVersion[], code: string): CatalogueVersion[] {
  return versions.filter((v) => v.itemCode === code).sort((a, b) => b.version - a.version);
}

/** One line about a material: `必需 · 原件 · 纸质、电子 · 前置事项 ZRZY-001 的办理结果` */
export function materialText(m: Pick<MaterialDraft, 'required' | 'original' | 'forms' | 'resultOfItem'>): string {
  return [
    m.required ? '必需' : '非必需',
    MATERIAL_ORIGINAL_TEXT[m.original] ?? m.original,
    m.forms.map((f) => MATERIAL_FORM_TEXT[f] ?? f).join('、'),
    ...(m.resultOfItem ? [`前置事项 ${m.resultOfItem} 的办理结果`] : []),
  ].join(' · ');
}

/** `承诺件 · 法定20个工作日 · 承诺10个工作日` */
export function limitsText(item: Pick<ItemDraft, 'kind' | 'legalDays' | 'promisedDays'>): string {
  const kind = ITEM_KIND_TEXT[item.kind] ?? item.kind;
  return item.kind === 'promised' ? `${kind} · 法定${item.legalDays}个工作日 · 承诺${item.promisedDays}个工作日` : `${kind} · 法定${item.legalDays}个工作日`;
}

/** `免费`, or `1200元（豫发改收费〔2017〕1234号）` */
export function feesText(fees: CatalogueItemView['fees']): string {
  if (!fees || fees.free) return '免费';
  return `${fees.amount ?? '—'}元${fees.basis ? `（${fees.basis}）` : ''}`;
}

/**
 * The catalogue service's problems come in English (apps/admin catalog-rules); the ones it is known to give, said in
 * Chinese. Anything else is shown as it came.
 */
export function catalogueProblemZh(problem: string): string {
  const known: [RegExp, (m: RegExpExecArray) => string][] = [
    [/^unknown department (\S+)/, (m) => `部门${m[1]}不存在`],
    [/^must not exceed the legal limit/, () => '承诺办结时限不能超过法定办结时限'],
    [/^a promised item needs a promised limit/, () => '承诺件的承诺办结时限至少为1个工作日'],
    [/^at least one material must be required/, () => '至少一项申请材料须为必需'],
    [/^material codes must be unique/, () => '材料编码不能重复'],
    [/^a fee needs its amount and its basis/, () => '收费事项须填写收费金额和收费依据'],
    [/^a free item has no amount/, () => '免费事项不填收费金额'],
    [/^an item cannot be its own prerequisite/, () => '事项不能以自身为前置事项'],
    [/^unknown approval item (\S+)/, (m) => `前置事项${m[1]}不存在`],
    [/^(\S+) needs, through its own prerequisites, the result of (\S+): a circle/, (m) => `前置事项${m[1]}经由其前置事项又需要${m[2]}的结果，形成循环`],
    [/^must not be before today \((\d{4}-\d{2}-\d{2})\)/, (m) => `生效日期不能早于今天（${chineseDate(m[1] as string)}）`],
  ];
  for (const [re, say] of known) {
    const m = re.exec(problem);
    if (m) return say(m);
  }
  return problem;
}
