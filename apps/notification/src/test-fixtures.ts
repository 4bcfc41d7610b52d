/** Events the notification tests publish (test code only: imported by *.int-spec.ts). */
import type { CaseAcceptedV1 } from '@yichuang/contracts';

const ITEM_NAMES: Record<string, string> = { 'ZRZY-001': '建设项目用地预审与选址意见书', 'ZRZY-002': '建设用地规划许可证' };

/** `case.accepted` of an enterprise's case on 2026-11-26 with the given items of 自然资源局 (default both). */
export function caseAcceptedEvent(caseNo: string, phone: string, opts: { name?: string; itemCodes?: string[] } = {}): CaseAcceptedV1 {
  return {
    caseNo,
    applicationId: '7d9f2a4e-0d7b-4d5e-9a52-3c1f2b7e8a10',
    stage: 1,
    acceptedAt: '2026-11-26T02:00:00.000Z',
    acceptedDate: '2026-11-26',
    acceptedBy: 'clerk1',
    windowNo: 'W01',
    applicant: { kind: 'enterprise', name: opts.name ?? '新县城投建设有限公司', idNumber: '91411523MA0000001X', phone },
    project: { code: '2026-411523-48-01-000001', name: '城北安置小区', location: '新县城北' },
    catalogVersion: 1,
    items: (opts.itemCodes ?? ['ZRZY-001', 'ZRZY-002']).map((itemCode) => ({
      itemCode,
      itemName: ITEM_NAMES[itemCode] ?? itemCode,
      departmentCode: 'ZRZY',
      departmentName: '自然资源局',
      kind: 'promised' as const,
      legalDays: 20,
      promisedDays: 10,
      dueDate: '2026-12-10',
      resultDocument: { type: 'YDGH', name: '建设用地规划许可证' },
    })),
  };
}
