/**
 * Migration `1766500000000-SealedIdNumbers` on a database of the version before it, holding the applicants' ID
 * numbers in clear: applications, cases and documents keep them masked with each sealed beside it, the applicant's
 * lookup hash is filled, and an enterprise's credit code stays as it is.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { maskIdNumber } from '@yichuang/domain';
import { createServiceDataSource, openPii, usePiiCipher } from '@yichuang/platform';
import { aCreditCode, aResidentId, startTestInfra, testPiiCipher, type TestInfra } from '@yichuang/testing';
import { INTAKE_MIGRATIONS } from './app.module.js';

describe('intake migration SealedIdNumbers', () => {
  let infra: TestInfra;
  let ds: DataSource;
  const cipher = testPiiCipher();
  const person = { kind: 'person', name: '张三', idNumber: aResidentId(), phone: '13800000000', contact: { name: '李四', idNumber: aResidentId(), phone: '13900000000' } };
  const company = { kind: 'enterprise', name: '新县建设有限公司', idNumber: aCreditCode(), phone: '13800000001', legalRepresentative: { name: '王五', idNumber: aResidentId() } };
  const apps = { person: randomUUID(), company: randomUUID() };

  beforeAll(async () => {
    infra = await startTestInfra();
    usePiiCipher(cipher);
    const before = INTAKE_MIGRATIONS.filter((m) => m.name !== 'SealedIdNumbers1766500000000');
    expect(before).toHaveLength(INTAKE_MIGRATIONS.length - 1);
    const old = await createServiceDataSource({ schema: 'intake', url: infra.databaseUrl, entities: [], migrations: before });
    for (const [id, applicant] of [[apps.person, person], [apps.company, company]] as const) {
      await old.query(
        `INSERT INTO application (id, status, channel, stage, items, catalog_version, applicant, project, created_by, created_at, updated_at, received_date)
         VALUES ($1, 'accepted', 'hall', 1, '[]', 1, $2, '{}', 'clerk1', now(), now(), '2026-01-05')`,
        [id, JSON.stringify(applicant)],
      );
    }
    await old.query(
      `INSERT INTO case_file (case_no, application_id, status, stage, accepted_at, accepted_date, accepted_by, applicant, project, items, promised_due_date, catalog_version, updated_at)
       VALUES ('C-1', $1, 'accepted', 1, now(), '2026-01-05', 'clerk1', $2, '{}', '[]', '2026-02-05', 1, now())`,
      [apps.person, JSON.stringify(person)],
    );
    await old.query(
      `INSERT INTO document (id, kind, application_id, case_no, round, document_no, data, created_at, created_by) VALUES ($1, 'acceptance_notice', $2, 'C-1', 0, 'N-1', $3, now(), 'clerk1')`,
      [randomUUID(), apps.person, JSON.stringify({ applicant: { name: person.name, idNumber: person.idNumber, phone: person.phone } })],
    );
    await old.destroy();
    ds = await createServiceDataSource({ schema: 'intake', url: infra.databaseUrl, entities: [], migrations: INTAKE_MIGRATIONS });
  });

  afterAll(async () => {
    await ds?.destroy();
    await infra?.stop();
  });

  it('keeps the numbers masked with each sealed beside it, fills the lookup hash, leaves a credit code as it is', async () => {
    const rows = (await ds.query(`SELECT id, applicant, applicant_id_hmac FROM application`)) as { id: string; applicant: typeof person; applicant_id_hmac: string }[];
    const p = rows.find((r) => r.id === apps.person);
    const c = rows.find((r) => r.id === apps.company);
    expect(p?.applicant.idNumber).toBe(maskIdNumber(person.idNumber));
    expect(p?.applicant.contact.idNumber).toBe(maskIdNumber(person.contact.idNumber));
    expect(openPii(p?.applicant)).toEqual(person);
    expect(p?.applicant_id_hmac).toBe(cipher.hmac(person.idNumber));
    expect(c?.applicant.idNumber).toBe(company.idNumber);
    expect(openPii(c?.applicant)).toEqual(company);
    expect(c?.applicant_id_hmac).toBe(cipher.hmac(company.idNumber));
    const [k] = (await ds.query(`SELECT applicant::text AS a, applicant_id_hmac FROM case_file`)) as { a: string; applicant_id_hmac: string }[];
    expect(k?.a).not.toContain(person.idNumber);
    expect(k?.applicant_id_hmac).toBe(cipher.hmac(person.idNumber));
    const [d] = (await ds.query(`SELECT data FROM document`)) as { data: unknown }[];
    expect(JSON.stringify(d?.data)).not.toContain(person.idNumber);
    expect(openPii(d?.data)).toEqual({ applicant: { name: person.name, idNumber: person.idNumber, phone: person.phone } });
  });
});
