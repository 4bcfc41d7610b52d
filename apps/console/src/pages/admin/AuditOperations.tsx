import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, DatePicker, Form, Input, Space, Table, Tabs, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, must, asApiError } from '../../api/client';
import type { components } from '../../api/schema';
import { auditFilterProblems, auditQuery, channelText, chinaTime, outcomeText, providerCountsText, providerDetailsText, providerStateText, type AuditFilter } from '../../lib/audit';
import { ROLE_NAMES, type Role } from '../../lib/menu';
import { useSession } from '../../session';
import { Problems } from '../Login';

type AuditRecord = components['schemas']['AuditRecordView'];
type AuditPage = components['schemas']['AuditPage'];
type ProviderHealth = components['schemas']['ProviderHealthView'];
type PadCredential = components['schemas']['PadCredentialView'];


const roleText = (roles: readonly string[]) => roles.map((r) => ROLE_NAMES[r as Role] ?? r).join('、') || '—';

interface FilterForm {
  from?: Dayjs | null;
  to?: Dayjs | null;
  actor?: string;
  action?: string;
  objectId?: string;
  outcome?: string;
}

/** 审计日志: the audit trail newest first, filtered, 50 at a time (加载更多 follows nextCursor). */
function AuditTrail() {
  const [filter, setFilter] = useState<AuditFilter>({});
  const [rows, setRows] = useState<AuditRecord[]>([]);
  const [next, setNext] = useState<string>();
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();

  const load = useCallback(async (f: AuditFilter, cursor?: string) => {
    const problems = auditFilterProblems(f);
    if (problems.length) {
      setError(new ApiError(400, 'VALIDATION_FAILED', '筛选条件有误', problems));
      return;
    }
    setError(undefined);
    setLoading(true);
    try {
      const page = await must<AuditPage>(api.GET('/api/v1/audit', { params: { query: auditQuery(f, cursor) } }));
      setRows((before) => (cursor ? [...before, ...page.items] : page.items));
      setNext(page.nextCursor);
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load({});
  }, [load]);

  const search = (v: FilterForm) => {
    const f: AuditFilter = {
      from: v.from?.format('YYYY-MM-DD'),
      to: v.to?.format('YYYY-MM-DD'),
      actor: v.actor,
      action: v.action,
      objectId: v.objectId,
      outcome: v.outcome,
    };
    setFilter(f);
    void load(f);
  };

  return (
    <>
      <Form<FilterForm> layout="inline" aria-label="审计日志筛选" onFinish={search} style={{ rowGap: 8, marginBottom: 12 }}>
        <Form.Item label="起始日期" name="from">
          <DatePicker />
        </Form.Item>
        <Form.Item label="截止日期" name="to">
          <DatePicker />
        </Form.Item>
        <Form.Item label="操作人" name="actor">
          <Input placeholder="用户名，如 clerk1" allowClear />
        </Form.Item>
        <Form.Item label="操作" name="action">
          <Input placeholder="请求主题（完整）" allowClear style={{ width: 260 }} />
        </Form.Item>
        <Form.Item label="对象" name="objectId">
          <Input placeholder="申请编号、案件号、用户名…" allowClear />
        </Form.Item>
        <Form.Item label="结果" name="outcome">
          <Input placeholder="ok 或错误代码" allowClear style={{ width: 160 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit">
            查询
          </Button>
        </Form.Item>
      </Form>
      <Problems error={error} />
      <Table<AuditRecord>
        rowKey="seq"
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        data-testid="audit-trail"
        locale={{ emptyText: '没有符合条件的审计记录' }}
        columns={[
          { title: '时间', dataIndex: 'at', render: (at: string) => chinaTime(at), width: 190 },
          { title: '操作人', dataIndex: 'actor', render: (a: string, r) => <Space direction="vertical" size={0}><span>{a}</span><Typography.Text type="secondary">{roleText(r.roles)}</Typography.Text></Space> },
          { title: '客户端地址', dataIndex: 'clientAddress' },
          { title: '操作', dataIndex: 'action', render: (a: string) => <Typography.Text code>{a}</Typography.Text> },
          { title: '对象', key: 'object', render: (_: unknown, r) => (r.objectId ? `${r.objectType ? `${r.objectType} ` : ''}${r.objectId}` : '—') },
          { title: '结果', dataIndex: 'outcome', render: (o: string) => <Tag color={o === 'ok' ? 'success' : 'error'}>{outcomeText(o)}</Tag> },
          { title: '关联编号', dataIndex: 'correlationId', render: (c: string) => <Typography.Text copyable={{ text: c, tooltips: ['复制', '已复制'] }}>{c.slice(0, 8)}</Typography.Text> },
        ]}
      />
      <div style={{ textAlign: 'center', marginTop: 12 }}>
        {next ? (
          <Button loading={loading} onClick={() => void load(filter, next)}>
            加载更多
          </Button>
        ) : (
          rows.length > 0 && <Typography.Text type="secondary">已显示全部 {rows.length} 条</Typography.Text>
        )}
      </div>
    </>
  );
}

/** 短信通道: each message provider's health as the notification service sees it, refreshed on demand. */
function Providers() {
  const [rows, setRows] = useState<ProviderHealth[]>([]);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();
  const [at, setAt] = useState<string>();

  const load = useCallback(async () => {
    setError(undefined);
    setLoading(true);
    try {
      setRows(await must<ProviderHealth[]>(api.GET('/api/v1/admin/sms-providers')));
      setAt(dayjs().toISOString());
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setLoading(false);
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  return (
    <>
      <Space style={{ marginBottom: 12 }}>
        <Button onClick={() => void load()} loading={loading}>
          刷新状态
        </Button>
        {at && <Typography.Text type="secondary">更新于 {chinaTime(at)}</Typography.Text>}
      </Space>
      <Problems error={error} />
      <Table<ProviderHealth>
        rowKey={(p) => `${p.instance ?? ''}/${p.name}`}
        size="small"
        loading={loading}
        dataSource={rows}
        pagination={false}
        locale={{ emptyText: '暂无短信通道' }}
        columns={[
          { title: '优先级', dataIndex: 'priority', width: 70 },
          { title: '通道', dataIndex: 'name', render: (n: string, p) => `${n}（${channelText(p.channel)}）` },
          {
            title: '状态',
            dataIndex: 'state',
            render: (s: string, p) => {
              const { text, color } = providerStateText(s);
              return (
                <Space direction="vertical" size={0}>
                  <Tag color={color}>{text}</Tag>
                  {p.cooldownUntil && s === 'cooling_down' && <Typography.Text type="secondary">至 {chinaTime(p.cooldownUntil)}</Typography.Text>}
                </Space>
              );
            },
          },
          { title: '连续失败', dataIndex: 'consecutiveFailures', render: (n: number) => `${n}次` },
          { title: '最近耗时', dataIndex: 'lastLatencyMs', render: (ms?: number) => (ms === undefined ? '—' : `${ms}毫秒`) },
          { title: '最近错误', dataIndex: 'lastError', render: (e?: string) => e ?? '—' },
          { title: '发送结果', dataIndex: 'counts', render: (c: ProviderHealth['counts']) => providerCountsText(c) },
          { title: '连接状态', dataIndex: 'details', render: (d: ProviderHealth['details']) => providerDetailsText(d) },
          { title: '实例', dataIndex: 'instance', render: (i?: string) => i ?? '—' },
        ]}
      />
    </>
  );
}

/** 评价器登记: register (or replace) a window's evaluator pad; the device secret is shown once. */
function PadRegistration() {
  const [error, setError] = useState<ApiError>();
  const [pad, setPad] = useState<PadCredential>();
  const [busy, setBusy] = useState(false);

  const register = async (v: { windowNo: string }) => {
    setError(undefined);
    setPad(undefined);
    setBusy(true);
    try {
      setPad(await must<PadCredential>(api.POST('/api/v1/evaluation-pads', { body: { windowNo: v.windowNo.trim().toUpperCase() } })));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" style={{ width: '100%', maxWidth: 640 }}>
      <Typography.Paragraph>为窗口登记评价器（平板）。再次登记同一窗口将替换原评价器，原设备密钥随即失效。</Typography.Paragraph>
      <Form layout="inline" aria-label="登记评价器" onFinish={(v: { windowNo: string }) => void register(v)}>
        <Form.Item label="窗口号" name="windowNo" rules={[{ required: true, whitespace: true, message: '请填写窗口号' }]}>
          <Input placeholder="如 W02" style={{ width: 140 }} />
        </Form.Item>
        <Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            登记评价器
          </Button>
        </Form.Item>
      </Form>
      <Problems error={error} />
      {pad && (
        <Alert
          type="warning"
          showIcon
          message={`${pad.windowNo} 窗口的评价器已登记，设备密钥仅显示这一次`}
          description={
            <Space direction="vertical">
              <Typography.Text>
                设备密钥：
                <Typography.Text copyable={{ text: pad.deviceSecret, tooltips: ['复制', '已复制'] }}>
                  <code data-testid="device-secret">{pad.deviceSecret}</code>
                </Typography.Text>
              </Typography.Text>
              <Typography.Text>
                请在该窗口的平板上打开 <Typography.Text code>{`${window.location.origin}/pad`}</Typography.Text>，输入窗口号 {pad.windowNo} 和上面的设备密钥，点击“绑定”。离开本页后无法再次查看。
              </Typography.Text>
              <Button size="small" onClick={() => setPad(undefined)}>
                我已记下
              </Button>
            </Space>
          }
        />
      )}
    </Space>
  );
}

/** 审计与运维 (administrators; supervisors see the audit trail and the providers): three tabs. */
export function AuditOperations() {
  const { session } = useSession();
  const isAdmin = session?.user.roles.includes('admin') ?? false;
  return (
    <Card title="审计与运维" size="small">
      <Tabs
        items={[
          { key: 'audit', label: '审计日志', children: <AuditTrail /> },
          { key: 'providers', label: '短信通道', children: <Providers /> },
          ...(isAdmin ? [{ key: 'pads', label: '评价器登记', children: <PadRegistration /> }] : []),
        ]}
      />
    </Card>
  );
}
