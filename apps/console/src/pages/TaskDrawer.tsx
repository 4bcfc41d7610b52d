import { useCallback, useEffect, useState } from 'react';
import { AutoComplete, Button, Collapse, Descriptions, Drawer, Empty, Form, Input, InputNumber, List, Modal, Radio, Select, Space, Table, Tag, Timeline, Typography } from 'antd';
import { MEETING_POSITION_TEXT } from '@yichuang/domain';
import { api, ApiError, must, asApiError } from '../api/client';
import type { CaseSummary, CatalogueItem, Meeting, ReviewTask, TaskDetail, TaskLedger } from '../api/views';
import { alarmColor, chineseDate } from '../lib/deadline';
import {
  actionText,
  allowedActions,
  assigneeProblem,
  chinaDateTime,
  clockText,
  correctionProblems,
  dayRows,
  isDecided,
  ledgerSummary,
  pauseRows,
  POSITION_OPTIONS,
  PROCEDURE_OPTIONS,
  sectionProblems,
  statusText,
  type PauseRow,
  type Person,
} from '../lib/department';
import { Problems } from './Login';

/** The dialog open on the drawer: one form per action. */
type Dialog =
  | { kind: 'assign' | 'opinion' | 'suspend' | 'correction' | 'meeting' }
  | { kind: 'section' | 'conclude'; meeting: Meeting };

const DIALOG_TITLE: Record<Dialog['kind'], string> = {
  assign: '分派承办人',
  opinion: '填写审查意见',
  suspend: '启动特殊程序',
  correction: '要求补齐补正',
  meeting: '召开联审会议',
  section: '登记科室意见',
  conclude: '形成会议结论',
};

interface Props {
  taskId: string | undefined;
  me: Person;
  /** account names seen in the department's inbox, offered when assigning */
  colleagues: string[];
  onClose: () => void;
  /** the task changed: the inbox reloads */
  onChanged: () => void;
  onDecide: (t: ReviewTask) => void;
}

/** The public catalogue (the items' materials), read once per page load: it changes with a new catalogue version only. */
let catalogue: Promise<CatalogueItem[]> | undefined;
function catalogueItems(): Promise<CatalogueItem[]> {
  catalogue ??= must<CatalogueItem[]>(api.GET('/api/v1/catalog/items', {})).catch((err: unknown) => {
    catalogue = undefined;
    throw err;
  });
  return catalogue;
}


/** 办理: one task of the department — the case, materials, opinions, the clock and its day ledger, every action. */
export function TaskDrawer({ taskId, me, colleagues, onClose, onChanged, onDecide }: Props) {
  const [detail, setDetail] = useState<TaskDetail>();
  const [ledger, setLedger] = useState<TaskLedger>();
  const [kase, setKase] = useState<CaseSummary>();
  const [item, setItem] = useState<CatalogueItem>();
  const [error, setError] = useState<ApiError>();
  const [dialog, setDialog] = useState<Dialog>();
  const [formError, setFormError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async (id: string) => {
    setError(undefined);
    try {
      const [d, l] = await Promise.all([
        must<TaskDetail>(api.GET('/api/v1/review/tasks/{id}', { params: { path: { id } } })),
        must<TaskLedger>(api.GET('/api/v1/review/tasks/{id}/ledger', { params: { path: { id } } })),
      ]);
      setDetail(d);
      setLedger(l);
      return d;
    } catch (err) {
      setError(asApiError(err));
      return undefined;
    }
  }, []);

  useEffect(() => {
    setDetail(undefined);
    setLedger(undefined);
    setKase(undefined);
    setItem(undefined);
    if (!taskId) return;
    void load(taskId).then(async (d) => {
      if (!d) return;
      try {
        const [c, items] = await Promise.all([
          must<CaseSummary>(api.GET('/api/v1/cases/{caseNo}', { params: { path: { caseNo: d.caseNo } } })),
          catalogueItems(),
        ]);
        setKase(c);
        setItem(items.find((i) => i.code === d.itemCode));
      } catch (err) {
        setError(asApiError(err));
      }
    });
  }, [taskId, load]);

  /** one action: the API's answer reloads the record and the ledger; its problems stay listed in the dialog */
  const act = async (f: (id: string) => Promise<unknown>, inDialog = true) => {
    if (!detail) return;
    setBusy(true);
    if (inDialog) setFormError(undefined);
    else setError(undefined);
    try {
      await f(detail.id);
      setDialog(undefined);
      await load(detail.id);
      onChanged();
    } catch (err) {
      if (inDialog) setFormError(asApiError(err));
      else setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const open = (d: Dialog) => {
    setFormError(undefined);
    setDialog(d);
  };

  const allowed = detail ? allowedActions(detail, me) : [];
  const opinions = detail?.actions.filter((a) => a.action === 'opinion') ?? [];
  const pauses: PauseRow[] = detail ? pauseRows(detail.pauses, ledger) : [];
  const paused = detail?.status === 'suspended' || detail?.status === 'correction_requested';

  return (
    <Drawer
      title={detail ? `办理：${detail.caseNo} ${detail.itemName}` : '办理'}
      open={taskId !== undefined}
      onClose={onClose}
      size="large"
      destroyOnHidden
      closable={{ 'aria-label': '关闭办理' }}
    >
      <Problems error={error} />
      {detail && (
        <Space direction="vertical" size="middle" style={{ width: '100%' }}>
          {/* the actions first: the case's rows loading below never move them */}
          <Space wrap aria-label="办理操作">
            {allowed.includes('claim') && (
              <Button type="primary" disabled={busy} onClick={() => void act((id) => must(api.POST('/api/v1/review/tasks/{id}/claim', { params: { path: { id } } })), false)}>
                签收
              </Button>
            )}
            {allowed.includes('assign') && <Button onClick={() => open({ kind: 'assign' })}>分派</Button>}
            {allowed.includes('opinion') && <Button onClick={() => open({ kind: 'opinion' })}>填写审查意见</Button>}
            {allowed.includes('suspend') && <Button onClick={() => open({ kind: 'suspend' })}>启动特殊程序</Button>}
            {allowed.includes('correction') && <Button onClick={() => open({ kind: 'correction' })}>要求补正</Button>}
            {allowed.includes('resume') && (
              <Button disabled={busy} onClick={() => void act((id) => must(api.POST('/api/v1/review/tasks/{id}/resume', { params: { path: { id } } })), false)}>
                {detail.status === 'suspended' ? '结束特殊程序，恢复计时' : '补正材料已收到，恢复计时'}
              </Button>
            )}
            {allowed.includes('meeting') && <Button onClick={() => open({ kind: 'meeting' })}>召开联审会议</Button>}
            {allowed.includes('decide') && (
              <Button type="primary" onClick={() => onDecide(detail)}>
                审批决定
              </Button>
            )}
          </Space>
          {paused && (
            <Typography.Text type="warning" role="status">
              {detail.status === 'correction_requested' ? '补正中：等待申请人提交补正材料，计时暂停。' : '特殊程序中：计时暂停，所用时间不计入承诺时限。'}
            </Typography.Text>
          )}

          <Descriptions size="small" column={2} bordered>
            <Descriptions.Item label="案件编号">{detail.caseNo}</Descriptions.Item>
            <Descriptions.Item label="审批事项">{`${detail.itemName}（${detail.itemCode}）`}</Descriptions.Item>
            <Descriptions.Item label="状态">
              <span data-testid="detail-status">{statusText(detail.status)}</span>
            </Descriptions.Item>
            <Descriptions.Item label="承办人">
              <span data-testid="detail-assignee">{detail.assignee ?? '未分派'}</span>
            </Descriptions.Item>
            <Descriptions.Item label="承诺时限">{`${detail.promisedDays}个工作日（自${chineseDate(detail.startDate)}起算）`}</Descriptions.Item>
            <Descriptions.Item label="承诺办结日期">{`${chineseDate(detail.dueDate)}${detail.dueDateProvisional ? '（暂定）' : ''}`}</Descriptions.Item>
            <Descriptions.Item label="剩余时限" span={2}>
              {isDecided(detail.status) ? (
                <Typography.Text type="secondary">已办结</Typography.Text>
              ) : (
                <Tag color={alarmColor(detail.alarm)} data-testid="detail-clock">
                  {clockText(detail)}
                  {detail.alarm === 'red' ? ' · 红牌' : detail.alarm === 'yellow' ? ' · 黄牌' : ''}
                </Tag>
              )}
            </Descriptions.Item>
            {kase && (
              <>
                <Descriptions.Item label="申请人">{kase.applicant.name}</Descriptions.Item>
                <Descriptions.Item label="项目">{`${kase.project.name}${kase.project.code ? `（${kase.project.code}）` : ''}`}</Descriptions.Item>
                <Descriptions.Item label="受理时间">{chinaDateTime(kase.acceptedAt)}</Descriptions.Item>
                <Descriptions.Item label="本案事项">{kase.items.map((i) => `${i.itemName}（${i.departmentCode}）`).join('、')}</Descriptions.Item>
              </>
            )}
          </Descriptions>

          <Typography.Title level={5}>申报材料</Typography.Title>
          {item ? (
            <List
              size="small"
              bordered
              dataSource={item.materials}
              renderItem={(m) => (
                <List.Item>
                  {m.name}（{m.code}）{m.required ? '' : '（非必要）'}
                </List.Item>
              )}
            />
          ) : (
            <Typography.Text type="secondary">加载中…</Typography.Text>
          )}

          <Typography.Title level={5}>审查意见</Typography.Title>
          {opinions.length ? (
            <List
              size="small"
              bordered
              data-testid="opinions"
              dataSource={opinions}
              renderItem={(o) => (
                <List.Item>
                  <Space direction="vertical" size={0}>
                    <Typography.Text>{o.note}</Typography.Text>
                    <Typography.Text type="secondary">
                      {o.actor} · {chinaDateTime(o.at)}
                    </Typography.Text>
                  </Space>
                </List.Item>
              )}
            />
          ) : (
            <Typography.Text type="secondary">暂无审查意见</Typography.Text>
          )}

          <Typography.Title level={5}>计时台账</Typography.Title>
          {ledger && <Typography.Paragraph data-testid="ledger-summary">{ledgerSummary(ledger)}</Typography.Paragraph>}
          <Table<PauseRow>
            size="small"
            rowKey="key"
            pagination={false}
            dataSource={pauses}
            data-testid="ledger-pauses"
            locale={{ emptyText: '未暂停计时' }}
            columns={[
              { title: '暂停事由', dataIndex: 'kind' },
              { title: '说明', dataIndex: 'reason' },
              { title: '开始', dataIndex: 'from' },
              { title: '结束', dataIndex: 'to' },
              { title: '不计入时限', dataIndex: 'daysText' },
              { title: '办理人', dataIndex: 'by' },
            ]}
          />
          {ledger && (
            <Collapse
              size="small"
              items={[
                {
                  key: 'days',
                  label: '逐日计时明细',
                  children: (
                    <Table
                      size="small"
                      rowKey="key"
                      pagination={{ pageSize: 31, hideOnSinglePage: true }}
                      dataSource={dayRows(ledger)}
                      columns={[
                        { title: '日期', dataIndex: 'date' },
                        { title: '星期', dataIndex: 'weekday' },
                        { title: '计时', dataIndex: 'reason', render: (r: string, d) => <Typography.Text type={d.counted ? undefined : 'secondary'}>{r}</Typography.Text> },
                      ]}
                    />
                  ),
                },
              ]}
            />
          )}

          {detail.corrections.length > 0 && (
            <>
              <Typography.Title level={5}>补正要求</Typography.Title>
              <List
                size="small"
                bordered
                dataSource={detail.corrections}
                renderItem={(c) => (
                  <List.Item>
                    <Space direction="vertical" size={0}>
                      {c.items.map((i, n) => (
                        <Typography.Text key={n}>
                          {n + 1}. {i.materialCode ? `${item?.materials.find((m) => m.code === i.materialCode)?.name ?? i.materialCode}：` : ''}
                          {i.description}
                        </Typography.Text>
                      ))}
                      <Typography.Text type="secondary">
                        {c.requestedBy} · {chinaDateTime(c.requestedAt)} · {c.supplementedAt ? `${chinaDateTime(c.supplementedAt)} 已补正` : '等待申请人补正'}
                      </Typography.Text>
                    </Space>
                  </List.Item>
                )}
              />
            </>
          )}

          <Typography.Title level={5}>联审会议</Typography.Title>
          {detail.meetings.length === 0 && <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未召开联审会议" />}
          {detail.meetings.map((m) => (
            <div key={m.id} data-testid="meeting" style={{ border: '1px solid #f0f0f0', borderRadius: 6, padding: 12 }}>
              <Typography.Text strong>{m.topic}</Typography.Text>
              <Typography.Paragraph type="secondary" style={{ marginBottom: 8 }}>
                参会科室：{m.sections.join('、')}
              </Typography.Paragraph>
              <List
                size="small"
                dataSource={m.sections}
                renderItem={(s) => {
                  const o = m.opinions.find((x) => x.section === s);
                  return <List.Item>{o ? `${s}：${MEETING_POSITION_TEXT[o.position]}。${o.opinion}（${o.by}）` : `${s}：尚未发表意见`}</List.Item>;
                }}
              />
              {m.conclusion ? (
                <Typography.Paragraph data-testid="meeting-conclusion">
                  会议结论：{m.conclusion}（{m.concludedAt ? chinaDateTime(m.concludedAt) : ''}）
                </Typography.Paragraph>
              ) : (
                !isDecided(detail.status) && (
                  <Space>
                    <Button size="small" onClick={() => open({ kind: 'section', meeting: m })} aria-label={`登记科室意见 ${m.topic}`}>
                      登记科室意见
                    </Button>
                    <Button size="small" type="primary" onClick={() => open({ kind: 'conclude', meeting: m })} aria-label={`形成会议结论 ${m.topic}`}>
                      形成会议结论
                    </Button>
                  </Space>
                )
              )}
            </div>
          ))}

          <Typography.Title level={5}>办理记录</Typography.Title>
          <Timeline
            items={detail.actions.map((a, i) => ({
              key: i,
              children: (
                <>
                  <Typography.Text strong>{actionText(a.action)}</Typography.Text> {a.note}
                  <br />
                  <Typography.Text type="secondary">
                    {a.actor} · {chinaDateTime(a.at)}
                  </Typography.Text>
                </>
              ),
            }))}
          />
        </Space>
      )}

      <Modal title={dialog ? DIALOG_TITLE[dialog.kind] : ''} open={dialog !== undefined} onCancel={() => setDialog(undefined)} footer={null} destroyOnHidden>
        <Problems error={formError} />
        {dialog && detail && (
          <ActionForm dialog={dialog} colleagues={colleagues} materials={item?.materials ?? []} busy={busy} onSubmit={(f) => void act(f)} />
        )}
      </Modal>
    </Drawer>
  );
}

interface FormProps {
  dialog: Dialog;
  colleagues: string[];
  materials: CatalogueItem['materials'];
  busy: boolean;
  onSubmit: (f: (id: string) => Promise<unknown>) => void;
}

/** The form of one action, checked in the browser before it goes; the API's answer decides. */
function ActionForm({ dialog, colleagues, materials, busy, onSubmit }: FormProps) {
  const submit = (
    <Button type="primary" htmlType="submit" loading={busy}>
      提交
    </Button>
  );
  const required = (message: string) => [{ required: true, whitespace: true, message }];

  switch (dialog.kind) {
    case 'assign':
      return (
        <Form
          layout="vertical"
          aria-label={DIALOG_TITLE.assign}
          onFinish={(v: { assignee: string; note?: string }) =>
            onSubmit((id) =>
              must(api.POST('/api/v1/review/tasks/{id}/assign', { params: { path: { id } }, body: { assignee: v.assignee.trim(), ...(v.note?.trim() ? { note: v.note.trim() } : {}) } })),
            )
          }
        >
          <Form.Item
            label="承办人账号"
            name="assignee"
            extra="本部门审批人员的登录账号"
            rules={[{ validator: (_, value: string | undefined) => (assigneeProblem(value) ? Promise.reject(new Error(assigneeProblem(value))) : Promise.resolve()) }]}
          >
            <AutoComplete options={colleagues.map((c) => ({ value: c }))} placeholder="如 zrzy1" />
          </Form.Item>
          <Form.Item label="分派说明" name="note" rules={[{ max: 500, message: '分派说明不超过500个字' }]}>
            <Input.TextArea rows={2} />
          </Form.Item>
          {submit}
        </Form>
      );
    case 'opinion':
      return (
        <Form layout="vertical" aria-label={DIALOG_TITLE.opinion} onFinish={(v: { opinion: string }) => onSubmit((id) => must(api.POST('/api/v1/review/tasks/{id}/opinions', { params: { path: { id } }, body: { opinion: v.opinion.trim() } })))}>
          <Form.Item label="审查意见" name="opinion" rules={[...required('请填写审查意见'), { max: 2000, message: '审查意见不超过2000个字' }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
          {submit}
        </Form>
      );
    case 'suspend':
      return (
        <Form
          layout="vertical"
          aria-label={DIALOG_TITLE.suspend}
          onFinish={(v: { procedure: (typeof PROCEDURE_OPTIONS)[number]['value']; reason: string; expectedWorkingDays: number }) =>
            onSubmit((id) =>
              must(api.POST('/api/v1/review/tasks/{id}/suspend', { params: { path: { id } }, body: { procedure: v.procedure, reason: v.reason.trim(), expectedWorkingDays: v.expectedWorkingDays } })),
            )
          }
        >
          <Form.Item label="特殊程序" name="procedure" rules={[{ required: true, message: '请选择特殊程序' }]}>
            <Select aria-label="特殊程序" options={PROCEDURE_OPTIONS} placeholder="请选择" />
          </Form.Item>
          <Form.Item label="事由" name="reason" rules={[...required('请填写启动特殊程序的事由'), { max: 1000, message: '事由不超过1000个字' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label="预计所需工作日" name="expectedWorkingDays" rules={[{ required: true, message: '请填写预计所需工作日' }, { type: 'integer', min: 1, max: 365, message: '预计所需工作日应为1至365的整数' }]}>
            <InputNumber min={1} max={365} precision={0} style={{ width: 160 }} />
          </Form.Item>
          <Typography.Paragraph type="secondary">启动后计时暂停，特殊程序所用时间不计入承诺时限，并以短信告知申请人。</Typography.Paragraph>
          {submit}
        </Form>
      );
    case 'correction':
      return (
        <Form
          layout="vertical"
          aria-label={DIALOG_TITLE.correction}
          initialValues={{ items: [{}] }}
          onFinish={(v: { items: { materialCode?: string; description: string }[] }) =>
            onSubmit((id) =>
              must(
                api.POST('/api/v1/review/tasks/{id}/request-correction', {
                  params: { path: { id } },
                  body: { items: v.items.map((i) => ({ ...(i.materialCode ? { materialCode: i.materialCode } : {}), description: i.description.trim() })) },
                }),
              ),
            )
          }
        >
          <Form.List
            name="items"
            rules={[{ validator: (_, items: { description?: string }[] | undefined) => (items?.length ? Promise.resolve() : Promise.reject(new Error(correctionProblems(items)[0]))) }]}
          >
            {(fields, { add, remove }, { errors }) => (
              <>
                {fields.map((f, n) => (
                  <Space key={f.key} align="start" wrap>
                    <Form.Item label={`第${n + 1}项 材料`} name={[f.name, 'materialCode']}>
                      <Select
                        aria-label={`第${n + 1}项 材料`}
                        allowClear
                        placeholder="（不针对具体材料）"
                        style={{ width: 220 }}
                        options={materials.map((m) => ({ value: m.code, label: m.name }))}
                      />
                    </Form.Item>
                    <Form.Item label={`第${n + 1}项 需补正的内容`} name={[f.name, 'description']} rules={[...required(`第${n + 1}项：请说明需要补正的内容`), { max: 500, message: `第${n + 1}项：说明不超过500个字` }]}>
                      <Input style={{ width: 240 }} />
                    </Form.Item>
                    {fields.length > 1 && (
                      <Button style={{ marginTop: 30 }} onClick={() => remove(f.name)} aria-label={`删除第${n + 1}项`}>
                        删除
                      </Button>
                    )}
                  </Space>
                ))}
                <Form.ErrorList errors={errors} />
                <Button onClick={() => add({})} style={{ marginBottom: 12 }}>
                  增加一项
                </Button>
              </>
            )}
          </Form.List>
          <Typography.Paragraph type="secondary">一次告知全部补正内容；计时暂停，待申请人补正后恢复。</Typography.Paragraph>
          {submit}
        </Form>
      );
    case 'meeting':
      return (
        <Form
          layout="vertical"
          aria-label={DIALOG_TITLE.meeting}
          onFinish={(v: { topic: string; sections: string[] }) =>
            onSubmit((id) => must(api.POST('/api/v1/review/tasks/{id}/meetings', { params: { path: { id } }, body: { topic: v.topic.trim(), sections: v.sections.map((s) => s.trim()) } })))
          }
        >
          <Form.Item label="会议议题" name="topic" rules={[...required('请填写会议议题'), { max: 500, message: '会议议题不超过500个字' }]}>
            <Input />
          </Form.Item>
          <Form.Item
            label="参会科室"
            name="sections"
            extra="输入科室名称后按回车，可填多个"
            rules={[{ validator: (_, value: string[] | undefined) => (sectionProblems(value).length ? Promise.reject(new Error(sectionProblems(value).join('；'))) : Promise.resolve()) }]}
          >
            <Select mode="tags" aria-label="参会科室" open={false} tokenSeparators={['、', ',', '，']} />
          </Form.Item>
          {submit}
        </Form>
      );
    case 'section': {
      const m = dialog.meeting;
      return (
        <Form
          layout="vertical"
          aria-label={DIALOG_TITLE.section}
          initialValues={{ section: m.sections.find((s) => !m.opinions.some((o) => o.section === s)), position: 'agree' }}
          onFinish={(v: { section: string; position: (typeof POSITION_OPTIONS)[number]['value']; opinion: string }) =>
            onSubmit((id) =>
              must(api.POST('/api/v1/review/tasks/{id}/meetings/{meetingId}/opinions', { params: { path: { id, meetingId: m.id } }, body: { section: v.section, position: v.position, opinion: v.opinion.trim() } })),
            )
          }
        >
          <Form.Item label="科室" name="section" rules={[{ required: true, message: '请选择科室' }]}>
            <Select aria-label="科室" options={m.sections.map((s) => ({ value: s, label: m.opinions.some((o) => o.section === s) ? `${s}（已发表，可修改）` : s }))} />
          </Form.Item>
          <Form.Item label="意见" name="position">
            <Radio.Group options={POSITION_OPTIONS} />
          </Form.Item>
          <Form.Item label="具体意见" name="opinion" rules={[...required('请填写科室的具体意见'), { max: 2000, message: '具体意见不超过2000个字' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          {submit}
        </Form>
      );
    }
    case 'conclude': {
      const m = dialog.meeting;
      const missing = m.sections.filter((s) => !m.opinions.some((o) => o.section === s));
      return (
        <Form
          layout="vertical"
          aria-label={DIALOG_TITLE.conclude}
          onFinish={(v: { conclusion: string }) =>
            onSubmit((id) => must(api.POST('/api/v1/review/tasks/{id}/meetings/{meetingId}/conclude', { params: { path: { id, meetingId: m.id } }, body: { conclusion: v.conclusion.trim() } })))
          }
        >
          {missing.length > 0 && <Typography.Paragraph type="warning">尚未发表意见的科室：{missing.join('、')}（各科室发表意见后方可形成结论）</Typography.Paragraph>}
          <Form.Item label="会议结论" name="conclusion" rules={[...required('请填写会议结论'), { max: 2000, message: '会议结论不超过2000个字' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          {submit}
        </Form>
      );
    }
  }
}
