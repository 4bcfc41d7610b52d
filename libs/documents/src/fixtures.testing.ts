/** Data of the demo county for the documents' tests (the tests only: `*.testing.ts` is left out of the build). */
import type { ResultDocumentType } from '@yichuang/domain';
import type { Holder, ProjectRef, Remedies, Verification } from './common.js';
import type { HallInfo } from './notices.js';
import type { ResultDocumentData } from './results.js';

export const hall: HallInfo = { agency: '新县政务服务中心', address: '新县政务服务中心一楼', phone: '0376-2962000', website: '河南政务服务网（新县分厅）' };

export const holder: Holder = { name: '新县城投建设有限公司', idNumber: '91411523MA9G0X1X2K', legalRepresentative: '王建国' };

export const project: ProjectRef = { code: '2026-411523-48-01-000123', name: '城北安置小区', location: '新县新集镇城北路与将军路交叉口东北侧' };

export const remedies: Remedies = { reconsiderationBody: '新县人民政府', court: '新县人民法院' };

export function verification(code: string): Verification {
  return { code, url: `https://zwfw.xinxian.gov.cn/verify/${code}` };
}

/** A result document of `type` with every field the registry knows filled in. */
export function resultData(type: ResultDocumentType, over: Partial<ResultDocumentData> = {}): ResultDocumentData {
  return {
    type,
    documentNo: `地字第411523202600001号`,
    issueDate: '2026-12-03',
    issuer: { name: '新县自然资源局' },
    holder,
    project,
    scale: '总建筑面积86,420平方米，其中住宅68,300平方米，地下车库15,200平方米，配套商业2,920平方米',
    particulars: {
      investment: '36,800万元',
      approvalBasis: '新发改投资〔2026〕45号',
      landArea: '32,516.8平方米',
      landUse: '城镇住宅用地',
      landSupply: '划拨',
      contractPrice: '29,600万元',
      surveyUnit: '河南省地质工程勘察院',
      designUnit: '信阳市建筑设计研究院有限公司',
      constructionUnit: '河南新豫建工集团有限公司',
      supervisionUnit: '信阳中原工程监理有限公司',
      contractPeriod: '730日历天',
      reviewAgency: '信阳市施工图审查中心',
      attachments: '建设用地规划红线图（附图1）',
    },
    conditions: ['容积率不大于2.5，建筑密度不大于25%，绿地率不小于35%。', '按规划配建不少于1,200个机动车停车位。'],
    legalBasis: '《中华人民共和国城乡规划法》第三十七条、第三十八条',
    verification: verification('K7M2Q9X4T6WB'),
    caseNo: '411523-2026-000001',
    ...over,
  };
}
