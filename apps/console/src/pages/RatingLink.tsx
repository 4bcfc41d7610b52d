import { useCallback, useEffect, useState } from 'react';
import { Alert, Form, Input, Radio, Spin } from 'antd';
import { useParams } from 'react-router';
import { RATING_LEVEL_TEXT, RATING_LEVELS, type RatingLevel } from '@yichuang/domain';
import { api, ApiError, must } from '../api/client';
import { chineseDate } from '../lib/deadline';
import { linkClosedText, serviceEventText, type Names } from '../lib/portal';
import { catalogueNames } from './portal/client';
import type { RatingLinkInfo } from './portal/views';

export const RATING_COLORS: Record<RatingLevel, string> = {
  very_satisfied: '#389e0d',
  satisfied: '#5b8c00',
  basic: '#ad8b00',
  dissatisfied: '#d46b08',
  very_dissatisfied: '#cf1322',
};

/** Five large buttons 非常满意…非常不满意, each a real button (Tab, Enter, Space) named by its text. */
export function RatingButtons({ onRate, disabled, label = '评价等级' }: { onRate: (level: RatingLevel) => void; disabled?: boolean; label?: string }) {
  return (
    <div className="rate-buttons" role="group" aria-label={label}>
      {RATING_LEVELS.map((l) => (
        <button key={l} type="button" disabled={disabled} style={{ background: RATING_COLORS[l] }} onClick={() => onRate(l)}>
          {RATING_LEVEL_TEXT[l]}
        </button>
      ))}
    </div>
  );
}

/**
 * /r/:token — the page the completion SMS's link opens (出件/寄递, no login): what the link rates (the decisions 审批
 * of the items the SMS announced), five large buttons, a comment, the service chosen when the link covers several
 * still open (`GET`/`POST /api/v1/evaluations/link`); a used or expired link (410) said in Chinese; thanks after.
 */
export function RatingLinkPage({ token }: { token: string }) {
  const [info, setInfo] = useState<RatingLinkInfo>();
  const [names, setNames] = useState<Names>({ items: {}, departments: {} });
  const [problem, setProblem] = useState<string>();
  const [closed, setClosed] = useState<string>();
  const [thanks, setThanks] = useState<string>();
  const [chosen, setChosen] = useState<string>();
  const [comment, setComment] = useState('');
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      const i = await must<RatingLinkInfo>(api.GET('/api/v1/evaluations/link/{token}', { params: { path: { token } } }));
      setInfo(i);
      if (i.state !== 'open') setClosed(linkClosedText(i.state));
      const open = i.events.filter((e) => !e.rated);
      setChosen((c) => (c && open.some((e) => e.id === c) ? c : open[0]?.id));
    } catch (err) {
      setProblem(err instanceof ApiError && err.status === 404 ? '未找到该评价链接，请核对短信中的链接是否完整' : err instanceof ApiError ? err.message : '网络异常，请稍后再试');
    }
  }, [token]);

  useEffect(() => {
    void load();
    void catalogueNames().then(setNames);
  }, [load]);

  const open = info?.events.filter((e) => !e.rated) ?? [];

  const rate = async (level: RatingLevel) => {
    setBusy(true);
    setProblem(undefined);
    try {
      const c = comment.trim();
      await must(api.POST('/api/v1/evaluations/link', { body: { token, level, ...(c ? { comment: c } : {}), ...(open.length > 1 && chosen ? { serviceEventId: chosen } : {}) } }));
      const what = open.find((e) => e.id === chosen) ?? open[0];
      setThanks(`感谢您的评价！您对“${what ? serviceEventText(what, names) : '本次服务'}”的评价为：${RATING_LEVEL_TEXT[level]}`);
      setComment('');
      await load();
    } catch (err) {
      // 410: used or expired meanwhile — the link's own state says which
      if (err instanceof ApiError && err.status === 410) await load();
      else setProblem(err instanceof ApiError ? [err.message, ...err.problems].join('；') : '网络异常，评价未能提交，请稍后再试');
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="citizen">
      <h1>办件服务评价（好差评）</h1>
      {problem && <Alert type="error" showIcon message={problem} role="alert" />}
      {thanks && <Alert type="success" showIcon message={thanks} role="status" style={{ marginBottom: 12 }} />}
      {!info && !problem && (
        <p role="status">
          <Spin /> 正在读取…
        </p>
      )}
      {info && (
        <>
          <p>
            办件编号：<strong>{info.caseNo}</strong>
            <br />
            链接有效期至：{chineseDate(info.expiresAt)}
          </p>
          <ul aria-label="评价的服务">
            {info.events.map((e) => (
              <li key={e.id}>
                {serviceEventText(e, names)}：{e.rated ? '已评价' : '待评价'}
              </li>
            ))}
          </ul>
          {closed ? (
            <div data-testid="link-closed">
              <Alert type="info" showIcon message={closed} role="status" />
            </div>
          ) : (
            open.length > 0 && (
              <Form layout="vertical" aria-label="评价" onSubmitCapture={(ev) => ev.preventDefault()}>
                {open.length > 1 && (
                  <Form.Item label="请选择要评价的服务" htmlFor="rate-service">
                    <Radio.Group id="rate-service" role="radiogroup" aria-label="请选择要评价的服务" value={chosen} onChange={(ev) => setChosen(ev.target.value as string)}>
                      {open.map((e) => (
                        <Radio key={e.id} value={e.id} style={{ display: 'flex', fontSize: 17, padding: '6px 0' }}>
                          {serviceEventText(e, names)}
                        </Radio>
                      ))}
                    </Radio.Group>
                  </Form.Item>
                )}
                <Form.Item label="意见建议（选填）" htmlFor="rate-comment">
                  <Input.TextArea id="rate-comment" rows={3} maxLength={500} showCount value={comment} onChange={(ev) => setComment(ev.target.value)} />
                </Form.Item>
                <p>请点击下方按钮评价{open.length === 1 && open[0] ? `“${serviceEventText(open[0], names)}”` : '所选服务'}：</p>
                <RatingButtons onRate={(l) => void rate(l)} disabled={busy} />
              </Form>
            )
          )}
        </>
      )}
    </main>
  );
}

/** the route `/r/:token` (public: no staff session needed) */
export function RatingLinkRoute() {
  const { token = '' } = useParams();
  return <RatingLinkPage key={token} token={token} />;
}
