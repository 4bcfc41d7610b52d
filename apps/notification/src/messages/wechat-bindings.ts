import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AppError, type WechatBindingView, type WechatBindRequest, type WechatUnbindRequest } from '@yichuang/contracts';
import { Clock } from '@yichuang/platform';
import { maskOpenid } from '../providers/replay-guard.js';
import { Recipient } from './message.entities.js';

/**
 * 关注绑定: an applicant who follows the hall's official account binds their case to their openid (the account's H5
 * page obtains it by OAuth), proving the case is theirs with the last four digits of the phone on the case — the
 * check of the public inquiry, and like it a wrong number and an unknown case are the same NOT_FOUND (a case number
 * alone says nothing). From then on the case's applicant messages are also sent as template messages to the openid
 * (MessagesService), when a WeChat provider is configured. One openid per case: binding again with the same openid
 * changes nothing, another openid replaces it. The openid is personal data: logged as `oia2****` only.
 */
@Injectable()
export class WechatBindings {
  private readonly logger = new Logger('WechatBindings');

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly clock: Clock,
  ) {}

  async bind(req: WechatBindRequest): Promise<WechatBindingView> {
    return this.ds.transaction(async (tx) => {
      const r = await tx.getRepository(Recipient).findOne({ where: { caseNo: req.caseNo }, lock: { mode: 'pessimistic_write' } });
      if (!r || !r.phone.endsWith(req.phoneLast4)) throw AppError.notFound('case');
      if (r.wechatOpenId === req.openId && r.wechatBoundAt) return view(r.caseNo, r.wechatBoundAt);
      const now = this.clock.now();
      const replaced = r.wechatOpenId !== null;
      await tx.update(Recipient, { caseNo: r.caseNo }, { wechatOpenId: req.openId, wechatBoundAt: now });
      this.logger.log(`case ${r.caseNo} bound to WeChat openid ${maskOpenid(req.openId)}${replaced ? ' (replacing the previous one)' : ''}`);
      return view(r.caseNo, now);
    });
  }

  /** Only the bound openid may unbind; anything else (another openid, none bound, an unknown case) is NOT_FOUND. */
  async unbind(req: WechatUnbindRequest): Promise<WechatBindingView> {
    const result = await this.ds
      .createQueryBuilder()
      .update(Recipient)
      .set({ wechatOpenId: null, wechatBoundAt: null })
      .where('case_no = :caseNo AND wechat_open_id = :openId', { caseNo: req.caseNo, openId: req.openId })
      .execute();
    if (!result.affected) throw AppError.notFound('WeChat binding');
    this.logger.log(`case ${req.caseNo} unbound from WeChat openid ${maskOpenid(req.openId)}`);
    return { caseNo: req.caseNo, channel: 'wechat', bound: false };
  }
}

function view(caseNo: string, boundAt: Date): WechatBindingView {
  return { caseNo, channel: 'wechat', bound: true, boundAt: boundAt.toISOString() };
}
