/**
 * 办事指南 — the service guide of an approval item, or of all items of a stage: what the applicant reads before
 * coming to the hall (国务院办公厅《政务服务事项办事指南》 elements): the item, its department and legal basis, the
 * materials with the forms and originals accepted, the legal and promised limits in working days, fees, the result,
 * and where to apply (the hall's address, phone and the windows of the stage).
 */
import { ITEM_KIND_TEXT, MATERIAL_FORM_TEXT, MATERIAL_ORIGINAL_TEXT, STAGE_TEXT, type ItemKind, type MaterialForm, type MaterialOriginal, type Stage } from '@yichuang/domain';
import { caption, fieldTable, flow, grid, heading, paragraph, space, text, type MaybeBlock } from './layout.js';
import { chineseDate, chineseNumeral, renderPdf } from './pdf.js';

export interface GuideItem {
  code: string;
  name: string;
  stage: Stage;
  department: string;
  kind: ItemKind;
  legalDays: number;
  promisedDays: number;
  legalBasis: string;
  result: string;
  fees: { free: boolean; amount?: number; basis?: string };
  /** 加大窗口工作授权: true when the comprehensive window accepts alone */
  delegatedToWindow: boolean;
  materials: {
    name: string;
    required: boolean;
    original: MaterialOriginal;
    forms: readonly MaterialForm[];
    /** 前置事项: the item whose result this material is */
    resultOf?: { code: string; name: string };
  }[];
}

export interface GuideHall {
  agency: string;
  address: string;
  phone: string;
  /** the windows where the stage's applications are received, e.g. 1号窗口（综合受理窗口） */
  windows: readonly string[];
}

export interface ServiceGuideData {
  hall: GuideHall;
  /** one item, or a stage's items */
  items: readonly GuideItem[];
  /** set for a stage's guide */
  stage?: Stage;
  catalogVersion: number;
  /** YYYY-MM-DD: the catalogue as of this day */
  date: string;
}

export const GUIDE_TITLE = '办事指南';

/** The time limits of an item in words: 法定办结时限 X 个工作日，承诺办结时限 Y 个工作日 (即办件: 当场办结). */
export function guideLimits(i: Pick<GuideItem, 'kind' | 'legalDays' | 'promisedDays'>): { legal: string; promised: string } {
  const legal = i.legalDays > 0 ? `${i.legalDays}个工作日` : '当场办结';
  const promised = i.kind === 'promised' ? `${i.promisedDays}个工作日` : `当场办结（${ITEM_KIND_TEXT[i.kind]}）`;
  return { legal, promised };
}

export function guideFees(f: GuideItem['fees']): string {
  if (f.free) return '不收费';
  return `${f.amount ?? ''}元${f.basis ? `（收费依据：${f.basis}）` : ''}`;
}

function itemBlocks(i: GuideItem, hall: GuideHall, n: number | undefined): MaybeBlock[] {
  const limits = guideLimits(i);
  const prefix = n === undefined ? '' : `${chineseNumeral(n)}、`;
  return [
    caption(`${prefix}${i.name}（事项编码：${i.code}）`, { size: 13 }),
    fieldTable([
      ['实施部门', i.department],
      ['所属阶段', STAGE_TEXT[i.stage]],
      ['办件类型', ITEM_KIND_TEXT[i.kind]],
      ['设定依据', i.legalBasis || '—'],
      ['法定办结时限', limits.legal],
      ['承诺办结时限', limits.promised],
      ['收费标准', guideFees(i.fees)],
      ['办理结果', i.result],
      ['受理方式', i.delegatedToWindow ? '综合窗口直接受理（加大窗口工作授权）' : '综合窗口收件，部门业务窗口审查后受理'],
      ['办理地点', `${hall.agency}（${hall.address}）${hall.windows.length > 0 ? `，${hall.windows.join('、')}` : ''}`],
      ['咨询电话', hall.phone],
    ]),
    text('申请材料', { size: 12, after: 4, keepWithNext: true }),
    grid(
      [{ width: 28, align: 'center' }, {}, { width: 54, align: 'center' }, { width: 62, align: 'center' }, { width: 62, align: 'center' }],
      i.materials.map((m, k) => [
        String(k + 1),
        m.resultOf ? `${m.name}（前置事项：${m.resultOf.name}的办理结果）` : m.name,
        m.required ? '必需' : '视情形',
        MATERIAL_ORIGINAL_TEXT[m.original],
        m.forms.map((f) => MATERIAL_FORM_TEXT[f]).join('、'),
      ]),
      { header: ['序号', '材料名称', '是否必需', '原件/复印件', '材料形式'], size: 10 },
    ),
    space(6),
  ];
}

/** Render the 办事指南 of one item or of a stage. */
export async function renderServiceGuide(d: ServiceGuideData): Promise<Buffer> {
  const title = d.stage ? `${STAGE_TEXT[d.stage]}阶段${GUIDE_TITLE}` : `${d.items[0]?.name ?? ''}${GUIDE_TITLE}`;
  const blocks: MaybeBlock[] = [
    heading({ agency: d.hall.agency, title }),
    paragraph(
      `本指南依据${chineseDate(d.date)}施行的事项目录（第${d.catalogVersion}版）编制。时限均为工作日，不含法定节假日；` +
        '申请人可在政务服务中心综合窗口一次提交全部材料，申请材料齐全、符合法定形式的，当场受理并出具受理通知书；不齐全的，一次性告知需要补正的全部内容。',
    ),
    d.stage && text(`本阶段共${d.items.length}个事项。`, { after: 6 }),
    ...d.items.flatMap((i, k) => itemBlocks(i, d.hall, d.stage ? k + 1 : undefined)),
  ];
  return renderPdf({ title, subject: d.stage ? STAGE_TEXT[d.stage] : d.items[0]?.code, date: d.date, author: d.hall.agency }, (doc) => {
    flow(doc, blocks);
  });
}
