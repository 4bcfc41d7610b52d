import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, asApiError, must } from '../../api/client';
import type { ExchangeItem, ExchangeView, ReconciliationReport, ReconciliationRun } from '../../api/views';
import { chinaTime } from '../../lib/audit';
import { COUNTERPART_TEXT, INBOUND_KIND_TEXT, INBOUND_STATUS_TEXT, inboundResult, provinceItemNo, reconciledBy, MILESTONE_TEXT, PROJECT_CHECK_TEXT, PUSH_STATUS_TEXT, reconciliationLines } from '../../lib/exchange';
import { Problems } from '../Login';

/** 省级平台对接: what the hall reports to the provincial platforms and what it receives from them (apps/exchange). */
export function ProvincialExchange() {
  const { message } = App.useApp();
  const [view, setView] = useState<ExchangeView>();
  const [report, setReport] = useState<ReconciliationReport>();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  const load = useCallback(async () => {
    try {
      setView(await must<ExchangeView>(api.GET('/api/v1/supervision/exchange', {})));
      setError(undefined);
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const retry = async (item: ExchangeItem) => {
    try {
      await must(api.POST('/api/v1/supervision/exchange/{id}/retry', { params: { path: { id: item.id } } }));
      void message.success(`已重新报送 ${item.caseNo} 的“${MILESTONE_TEXT[item.milestone] ?? item.milestone}”`);
      await load();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  const reconcile = async (v: { date: string; counterpart?: 'zwfw' | 'gcjs' | 'dzjc' }) => {
    setBusy(true);
    try {
      setReport(await must<ReconciliationReport>(api.POST('/api/v1/supervision/exchange/reconcile', { body: { date: v.date.trim(), ...(v.counterpart ? { counterpart: v.counterpart } : {}) } })));
      setError(undefined);
      await load();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Problems error={error} />
      <Card title="报送省级平台" size="small" extra={<Button onClick={() => void load()}>刷新</Button>}>
        <Table
          data-testid="exchange-counterparts"
          rowKey="counterpart"
          size="small"
          pagination={false}
          dataSource={view?.counterparts ?? []}
          columns={[
            { title: '平台', dataIndex: 'counterpart', render: (c: keyof typeof COUNTERPART_TEXT) => COUNTERPART_TEXT[c] },
            { title: '状态', dataIndex: 'enabled', render: (on: boolean) => (on ? <Tag color="green">已接入</Tag> : <Tag>未接入</Tag>) },
            { title: '待报送', dataIndex: 'pending' },
            { title: '失败重试中', dataIndex: 'failing', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
            { title: '被拒绝', dataIndex: 'rejected', render: (n: number) => (n ? <Typography.Text type="danger">{n}</Typography.Text> : n) },
            { title: '已报送', dataIndex: 'pushed' },
            { title: '最早待报送', dataIndex: 'oldestPendingAt', render: (t?: string) => (t ? chinaTime(t) : '—') },
          ]}
        />
        <Table
          style={{ marginTop: 12 }}
          rowKey="id"
          size="small"
          locale={{ emptyText: '没有待报送或被拒绝的记录' }}
          dataSource={view?.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '平台', dataIndex: 'counterpart', render: (c: keyof typeof COUNTERPART_TEXT) => COUNTERPART_TEXT[c] },
            { title: '办件', dataIndex: 'caseNo' },
            { title: '环节', dataIndex: 'milestone', render: (m: string) => MILESTONE_TEXT[m] ?? m },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={s === 'rejected' ? 'red' : 'orange'}>{PUSH_STATUS_TEXT[s] ?? s}</Tag> },
            { title: '次数', dataIndex: 'attempts' },
            { title: '最近错误', dataIndex: 'lastError', render: (e?: string) => e ?? '—' },
            { title: '操作', key: 'retry', render: (_: unknown, item: ExchangeItem) => <Button size="small" onClick={() => void retry(item)}>立即重新报送</Button> },
          ]}
        />
      </Card>
      <Card title="对账" size="small">
        <Form layout="inline" onFinish={(v: { date: string; counterpart?: 'zwfw' | 'gcjs' | 'dzjc' }) => void reconcile(v)} aria-label="对账">
          <Form.Item label="对账日期" name="date" rules={[{ required: true, message: '请输入对账日期' }, { pattern: /^\d{4}-\d{2}-\d{2}$/, message: '日期格式为 2026-11-26' }]}>
            <Input placeholder="2026-11-26" style={{ width: 140 }} />
          </Form.Item>
          <Form.Item label="平台" name="counterpart">
            <Select allowClear placeholder="全部平台" style={{ width: 240 }} options={Object.entries(COUNTERPART_TEXT).map(([value, label]) => ({ value, label }))} />
          </Form.Item>
          <Button type="primary" htmlType="submit" loading={busy}>
            对账
          </Button>
        </Form>
        {report && (
          <ul data-testid="reconciliation" style={{ marginTop: 12 }}>
            {reconciliationLines(report).map((l) => (
              <li key={l}>{l}</li>
            ))}
          </ul>
        )}
        <Table<ReconciliationRun>
          style={{ marginTop: 12 }}
          data-testid="reconciliation-runs"
          rowKey={(r) => `${r.ranAt}-${r.date}`}
          size="small"
          locale={{ emptyText: '尚无对账记录（每日凌晨自动对账前一日）' }}
          dataSource={view?.reconciliations ?? []}
          pagination={false}
          columns={[
            { title: '对账日期', dataIndex: 'date' },
            { title: '对账时间', dataIndex: 'ranAt', render: (t: string) => chinaTime(t) },
            { title: '对账人', dataIndex: 'ranBy', render: (b: string) => reconciledBy(b) },
            {
              title: '结果',
              key: 'lines',
              render: (_: unknown, r: ReconciliationRun) => (
                <Space direction="vertical" size={0}>
                  {reconciliationLines(r).map((l) => (
                    <span key={l}>{l}</span>
                  ))}
                </Space>
              ),
            },
          ]}
        />
      </Card>
      <Card title="项目代码核验（投资项目在线审批监管平台）" size="small">
        <Table
          data-testid="project-checks"
          rowKey="caseNo"
          size="small"
          locale={{ emptyText: '已受理办件的项目代码均已核验' }}
          dataSource={view?.projectChecks ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '办件', dataIndex: 'caseNo' },
            { title: '项目代码', dataIndex: 'projectCode' },
            { title: '核验', dataIndex: 'check', render: (c: string) => <Tag color={c === 'unknown' ? 'red' : 'orange'}>{PROJECT_CHECK_TEXT[c] ?? c}</Tag> },
            { title: '次数', dataIndex: 'attempts' },
            { title: '最近核验', dataIndex: 'checkedAt', render: (t?: string) => (t ? chinaTime(t) : '—') },
          ]}
        />
      </Card>
      <Card title="省政务服务网推送的申请、投诉和评价" size="small">
        <Table
          rowKey="id"
          size="small"
          locale={{ emptyText: '暂无' }}
          dataSource={view?.inbound.items ?? []}
          pagination={{ pageSize: 20, hideOnSinglePage: true }}
          columns={[
            { title: '类别', dataIndex: 'kind', render: (k: string) => INBOUND_KIND_TEXT[k] ?? k },
            { title: '省平台编号', dataIndex: 'id', render: (id: string) => provinceItemNo(id) },
            { title: '收到时间', dataIndex: 'receivedAt', render: (t: string) => chinaTime(t) },
            { title: '状态', dataIndex: 'status', render: (s: string) => <Tag color={s === 'refused' ? 'red' : s === 'forwarded' ? 'green' : 'orange'}>{INBOUND_STATUS_TEXT[s] ?? s}</Tag> },
            { title: '转入为', key: 'result', render: (_: unknown, i: ExchangeView['inbound']['items'][number]) => inboundResult(i) },
            { title: '原因', dataIndex: 'lastError', render: (e?: string) => e ?? '—' },
          ]}
        />
      </Card>
    </Space>
  );
}
