import { useCallback, useEffect, useMemo, useState } from 'react';
import { App, Button, Card, Col, Form, Input, Modal, Radio, Row, Select, Space, Table, Tag, Typography } from 'antd';
import { CONSULTATION_CHANNEL_TEXT, DESK_CONSULTATION_CHANNELS, CONSULTATION_KIND_TEXT, CONSULTATION_KINDS, type ConsultationKind } from '@yichuang/domain';
import { api, ApiError, must, asApiError } from '../api/client';
import type { CatalogueItem } from '../api/views';
import { actionsFor, deskOrder, kindText, statusColor, statusText, type Consultation } from '../lib/consultation';
import { chineseDate } from '../lib/deadline';
import { mobileText } from '../lib/identity';
import { chinaTime } from '../lib/paper';
import { useSession } from '../session';
import { Problems } from './Login';


interface NewValues {
  kind: ConsultationKind;
  channel: (typeof DESK_CONSULTATION_CHANNELS)[number];
  itemCode?: string;
  topic: string;
  question: string;
  answer?: string;
  contactName?: string;
  phone?: string;
}

type Action = { kind: 'route' | 'reply' | 'close'; c: Consultation };

/**
 * /consultation — 咨询台 of the consultation window: record a question or complaint (topic, the catalogue item it is
 * about, the person's contact; an answer given on the spot), route a complaint to its department, the department's
 * reply, close; the open ones first (`/api/v1/consultations…`).
 */
export function ConsultationDesk() {
  const { message } = App.useApp();
  const { session } = useSession();
  const user = useMemo(() => ({ roles: session?.user.roles ?? [], ...(session?.user.department ? { department: session.user.department } : {}) }), [session]);
  const [form] = Form.useForm<NewValues>();
  const [list, setList] = useState<Consultation[]>([]);
  const [catalogue, setCatalogue] = useState<CatalogueItem[]>([]);
  const [showAll, setShowAll] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [action, setAction] = useState<Action>();
  const kind = Form.useWatch('kind', form);

  const load = useCallback(async () => {
    const open = await must<Consultation[]>(api.GET('/api/v1/consultations', { params: { query: showAll ? {} : { status: 'open' } } }));
    setList(deskOrder(open));
  }, [showAll]);

  useEffect(() => {
    void load().catch((err: unknown) => setError(asApiError(err)));
  }, [load]);
  useEffect(() => {
    void must<CatalogueItem[]>(api.GET('/api/v1/catalog/items', {})).then(setCatalogue, () => setCatalogue([]));
  }, []);

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

  const record = (v: NewValues) =>
    run(async () => {
      const item = catalogue.find((i) => i.code === v.itemCode);
      const topic = item ? `${item.name}：${v.topic.trim()}` : v.topic.trim();
      const c = await must<Consultation>(
        api.POST('/api/v1/consultations', {
          body: {
            kind: v.kind,
            channel: v.channel,
            topic: topic.slice(0, 200),
            question: v.question.trim(),
            ...(v.answer?.trim() && v.kind === 'consultation' ? { answer: v.answer.trim() } : {}),
            ...(v.contactName?.trim() ? { contactName: v.contactName.trim() } : {}),
            ...(v.phone?.trim() ? { phone: v.phone.trim() } : {}),
            ...(v.kind === 'complaint' && item ? { department: item.department.code } : {}),
          },
        }),
      );
      form.resetFields();
      await load();
      void message.success(`已登记${CONSULTATION_KIND_TEXT[c.kind]}：${c.topic}（${statusText(c.status)}）`);
    });

  const act = (v: { department?: string; text?: string }) =>
    run(async () => {
      if (!action) return;
      const id = action.c.id;
      if (action.kind === 'route') await must(api.POST('/api/v1/consultations/{id}/route', { params: { path: { id } }, body: { department: v.department ?? '' } }));
      if (action.kind === 'reply') await must(api.POST('/api/v1/consultations/{id}/reply', { params: { path: { id } }, body: { reply: (v.text ?? '').trim() } }));
      if (action.kind === 'close') await must(api.POST('/api/v1/consultations/{id}/close', { params: { path: { id } }, body: { resolution: (v.text ?? '').trim() } }));
      setAction(undefined);
      await load();
      void message.success(action.kind === 'route' ? '已转交责任部门' : action.kind === 'reply' ? '已答复' : '已办结');
    });

  const departments = useMemo(() => {
    const m = new Map<string, string>();
    for (const i of catalogue) m.set(i.department.code, i.department.name ?? i.department.code);
    return [...m].map(([value, label]) => ({ value, label: `${label}（${value}）` }));
  }, [catalogue]);

  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={9}>
        <Card title="登记咨询 / 投诉" size="small">
          <Form<NewValues> form={form} layout="vertical" aria-label="登记咨询" initialValues={{ kind: 'consultation', channel: 'onsite' }} onFinish={(v) => void record(v)}>
            <Space size="large" wrap>
              <Form.Item label="类型" name="kind">
                <Radio.Group optionType="button" options={CONSULTATION_KINDS.map((k) => ({ value: k, label: CONSULTATION_KIND_TEXT[k] }))} />
              </Form.Item>
              <Form.Item label="方式" name="channel">
                <Radio.Group optionType="button" options={DESK_CONSULTATION_CHANNELS.map((c) => ({ value: c, label: CONSULTATION_CHANNEL_TEXT[c] }))} />
              </Form.Item>
            </Space>
            <Form.Item label="涉及事项（选填）" name="itemCode" extra={kind === 'complaint' ? '投诉将转交该事项的责任部门' : undefined}>
              <Select allowClear showSearch optionFilterProp="label" options={catalogue.map((i) => ({ value: i.code, label: `${i.name}（${i.code}）` }))} />
            </Form.Item>
            <Form.Item label="主题" name="topic" rules={[{ required: true, whitespace: true, message: '请输入主题' }]}>
              <Input maxLength={120} placeholder="如 需要哪些材料" />
            </Form.Item>
            <Form.Item label="问题描述" name="question" rules={[{ required: true, whitespace: true, message: '请输入问题描述' }]}>
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
            {kind !== 'complaint' && (
              <Form.Item label="当场答复（选填）" name="answer" extra="当场答复的咨询记为已答复">
                <Input.TextArea rows={2} maxLength={2000} />
              </Form.Item>
            )}
            <Row gutter={12}>
              <Col span={10}>
                <Form.Item label="联系人" name="contactName">
                  <Input maxLength={50} autoComplete="off" />
                </Form.Item>
              </Col>
              <Col span={14}>
                <Form.Item
                  label="联系电话"
                  name="phone"
                  validateTrigger="onChange"
                  rules={[{ validator: (_r, v: string | undefined) => { const p = v ? mobileText(v) : null; return p ? Promise.reject(new Error(p)) : Promise.resolve(); } }]}
                >
                  <Input maxLength={11} inputMode="numeric" autoComplete="off" />
                </Form.Item>
              </Col>
            </Row>
            <Button type="primary" htmlType="submit" loading={busy}>
              登记
            </Button>
          </Form>
        </Card>
      </Col>
      <Col xs={24} xl={15}>
        <Card
          title={showAll ? '全部咨询与投诉' : '办理中的咨询与投诉'}
          size="small"
          extra={
            <Space>
              <Radio.Group
                aria-label="显示范围"
                optionType="button"
                size="small"
                value={showAll ? 'all' : 'open'}
                onChange={(e) => setShowAll(e.target.value === 'all')}
                options={[{ value: 'open', label: '办理中' }, { value: 'all', label: '全部' }]}
              />
              <Button size="small" onClick={() => void run(load)}>
                刷新
              </Button>
            </Space>
          }
        >
          <Problems error={error} />
          <Table<Consultation>
            size="small"
            rowKey="id"
            dataSource={list}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            aria-label="咨询与投诉"
            locale={{ emptyText: showAll ? '暂无记录' : '没有办理中的咨询或投诉' }}
            expandable={{
              expandedRowRender: (c) => (
                <div>
                  <p>问题：{c.question}</p>
                  {c.answer && <p>答复：{c.answer}</p>}
                  {c.reply && (
                    <p>
                      部门答复（{c.reply.by}，{chinaTime(c.reply.at)}）：{c.reply.text}
                    </p>
                  )}
                  {c.resolution && <p>办结情况：{c.resolution}</p>}
                  <Typography.Text type="secondary">
                    {c.createdBy} 登记于 {chinaTime(c.createdAt)}
                  </Typography.Text>
                </div>
              ),
            }}
            columns={[
              { title: '类型', key: 'kind', render: (_v, c) => kindText(c) },
              { title: '主题', dataIndex: 'topic' },
              { title: '联系人', key: 'contact', render: (_v, c) => [c.contactName, c.phone].filter(Boolean).join(' ') || '—' },
              { title: '状态', key: 'status', render: (_v, c) => <Tag color={statusColor(c.status)}>{statusText(c.status)}</Tag> },
              { title: '责任部门', key: 'dept', render: (_v, c) => c.department ?? (c.kind === 'complaint' ? '未转交' : '—') },
              { title: '答复期限', key: 'due', render: (_v, c) => (c.dueDate ? chineseDate(c.dueDate) : '—') },
              {
                title: '操作',
                key: 'act',
                render: (_v, c) => {
                  const can = actionsFor(c, user);
                  return (
                    <Space wrap>
                      {can.route && (
                        <Button size="small" aria-label={`转交部门：${c.topic}`} onClick={() => setAction({ kind: 'route', c })}>
                          转交部门
                        </Button>
                      )}
                      {can.reply && (
                        <Button size="small" aria-label={`答复：${c.topic}`} onClick={() => setAction({ kind: 'reply', c })}>
                          答复
                        </Button>
                      )}
                      {can.close && (
                        <Button size="small" aria-label={`办结：${c.topic}`} onClick={() => setAction({ kind: 'close', c })}>
                          办结
                        </Button>
                      )}
                    </Space>
                  );
                },
              },
            ]}
          />
        </Card>
      </Col>
      <Modal
        title={action ? `${action.kind === 'route' ? '转交责任部门' : action.kind === 'reply' ? '部门答复' : '办结'}：${action.c.topic}` : ''}
        open={!!action}
        onCancel={() => setAction(undefined)}
        footer={null}
        destroyOnHidden
      >
        <Problems error={error} />
        <Form layout="vertical" aria-label="处理咨询" onFinish={(v: { department?: string; text?: string }) => void act(v)} initialValues={{ department: action?.c.department }}>
          {action?.kind === 'route' ? (
            <Form.Item label="责任部门" name="department" rules={[{ required: true, message: '请选择责任部门' }]}>
              <Select showSearch optionFilterProp="label" options={departments} />
            </Form.Item>
          ) : (
            <Form.Item
              label={action?.kind === 'reply' ? '答复内容' : '办结情况'}
              name="text"
              rules={[{ required: true, whitespace: true, message: action?.kind === 'reply' ? '请输入答复内容' : '请输入办结情况' }]}
            >
              <Input.TextArea rows={3} maxLength={2000} />
            </Form.Item>
          )}
          <Button type="primary" htmlType="submit" loading={busy}>
            确定
          </Button>
        </Form>
      </Modal>
    </Row>
  );
}
