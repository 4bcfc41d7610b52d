import { describe, expect, it } from '@jest/globals';
import type { ApplicationView } from '@yichuang/contracts';
import { maskApplication, seesFullPersonalData } from './masking.js';

describe('personal data by role', () => {
  it('lets only the window clerk see an application in full', () => {
    expect(seesFullPersonalData({ username: 'clerk1', roles: ['clerk'], window: 'W01' })).toBe(true);
    for (const roles of [['supervisor'], ['reviewer'], ['consultant'], ['admin'], ['reviewer', 'department_head']] as const) {
      expect(seesFullPersonalData({ username: 'x', roles: [...roles] })).toBe(false);
    }
    expect(seesFullPersonalData(undefined)).toBe(false);
  });

  it('masks every ID number and phone of an application, the mail recipient\'s phone too', () => {
    const application = {
      id: 'a',
      applicant: {
        kind: 'enterprise',
        name: '新县某公司',
        idNumber: '91411523MA9XXXXX1X',
        phone: '13912345678',
        legalRepresentative: { name: '张三', idNumber: '411523199001011234' },
        contact: { name: '李四', idNumber: '411523199202021236', phone: '13812345678' },
      },
      delivery: { method: 'ems', address: '新县新集镇', recipient: '李四', phone: '13712345678' },
    } as unknown as ApplicationView;
    const masked = maskApplication(application);
    expect(masked.applicant.phone).toBe('139****5678');
    expect(masked.applicant.idNumber).toBe('9141**********XX1X');
    expect(masked.applicant.contact?.phone).toBe('138****5678');
    expect(masked.applicant.legalRepresentative?.idNumber).toBe('4115**********1234');
    expect(masked.delivery.phone).toBe('137****5678');
    expect(JSON.stringify(masked)).not.toMatch(/1[3-9]\d{9}|\d{17}[\dX]/);
  });
});
