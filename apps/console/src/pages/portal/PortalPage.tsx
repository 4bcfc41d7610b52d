import { useCallback, useEffect, useState } from 'react';
import dayjs from 'dayjs';
import { Alert, Button, Card, Descriptions, Form, Input, Segmented, Space, Spin, Tag, Timeline } from 'antd';
import { DOCUMENT_KIND_TEXT, RATING_LEVEL_TEXT, type DocumentKind, type RatingLevel } from '@yichuang/domain';
import { ApiError, must, openTab, showPdf } from '../../api/client';
import { alarmColor, chineseDate } from '../../lib/deadline';
import { portalRef, serviceEventText, sizeText, taskClock, UPLOAD_ACCEPT, uploadTypeProblem, type Names } from '../../lib/portal';
import { useUpdates } from '../../lib/use-updates';
import { OnlineApplication } from './OnlineApplication';
import { RatingButtons } from '../RatingLink';
import { catalogueNames, keepToken, loadToken, portalApi, portalPdf, type PortalToken } from './client';
import type { PortalCase, PortalFile, PortalSessionAnswer } from './views';

/** a moment in the browser's time zone (the API's instants are UTC) */
const time = (iso: string) => dayjs(iso).format('YYYY-MM-DD HH:mm');
const messageOf = (err: unknown) => (err instanceof ApiError ? [err.message, ...err.problems].join('；') : '网络异常，请稍后再试');

/**
 * /portal — 申请人查询本人办件: the case number (or the application number before acceptance) and the phone on the
 * application → a one-time SMS code → the applicant's own case (`/api/v1/portal/*`). No staff login; the applicant
 * token (30 min) is kept in this tab's sessionStorage only.
 */
export function PortalPage() {
  const [token, setToken] = useState<PortalToken | undefined>(loadToken);
  const [said, setSaid] = useState<string>();
  const [mode, setMode] = useState<'login' | 'apply'>('login');
  const [submitted, setSubmitted] = useState<{ ref: string; phone: string }>();
  const signOut = useCallback((why?: string) => {
    keepToken(undefined);
    setToken(undefined);
    setSaid(why);
  }, []);
  return (
    <main className="citizen">
      <h1>一窗办件 · 网上申报与办件查询</h1>
      {said && <Alert type="info" showIcon message={said} role="status" style={{ marginBottom: 12 }} />}
      {token ? (
        <PortalCaseView onSignOut={signOut} />
      ) : (
        <>
          <Segmented
            aria-label="办理方式"
            block
            size="large"
            value={mode}
            onChange={(v) => setMode(v as 'login' | 'apply')}
            options={[
              { value: 'login', label: '查询本人办件' },
              { value: 'apply', label: '网上申报' },
            ]}
            style={{ marginBottom: 12 }}
          />
          {mode === 'apply' ? (
            <OnlineApplication
              onSubmitted={(ref, phone) => {
                setSubmitted({ ref, phone });
                setSaid(`申请已提交，申请编号 ${ref}。请获取短信验证码登录，上传电子材料。`);
                setMode('login');
              }}
            />
          ) : (
            <PortalLogin
              key={submitted?.ref ?? 'login'}
              initial={submitted}
              onSignedIn={(t) => {
                keepToken(t);
                setSaid(undefined);
                setToken(t);
              }}
            />
          )}
        </>
      )}
    </main>
  );
}

function PortalLogin({ onSignedIn, initial }: { onSignedIn: (t: PortalToken) => void; initial?: { ref: string; phone: string } | undefined }) {
  const [form] = Form.useForm<{ ref: string; phone: string; code: string }>();
  const [sent, setSent] = useState<string>();
  const [problem, setProblem] = useState<string>();
  const [busy, setBusy] = useState(false);

  const askCode = async () => {
    setProblem(undefined);
    try {
      const v = await form.validateFields(['ref', 'phone']);
      setBusy(true);
      const a = await must<{ expiresInSeconds: number }>(portalApi.POST('/api/v1/portal/codes', { body: { ...portalRef(v.ref), phone: v.phone.trim() } }));
      setSent(`如手机号码与办件登记的一致，验证码已通过短信发送，${Math.round(a.expiresInSeconds / 60)}分钟内有效`);
    } catch (err) {
      if (err instanceof ApiError) setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  const signIn = async (v: { ref: string; phone: string; code: string }) => {
    setProblem(undefined);
    setBusy(true);
    try {
      const a = await must<PortalSessionAnswer>(portalApi.POST('/api/v1/portal/sessions', { body: { ...portalRef(v.ref), phone: v.phone.trim(), code: v.code.trim() } }));
      onSignedIn({ accessToken: a.accessToken, applicationId: a.applicationId, ...(a.caseNo ? { caseNo: a.caseNo } : {}) });
    } catch (err) {
      setProblem(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="身份验证">
      <Form form={form} layout="vertical" aria-label="身份验证" onFinish={(v) => void signIn(v)} size="large" initialValues={initial}>
        <Form.Item label="办件编号（受理前填申请编号）" name="ref" rules={[{ required: true, whitespace: true, message: '请输入受理通知书上的办件编号' }]}>
          <Input autoComplete="off" placeholder="如 411523-2026-000001" />
        </Form.Item>
        <Form.Item label="手机号码" name="phone" rules={[{ required: true, pattern: /^1[3-9]\d{9}$/, message: '请输入申请时登记的11位手机号码' }]}>
          <Input inputMode="numeric" autoComplete="tel" maxLength={11} />
        </Form.Item>
        <Button onClick={() => void askCode()} disabled={busy} block>
          获取验证码
        </Button>
        {sent && <p role="status">{sent}</p>}
        <Form.Item label="短信验证码" name="code" rules={[{ required: true, pattern: /^\d{6}$/, message: '请输入短信中的6位验证码' }]} style={{ marginTop: 16 }}>
          <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
        </Form.Item>
        {problem && <Alert type="error" showIcon message={problem} role="alert" style={{ marginBottom: 12 }} />}
        <Button type="primary" htmlType="submit" disabled={busy} block>
          查看办件
        </Button>
      </Form>
    </Card>
  );
}

const portalAccessToken = () => loadToken()?.accessToken;
const anyUpdate = () => true;

function PortalCaseView({ onSignOut }: { onSignOut: (why?: string) => void }) {
  const [c, setC] = useState<PortalCase>();
  const [names, setNames] = useState<Names>({ items: {}, departments: {} });
  const [problem, setProblem] = useState<string>();
  const [said, setSaid] = useState<string>();

  const load = useCallback(async () => {
    try {
      setC(await must<PortalCase>(portalApi.GET('/api/v1/portal/case')));
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onSignOut('登录已过期，请重新获取验证码');
      else setProblem(messageOf(err));
    }
  }, [onSignOut]);

  useEffect(() => {
    void load();
    void catalogueNames().then(setNames);
  }, [load]);

  // the case changing (accepted, a department deciding, the results issued…) is pushed: the page is read again
  useUpdates(portalAccessToken, anyUpdate, () => void load());

  /** run an action of the page, its Chinese outcome or the API's reasons shown, the case read again */
  const act = async (f: () => Promise<string>) => {
    setProblem(undefined);
    setSaid(undefined);
    try {
      const done = await f();
      await load();
      setSaid(done);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) onSignOut('登录已过期，请重新获取验证码');
      else setProblem(messageOf(err));
    }
  };

  if (!c) return problem ? <Alert type="error" showIcon message={problem} role="alert" /> : <p role="status"><Spin /> 正在读取办件…</p>;

  const correcting = c.tasks.some((t) => t.status === 'correction_requested');
  const since = c.acceptedAt ?? '';
  const newFiles = c.materials.filter((m) => m.files.some((f) => f.uploadedAt >= since));

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      {said && <Alert type="success" showIcon message={said} role="status" />}
      {problem && <Alert type="error" showIcon message={problem} role="alert" />}
      <Card title="办件概况" extra={<Button onClick={() => onSignOut('已退出')}>退出</Button>}>
        <Descriptions column={1} size="small">
          <Descriptions.Item label="办件编号">{c.caseNo ?? '尚未受理'}</Descriptions.Item>
          <Descriptions.Item label="项目名称">{c.project.name}</Descriptions.Item>
          <Descriptions.Item label="申请人">
            {c.applicant.name}（{c.applicant.phone}）
          </Descriptions.Item>
          <Descriptions.Item label="办理状态">
            <strong>{c.statusText}</strong>
          </Descriptions.Item>
          {c.promisedDueDate && (
            <Descriptions.Item label="承诺办结日期">
              {chineseDate(c.promisedDueDate)}
              {c.promisedDueDateProvisional ? '（暂定）' : ''}
            </Descriptions.Item>
          )}
        </Descriptions>
      </Card>

      {!c.caseNo && (c.applicationStatus === 'submitted' || c.applicationStatus === 'incomplete') && (
        <Card title="上传电子材料">
          <Alert
            type="info"
            showIcon
            data-testid="waiting-precheck"
            message={c.applicationStatus === 'submitted' ? '申请已提交，等待窗口预审' : '窗口预审发现材料不齐，请按一次性告知书补齐后等待窗口再次预审'}
            description="请按材料清单上传电子材料（PDF、JPG或PNG格式）；仅收纸质原件的材料请带到政务服务大厅综合窗口。"
            style={{ marginBottom: 12 }}
          />
          {c.materials.map((m) => (
            <MaterialUpload key={m.code} material={m} act={act} />
          ))}
        </Card>
      )}

      {c.tasks.length > 0 && (
        <Card title="各部门办理情况">
          <ul aria-label="各部门办理情况">
            {c.tasks.map((t) => {
              const clock = taskClock(t);
              return (
                <li key={`${t.itemCode}-${t.department}`} style={{ marginBottom: 8 }}>
                  {t.itemName}（{names.departments[t.department] ?? t.department}）：
                  <Tag color={alarmColor(clock.alarm)} data-testid="remaining" style={{ fontSize: 16, padding: '2px 8px' }}>
                    {clock.text}
                  </Tag>
                  {!t.outcome && <span>期限 {chineseDate(t.dueDate)}</span>}
                </li>
              );
            })}
          </ul>
        </Card>
      )}

      {(c.documents.length > 0 || c.decisions.length > 0) && (
        <Card title="文书下载">
          <Space direction="vertical">
            {c.documents.map((d) => (
              <Button
                key={d.documentNo}
                onClick={() => {
                  const tab = openTab();
                  void act(async () => {
                    await showPdf(tab, portalPdf(d.url));
                    return `已打开${DOCUMENT_KIND_TEXT[d.kind as DocumentKind] ?? '文书'}`;
                  });
                }}
              >
                下载{DOCUMENT_KIND_TEXT[d.kind as DocumentKind] ?? '文书'}（{d.documentNo}）
              </Button>
            ))}
            {c.decisions.map((d) => (
              <Button
                key={d.id}
                onClick={() => {
                  const tab = openTab();
                  void act(async () => {
                    await showPdf(tab, portalApi.GET('/api/v1/portal/decisions/{id}.pdf', { params: { path: { id: d.id } }, parseAs: 'blob' }));
                    return `已打开${d.typeName}`;
                  });
                }}
              >
                下载{d.typeName}（{d.no}）
              </Button>
            ))}
          </Space>
        </Card>
      )}

      {(c.corrections.length > 0 || correcting) && (
        <Card title="补齐补正">
          <ul aria-label="补正要求">
            {c.corrections.map((k) => (
              <li key={k.at}>
                {time(k.at)} {k.step}
                {k.detail ? `：${k.detail}` : ''}
              </li>
            ))}
          </ul>
          {correcting && (
            <>
              <p>请按补正要求上传材料（PDF、JPG或PNG格式），全部上传后点击“提交补正材料”。</p>
              {c.materials.map((m) => (
                <MaterialUpload key={m.code} material={m} act={act} mark={(f) => (f.uploadedAt >= since ? ' 本次补正' : '')} />
              ))}
              <Button
                type="primary"
                disabled={newFiles.length === 0}
                onClick={() =>
                  void act(async () => {
                    await must(portalApi.POST('/api/v1/portal/supplements', { body: { materials: newFiles.map((m) => ({ code: m.code, form: 'electronic' as const })) } }));
                    return '补正材料已提交，审批部门将继续办理';
                  })
                }
              >
                提交补正材料
              </Button>
            </>
          )}
        </Card>
      )}

      {c.serviceEvents.length > 0 && (
        <Card title="服务评价（好差评）">
          {c.serviceEvents.map((e) => (
            <div key={e.id} style={{ marginBottom: 12 }}>
              <strong>{serviceEventText(e, names)}</strong>（{time(e.occurredAt)}）：{e.rated ? '已评价' : '待评价'}
              {!e.rated && (
                <RatingButtons
                  label={`评价${serviceEventText(e, names)}`}
                  onRate={(level: RatingLevel) =>
                    void act(async () => {
                      await must(portalApi.POST('/api/v1/portal/service-events/{id}/rating', { params: { path: { id: e.id } }, body: { level } }));
                      return `感谢您的评价：${RATING_LEVEL_TEXT[level]}`;
                    })
                  }
                />
              )}
            </div>
          ))}
        </Card>
      )}

      <Card title="办理进程">
        <Timeline items={c.timeline.map((t) => ({ children: `${time(t.at)} ${t.step}${t.detail ? `：${t.detail}` : ''}` }))} />
      </Card>
    </Space>
  );
}

/** One material's upload (PDF/JPG/PNG; a file of another type refused in Chinese before sending) and its files. */
function MaterialUpload({
  material: m,
  act,
  mark = () => '',
}: {
  material: PortalCase['materials'][number];
  act: (f: () => Promise<string>) => Promise<void>;
  mark?: (f: PortalFile) => string;
}) {
  return (
    <div style={{ marginBottom: 12 }}>
      <label htmlFor={`file-${m.code}`}>
        上传《{m.name}》{m.required ? '' : '（选交）'}
      </label>
      <input
        id={`file-${m.code}`}
        type="file"
        accept={UPLOAD_ACCEPT}
        style={{ display: 'block', marginTop: 4, fontSize: 16 }}
        onChange={(ev) => {
          const file = ev.target.files?.[0];
          ev.target.value = '';
          if (!file) return;
          void act(async () => {
            const refused = uploadTypeProblem(file);
            if (refused) throw new ApiError(415, 'UNSUPPORTED_MEDIA_TYPE', refused, []);
            const fd = new FormData();
            fd.append('file', file, file.name);
            await must(portalApi.POST('/api/v1/portal/materials/{code}/files', { params: { path: { code: m.code } }, body: fd as unknown as { file: string } }));
            return `已上传：${file.name}`;
          });
        }}
      />
      <ul>
        {m.files.map((f) => (
          <li key={f.id}>
            {f.fileName}（{sizeText(f.size)}，{time(f.uploadedAt)}）{mark(f)}
          </li>
        ))}
      </ul>
    </div>
  );
}
