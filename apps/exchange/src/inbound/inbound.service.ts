import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { AppError, Rpc, type ExchangeBacklog, type InboundItemView, type InboundKind, type ProvinceCallbackReply, type ProvinceCallbackRequest } from '@yichuang/contracts';
import { Clock, PeriodicJob, piiCipher, retryDelayMs, RpcClient, signatureProblem, SIGNATURE_HEADERS } from '@yichuang/platform';
import type { ExchangeEnv } from '../config.js';
import { BODY_FIELD, envelopeProblems, idempotencyKey, inboundId, ratingRequest } from './province-items.js';
import { ProvinceFiles, type ProvinceFile } from './province-files.js';
import { EXCHANGE_ENV } from '../tokens.js';

/** how far the province's clock may be from ours, and how long its nonces are remembered (twice that) */
const MAX_SKEW_S = 300;

interface InboundRow {
  id: string;
  kind: InboundKind;
  /** the province's item sealed whole (PII_KEYS: it names the applicant, their ID number and phone); `{}` once forwarded */
  payload: { sealed?: string };
  status: 'pending' | 'forwarded' | 'refused';
  attempts: number;
  last_error: string | null;
  /** what the item became: the online application, the complaint, the rating */
  result_id: string | null;
  received_at: Date;
}

/** what the receiving service says of an item it will never take (kept `refused` for a person); anything else is tried again */
const REFUSALS = new Set(['VALIDATION_FAILED', 'ALREADY_RATED', 'IDEMPOTENCY_KEY_REUSED', 'NOT_FOUND']);

class Refused extends Error {}

/**
 * What the province sends the hall (issue 18.3): applications made on the provincial 政务服务网 (to intake as online
 * applications), complaints made on it (to intake's complaint desk) and ratings made on its 好差评 (to evaluation);
 * the shapes in `province-items.ts`:
 * - **received once**: a signed push (`POST /api/v1/callbacks/province/applications`, the body
 *   `{id, submittedAt, application: {stage, itemCodes, applicant, project, materials}}` as an online application
 *   is submitted here, and likewise `complaints`, `ratings`) is checked — the key, the HMAC of the exact body, the timestamp within 5 minutes of our real
 *   time, a nonce never seen — and kept in `inbound_item` by the province's id in one statement, sealed whole with
 *   the PII keys (a repeat of the same id is answered `duplicate: true` and kept nothing); the province is answered
 *   at once;
 * - **forwarded exactly once**: a job hands each pending item to the service it is for with the Idempotency-Key
 *   `province-zwfw-…` of the item, so a crash between that service's commit and our own answer gives the same
 *   application, complaint or rating again, never a second one, and then forgets the item's content (the service has
 *   it); an item the service refuses (its catalogue, its checks, a service already rated) is kept `refused` with the
 *   service's problems for a person; no answer, or a rating of a service not heard of yet: tried again with back-off.
 */
@Injectable()
export class InboundService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('Inbound');
  private readonly job: PeriodicJob;
  private readonly realTime = new Clock();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(EXCHANGE_ENV) private readonly env: ExchangeEnv,
    private readonly rpc: RpcClient,
    private readonly clock: Clock,
    private readonly files: ProvinceFiles,
  ) {
    this.job = new PeriodicJob('InboundForward', env.EXCHANGE_PUSH_INTERVAL_MS, () => this.forwardDue());
  }

  onApplicationBootstrap(): void {
    this.job.start();
    this.job.kick();
  }

  async beforeApplicationShutdown(): Promise<void> {
    await this.job.stop();
  }

  /** The province's signed push: checked, kept once, answered at once. */
  async receive(req: ProvinceCallbackRequest): Promise<ProvinceCallbackReply> {
    const appKey = this.env.PROVINCE_ZWFW_WEBHOOK_APP_ID;
    const secret = this.env.PROVINCE_ZWFW_WEBHOOK_SECRET;
    if (!appKey || !secret) return { status: 404, body: { code: 'NOT_CONFIGURED', message: '未配置省政务服务网推送' } };
    const h = (name: string) => req.headers[name] ?? '';
    const signed = { appKey: h(SIGNATURE_HEADERS.appKey), timestamp: h(SIGNATURE_HEADERS.timestamp), nonce: h(SIGNATURE_HEADERS.nonce), body: req.rawBody, signature: h(SIGNATURE_HEADERS.signature) };
    const problem = signatureProblem({ appKey, secret }, signed, this.realTime.now().getTime(), MAX_SKEW_S);
    if (problem) {
      this.logger.warn(`province push refused: ${problem}`);
      return { status: 401, body: { code: 'UNAUTHORIZED', problem } };
    }
    let item: Record<string, unknown>;
    try {
      item = JSON.parse(req.rawBody) as Record<string, unknown>;
      if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new Error('not an object');
    } catch {
      return { status: 400, body: { code: 'BAD_JSON', message: '请求体不是JSON对象' } };
    }
    const problems = envelopeProblems(req.kind, item);
    if (problems.length) return { status: 400, body: { code: 'VALIDATION_FAILED', problems } };
    return this.ds.transaction(async (tx) => {
      // a nonce seen before is a replay, refused before anything is kept
      const fresh = (await tx.query(`INSERT INTO webhook_nonce (nonce) VALUES ($1) ON CONFLICT DO NOTHING RETURNING nonce`, [signed.nonce])) as unknown[];
      if (!fresh.length) return { status: 401, body: { code: 'UNAUTHORIZED', problem: 'replayed nonce' } };
      const id = inboundId(req.kind, String(item['id']));
      const now = this.clock.now();
      const field = BODY_FIELD[req.kind];
      const kept = (await tx.query(
        `INSERT INTO inbound_item (id, kind, payload, received_at, next_attempt_at) VALUES ($1, $2, $3, $4, $4) ON CONFLICT (id) DO NOTHING RETURNING id`,
        [id, req.kind, JSON.stringify({ sealed: piiCipher().encrypt(JSON.stringify({ submittedAt: item['submittedAt'], [field]: item[field] })) }), now],
      )) as unknown[];
      if (kept.length) setImmediate(() => this.job.kick());
      return { status: 200, body: { code: '0', message: 'ok', duplicate: kept.length === 0 } };
    });
  }

  /** Forward the pending items, one per transaction, until none is due (at most 100 per run); old nonces forgotten. */
  async forwardDue(): Promise<number> {
    await this.ds.query(`DELETE FROM webhook_nonce WHERE received_at < now() - make_interval(secs => $1::double precision)`, [2 * MAX_SKEW_S]);
    let forwarded = 0;
    for (let i = 0; i < 100; i++) {
      const done = await this.ds.transaction(async (tx) => {
        const [row] = (await tx.query(
          `SELECT id, kind, payload, attempts FROM inbound_item WHERE status = 'pending' AND (attempts = 0 OR next_attempt_at <= $1) ORDER BY received_at, id LIMIT 1 FOR UPDATE SKIP LOCKED`,
          [this.clock.now()],
        )) as Pick<InboundRow, 'id' | 'kind' | 'payload' | 'attempts'>[];
        if (!row) return true;
        const attempts = row.attempts + 1;
        let item: Record<string, Record<string, unknown>>;
        try {
          item = JSON.parse(piiCipher().decrypt(row.payload.sealed ?? '')) as typeof item;
        } catch (err) {
          // sealed with a key no longer in PII_KEYS, or altered: kept for a person, the items behind it go on
          await tx.query(`UPDATE inbound_item SET status = 'refused', attempts = $2, last_error = $3 WHERE id = $1`, [row.id, attempts, `cannot be opened: ${(err as Error).message}`.slice(0, 500)]);
          this.logger.error(`province item ${row.id} cannot be opened: ${(err as Error).message}`);
          return false;
        }
        try {
          const { resultId, problems } = await this.deliver(row.id, row.kind, item[BODY_FIELD[row.kind]] ?? {});
          // the service has it now: the personal data is not kept here any longer (a file that could not be taken is said)
          await tx.query(`UPDATE inbound_item SET status = 'forwarded', attempts = $2, result_id = $3, forwarded_at = $4, last_error = $5, payload = '{}' WHERE id = $1`, [
            row.id,
            attempts,
            resultId,
            this.clock.now(),
            problems.length ? problems.join('; ').slice(0, 1000) : null,
          ]);
          this.logger.log(`province item ${row.id} is ${row.kind === 'applications' ? 'online application' : row.kind === 'complaints' ? 'complaint' : 'rating'} ${resultId}`);
          forwarded++;
        } catch (err) {
          if (err instanceof Refused || (err instanceof AppError && REFUSALS.has(err.code))) {
            const why = (err instanceof AppError ? [err.message, ...err.details.map((d) => `${d.field ?? ''} ${d.problem}`)] : [err.message]).join('; ').slice(0, 1000);
            await tx.query(`UPDATE inbound_item SET status = 'refused', attempts = $2, last_error = $3 WHERE id = $1`, [row.id, attempts, why]);
            this.logger.error(`province item ${row.id} refused: ${why}`);
          } else {
            const delay = retryDelayMs(attempts, this.env.EXCHANGE_RETRY_BASE_MS, this.env.EXCHANGE_RETRY_MAX_MS);
            await tx.query(`UPDATE inbound_item SET attempts = $2, last_error = $3, next_attempt_at = $4 WHERE id = $1`, [
              row.id,
              attempts,
              String((err as Error).message).slice(0, 500),
              new Date(this.clock.now().getTime() + delay),
            ]);
            this.logger.warn(`province item ${row.id} not forwarded (try ${attempts}), again in ${delay} ms: ${(err as Error).message}`);
          }
        }
        return false;
      });
      if (done) break;
    }
    return forwarded;
  }

  /**
   * One item to the service it is for: the id of what it became there, and the problems of an application's files
   * that could not be taken (the application stands without them).
   */
  private async deliver(id: string, kind: InboundKind, body: Record<string, unknown>): Promise<{ resultId: string; problems: string[] }> {
    const key = idempotencyKey(id);
    switch (kind) {
      case 'applications': {
        const { files, ...application } = body;
        const created = await this.rpc.request(Rpc.intake.submitOnline, application as never, { idempotencyKey: key });
        const problems = Array.isArray(files) ? await this.files.attach(created.id, id, files as ProvinceFile[]) : [];
        return { resultId: created.id, problems };
      }
      case 'complaints':
        return { resultId: (await this.rpc.request(Rpc.intake.submitComplaintFromProvince, body as never, { idempotencyKey: key })).id, problems: [] };
      case 'ratings': {
        const mapped = ratingRequest(body);
        if ('problems' in mapped) throw new Refused(mapped.problems.join('; '));
        return { resultId: (await this.rpc.request(Rpc.evaluation.rateFromProvince, mapped.request, { idempotencyKey: key })).id, problems: [] };
      }
    }
  }

  /** counts, and the newest items */
  async view(): Promise<ExchangeBacklog['inbound']> {
    const [c] = (await this.ds.query(
      `SELECT count(*) FILTER (WHERE status = 'pending')::int AS pending, count(*) FILTER (WHERE status = 'refused')::int AS refused,
              count(*) FILTER (WHERE status = 'forwarded')::int AS forwarded FROM inbound_item`,
    )) as { pending: number; refused: number; forwarded: number }[];
    const rows = (await this.ds.query(
      `SELECT id, kind, status, attempts, last_error, result_id, received_at FROM inbound_item ORDER BY received_at DESC, id LIMIT 100`,
    )) as InboundRow[];
    return { pending: c?.pending ?? 0, refused: c?.refused ?? 0, forwarded: c?.forwarded ?? 0, items: rows.map(inboundView) };
  }
}

const RESULT_FIELD = { applications: 'applicationId', complaints: 'complaintId', ratings: 'evaluationId' } as const satisfies Record<InboundKind, keyof InboundItemView>;

function inboundView(r: InboundRow): InboundItemView {
  return {
    id: r.id,
    kind: r.kind,
    status: r.status,
    attempts: r.attempts,
    receivedAt: new Date(r.received_at).toISOString(),
    ...(r.result_id ? { [RESULT_FIELD[r.kind]]: r.result_id } : {}),
    ...(r.last_error ? { lastError: r.last_error } : {}),
  };
}
