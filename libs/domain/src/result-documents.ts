/**
 * How each type of result document (证照/批文, and the written decisions) is issued — the rules the certificate
 * service applies, not the layout (libs/documents draws each type).
 *
 * - `name`: the document's usual title when the catalogue does not give one (decisions).
 * - `validityMonths`: how long the document stands from its issue date where a rule fixes it, printed as 有效期至
 *   (⚠ national rules where cited, local practice otherwise; DOMAIN.md: "configuration per document type").
 * - `separateGrantDecision`: a licence (许可证) is handed out with a written 准予行政许可决定书 (Art. 38/39); a 批复,
 *   意见书 or 证明 is itself the written decision.
 */
import type { IssuedDocumentType } from './codes.js';

export interface ResultDocumentRule {
  name: string;
  validityMonths?: number;
  /** where the validity comes from (for the documents and the docs) */
  validityBasis?: string;
  separateGrantDecision: boolean;
}

export const RESULT_DOCUMENT_RULES: Readonly<Record<IssuedDocumentType, ResultDocumentRule>> = Object.freeze({
  FILING_CERT: { name: '企业投资项目备案证明', separateGrantDecision: false },
  PROJECT_APPROVAL: { name: '企业投资项目核准批复', validityMonths: 24, validityBasis: '《企业投资项目核准和备案管理条例》第十二条', separateGrantDecision: false },
  SITE_AND_LAND_PRE_APPROVAL: { name: '建设项目用地预审与选址意见书', validityMonths: 36, validityBasis: '《自然资源部关于以“多规合一”为基础推进规划用地“多审合一、多证合一”改革的通知》', separateGrantDecision: false },
  LAND_PLANNING_PERMIT: { name: '建设用地规划许可证', separateGrantDecision: true },
  EIA_APPROVAL: { name: '环境影响评价批复', validityMonths: 60, validityBasis: '《中华人民共和国环境影响评价法》第二十四条', separateGrantDecision: false },
  ENGINEERING_PLANNING_PERMIT: { name: '建设工程规划许可证', validityMonths: 12, validityBasis: '地方规定（可配置）', separateGrantDecision: true },
  DRAWING_REVIEW_CERT: { name: '施工图设计文件审查合格书', separateGrantDecision: false },
  FIRE_DESIGN_REVIEW_OPINION: { name: '特殊建设工程消防设计审查意见书', separateGrantDecision: false },
  CIVIL_DEFENCE_APPROVAL: { name: '防空地下室建设审批意见书', separateGrantDecision: false },
  CONSTRUCTION_PERMIT: { name: '建筑工程施工许可证', validityMonths: 3, validityBasis: '《建筑工程施工许可管理办法》第九条（自领取之日起三个月内开工）', separateGrantDecision: true },
  JOINT_ACCEPTANCE_OPINION: { name: '工程建设项目竣工联合验收意见书', separateGrantDecision: false },
  FIRE_ACCEPTANCE_OPINION: { name: '特殊建设工程消防验收意见书', separateGrantDecision: false },
  COMPLETION_FILING: { name: '工程竣工验收备案证明', separateGrantDecision: false },
  GRANT_DECISION: { name: '准予行政许可决定书', separateGrantDecision: false },
  REFUSAL_DECISION: { name: '不予行政许可决定书', separateGrantDecision: false },
  REVOCATION_DECISION: { name: '撤销行政许可决定书', separateGrantDecision: false },
  WITHDRAWAL_DECISION: { name: '撤回行政许可决定书', separateGrantDecision: false },
  CORRECTION_NOTICE: { name: '证照更正通知书', separateGrantDecision: false },
});
