import { describe, expect, it } from '@jest/globals';
import { auditRecordHash, canonicalAuditRecord, chainAuditRecord, GENESIS, GENESIS_HASH, verifyAuditChain, type ChainedRecord } from './chain.js';

const fields = (i: number) => ({
  at: `2026-11-26T02:00:0${i % 10}.123Z`,
  actor: i % 2 ? 'clerk1' : 'fgw1',
  roles: i % 2 ? ['clerk'] : ['reviewer'],
  clientAddress: '10.0.0.21',
  action: 'yc.rpc.intake.application.accept.v1',
  objectType: 'application',
  objectId: `00000000-0000-4000-8000-00000000000${i % 10}`,
  outcome: 'ok',
  correlationId: `corr-${i}`,
  source: 'intake',
  eventId: `00000000-0000-4000-8000-0000000001${String(i).padStart(2, '0')}`,
});

/** the i-th element, which the test knows is there */
function at<T>(list: T[], i: number): T {
  const v = list[i];
  if (v === undefined) throw new Error(`no element ${i}`);
  return v;
}

function chain(n: number, from = GENESIS): ChainedRecord[] {
  const out: ChainedRecord[] = [];
  let prev = from;
  for (let i = 1; i <= n; i++) {
    const r = chainAuditRecord(fields(i), prev);
    out.push(r);
    prev = { seq: r.seq, hash: r.hash };
  }
  return out;
}

describe('the audit hash chain', () => {
  it('hashes a fixed canonical form: the same record gives the same hash, any field changes it', () => {
    const r = chainAuditRecord(fields(1), GENESIS);
    expect(r.seq).toBe('1');
    expect(r.prevHash).toBe(GENESIS_HASH);
    expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(auditRecordHash(r, r.prevHash)).toBe(r.hash);
    // the same instant written with an offset is the same instant
    expect(auditRecordHash({ ...r, at: '2026-11-26T10:00:01.123+08:00' }, r.prevHash)).toBe(r.hash);
    for (const change of [{ actor: 'clerk2' }, { roles: ['admin'] }, { outcome: 'FORBIDDEN' }, { objectId: null }, { clientAddress: 'nats' }, { seq: '2' }]) {
      expect(auditRecordHash({ ...r, ...change }, r.prevHash)).not.toBe(r.hash);
    }
    expect(auditRecordHash(r, 'f'.repeat(64))).not.toBe(r.hash);
    // field boundaries cannot be shifted: ("a|b","c") and ("a","b|c") differ
    expect(canonicalAuditRecord({ ...r, actor: 'a","b' }, GENESIS_HASH)).not.toBe(canonicalAuditRecord({ ...r, actor: 'a', clientAddress: `b",${r.clientAddress}` }, GENESIS_HASH));
  });

  it('verifies an intact chain, from the genesis or from a checkpoint', () => {
    const records = chain(20);
    expect(verifyAuditChain(records)).toMatchObject({ ok: true, count: 20, head: { seq: '20', hash: records[19]?.hash } });
    const tail = records.slice(12);
    const checkpoint = { seq: at(records, 11).seq, hash: at(records, 11).hash };
    expect(verifyAuditChain(tail, checkpoint)).toMatchObject({ ok: true, count: 8 });
    expect(verifyAuditChain([])).toMatchObject({ ok: true, count: 0, head: GENESIS });
    // the tail alone, without its checkpoint, does not follow the genesis
    expect(verifyAuditChain(tail).broken).toMatchObject({ seq: '1', kind: 'deleted' });
  });

  it('finds an edited record: its hash no longer matches', () => {
    const records = chain(10);
    records[4] = { ...at(records, 4), outcome: 'FORBIDDEN' };
    expect(verifyAuditChain(records)).toMatchObject({ ok: false, count: 5, broken: { seq: '5', kind: 'edited' } });
  });

  it('finds an edited record whose hash was recomputed too: the next one does not follow it', () => {
    const records = chain(10);
    const forged = { ...at(records, 4), actor: 'someone-else' };
    records[4] = { ...forged, hash: auditRecordHash(forged, forged.prevHash) };
    expect(verifyAuditChain(records).broken).toMatchObject({ seq: '6', kind: 'inserted' });
  });

  it('finds a deleted record (a gap in seq), and several', () => {
    const records = chain(10);
    expect(verifyAuditChain(records.filter((r) => r.seq !== '7')).broken).toMatchObject({ seq: '7', kind: 'deleted', reason: 'seq 7 is missing' });
    expect(verifyAuditChain(records.filter((r) => !['3', '4'].includes(r.seq))).broken).toMatchObject({ seq: '3', kind: 'deleted' });
    // the head removed without a checkpoint
    expect(verifyAuditChain(records.slice(1)).broken).toMatchObject({ seq: '1', kind: 'deleted' });
  });

  it('finds an inserted record: in place of a deleted one, or appended with a copied content', () => {
    const records = chain(10);
    // seq 6 removed and a well-formed record put in its place (its own hash right, chained after 5)
    const fake = chainAuditRecord({ ...fields(6), actor: 'intruder' }, { seq: '5', hash: at(records, 4).hash });
    const replaced = records.map((r) => (r.seq === '6' ? fake : r));
    expect(verifyAuditChain(replaced).broken).toMatchObject({ seq: '7', kind: 'inserted' });
    // a copy of seq 3 appended as seq 11
    const copy = { ...at(records, 2), seq: '11' };
    expect(verifyAuditChain([...records, copy]).broken).toMatchObject({ seq: '11', kind: 'inserted' });
  });
});
