/**
 * Migration `1766500000000-SealedIdNumbers` on a database of the version before it, holding ID numbers in clear:
 * every number ends up sealed (with the service's key set) beside its lookup hash, the clear columns are gone, the
 * JSON columns keep the numbers masked with the number sealed beside them, and a credit code stays as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { maskIdNumber } from '@yichuang/domain';
import { createServiceDataSource, FieldCipher, usePiiCipher } from '@yichuang/platform';
import { aCreditCode, aResidentId, startTestInfra, testPiiCipher, type TestInfra } from '@yichuang/testing';
import { CERTIFICATE_MIGRATIONS } from './app.module.js';

describe('certificate migration SealedIdNumbers', () => {
  let infra: TestInfra;
  let ds: DataSource;
  const cipher = testPiiCipher();
  const holder = aResidentId();
  const collector = aResidentId();
  const agent = aResidentId();
  const contact = aResidentId();
  const company = aCreditCode();
  const ids = { person: randomUUID(), enterprise: randomUUID(), authorisation: randomUUID(), handover: randomUUID(), outbox: randomUUID() };

  beforeAll(async () => {
    infra = await startTestInfra();
    usePiiCipher(cipher);
    const before = CERTIFICATE_MIGRATIONS.filter((m) => m.name !== 'SealedIdNumbers1766500000000');
    expect(before).toHaveLength(CERTIFICATE_MIGRATIONS.length - 1);
    const old = await createServiceDataSource({ schema: 'certificate', url: infra.databaseUrl, entities: [], migrations: before });
    const cert = `INSERT INTO certificate (id, case_no, item_code, item_name, type, type_name, holder_name, holder_id_number, no, verify_code, status, issued_at, collector_id_number)
                  VALUES ($1, 'C-1', $2, '事项', 'CONSTRUCTION_PERMIT', '施工许可证', '张三', $3, $4, $5, $6, '2026-01-05T02:00:00Z', $7)`;
    await old.query(cert, [ids.person, 'ZJJ-004', holder, 'NO-1', 'VERIFY00001', 'collected', collector.toLowerCase()]);
    await old.query(cert, [ids.enterprise, 'ZJJ-005', company, 'NO-2', 'VERIFY00002', 'issued', null]);
    await old.query(
      `INSERT INTO authorisation (id, case_no, agent_name, agent_id_number, letter_sha256, recorded_by, recorded_at) VALUES ($1, 'C-1', '赵六', $2, $3, 'clerk1', now())`,
      [ids.authorisation, agent, 'a'.repeat(64)],
    );
    await old.query(
      `INSERT INTO handover (id, case_no, collector_name, collector_id_number, capacity, authorisation_id, handed_over_by, handed_over_at) VALUES ($1, 'C-1', '赵六', $2, 'authorised_agent', $3, 'clerk1', now())`,
      [ids.handover, agent, ids.authorisation],
    );
    const applicant = { kind: 'person', name: '张三', idNumber: holder, phone: '13800000000', contact: { name: '李四', idNumber: contact, phone: '13900000000' } };
    await old.query(`INSERT INTO case_delivery (case_no, applicant, updated_at) VALUES ('C-1', $1, now())`, [JSON.stringify(applicant)]);
    await old.query(`INSERT INTO outbox (id, subject, envelope) VALUES ($1, 'yc.evt.test.v1', $2)`, [ids.outbox, JSON.stringify({ id: ids.outbox, data: { applicant } })]);
    await old.destroy();
    ds = await createServiceDataSource({ schema: 'certificate', url: infra.databaseUrl, entities: [], migrations: CERTIFICATE_MIGRATIONS });
  });

  afterAll(async () => {
    await ds?.destroy();
    await infra?.stop();
  });

  it('seals the number columns beside their lookup hashes and drops the clear ones', async () => {
    const columns = (await ds.query(`SELECT table_name || '.' || column_name AS c FROM information_schema.columns WHERE table_schema = 'certificate' AND column_name LIKE '%id_number%'`)) as { c: string }[];
    expect(columns).toEqual([]);
    const [p, e] = (await ds.query(`SELECT holder_id_sealed, holder_id_hmac, collector_id_sealed, collector_id_hmac FROM certificate ORDER BY no`)) as Record<string, string | null>[];
    expect(cipher.decrypt(p?.['holder_id_sealed'] ?? '')).toBe(holder);
    expect(FieldCipher.keyIdOf(p?.['holder_id_sealed'] ?? '')).toBe('t2');
    expect(p?.['holder_id_hmac']).toBe(cipher.hmac(holder));
    expect(cipher.decrypt(p?.['collector_id_sealed'] ?? '')).toBe(collector); // the lower-case x stored upper-case
    expect(p?.['collector_id_hmac']).toBe(cipher.hmac(collector));
    expect(cipher.decrypt(e?.['holder_id_sealed'] ?? '')).toBe(company);
    expect(e?.['collector_id_sealed']).toBeNull();
    const [a] = (await ds.query(`SELECT agent_id_sealed, agent_id_hmac FROM authorisation`)) as { agent_id_sealed: string; agent_id_hmac: string }[];
    expect([cipher.decrypt(a?.agent_id_sealed ?? ''), a?.agent_id_hmac]).toEqual([agent, cipher.hmac(agent)]);
    const [h] = (await ds.query(`SELECT collector_id_sealed, collector_id_hmac FROM handover`)) as { collector_id_sealed: string; collector_id_hmac: string }[];
    expect([cipher.decrypt(h?.collector_id_sealed ?? ''), h?.collector_id_hmac]).toEqual([agent, cipher.hmac(agent)]);
  });

  it('keeps the numbers in JSON masked with each sealed beside it', async () => {
    const [d] = (await ds.query(`SELECT applicant FROM case_delivery`)) as { applicant: { idNumber: string; idNumberSealed: string; contact: { idNumber: string; idNumberSealed: string } } }[];
    expect(d?.applicant.idNumber).toBe(maskIdNumber(holder));
    expect(cipher.decrypt(d?.applicant.idNumberSealed ?? '')).toBe(holder);
    expect(d?.applicant.contact.idNumber).toBe(maskIdNumber(contact));
    expect(cipher.decrypt(d?.applicant.contact.idNumberSealed ?? '')).toBe(contact);
    const [o] = (await ds.query(`SELECT envelope::text AS t FROM outbox`)) as { t: string }[];
    expect(o?.t).not.toContain(holder);
    expect(o?.t).not.toContain(contact);
  });
});
