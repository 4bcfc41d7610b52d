/**
 * Personal data at rest (issue 11, item 2 — PIPL art. 51, GB/T 22239 §8.1.4.8): one case of a person, with a known
 * resident ID number, walked over HTTP through application, acceptance, decisions, issuance, an authorised agent's
 * hand-over and the holder's own collection — then EVERY text, varchar, json and jsonb column of EVERY table of
 * EVERY service schema is scanned for a resident ID number in clear (a valid check character: libs/domain
 * `findPii`). None may be found; the numbers are still whole where the hall needs them (the clerk's view of the
 * application, the identity checks at hand-over) and are found by their lookup hash.
 */
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createHash, randomUUID } from 'node:crypto';
import pg from 'pg';
import { BACKEND_SERVICES, FieldCipher } from '@yichuang/platform';
import { findPii, maskIdNumber } from '@yichuang/domain';
import { aProjectCode, aResidentId, eventually, testPiiCipher } from '@yichuang/testing';
import { startE2E, type E2E } from './harness.js';

interface Item { code: string; department: { code: string }; materials: { code: string; required: boolean }[] }
interface Cert { id: string; no: string; itemCode: string; status: string }
interface CaseBody { caseNo: string; status: string; applicant: { idNumber: string; contact?: { idNumber: string } }; certificates: Cert[] }

/** The applicant (a person), their contact and an agent: known valid numbers, the agent's with a lower-case x if it has one. */
const APPLICANT_ID = aResidentId();
const CONTACT_ID = aResidentId();
const AGENT_ID = aResidentId();

const TEXT_TYPES = ['text', 'character varying', 'character', 'json', 'jsonb'];

/**
 * Every resident ID number in clear in the text, varchar, char, json and jsonb columns of every table of `schemas`,
 * as `schema.table.column: <masked number>` (the failure message must not leak either).
 */
async function clearIdNumbers(db: pg.Client, schemas: readonly string[]): Promise<{ columns: number; rows: number; hits: string[] }> {
  const columns = (
    await db.query<{ schema: string; table: string; column: string }>(
      `SELECT c.table_schema AS schema, c.table_name AS table, c.column_name AS column
       FROM information_schema.columns c JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
       WHERE c.table_schema = ANY($1) AND t.table_type = 'BASE TABLE' AND c.data_type = ANY($2) ORDER BY 1, 2, 3`,
      [schemas, TEXT_TYPES],
    )
  ).rows;
  const hits = new Set<string>();
  let rows = 0;
  for (const c of columns) {
    // 17 digits and a check character somewhere in the value: the candidates; findPii checks each whole token
    const found = await db.query<{ v: string }>(`SELECT "${c.column}"::text AS v FROM "${c.schema}"."${c.table}" WHERE "${c.column}"::text ~ '[0-9]{17}[0-9Xx]'`);
    rows += found.rowCount ?? 0;
    for (const r of found.rows) {
      for (const f of findPii(r.v)) if (f.kind === 'resident-id') hits.add(`${c.schema}.${c.table}.${c.column}: ${f.masked}`);
    }
  }
  return { columns: columns.length, rows, hits: [...hits].sort() };
}

describe('personal data at rest: no resident ID number in clear in any table', () => {
  let e: E2E;
  let clerk: string;
  let db: pg.Client;
  let caseNo: string;
  let applicationId: string;
  const cipher = testPiiCipher();

  beforeAll(async () => {
    e = await startE2E();
    clerk = await e.http.login('clerk1');
    db = new pg.Client({ connectionString: e.infra.databaseUrl });
    await db.connect();
  });

  afterAll(async () => {
    await db?.end();
    await e?.stop();
  });

  it('walks a person\'s case through acceptance, decisions, issuance and hand-over with the numbers whole where needed', async () => {
    const items = (await e.http.get<Item[]>('/api/v1/catalog/items?stage=1')).body.filter((i) => i.code === 'ZRZY-001' || i.code === 'FGW-002');
    expect(items).toHaveLength(2);
    const created = await e.http.post<{ id: string }>(
      '/api/v1/applications',
      {
        channel: 'hall',
        stage: 1,
        itemCodes: items.map((i) => i.code),
        applicant: { kind: 'person', name: '张三丰', idNumber: APPLICANT_ID, phone: '13812345678', contact: { name: '李四', idNumber: CONTACT_ID, phone: '13912345678' } },
        project: { code: aProjectCode(), name: '新县城北自建住宅项目', location: '新县新集镇城北路' },
        materials: items.flatMap((i) => i.materials.filter((m) => m.required).map((m) => ({ code: m.code, form: 'paper' }))),
      },
      clerk,
      { 'Idempotency-Key': randomUUID() },
    );
    expect(created.status).toBe(201);
    applicationId = created.body.id;
    // the clerk sees the application's numbers whole (as before), though they are stored sealed
    const app = await e.http.get<{ applicant: { idNumber: string; contact: { idNumber: string } } }>(`/api/v1/applications/${applicationId}`, clerk);
    expect(app.body.applicant.idNumber).toBe(APPLICANT_ID);
    expect(app.body.applicant.contact.idNumber).toBe(CONTACT_ID);

    expect((await e.http.post(`/api/v1/applications/${applicationId}/precheck`, { results: [] }, clerk)).status).toBe(200);
    const accepted = await e.http.post<{ caseNo: string }>(`/api/v1/applications/${applicationId}/accept`, undefined, clerk);
    expect(accepted.status).toBe(201);
    caseNo = accepted.body.caseNo;
    for (const reviewer of ['zrzy1', 'fgw1']) {
      const token = await e.http.login(reviewer);
      const [task] = await eventually(async () => {
        const r = await e.http.get<{ id: string }[]>(`/api/v1/review/tasks?caseNo=${caseNo}`, token);
        return r.body.length > 0 ? r.body : null;
      });
      expect((await e.http.post(`/api/v1/review/tasks/${task?.id}/decide`, { outcome: 'approve', opinion: '符合要求，准予许可。' }, token)).status).toBe(200);
    }
    const ready = await eventually(async () => {
      const r = await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk);
      return r.body.status === 'ready_for_delivery' && r.body.certificates.length >= 2 ? r.body : null;
    }, 30_000);
    // the case shows the numbers masked, as before
    expect(ready.applicant.idNumber).toBe(maskIdNumber(APPLICANT_ID));
    expect(ready.applicant.contact?.idNumber).toBe(maskIdNumber(CONTACT_ID));
    const certs = ready.certificates;

    // the written documents render from the sealed data
    for (const p of [`/api/v1/cases/${caseNo}/acceptance-notice.pdf`, ...certs.map((c) => `/api/v1/certificates/${c.id}.pdf`)]) {
      const res = await fetch(`${e.http.base}${p}`, { headers: { authorization: `Bearer ${clerk}` } });
      expect([p, res.status]).toEqual([p, 200]);
      await res.arrayBuffer();
    }

    // an agent authorised for the first document (looked up by the number's hash at hand-over), typed with a lower-case x
    const letter = createHash('sha256').update('scan of the letter').digest('hex');
    const auth = await e.http.post<{ agentIdNumber: string }>(
      `/api/v1/cases/${caseNo}/authorisations`,
      { agentName: '赵六', agentIdNumber: AGENT_ID, certificateIds: [certs[0]?.id], letterSha256: letter },
      clerk,
      { 'Idempotency-Key': randomUUID() },
    );
    expect(auth.status).toBe(201);
    expect(auth.body.agentIdNumber).toBe(maskIdNumber(AGENT_ID));
    const stranger = await e.http.post<{ error: { code: string; details: { reason?: string }[] } }>(
      `/api/v1/certificates/${certs[0]?.id}/collect`,
      { collectorName: '赵六', collectorIdNumber: aResidentId() },
      clerk,
    );
    expect(stranger.status).toBe(403);
    expect(stranger.body.error.details.at(-1)?.reason).toBe('not_authorised_agent');
    const byAgent = await e.http.post<{ capacity: string; collectorIdNumber: string }>(
      `/api/v1/cases/${caseNo}/handovers`,
      { certificateIds: [certs[0]?.id], collectorName: '赵六', collectorIdNumber: AGENT_ID.replace(/X$/, 'x') },
      clerk,
      { 'Idempotency-Key': randomUUID() },
    );
    expect(byAgent.status).toBe(201);
    expect(byAgent.body).toMatchObject({ capacity: 'authorised_agent', collectorIdNumber: maskIdNumber(AGENT_ID) });
    // the holder takes the rest: their number is opened from the case's parties
    for (const c of certs.slice(1)) {
      const own = await e.http.post<{ collectorCapacity: string; holderIdNumber: string; collectorIdNumber: string }>(
        `/api/v1/certificates/${c.id}/collect`,
        { collectorName: '张三丰', collectorIdNumber: APPLICANT_ID },
        clerk,
      );
      expect(own.status).toBe(200);
      expect(own.body).toMatchObject({ collectorCapacity: 'holder', holderIdNumber: maskIdNumber(APPLICANT_ID), collectorIdNumber: maskIdNumber(APPLICANT_ID) });
    }
    await eventually(async () => ((await e.http.get<CaseBody>(`/api/v1/cases/${caseNo}`, clerk)).body.status === 'delivered' ? true : null), 30_000);
  });

  it('finds the case, the documents and the hand-over by the numbers\' lookup hashes, and opens the sealed values', async () => {
    const applicantHash = cipher.hmac(APPLICANT_ID);
    expect((await db.query(`SELECT case_no FROM intake.case_file WHERE applicant_id_hmac = $1`, [applicantHash])).rows).toEqual([{ case_no: caseNo }]);
    expect((await db.query(`SELECT id FROM intake.application WHERE applicant_id_hmac = $1`, [applicantHash])).rows).toEqual([{ id: applicationId }]);
    const certs = (await db.query<{ holder_id_sealed: string; collector_id_sealed: string | null }>(
      `SELECT holder_id_sealed, collector_id_sealed FROM certificate.certificate WHERE holder_id_hmac = $1`,
      [applicantHash],
    )).rows;
    expect(certs.length).toBeGreaterThanOrEqual(2);
    for (const c of certs) {
      expect(FieldCipher.keyIdOf(c.holder_id_sealed)).toBe('t2');
      expect(cipher.decrypt(c.holder_id_sealed)).toBe(APPLICANT_ID);
    }
    const handovers = (await db.query<{ case_no: string; capacity: string }>(`SELECT case_no, capacity FROM certificate.handover WHERE collector_id_hmac = $1`, [cipher.hmac(AGENT_ID.toLowerCase())])).rows;
    expect(handovers).toEqual([{ case_no: caseNo, capacity: 'authorised_agent' }]);
    const [parties] = (await db.query<{ applicant: { idNumber: string; idNumberSealed: string; contact: { idNumberSealed: string } } }>(`SELECT applicant FROM certificate.case_delivery WHERE case_no = $1`, [caseNo])).rows;
    expect(parties?.applicant.idNumber).toBe(maskIdNumber(APPLICANT_ID));
    expect(cipher.decrypt(parties?.applicant.idNumberSealed ?? '')).toBe(APPLICANT_ID);
    expect(cipher.decrypt(parties?.applicant.contact.idNumberSealed ?? '')).toBe(CONTACT_ID);
    // the event on the wire (and in the outbox) carries the number masked, sealed beside it
    const [accepted] = (await db.query<{ envelope: { data: { applicant: { idNumber: string; idNumberSealed: string } } } }>(
      `SELECT envelope FROM intake.outbox WHERE subject = 'yc.evt.intake.case.accepted.v1' AND envelope->'data'->>'caseNo' = $1`,
      [caseNo],
    )).rows;
    expect(accepted?.envelope.data.applicant.idNumber).toBe(maskIdNumber(APPLICANT_ID));
    expect(cipher.decrypt(accepted?.envelope.data.applicant.idNumberSealed ?? '')).toBe(APPLICANT_ID);
  });

  it('scans every text and JSON column of every service schema: no resident ID number in clear', async () => {
    // the scan itself finds a number planted in clear (a schema of its own, dropped afterwards)
    await db.query(`CREATE SCHEMA pii_probe`);
    await db.query(`CREATE TABLE pii_probe.t (a text, b jsonb)`);
    await db.query(`INSERT INTO pii_probe.t VALUES ('x', $1::jsonb)`, [JSON.stringify({ p: { idNumber: APPLICANT_ID } })]);
    try {
      expect((await clearIdNumbers(db, ['pii_probe'])).hits).toEqual([`pii_probe.t.b: ${maskIdNumber(APPLICANT_ID)}`]);
    } finally {
      await db.query(`DROP SCHEMA pii_probe CASCADE`);
    }
    const scan = await clearIdNumbers(db, BACKEND_SERVICES);
    expect(scan.columns).toBeGreaterThan(100);
    expect(scan.hits).toEqual([]);
  });
});
