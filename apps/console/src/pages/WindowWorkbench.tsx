import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Modal, Radio, Result, Row, Select, Space, Tag, Typography } from 'antd';
import { CHANNEL_TEXT, QUEUE_CATEGORIES, QUEUE_CATEGORY_TEXT, STAGE_TEXT, STAGES, VERDICT_TEXT, type QueueCategory, type Stage } from '@yichuang/domain';
import { api, ApiError, asApiError, must, openTab, showPdf } from '../api/client';
import type { components } from '../api/schema';
import type { Accepted, ApplicationDetail, CalledTicket, CatalogueItem, CreatedApplication, Precheck, ProjectLookup, Rejected } from '../api/views';
import { checklistFor } from '../lib/checklist';
import { projectFill } from '../lib/project';
import { applicantIdText, mobileText, projectCodeText, residentIdText } from '../lib/identity';
import { useSession } from '../session';
import { Problems } from './Login';

type ApplicationBody = components['schemas']['CreateApplicationRequest'];

/** 叫号: the clerk's window calls the next ticket, calls it again, marks a no-show, sends it elsewhere. */
function QueuePanel({ windowNo, current, onCalled }: { windowNo: string; current: CalledTicket | undefined; onCalled: (t: CalledTicket | undefined) => void }) {
  const { message } = App.useApp();
  const [error, setError] = useState<ApiError>();
  const [to, setTo] = useState<QueueCategory>();
  const run = async (f: () => Promise<void>) => {
    setError(undefined);
    try {
      await f();
    } catch (err) {
      if (err instanceof ApiError) setError(err);
      else throw err;
    }
  };
  const callNext = () =>
    run(async () => {
      const r = await api.POST('/api/v1/queue/call-next', { body: { windowNo } });
      if (r.response.status === 204) {
        onCalled(undefined);
        void message.info('当前没有等候的办事群众');
        return;
      }
      onCalled(await must<CalledTicket>(Promise.resolve(r)));
    });
  const ticketNo = current?.ticketNo ?? '';
  return (
    <Card title={`叫号（${windowNo}窗口）`} size="small">
      <Problems error={error} />
      <p aria-live="polite" style={{ fontSize: 20, margin: '0 0 12px' }}>
        当前号码：<strong data-testid="current-ticket">{current ? `${current.ticketNo}（${QUEUE_CATEGORY_TEXT[current.category]}，第${current.callCount}次呼叫）` : '无'}</strong>
      </p>
      <Space wrap>
        <Button type="primary" onClick={() => void callNext()}>
          叫下一位
        </Button>
        <Button disabled={!current} onClick={() => void run(async () => onCalled(await must<CalledTicket>(api.POST('/api/v1/queue/recall', { body: { ticketNo } }))))}>
          重呼
        </Button>
        <Button
          disabled={!current}
          onClick={() =>
            void run(async () => {
              await must(api.POST('/api/v1/queue/no-show', { body: { ticketNo } }));
              onCalled(undefined);
            })
          }
        >
          未到
        </Button>
        <Select<QueueCategory>
          aria-label="转至业务类别"
          placeholder="转至业务类别"
          style={{ width: 180 }}
          value={to}
          onChange={setTo}
          options={QUEUE_CATEGORIES.map((c) => ({ value: c, label: QUEUE_CATEGORY_TEXT[c] }))}
        />
        <Button
          disabled={!current || !to}
          onClick={() =>
            void run(async () => {
              await must(api.POST('/api/v1/queue/transfer', { body: { ticketNo, ...(to ? { category: to } : {}) } }));
              void message.success(`${ticketNo} 已转至${to ? QUEUE_CATEGORY_TEXT[to] : ''}`);
              onCalled(undefined);
            })
          }
        >
          转移
        </Button>
      </Space>
    </Card>
  );
}

interface FormValues {
  stage: Stage;
  itemCodes: string[];
  applicantKind: 'enterprise' | 'person';
  applicantName: string;
  idNumber: string;
  phone: string;
  projectCode: string;
  projectName: string;
  projectLocation: string;
  contactName?: string;
  contactIdNumber?: string;
  contactPhone?: string;
  materials: string[];
}

/** 综合窗口: the queue, a new application with its checklist, the pre-check, acceptance or rejection. */
export function WindowWorkbench() {
  const { session } = useSession();
  const windowNo = session?.user.window ?? '';
  const [form] = Form.useForm<FormValues>();
  const [catalogue, setCatalogue] = useState<CatalogueItem[]>([]);
  const [ticket, setTicket] = useState<CalledTicket>();
  const [appId, setAppId] = useState<string>();
  const [precheck, setPrecheck] = useState<Precheck>();
  const [accepted, setAccepted] = useState<Accepted>();
  const [rejected, setRejected] = useState<Rejected>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [rejecting, setRejecting] = useState(false);
  /** an application submitted before the window saw it (网上申报 on /portal, or typed at another window), opened by its number */
  const [opened, setOpened] = useState<ApplicationDetail>();
  const stage = Form.useWatch('stage', form);
  const chosen = Form.useWatch('itemCodes', form);
  const kind = Form.useWatch('applicantKind', form);
  const projectCode = Form.useWatch('projectCode', form);
  /** 项目代码核验: the platform's answer for the code as typed, shown under the project's row */
  const [lookup, setLookup] = useState<ProjectLookup>();

  useEffect(() => {
    const code = (projectCode ?? '').trim();
    setLookup(undefined);
    if (projectCodeText(code) !== null) return;
    let current = true;
    void must<ProjectLookup>(api.GET('/api/v1/project-codes/{code}', { params: { path: { code } } })).then(
      (answer) => {
        if (!current) return;
        setLookup(answer);
        const { fill } = projectFill(answer, form.getFieldsValue(['applicantKind', 'applicantName', 'projectName', 'projectLocation']));
        if (Object.keys(fill).length) form.setFieldsValue(fill);
      },
      // the lookup helps; it never stops the clerk (the case's code is checked again after the acceptance)
      () => undefined,
    );
    return () => {
      current = false;
    };
  }, [projectCode, form]);

  useEffect(() => {
    void must<CatalogueItem[]>(api.GET('/api/v1/catalog/items', {})).then(setCatalogue, (err: unknown) => err instanceof ApiError && setError(err));
  }, []);

  const items = useMemo(() => catalogue.filter((i) => i.stage === stage), [catalogue, stage]);
  const checklist = useMemo(() => checklistFor(catalogue, chosen ?? []), [catalogue, chosen]);

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await f();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const submit = (v: FormValues) =>
    run(async () => {
      const ticked = new Set(v.materials ?? []);
      const body: ApplicationBody = {
        channel: 'hall',
        stage: v.stage,
        itemCodes: v.itemCodes,
        applicant: {
          kind: v.applicantKind,
          name: v.applicantName.trim(),
          idNumber: v.idNumber.trim().toUpperCase(),
          phone: v.phone.trim(),
          ...(v.contactName?.trim() ? { contact: { name: v.contactName.trim(), idNumber: (v.contactIdNumber ?? '').trim().toUpperCase(), phone: (v.contactPhone ?? '').trim() } } : {}),
        },
        project: { code: v.projectCode.trim(), name: v.projectName.trim(), location: v.projectLocation.trim() },
        materials: checklist.filter((m) => ticked.has(m.code)).map((m) => ({ code: m.code, form: 'paper' })),
        ...(ticket ? { ticketNo: ticket.ticketNo } : {}),
      };
      const id = appId ?? (await must<CreatedApplication>(api.POST('/api/v1/applications', { body }))).id;
      setAppId(id);
      setPrecheck(await must<Precheck>(api.POST('/api/v1/applications/{id}/precheck', { params: { path: { id } }, body: { results: [] } })));
    });

  /** open an application by its number: its details instead of the empty form, then the same pre-check, acceptance or rejection */
  const openApplication = (ref: string) =>
    run(async () => {
      const id = ref.trim();
      if (!id) return;
      const a = await must<ApplicationDetail>(api.GET('/api/v1/applications/{id}', { params: { path: { id } } }));
      restart();
      if (a.status === 'accepted' || a.status === 'rejected') {
        setError(new ApiError(409, 'CONFLICT', a.status === 'accepted' ? `该申请已受理，案件编号 ${a.caseNo ?? ''}` : '该申请已不予受理', []));
        return;
      }
      setOpened(a);
      setAppId(a.id);
    });

  const precheckOpened = () =>
    run(async () => {
      if (!appId) return;
      setPrecheck(await must<Precheck>(api.POST('/api/v1/applications/{id}/precheck', { params: { path: { id: appId } }, body: { results: [] } })));
    });

  const accept = () => {
    if (!appId) return;
    const tab = openTab();
    void run(async () => {
      try {
        const a = await must<Accepted>(api.POST('/api/v1/applications/{id}/accept', { params: { path: { id: appId } }, body: {} }));
        setAccepted(a);
        await showPdf(tab, api.GET('/api/v1/cases/{caseNo}/acceptance-notice.pdf', { params: { path: { caseNo: a.caseNo } }, parseAs: 'blob' }));
      } catch (err) {
        tab?.close();
        throw err;
      }
    });
  };

  const printNotice = () => {
    if (!appId) return;
    const tab = openTab();
    void run(() => showPdf(tab, api.GET('/api/v1/applications/{id}/one-time-notice.pdf', { params: { path: { id: appId } }, parseAs: 'blob' })));
  };

  const reject = (v: { reason: string; referTo?: string }) => {
    if (!appId) return;
    const tab = openTab();
    setRejecting(false);
    void run(async () => {
      try {
        const body = { reason: v.reason.trim(), ...(v.referTo?.trim() ? { referTo: v.referTo.trim() } : {}) };
        setRejected(await must<Rejected>(api.POST('/api/v1/applications/{id}/reject', { params: { path: { id: appId } }, body })));
        await showPdf(tab, api.GET('/api/v1/applications/{id}/rejection-decision.pdf', { params: { path: { id: appId } }, parseAs: 'blob' }));
      } catch (err) {
        tab?.close();
        throw err;
      }
    });
  };

  const restart = () => {
    form.resetFields();
    setOpened(undefined);
    setAppId(undefined);
    setPrecheck(undefined);
    setAccepted(undefined);
    setRejected(undefined);
    setError(undefined);
  };

  const locked = appId !== undefined;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={8}>
        <QueuePanel windowNo={windowNo} current={ticket} onCalled={setTicket} />
        <Card title="办理已提交的申请（网上申报等）" size="small" style={{ marginTop: 16 }}>
          <Input.Search aria-label="已提交申请的申请编号" placeholder="申请编号" enterButton="打开" onSearch={(v) => void openApplication(v)} />
        </Card>
      </Col>
      <Col xs={24} xl={16}>
        <Card title="新建申请（综合受理）" size="small" extra={locked ? <Button onClick={restart}>办理下一件</Button> : undefined}>
          <Problems error={error} />
          {accepted ? (
            <Result
              status="success"
              title={<span data-testid="case-no">受理成功，案件编号 {accepted.caseNo}</span>}
              subTitle={`受理通知书 ${accepted.acceptanceNoticeNo}${accepted.tasks.length ? `；承诺办结：${accepted.tasks.map((t) => `${t.department} ${t.dueDate}${t.dueDateProvisional ? '（暂定）' : ''}`).join('，')}` : '；即办件已当场办结'}`}
              extra={
                <Space>
                  <Button onClick={() => void run(() => showPdf(openTab(), api.GET('/api/v1/cases/{caseNo}/acceptance-notice.pdf', { params: { path: { caseNo: accepted.caseNo } }, parseAs: 'blob' })))}>重新打印受理通知书</Button>
                  <Button type="primary" onClick={restart}>
                    办理下一件
                  </Button>
                </Space>
              }
            />
          ) : rejected ? (
            <Result status="warning" title={`已不予受理，决定书 ${rejected.documentNo}`} extra={<Button type="primary" onClick={restart}>办理下一件</Button>} />
          ) : opened ? (
            <div data-testid="opened-application">
              <Descriptions
                size="small"
                column={1}
                bordered
                items={[
                  { key: 'id', label: '申请编号', children: opened.id },
                  { key: 'channel', label: '申报渠道', children: CHANNEL_TEXT[opened.channel] },
                  { key: 'items', label: '申请事项', children: opened.items.map((i) => `${i.name}（${i.department.name}）`).join('；') },
                  { key: 'applicant', label: '申请人', children: `${opened.applicant.name}（${opened.applicant.idNumber}，${opened.applicant.phone}）` },
                  { key: 'project', label: '项目', children: `${opened.project.name}（${opened.project.code}，${opened.project.location}）` },
                  {
                    key: 'materials',
                    label: '已提交材料',
                    children: opened.materials.length ? opened.materials.map((m) => `${m.name}（${m.form === 'electronic' ? '电子' : '纸质'}）`).join('；') : '无',
                  },
                  { key: 'files', label: '电子文件', children: opened.files.length ? opened.files.map((f) => f.fileName).join('；') : '无' },
                ]}
              />
              {!precheck && (
                <Button type="primary" style={{ marginTop: 12 }} loading={busy} onClick={() => void precheckOpened()}>
                  预审
                </Button>
              )}
            </div>
          ) : (
            <Form<FormValues>
              form={form}
              layout="vertical"
              aria-label="新建申请"
              disabled={locked}
              initialValues={{ stage: 1, applicantKind: 'enterprise', itemCodes: [], materials: [] }}
              onFinish={(v) => void submit(v)}
              onValuesChange={(changed: Partial<FormValues>) => {
                if ('stage' in changed) form.setFieldsValue({ itemCodes: [], materials: [] });
                if ('applicantKind' in changed && form.getFieldValue('idNumber')) void form.validateFields(['idNumber']);
              }}
            >
              <Form.Item label="审批阶段" name="stage">
                <Radio.Group optionType="button" options={STAGES.map((s) => ({ value: s, label: STAGE_TEXT[s] }))} />
              </Form.Item>
              <Form.Item label="申请事项" name="itemCodes" rules={[{ required: true, type: 'array', min: 1, message: '请至少选择一个申请事项' }]}>
                <Checkbox.Group style={{ display: 'grid', gap: 4 }} options={items.map((i) => ({ value: i.code, label: `${i.name}（${i.code}，承诺${i.promisedDays}个工作日）` }))} />
              </Form.Item>
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item label="申请人类型" name="applicantKind">
                    <Radio.Group options={[{ value: 'enterprise', label: '企业' }, { value: 'person', label: '个人' }]} />
                  </Form.Item>
                </Col>
                <Col span={16}>
                  <Form.Item label="申请人名称" name="applicantName" rules={[{ required: true, whitespace: true, message: '请输入申请人名称' }]}>
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col span={12}>
                  <Form.Item
                    label={kind === 'person' ? '公民身份号码' : '统一社会信用代码'}
                    name="idNumber"
                    validateTrigger="onChange"
                    rules={[{ required: true, message: '请输入证件号码' }, { validator: (_r, v: string | undefined) => { const p = v ? applicantIdText(form.getFieldValue('applicantKind') as 'enterprise' | 'person', v) : null; return p ? Promise.reject(new Error(p)) : Promise.resolve(); } }]}
                  >
                    <Input maxLength={18} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col span={12}>
                  <Form.Item label="手机号码" name="phone" validateTrigger="onChange" rules={[{ required: true, message: '请输入手机号码' }, { validator: (_r, v: string | undefined) => { const p = v ? mobileText(v) : null; return p ? Promise.reject(new Error(p)) : Promise.resolve(); } }]}>
                    <Input maxLength={11} inputMode="numeric" autoComplete="off" />
                  </Form.Item>
                </Col>
              </Row>
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item label="项目代码" name="projectCode" extra="格式：年份-行政区划-部门-类型-序号" rules={[{ required: true, message: '请输入项目代码' }, { validator: (_r, v: string | undefined) => { const p = v ? projectCodeText(v) : null; return p ? Promise.reject(new Error(p)) : Promise.resolve(); } }]}>
                    <Input autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label="项目名称" name="projectName" rules={[{ required: true, whitespace: true, message: '请输入项目名称' }]}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item label="建设地点" name="projectLocation" rules={[{ required: true, whitespace: true, message: '请输入建设地点' }]}>
                    <Input />
                  </Form.Item>
                </Col>
              </Row>
              {lookup && <Alert data-testid="project-lookup" type={projectFill(lookup, {}).tone} showIcon message={lookup.message} style={{ marginBottom: 12 }} />}
              <Row gutter={12}>
                <Col span={8}>
                  <Form.Item label="联系人姓名" name="contactName" extra="选填；联系人可凭身份证领取办理结果">
                    <Input autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item
                    label="联系人公民身份号码"
                    name="contactIdNumber"
                    dependencies={['contactName']}
                    validateTrigger="onChange"
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_r, v: string | undefined) => {
                          if (!v) return (getFieldValue('contactName') as string | undefined)?.trim() ? Promise.reject(new Error('请输入联系人公民身份号码')) : Promise.resolve();
                          const p = residentIdText(v);
                          return p ? Promise.reject(new Error(p)) : Promise.resolve();
                        },
                      }),
                    ]}
                  >
                    <Input maxLength={18} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col span={8}>
                  <Form.Item
                    label="联系人手机号码"
                    name="contactPhone"
                    dependencies={['contactName']}
                    validateTrigger="onChange"
                    rules={[
                      ({ getFieldValue }) => ({
                        validator: (_r, v: string | undefined) => {
                          if (!v) return (getFieldValue('contactName') as string | undefined)?.trim() ? Promise.reject(new Error('请输入联系人手机号码')) : Promise.resolve();
                          const p = mobileText(v);
                          return p ? Promise.reject(new Error(p)) : Promise.resolve();
                        },
                      }),
                    ]}
                  >
                    <Input maxLength={11} inputMode="numeric" autoComplete="off" />
                  </Form.Item>
                </Col>
              </Row>
              <Form.Item label={`申请材料清单（勾选已收取的材料，共${checklist.length}项）`} name="materials">
                <Checkbox.Group style={{ display: 'grid', gap: 4 }}>
                  {checklist.length === 0 && <Typography.Text type="secondary">请先选择申请事项</Typography.Text>}
                  {checklist.map((m) => (
                    <Checkbox key={`${m.itemCode}-${m.code}`} value={m.code}>
                      {m.name} {m.required ? <Tag color="red">必交</Tag> : <Tag>选交</Tag>}
                      <Typography.Text type="secondary">（{m.itemName}）</Typography.Text>
                    </Checkbox>
                  ))}
                </Checkbox.Group>
              </Form.Item>
              {!locked && (
                <Button type="primary" htmlType="submit" loading={busy}>
                  提交并预审
                </Button>
              )}
            </Form>
          )}
          {precheck && !accepted && !rejected && (
            <div style={{ marginTop: 16 }} data-testid="precheck">
              {precheck.status === 'complete' ? (
                <Alert type="success" showIcon message="预审通过：材料齐全，符合法定形式，可以受理" />
              ) : (
                <Alert
                  type="warning"
                  role="alert"
                  showIcon
                  message={`预审发现${precheck.problems.length}个问题${precheck.notice ? `，已出具一次性告知书 ${precheck.notice.documentNo}` : ''}`}
                  description={
                    <ol style={{ margin: 0, paddingLeft: 20 }}>
                      {precheck.problems.map((p) => (
                        <li key={p.materialCode}>
                          {p.name}：{VERDICT_TEXT[p.verdict]}
                          {p.note ? `（${p.note}）` : ''}
                          {p.prerequisiteItem ? `（前置事项：${p.prerequisiteItem.name}）` : ''}
                        </li>
                      ))}
                    </ol>
                  }
                />
              )}
              <Space style={{ marginTop: 12 }} wrap>
                {precheck.status === 'complete' && (
                  <Button type="primary" loading={busy} onClick={accept}>
                    受理并打印受理通知书
                  </Button>
                )}
                {precheck.notice && <Button onClick={printNotice}>打印一次性告知书</Button>}
                <Button danger onClick={() => setRejecting(true)}>
                  不予受理
                </Button>
              </Space>
              {appId && (
                <Descriptions size="small" style={{ marginTop: 12 }} items={[{ key: 'id', label: '申请编号', children: appId }]} />
              )}
            </div>
          )}
        </Card>
      </Col>
      <Modal title="不予受理" open={rejecting} onCancel={() => setRejecting(false)} footer={null} destroyOnHidden>
        <Form layout="vertical" aria-label="不予受理" onFinish={reject}>
          <Form.Item label="不予受理理由" name="reason" rules={[{ required: true, whitespace: true, message: '请填写不予受理理由' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label="告知向何机关申请（选填）" name="referTo">
            <Input />
          </Form.Item>
          <Button danger type="primary" htmlType="submit">
            确定不予受理并打印决定书
          </Button>
        </Form>
      </Modal>
    </Row>
  );
}
