/**
 * The parts of a document's data that several documents share, and the sentences they share.
 */
import { LITIGATION_MONTHS, MATERIAL_FORMS, MATERIAL_FORM_TEXT, RECONSIDERATION_DAYS, type MaterialForm } from '@yichuang/domain';
import { chineseDate, chineseNumeral } from './pdf.js';

/** The agency that issues a document and whose seal it carries, e.g. 新县自然资源局 or 新县政务服务中心. */
export interface Agency {
  name: string;
}

/** Who a licence is issued to (持证单位/个人), or who applied. */
export interface Holder {
  name: string;
  /** 统一社会信用代码 or 公民身份号码, printed in full on a result document (it identifies the holder) */
  idNumber?: string;
  /** 法定代表人 (an enterprise) */
  legalRepresentative?: string;
}

/** The construction project a document is about. */
export interface ProjectRef {
  /** 项目代码, e.g. 2026-411523-48-01-000123 */
  code: string;
  name: string;
  location: string;
}

/** The public verification of a document: the QR code holds `url`; `code` is printed beside it. */
export interface Verification {
  /** the code printed beside the QR code, which the verification page also accepts typed in */
  code: string;
  /** the public verification URL the QR code holds (its base URL is configuration of the issuing service) */
  url: string;
}

/**
 * Where the applicant may challenge a decision (Art. 38): the reconsideration body (复议机关: since the 2023 revision of
 * the 行政复议法, the county people's government for acts of its departments, e.g. 新县人民政府) and the competent
 * people's court (e.g. 新县人民法院). The time limits are the law's (libs/domain `RECONSIDERATION_DAYS`,
 * `LITIGATION_MONTHS`).
 */
export interface Remedies {
  reconsiderationBody: string;
  court: string;
}

/** How long a licence is valid: the dates, or a sentence (自核发之日起三年内有效). */
export interface Validity {
  from?: string;
  to?: string;
  text?: string;
}

/** 自2026年11月26日起至2029年11月25日止 */
export function validityText(v: Validity): string {
  if (v.text) return v.text;
  if (v.from && v.to) return `自${chineseDate(v.from)}起至${chineseDate(v.to)}止`;
  if (v.from) return `自${chineseDate(v.from)}起长期有效`;
  if (v.to) return `至${chineseDate(v.to)}止`;
  return '长期有效';
}

/** The applicant's rights against a decision, in the words of the law; without `remedies`, the bodies unnamed. */
export function remediesText(r: Remedies | undefined, what = '本决定'): string {
  const days = chineseNumeral(RECONSIDERATION_DAYS);
  const months = chineseNumeral(LITIGATION_MONTHS);
  if (!r) return `如不服${what}，可以自收到${what}书之日起${days}日内依法申请行政复议，或者在${months}个月内依法向人民法院提起行政诉讼。`;
  return `如不服${what}，可以自收到${what}书之日起${days}日内向${r.reconsiderationBody}申请行政复议，也可以自收到${what}书之日起${months}个月内依法向${r.court}提起行政诉讼。`;
}

/**
 * Materials by name, each name once with all the forms it was handed in (营业执照（纸质、电子）), in the order of their
 * first appearance; the forms in `MATERIAL_FORMS` order.
 */
export function mergeMaterials(materials: readonly { name: string; form?: MaterialForm | string }[]): { name: string; forms: MaterialForm[] }[] {
  const byName = new Map<string, Set<string>>();
  for (const m of materials) {
    const name = m.name.trim();
    const forms = byName.get(name) ?? new Set<string>();
    if (m.form !== undefined) forms.add(m.form);
    byName.set(name, forms);
  }
  return [...byName].map(([name, forms]) => ({ name, forms: MATERIAL_FORMS.filter((f) => forms.has(f)) }));
}

/** 营业执照（纸质、电子） */
export function materialLine(m: { name: string; forms: readonly MaterialForm[] }): string {
  return m.forms.length > 0 ? `${m.name}（${m.forms.map((f) => MATERIAL_FORM_TEXT[f]).join('、')}）` : m.name;
}
