import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestMicroservice } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppError, Events, healthSubject, Rpc, rpc as rpcDef, type Actor, type CaseDecidedV1, type CertificateView } from '@yichuang/contracts';
import { maskIdNumber, RESULT_DOCUMENT_NO_CODE, type ResultDocumentType } from '@yichuang/domain';
import { loadEnv, runService, type RpcClient } from '@yichuang/platform';
import { aPhone, aProjectCode, aResidentId, eventually, publishTestEvent, readEvents, serviceClockAt, startTestInfra, TEST_INSTANT, TEST_PII_ENV, testPiiCipher, testRpcClient, type TestInfra } from '@yichuang/testing';
import { CertificateEnv } from './config.js';
import { CertificateModule } from './app.module.js';
import { CertificateNumbers } from './certificates/numbering.js';

const clerk: Actor = { username: 'clerk1', roles: ['clerk'], window: 'W01' };
const zrzyReviewer: Actor = { username: 'zrzy1', roles: ['reviewer'], department: 'ZRZY' };
const sthjReviewer: Actor = { username: 'sthj1', roles: ['reviewer'], department: 'STHJ' };

const DECIDED_AT = '2026-03-10T02:00:00.000Z'; // 2026-03-10 10:00 in China
/** The number of the `seq`th document of `type` in 2026 (default pattern, area 411523): 环审字第411523202600001号. */
const noOf = (type: ResultDocumentType, seq: number, year = 2026) => `${RESULT_DOCUMENT_NO_CODE[type]}字第411523${year}${String(seq).padStart(5, '0')}号`;

type Result = CaseDecidedV1['results'][number];
const approve = (itemCode: string, departmentCode: string, type: string, name: string): Result => ({
  itemCode,
  itemName: `${name}（事项）`,
  departmentCode,
  outcome: 'approve',
  resultDocument: { type, name },
});
const deny = (r: Result): Result => ({ ...r, outcome: 'deny' });

const EIA_REPORT = approve('STHJ-001', 'STHJ', 'EIA_APPROVAL', '环境影响报告书批复');
const EIA_FORM = approve('STHJ-002', 'STHJ', 'EIA_APPROVAL', '环境影响报告表批复');
const LAND_PERMIT = approve('ZRZY-002', 'ZRZY', 'LAND_PLANNING_PERMIT', '建设用地规划许可证');
/** the contact recorded on every test application: the person who collects (pickup/identity.ts) */
const CONTACT_ID = aResidentId();
/** a 意见书: itself the written decision (no separate 准予行政许可决定书) */
const SITE_OPINION = approve('ZRZY-001', 'ZRZY', 'SITE_AND_LAND_PRE_APPROVAL', '建设项目用地预审与选址意见书');

describe('certificate service over NATS (real PostgreSQL + NATS)', () => {
  let infra: TestInfra;
  let app: INestMicroservice;
  let second: INestMicroservice | undefined;
  let rpc: RpcClient;
  let ds: DataSource;
  let caseSeq = 0;

  const decided = (results: Result[], applicant: Partial<CaseDecidedV1['applicant']> = {}): CaseDecidedV1 => ({
    caseNo: `T-2026-${String(++caseSeq).padStart(6, '0')}`,
    decidedAt: DECIDED_AT,
    applicant: { kind: 'person', name: '张三丰', idNumber: aResidentId(), phone: aPhone(), contact: { name: '李四', idNumber: CONTACT_ID, phone: aPhone() }, ...applicant },
    project: { code: aProjectCode(), name: '新县测试项目', location: '新县城关镇' },
    results,
  });
  const list = (caseNo: string) => rpc.request(Rpc.certificate.listByCase, { caseNo });
  /** the case's `n` certificates, once issued and the case's parties (who may collect) are known */
  const listed = (caseNo: string, n: number) =>
    eventually(async () => {
      const l = await list(caseNo);
      const parties = (await ds.query(`SELECT 1 FROM case_delivery WHERE case_no = $1`, [caseNo])) as unknown[];
      return l.length === n && parties.length === 1 ? l : null;
    });
  const issuedEvents = async (caseNo: string) => (await readEvents(infra.natsUrl, Events.certificatesIssued)).filter((e) => e.data.caseNo === caseNo);
  const collectedEvents = async (caseNo: string) => (await readEvents(infra.natsUrl, Events.certificateCollected)).filter((e) => e.data.caseNo === caseNo);
  const collect = (id: string, actor: Actor = clerk, collectorIdNumber = CONTACT_ID) =>
    rpc.request(Rpc.certificate.collect, { id, collectorName: '李四', collectorIdNumber }, { actor });
  const failure = async (p: Promise<unknown>): Promise<AppError> => {
    const err = await p.then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  };
  /** every event published so far has been handled: a marker case published last is issued */
  const drained = async () => {
    const marker = decided([SITE_OPINION]);
    await publishTestEvent(infra.natsUrl, Events.caseDecided, marker);
    await listed(marker.caseNo, 1);
  };
  const seqOf = (no: string) => Number(/^\D+字第4115232026(\d{5,})号$/.exec(no)?.[1]);

  beforeAll(async () => {
    infra = await startTestInfra();
    const env = loadEnv(CertificateEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'warn', INSTANCE_ID: 'certificate-1', ...serviceClockAt(TEST_INSTANT), ...TEST_PII_ENV });
    app = await runService('certificate', env, CertificateModule.forRoot(env));
    ds = app.get(DataSource);
    rpc = testRpcClient(infra.natsUrl);
  });

  afterAll(async () => {
    await rpc?.onApplicationShutdown();
    await second?.close();
    await app?.close();
    await infra?.stop();
  });

  describe('a decided case with two approved items of one document type and one refusal', () => {
    let data: CaseDecidedV1;
    let envelopeId: string;
    let certs: CertificateView[];

    beforeAll(async () => {
      data = decided([EIA_REPORT, EIA_FORM, deny(LAND_PERMIT)], { kind: 'enterprise', name: '新县城市建设投资有限公司' });
      envelopeId = (await publishTestEvent(infra.natsUrl, Events.caseDecided, data)).id;
      all = await listed(data.caseNo, 3);
      certs = all.filter((c) => c.role === 'result');
    });
    let all: CertificateView[];

    it('issues the refusal decision of the refused item, numbered by the department that decided', () => {
      const refusal = all.find((c) => c.role === 'refusal_decision');
      expect(refusal).toMatchObject({ itemCode: 'ZRZY-002', type: 'REFUSAL_DECISION', typeName: '不予行政许可决定书', no: '新自然资许不字〔2026〕1号', status: 'issued', standing: 'valid' });
    });

    it('issues one certificate per approved item, numbered 00001 and 00002 in the type sequence', () => {
      expect(certs.map((c) => c.itemCode)).toEqual(['STHJ-001', 'STHJ-002']);
      expect(certs.map((c) => c.no).sort()).toEqual([noOf('EIA_APPROVAL', 1), noOf('EIA_APPROVAL', 2)]);
      expect(certs.map((c) => c.no).sort()).toEqual(['环审字第411523202600001号', '环审字第411523202600002号']);
      for (const c of certs) {
        expect(c).toMatchObject({ caseNo: data.caseNo, type: 'EIA_APPROVAL', status: 'issued', issuedAt: DECIDED_AT, holderName: '新县城市建设投资有限公司' });
        expect(c.verifyCode).toMatch(/^[ABCDEFGHJKLMNPQRSTUVWXYZ2-9]{12}$/);
        expect(c.collectedAt).toBeUndefined();
      }
      expect(certs[0]?.typeName).toBe('环境影响报告书批复');
      expect(certs[0]?.itemName).toBe('环境影响报告书批复（事项）');
    });

    it('stores the holder ID number in full but answers it masked', async () => {
      for (const c of certs) expect(c.holderIdNumber).toBe(maskIdNumber(data.applicant.idNumber));
      expect(JSON.stringify(certs)).not.toContain(data.applicant.idNumber);
      // stored sealed (the current key t2), with its lookup hash; never in clear
      const rows = (await ds.query(`SELECT holder_id_sealed, holder_id_hmac FROM certificate WHERE case_no = $1`, [data.caseNo])) as { holder_id_sealed: string; holder_id_hmac: string }[];
      const cipher = testPiiCipher();
      expect(rows.map((r) => cipher.decrypt(r.holder_id_sealed))).toEqual([data.applicant.idNumber, data.applicant.idNumber, data.applicant.idNumber]);
      expect(rows.every((r) => r.holder_id_sealed.startsWith('v1.t2.') && r.holder_id_hmac === cipher.hmac(data.applicant.idNumber))).toBe(true);
    });

    it('publishes ONE certificatesIssued event listing both certificates', async () => {
      const events = await eventually(async () => {
        const ev = await issuedEvents(data.caseNo);
        return ev.length > 0 ? ev : null;
      });
      expect(events).toHaveLength(1);
      expect(events[0]?.source).toBe('certificate');
      expect(events[0]?.data.issuedAt).toBe(DECIDED_AT);
      expect(events[0]?.data.certificates.map((c) => ({ id: c.id, no: c.no, verifyCode: c.verifyCode })).sort((a, b) => a.no.localeCompare(b.no))).toEqual(
        all.map((c) => ({ id: c.id, no: c.no, verifyCode: c.verifyCode })).sort((a, b) => a.no.localeCompare(b.no)),
      );
    });

    it('records the issue of each certificate in certificate_event', async () => {
      const rows = (await ds.query(
        `SELECT e.actor, e.action, e.note FROM certificate_event e JOIN certificate c ON c.id = e.certificate_id WHERE c.case_no = $1 AND c.kind = 'result' ORDER BY c.no`,
        [data.caseNo],
      )) as { actor: string; action: string; note: string }[];
      // numbers are taken in (type, item) order: STHJ-001 first
      expect(rows).toEqual([
        { actor: 'system', action: 'issued', note: `出具环境影响报告书批复（${noOf('EIA_APPROVAL', 1)}）` },
        { actor: 'system', action: 'issued', note: `出具环境影响报告表批复（${noOf('EIA_APPROVAL', 2)}）` },
      ]);
    });

    it('issues nothing twice for the same event, redelivered or re-sent under a new id', async () => {
      // the same envelope again: dropped by JetStream's de-duplication …
      await publishTestEvent(infra.natsUrl, Events.caseDecided, data, { id: envelopeId });
      // … and after the de-duplication window (new message id, same event id): dropped by the inbox
      await publishTestEvent(infra.natsUrl, Events.caseDecided, data, { id: envelopeId, msgId: `${envelopeId}-late` });
      // the same decision published again as a new event: the unique (case, item) keeps one certificate
      await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
      await drained();
      const again = await list(data.caseNo);
      expect(again.map((c) => c.id).sort()).toEqual(all.map((c) => c.id).sort());
      expect(await issuedEvents(data.caseNo)).toHaveLength(1);
      const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM certificate_event e JOIN certificate c ON c.id = e.certificate_id WHERE c.case_no = $1`, [
        data.caseNo,
      ])) as [{ n: number }];
      expect(n).toBe(3);
    });

    it('hands them over one by one: allDelivered false, then true; masked collector; audit trail', async () => {
      const [first, secondCert] = certs as [CertificateView, CertificateView];
      const collectorId = CONTACT_ID;
      const v1 = await collect(first.id, clerk, collectorId);
      expect(v1).toMatchObject({ id: first.id, status: 'collected', collectorName: '李四', collectorIdNumber: maskIdNumber(collectorId), collectedBy: 'clerk1' });
      expect(v1.collectedAt).toEqual(expect.any(String));
      expect(JSON.stringify(v1)).not.toContain(collectorId);
      expect((await list(data.caseNo)).find((c) => c.id === first.id)?.status).toBe('collected');
      const e1 = await eventually(async () => {
        const ev = await collectedEvents(data.caseNo);
        return ev.length === 1 ? ev : null;
      });
      expect(e1[0]?.data).toMatchObject({ certificateId: first.id, no: first.no, collectedBy: 'clerk1', allDelivered: false });

      // the department's own reviewer at the business window may hand out its results
      await collect(secondCert.id, sthjReviewer);
      const e2 = await eventually(async () => {
        const ev = await collectedEvents(data.caseNo);
        return ev.length === 2 ? ev : null;
      });
      // the refusal decision still waits: not all delivered
      expect(e2.find((e) => e.data.certificateId === secondCert.id)?.data).toMatchObject({ allDelivered: false, collectedBy: 'sthj1' });
      const refusal = all.find((c) => c.role === 'refusal_decision') as CertificateView;
      await collect(refusal.id);
      const e3 = await eventually(async () => {
        const ev = await collectedEvents(data.caseNo);
        return ev.length === 3 ? ev : null;
      });
      expect(e3.find((e) => e.data.certificateId === refusal.id)?.data.allDelivered).toBe(true);

      const [sealed] = (await ds.query(`SELECT collector_id_sealed, collected_by FROM certificate WHERE id = $1`, [first.id])) as {
        collector_id_sealed: string;
        collected_by: string;
      }[];
      const stored = sealed && { collector_id_number: testPiiCipher().decrypt(sealed.collector_id_sealed), collected_by: sealed.collected_by };
      expect(stored).toEqual({ collector_id_number: collectorId, collected_by: 'clerk1' });
      const trail = (await ds.query(`SELECT actor, action, note FROM certificate_event WHERE certificate_id = $1 ORDER BY id`, [first.id])) as {
        actor: string;
        action: string;
        note: string;
      }[];
      expect(trail.map((t) => [t.actor, t.action])).toEqual([
        ['system', 'issued'],
        ['clerk1', 'collected'],
      ]);
      expect(trail[1]?.note).toBe('窗口领取，领取人李*');
    });

    it('refuses a second collection with ALREADY_COLLECTED, and changes nothing', async () => {
      const err = await failure(collect(certs[0]?.id ?? ''));
      expect(err.code).toBe('ALREADY_COLLECTED');
      expect(err.status).toBe(409);
      expect(await collectedEvents(data.caseNo)).toHaveLength(3);
    });

    it('verifies a document by its code (any letter case), masking the holder', async () => {
      const c = certs[0] as CertificateView;
      const v = await rpc.request(Rpc.certificate.verify, { verifyCode: c.verifyCode });
      // 环评批复: valid five years from the day of issue
      expect(v).toEqual({ valid: true, standing: 'valid', validUntil: '2031-03-09', type: 'EIA_APPROVAL', typeName: c.typeName, no: c.no, holder: `新${'*'.repeat(11)}`, issuedAt: DECIDED_AT });
      expect(JSON.stringify(v)).not.toContain('城市建设');
      expect(await rpc.request(Rpc.certificate.verify, { verifyCode: c.verifyCode.toLowerCase() })).toEqual(v);
    });
  });

  it('answers NOT_FOUND for an unknown verification code and VALIDATION_FAILED for a malformed one', async () => {
    expect((await failure(rpc.request(Rpc.certificate.verify, { verifyCode: 'ABCDEFGHJKLM' }))).code).toBe('NOT_FOUND');
    const bad = await failure(rpc.request(Rpc.certificate.verify, { verifyCode: "x' OR 1=1" }));
    expect(bad.code).toBe('VALIDATION_FAILED');
    expect(bad.details.map((d) => d.field)).toEqual(['verifyCode']);
  });

  it('issues only the refusal decision for a case whose items were all refused, with the reasons', async () => {
    const data = decided([{ ...deny(LAND_PERMIT), departmentName: '新县自然资源局', opinion: '选址位于生态保护红线内。', legalBasis: '《中华人民共和国城乡规划法》第三十七条' }]);
    await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
    const [refusal] = (await listed(data.caseNo, 1)) as [CertificateView];
    expect(refusal).toMatchObject({ role: 'refusal_decision', type: 'REFUSAL_DECISION', departmentName: '新县自然资源局', conditions: '选址位于生态保护红线内。', legalBasis: '《中华人民共和国城乡规划法》第三十七条' });
    expect(refusal.validUntil).toBeUndefined();
    expect((await issuedEvents(data.caseNo))[0]?.data.certificates.map((c) => c.role)).toEqual(['refusal_decision']);
  });

  it('issues a licence with its written grant decision, carrying what the type prints', async () => {
    const data = decided([{ ...LAND_PERMIT, departmentName: '新县自然资源局', opinion: '请按批准的用地范围使用土地。', legalBasis: '《中华人民共和国城乡规划法》第三十八条', decidedBy: 'zrzy1', decidedAt: DECIDED_AT }]);
    data.project = { ...data.project, scale: '用地面积约3.2公顷' };
    await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
    const docs = await listed(data.caseNo, 2);
    const permit = docs.find((c) => c.role === 'result');
    const grant = docs.find((c) => c.role === 'grant_decision');
    expect(permit).toMatchObject({ type: 'LAND_PLANNING_PERMIT', departmentName: '新县自然资源局', conditions: '请按批准的用地范围使用土地。', project: data.project, decidedAt: DECIDED_AT });
    expect(permit?.no).toMatch(/^地字第4115232026\d{5}号$/);
    expect(grant).toMatchObject({ type: 'GRANT_DECISION', typeName: '准予行政许可决定书', itemCode: 'ZRZY-002' });
    expect(grant?.no).toMatch(/^新自然资许准字〔2026〕\d+号$/);
  });

  describe('collection refusals', () => {
    let cert: CertificateView;
    beforeAll(async () => {
      const data = decided([SITE_OPINION]);
      await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
      [cert] = (await listed(data.caseNo, 1)) as [CertificateView];
    });

    it('refuses a collector ID number with a wrong check digit, naming collectorIdNumber', async () => {
      const good = aResidentId();
      const wrong = good.slice(0, 17) + (good[17] === '1' ? '2' : '1');
      const err = await failure(collect(cert.id, clerk, wrong));
      expect(err.code).toBe('VALIDATION_FAILED');
      expect(err.details.map((d) => d.field)).toEqual(['collectorIdNumber']);
      expect(JSON.stringify(err.details)).not.toContain(wrong);
    });

    it('lists every bad field at once, and refuses a blank collector name', async () => {
      const err = await failure(rpc.request(Rpc.certificate.collect, { id: 'nope', collectorName: '', collectorIdNumber: '123' }, { actor: clerk }));
      expect(err.details.map((d) => d.field).sort()).toEqual(['collectorIdNumber', 'collectorName', 'id']);
      const blank = await failure(rpc.request(Rpc.certificate.collect, { id: cert.id, collectorName: '   ', collectorIdNumber: aResidentId() }, { actor: clerk }));
      expect(blank.code).toBe('VALIDATION_FAILED');
      expect(blank.details.map((d) => d.field)).toEqual(['collectorName']);
    });

    it('answers NOT_FOUND for an unknown certificate and for a reviewer of another department', async () => {
      expect((await failure(collect(randomUUID()))).code).toBe('NOT_FOUND');
      expect((await failure(collect(cert.id, sthjReviewer))).code).toBe('NOT_FOUND');
    });

    it('requires an acting clerk or reviewer', async () => {
      const anonymous = await failure(rpc.request(Rpc.certificate.collect, { id: cert.id, collectorName: '李四', collectorIdNumber: aResidentId() }));
      expect(anonymous.code).toBe('UNAUTHORIZED');
      expect((await failure(collect(cert.id, { username: 'consult1', roles: ['consultant'] }))).code).toBe('FORBIDDEN');
      expect((await list(cert.caseNo))[0]?.status).toBe('issued');
    });

    it('refuses to hand over a mailed certificate', async () => {
      const data = decided([SITE_OPINION]);
      await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
      const [mailed] = (await listed(data.caseNo, 1)) as [CertificateView];
      await ds.query(`UPDATE certificate SET status = 'mailed' WHERE id = $1`, [mailed.id]);
      expect((await failure(collect(mailed.id))).code).toBe('ALREADY_COLLECTED');
    });

    it('answers a repeated Idempotency-Key with the first reply, handing over once', async () => {
      const data = decided([SITE_OPINION]);
      await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
      const [c] = (await listed(data.caseNo, 1)) as [CertificateView];
      const body = { id: c.id, collectorName: '李四', collectorIdNumber: CONTACT_ID };
      const key = randomUUID();
      const first = await rpc.request(Rpc.certificate.collect, body, { actor: clerk, idempotencyKey: key });
      expect(await rpc.request(Rpc.certificate.collect, body, { actor: clerk, idempotencyKey: key })).toEqual(first);
      expect((await failure(rpc.request(Rpc.certificate.collect, body, { actor: clerk }))).code).toBe('ALREADY_COLLECTED');
      await eventually(async () => (await collectedEvents(data.caseNo)).length === 1);
      await drained();
      expect(await collectedEvents(data.caseNo)).toHaveLength(1);
    });

    it('lets the department reviewer hand out its own result', async () => {
      expect((await collect(cert.id, zrzyReviewer)).status).toBe('collected');
    });
  });

  it('sees a case fully delivered exactly once when its certificates are collected at the same moment', async () => {
    const items = Array.from({ length: 12 }, (_, i) => approve(`ZJJ-9${String(i).padStart(2, '0')}`, 'ZJJ', 'JOINT_ACCEPTANCE_OPINION', '测试文书'));
    const data = decided(items);
    await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
    const certs = await listed(data.caseNo, items.length);
    await Promise.all(certs.map((c) => collect(c.id)));
    const events = await eventually(async () => {
      const ev = await collectedEvents(data.caseNo);
      return ev.length === items.length ? ev : null;
    });
    expect(events.filter((e) => e.data.allDelivered)).toHaveLength(1);
  });

  it('gives a rolled-back number back: the next issue takes it', async () => {
    const numbers = app.get(CertificateNumbers);
    const at = new Date(DECIDED_AT);
    await expect(
      ds.transaction(async (tx) => {
        expect(await numbers.next(tx, 'FIRE_ACCEPTANCE_OPINION', at)).toBe(noOf('FIRE_ACCEPTANCE_OPINION', 1));
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await ds.transaction((tx) => numbers.next(tx, 'FIRE_ACCEPTANCE_OPINION', at))).toBe(noOf('FIRE_ACCEPTANCE_OPINION', 1));
  });

  it('continues a year begun under the old number format: same counter, next number, no duplicate', async () => {
    // a database from before the Chinese numbers: 施工许可证 … -00001 … -00007 issued in 2025 as 411523-2025-CONSTRUCTION_PERMIT-0000n
    await ds.query(`INSERT INTO number_sequence (doc_type, year, last_value) VALUES ('CONSTRUCTION_PERMIT', 2025, 7)`);
    const old = decided([approve('ZJJ-004', 'ZJJ', 'CONSTRUCTION_PERMIT', '建筑工程施工许可证')]);
    const holderId = aResidentId();
    await ds.query(
      `INSERT INTO certificate (id, case_no, item_code, item_name, type, type_name, holder_name, holder_id_sealed, holder_id_hmac, no, verify_code, status, issued_at)
       VALUES ($1, $2, 'ZJJ-004', '建筑工程施工许可证', 'CONSTRUCTION_PERMIT', '建筑工程施工许可证', '张三丰', $3, $4, '411523-2025-CONSTRUCTION_PERMIT-00007', 'OLDFORMAT7XY', 'issued', '2025-06-01T02:00:00Z')`,
      [randomUUID(), old.caseNo, testPiiCipher().encrypt(holderId), testPiiCipher().hmac(holderId)],
    );
    const data = { ...decided([approve('ZJJ-004', 'ZJJ', 'CONSTRUCTION_PERMIT', '建筑工程施工许可证')]), decidedAt: '2025-12-30T02:00:00.000Z' };
    await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
    const cert = (await listed(data.caseNo, 2)).find((c) => c.role === 'result') as CertificateView;
    expect(cert.no).toBe(noOf('CONSTRUCTION_PERMIT', 8, 2025));
    expect(cert.no).toBe('施字第411523202500008号');
  });

  it('takes no number for a document type without a Chinese code', async () => {
    await expect(ds.transaction((tx) => app.get(CertificateNumbers).next(tx, 'LICENCE', new Date(DECIDED_AT)))).rejects.toThrow(/no number code/);
    expect(await ds.query(`SELECT 1 FROM number_sequence WHERE doc_type = 'LICENCE'`)).toEqual([]);
  });

  it('issues 1,000 documents of 200 cases decided at once on two instances: 1..N per type (and agency) and year, no gap, no duplicate', async () => {
    const env2 = loadEnv(CertificateEnv, { DATABASE_URL: infra.databaseUrl, NATS_URL: infra.natsUrl, LOG_LEVEL: 'warn', INSTANCE_ID: 'certificate-2', ...serviceClockAt(TEST_INSTANT), ...TEST_PII_ENV });
    second = await runService('certificate', env2, CertificateModule.forRoot(env2));
    // per case: 施工许可证 + its 准予行政许可决定书, 施工图审查合格书, 消防设计审查意见书, 人防审批意见书 = 5 documents
    const permit = { ...approve('ZJJ-004', 'ZJJ', 'CONSTRUCTION_PERMIT', '建筑工程施工许可证'), departmentName: '新县住房和城乡建设局' };
    const drawing = approve('ZJJ-001', 'ZJJ', 'DRAWING_REVIEW_CERT', '施工图设计文件审查合格书');
    const fire = approve('ZJJ-002', 'ZJJ', 'FIRE_DESIGN_REVIEW_OPINION', '特殊建设工程消防设计审查意见书');
    const civil = approve('RFB-001', 'RFB', 'CIVIL_DEFENCE_APPROVAL', '防空地下室建设审批意见书');
    // the cases list the types in different orders: issuers must not deadlock
    const orders = [[permit, drawing, fire, civil], [civil, fire, drawing, permit], [drawing, civil, permit, fire]];
    const cases = Array.from({ length: 200 }, (_, i) => decided(orders[i % orders.length] as Result[]));
    const caseNos = cases.map((c) => c.caseNo);
    for (let i = 0; i < cases.length; i += 50) await Promise.all(cases.slice(i, i + 50).map((c) => publishTestEvent(infra.natsUrl, Events.caseDecided, c)));
    await eventually(async () => {
      const [{ n }] = (await ds.query(`SELECT count(*)::int AS n FROM certificate WHERE case_no = ANY($1)`, [caseNos])) as [{ n: number }];
      return n === 1000;
    }, 180_000);
    const rows = (await ds.query(`SELECT type, no, case_no FROM certificate WHERE case_no = ANY($1)`, [caseNos])) as { type: string; no: string; case_no: string }[];
    expect(new Set(rows.map((r) => r.no)).size).toBe(1000);
    const perCase = new Map<string, number>();
    for (const r of rows) perCase.set(r.case_no, (perCase.get(r.case_no) ?? 0) + 1);
    expect([...perCase.values()].every((n) => n === 5)).toBe(true);
    for (const type of ['CONSTRUCTION_PERMIT', 'DRAWING_REVIEW_CERT', 'FIRE_DESIGN_REVIEW_OPINION', 'CIVIL_DEFENCE_APPROVAL']) {
      const seqs = rows
        .filter((r) => r.type === type)
        .map((r) => seqOf(r.no))
        .sort((a, b) => a - b);
      expect([type, seqs]).toEqual([type, Array.from({ length: 200 }, (_, i) => i + 1)]);
    }
    const grants = rows
      .filter((r) => r.type === 'GRANT_DECISION')
      .map((r) => Number(/^新住建许准字〔2026〕(\d+)号$/.exec(r.no)?.[1]))
      .sort((a, b) => a - b);
    expect(grants).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    const counters = (await ds.query(`SELECT doc_type, last_value FROM number_sequence WHERE year = 2026 AND doc_type IN ('CONSTRUCTION_PERMIT', 'GRANT_DECISION@ZJJ', 'CIVIL_DEFENCE_APPROVAL') ORDER BY doc_type`)) as unknown[];
    expect(counters).toEqual([
      { doc_type: 'CIVIL_DEFENCE_APPROVAL', last_value: 200 },
      { doc_type: 'CONSTRUCTION_PERMIT', last_value: 200 },
      { doc_type: 'GRANT_DECISION@ZJJ', last_value: 200 },
    ]);
    // one certificate.issued per case, whichever instance issued it
    const events = (await readEvents(infra.natsUrl, Events.certificatesIssued)).filter((e) => caseNos.includes(e.data.caseNo));
    expect(events).toHaveLength(200);
    expect(new Set(events.map((e) => e.data.caseNo)).size).toBe(200);
  });

  describe('revocation and correction by the issuing department', () => {
    const zrzyHead: Actor = { username: 'zrzy_head', roles: ['reviewer', 'department_head'], department: 'ZRZY' };
    const standingEvents = async (caseNo: string) => (await readEvents(infra.natsUrl, Events.documentStandingChanged)).filter((e) => e.data.caseNo === caseNo);

    it('revokes a licence together with its grant decision: verify answers revoked with the date, the event tells the case', async () => {
      const data = decided([{ ...LAND_PERMIT, departmentName: '新县自然资源局' }]);
      await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
      const docs = await listed(data.caseNo, 2);
      const permit = docs.find((c) => c.role === 'result') as CertificateView;
      const body = { id: permit.id, kind: 'revoke' as const, reason: '经核查，申请人以欺骗手段取得许可', legalBasis: '《中华人民共和国行政许可法》第六十九条第二款' };
      // a reviewer who is not the head, and another department's head, may not
      expect((await failure(rpc.request(Rpc.certificate.revoke, body, { actor: zrzyReviewer }))).code).toBe('FORBIDDEN');
      expect((await failure(rpc.request(Rpc.certificate.revoke, body, { actor: { ...zrzyHead, department: 'STHJ' } }))).code).toBe('NOT_FOUND');
      const revoked = await rpc.request(Rpc.certificate.revoke, body, { actor: zrzyHead });
      expect(revoked.map((d) => [d.role, d.standing]).sort()).toEqual([
        ['grant_decision', 'revoked'],
        ['result', 'revoked'],
      ]);
      const v = await rpc.request(Rpc.certificate.verify, { verifyCode: permit.verifyCode });
      expect(v).toMatchObject({ valid: false, standing: 'revoked', no: permit.no });
      expect(v.standingSince?.slice(0, 10)).toBe(TEST_INSTANT.slice(0, 10)); // dated by the service's clock
      expect((await failure(rpc.request(Rpc.certificate.revoke, body, { actor: zrzyHead }))).code).toBe('INVALID_STATE');
      expect((await failure(collect(permit.id))).code).toBe('INVALID_STATE');
      // ONE act: one event naming both documents, the licence first, with the decision's number
      const events = await eventually(async () => {
        const ev = await standingEvents(data.caseNo);
        return ev.length > 0 && ev;
      });
      expect(events).toHaveLength(1);
      expect(events[0]?.data).toMatchObject({ standing: 'revoked', reason: body.reason, legalBasis: body.legalBasis, by: 'zrzy_head', decisionNo: '新自然资许撤字〔2026〕1号' });
      expect(events[0]?.data.documents.map((d) => d.role)).toEqual(['result', 'grant_decision']);
    });

    it('corrects a document with a new number that replaces it; the old one answers superseded and points to it', async () => {
      const data = decided([SITE_OPINION]);
      await publishTestEvent(infra.natsUrl, Events.caseDecided, data);
      const [old] = (await listed(data.caseNo, 1)) as [CertificateView];
      const nothing = await failure(rpc.request(Rpc.certificate.correct, { id: old.id, reason: '笔误', corrections: {} }, { actor: zrzyReviewer }));
      expect(nothing.details.map((d) => d.field)).toEqual(['corrections']);
      const fresh = await rpc.request(Rpc.certificate.correct, { id: old.id, reason: '项目名称笔误', corrections: { projectName: '新县城北污水处理厂项目' } }, { actor: zrzyReviewer });
      expect(fresh.no).not.toBe(old.no);
      expect(seqOf(fresh.no)).toBe(seqOf(old.no) + 1); // the next number of its type
      expect(fresh).toMatchObject({ role: 'result', type: old.type, standing: 'valid', status: 'issued', replaces: { id: old.id, no: old.no }, project: { name: '新县城北污水处理厂项目' } });
      const v = await rpc.request(Rpc.certificate.verify, { verifyCode: old.verifyCode });
      expect(v).toMatchObject({ valid: false, standing: 'superseded', replacedByNo: fresh.no });
      expect((await rpc.request(Rpc.certificate.verify, { verifyCode: fresh.verifyCode })).valid).toBe(true);
      const listedAgain = await list(data.caseNo);
      expect(listedAgain.find((c) => c.id === old.id)?.replacedBy).toEqual({ id: fresh.id, no: fresh.no });
      // the superseded one is corrected no more: its replacement is
      expect((await failure(rpc.request(Rpc.certificate.correct, { id: old.id, reason: '再次更正', corrections: { conditions: 'x' } }, { actor: zrzyReviewer }))).code).toBe('INVALID_STATE');
      const ev = await eventually(async () => (await standingEvents(data.caseNo))[0]);
      expect(ev.data).toMatchObject({ standing: 'superseded', replacement: { id: fresh.id, no: fresh.no, verifyCode: fresh.verifyCode } });
    });
  });

  it('answers its health check', async () => {
    const report = await rpc.request(rpcDef<Record<string, never>, { status: string; checks: Record<string, string> }>(healthSubject('certificate'), null), {});
    expect(report.status).toBe('up');
  });
});
