import { describe, expect, it } from '@jest/globals';
import { makeCreditCode, makeResidentId } from '@yichuang/domain';
import { holderFromCertificate, refusalDetails, whoMayCollect, type Holder } from './identity.js';

const id = (n: number) => makeResidentId(`41152319800101${String(n).padStart(3, '0')}`);
const ENTERPRISE: Holder = {
  kind: 'enterprise',
  name: '新县城投建设有限公司',
  idNumber: makeCreditCode('91411523MA0000001'),
  legalRepresentative: { name: '王建国', idNumber: id(1) },
  contact: { name: '李四', idNumber: id(2) },
};
const PERSON: Holder = { kind: 'person', name: '张三', idNumber: id(3) };
const CERTS = ['c-1', 'c-2'];

describe('who may collect result documents (领证身份核验)', () => {
  it('hands a person applicant their own documents, by ID number and name', () => {
    expect(whoMayCollect({ name: '张三', idNumber: id(3) }, PERSON, [], CERTS)).toEqual({ allowed: true, capacity: 'holder' });
    // an X check digit typed in lower case is the same number
    const withX = Array.from({ length: 200 }, (_, i) => id(i)).find((v) => v.endsWith('X')) ?? '';
    expect(withX).toMatch(/X$/);
    expect(whoMayCollect({ name: '赵 一', idNumber: withX.toLowerCase() }, { kind: 'person', name: '赵一', idNumber: withX }, [], CERTS)).toMatchObject({ allowed: true, capacity: 'holder' });
  });

  it("hands an enterprise's documents to its recorded legal representative or contact", () => {
    expect(whoMayCollect({ name: '王建国', idNumber: id(1) }, ENTERPRISE, [], CERTS)).toEqual({ allowed: true, capacity: 'legal_representative' });
    expect(whoMayCollect({ name: '李四', idNumber: id(2) }, ENTERPRISE, [], CERTS)).toEqual({ allowed: true, capacity: 'contact' });
  });

  it('hands them to an agent whose authorisation covers every document taken', () => {
    const whole = { id: 'a-1', agentName: '赵六', agentIdNumber: id(6), certificateIds: null };
    const one = { id: 'a-2', agentName: '孙七', agentIdNumber: id(7), certificateIds: ['c-1'] };
    expect(whoMayCollect({ name: '赵六', idNumber: id(6) }, ENTERPRISE, [whole, one], CERTS)).toEqual({ allowed: true, capacity: 'authorised_agent', authorisationId: 'a-1' });
    expect(whoMayCollect({ name: '孙七', idNumber: id(7) }, ENTERPRISE, [whole, one], ['c-1'])).toEqual({ allowed: true, capacity: 'authorised_agent', authorisationId: 'a-2' });
    const out = whoMayCollect({ name: '孙七', idNumber: id(7) }, ENTERPRISE, [whole, one], CERTS);
    expect(out.allowed).toBe(false);
    expect(out.allowed ? [] : out.refusals.map((r) => `${r.capacity}:${r.reason}`)).toEqual([
      'holder:holder_is_enterprise',
      'legal_representative:not_legal_representative',
      'contact:not_contact',
      'authorised_agent:authorisation_out_of_scope',
    ]);
  });

  it('refuses anyone else, saying for every capacity why', () => {
    const stranger = whoMayCollect({ name: '路人甲', idNumber: id(9) }, { ...ENTERPRISE, legalRepresentative: undefined, contact: undefined }, [], CERTS);
    expect(stranger.allowed).toBe(false);
    expect(stranger.allowed ? [] : stranger.refusals.map((r) => `${r.capacity}:${r.reason}`)).toEqual([
      'holder:holder_is_enterprise',
      'legal_representative:no_legal_representative',
      'contact:no_contact',
      'authorised_agent:no_authorisation',
    ]);
    const notThePerson = whoMayCollect({ name: '张三', idNumber: id(9) }, PERSON, [{ id: 'a', agentName: '赵六', agentIdNumber: id(6), certificateIds: null }], CERTS);
    expect(notThePerson.allowed ? [] : notThePerson.refusals.map((r) => `${r.capacity}:${r.reason}`)).toEqual(['holder:not_holder', 'contact:no_contact', 'authorised_agent:not_authorised_agent']);
  });

  it('refuses the right ID number under another name', () => {
    const d = whoMayCollect({ name: '王建', idNumber: id(1) }, ENTERPRISE, [], CERTS);
    expect(d.allowed ? [] : d.refusals.map((r) => `${r.capacity}:${r.reason}`)).toContain('legal_representative:name_mismatch');
    const agent = whoMayCollect({ name: '赵七', idNumber: id(6) }, ENTERPRISE, [{ id: 'a', agentName: '赵六', agentIdNumber: id(6), certificateIds: null }], CERTS);
    expect(agent.allowed ? [] : agent.refusals.at(-1)).toEqual({ capacity: 'authorised_agent', reason: 'name_mismatch' });
  });

  it('reads the holder from the certificate when the parties are not known: a resident ID number is a person', () => {
    expect(holderFromCertificate('张三', id(3)).kind).toBe('person');
    expect(holderFromCertificate('新县城投', makeCreditCode('91411523MA0000001')).kind).toBe('enterprise');
  });

  it('explains each refusal in Chinese for the window, never with the ID number', () => {
    const details = refusalDetails([{ capacity: 'contact', reason: 'not_contact' }]);
    expect(details).toEqual([
      { field: 'collectorIdNumber', problem: 'not the contact: not contact', capacity: 'contact', reason: 'not_contact', reasonText: '申请联系人：身份证号码与登记的申请联系人不符' },
    ]);
  });
});
