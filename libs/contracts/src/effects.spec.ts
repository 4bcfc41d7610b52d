import { describe, expect, it } from '@jest/globals';
import { READ_ONLY_RPCS, rpcEffect, STATE_CHANGING_RPCS } from './effects.js';
import { departmentTaskSubject } from './review.js';
import { healthSubject, Rpc, SERVICES } from './subjects.js';

const allRpcSubjects = Object.values(Rpc).flatMap((group) => Object.values(group).map((d) => d.subject));

describe('the effect of every request subject (audited or not)', () => {
  it('classifies every subject of the catalogue exactly once', () => {
    const changing = STATE_CHANGING_RPCS.map((d) => d.subject);
    const reading = READ_ONLY_RPCS.map((d) => d.subject);
    const classified = [...changing, ...reading];
    expect(allRpcSubjects.filter((s) => !classified.includes(s))).toEqual([]);
    expect(classified.filter((s, i) => classified.indexOf(s) !== i)).toEqual([]);
    expect(classified.filter((s) => !allRpcSubjects.includes(s))).toEqual([]);
  });

  it('records logins, failed ones included, and not the checks made on every request', () => {
    expect(rpcEffect(Rpc.admin.verifyLogin.subject)).toBe('change');
    expect(rpcEffect(Rpc.admin.logout.subject)).toBe('change');
    expect(rpcEffect(Rpc.admin.tokenState.subject)).toBe('read');
    for (const s of SERVICES) expect(rpcEffect(healthSubject(s))).toBe('read');
    expect(rpcEffect(Rpc.intake.accept.subject)).toBe('change');
    expect(rpcEffect(Rpc.review.decide.subject)).toBe('change');
    expect(rpcEffect(Rpc.admin.listAudit.subject)).toBe('read');
  });

  it("classifies a department system's requests by their action, and anything unknown as a change", () => {
    expect(rpcEffect(departmentTaskSubject('ZRZY', 'decide'))).toBe('change');
    expect(rpcEffect(departmentTaskSubject('ZRZY', 'list'))).toBe('read');
    expect(rpcEffect('yc.rpc.intake.clock.set.v1')).toBe('change');
  });
});
