import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { Button, Card, DatePicker, Form, Input, Modal, Select, Space, Spin, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { ALARM_KIND_TEXT, ALARM_LEVEL_TEXT, RATING_LEVEL_TEXT, RECTIFICATION_STATUS_TEXT } from '@yichuang/domain';
import { api, ApiError, must, asApiError } from '../../api/client';
import type { Alarm, HaochaBacklog, HaochaItem, Rectification } from '../../api/views';
import { alarmColor, chineseDate } from '../../lib/deadline';
import { defaultPeriod, exportFileName, percent, type Summary } from '../../lib/statistics';
import { Problems } from '../Login';

// ECharts in its own bundle, fetched when this page shows the charts (the window's pages never load it)
const Charts = lazy(() => import('./Charts'));

type Report = 'cases' | 'volumes' | 'timeliness' | 'pauses' | 'satisfaction';
const REPORTS: { value: Report; label: string }[] = [
  { value: 'cases', label: '办件明细' },
  { value: 'volumes', label: '业务量' },
  { value: 'timeliness', label: '办结时效' },
  { value: 'pauses', label: '暂停计时' },
  { value: 'satisfaction', label: '满意度' },
];

const INVALID_REASONS = [
  { value: 'malicious', label: '恶意差评' },
  { value: 'not_this_service', label: '非本次服务' },
  { value: 'duplicate', label: '重复评价' },
  { value: 'other', label: '其他' },
] as const;

type Action = 'invalid' | 'appeal_upheld' | 'appeal_rejected';
const ACTION_TEXT: Record<Action, string> = { invalid: '认定无效', appeal_upheld: '申诉成立', appeal_rejected: '申诉驳回' };

function chineseTime(iso?: string): string {
  return iso ? dayjs(iso).format('YYYY年M月D日 HH:mm') : '—';
}

/** Runs an API call, showing its Chinese error. */
function useRun(): [ApiError | undefined, (f: () => Promise<void>) => Promise<void>] {
  const [error, setError] = useState<ApiError>();
  const run = useCallback(async (f: () => Promise<void>) => {
    setError(undefined);
    try {
      await f();
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);
  return [error, run];
}

/** 电子监察: open alarms to acknowledge (yellow, red). */
function Alarms() {
  const [alarms, setAlarms] = useState<Alarm[]>([]);
  const [level, setLevel] = useState<'yellow' | 'red'>();
  const [error, run] = useRun();
  const load = useCallback(
    () => run(async () => setAlarms(await must<Alarm[]>(api.GET('/api/v1/supervision/alarms', { params: { query: level ? { level } : {} } })))),
    [run, level],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const acknowledge = (a: Alarm) =>
    run(async () => {
      await must(api.POST('/api/v1/supervision/alarms/{id}/acknowledge', { params: { path: { id: a.id } } }));
      await load();
    });
  return (
    <Card
      title="电子监察：未处理的预警"
      size="small"
      extra={
        <Space>
          <Select<'yellow' | 'red'>
            aria-label="按预警级别筛选"
            placeholder="全部级别"
            allowClear
            style={{ width: 140 }}
            value={level}
            onChange={setLevel}
            options={[
              { value: 'yellow', label: ALARM_LEVEL_TEXT.yellow },
              { value: 'red', label: ALARM_LEVEL_TEXT.red },
            ]}
          />
          <Button onClick={() => void load()}>刷新预警</Button>
        </Space>
      }
    >
      <Problems error={error} />
      <Table<Alarm>
        rowKey="id"
        size="small"
        dataSource={alarms}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无未处理的预警' }}
        columns={[
          { title: '级别', dataIndex: 'level', render: (l: Alarm['level']) => <Tag color={alarmColor(l)}>{ALARM_LEVEL_TEXT[l]}</Tag> },
          { title: '类型', dataIndex: 'kind', render: (k: Alarm['kind']) => ALARM_KIND_TEXT[k] ?? k },
          { title: '案件编号', dataIndex: 'caseNo', render: (c?: string) => c ?? '—' },
          { title: '部门', dataIndex: 'department', render: (d?: string) => d ?? '—' },
          { title: '内容', dataIndex: 'message' },
          { title: '预警时间', dataIndex: 'raisedAt', render: (t: string) => chineseTime(t) },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, a) => (
              <Button size="small" onClick={() => void acknowledge(a)} aria-label={`确认预警 ${a.caseNo ?? ''} ${a.message}`}>
                确认已知悉
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 统计分析: the period's charts and the exports. */
function Statistics() {
  const [period, setPeriod] = useState(() => defaultPeriod(dayjs().format('YYYY-MM-DD')));
  const [summary, setSummary] = useState<Summary>();
  const [report, setReport] = useState<Report>('cases');
  const [error, run] = useRun();
  useEffect(() => {
    void run(async () => setSummary(await must<Summary>(api.GET('/api/v1/statistics/summary', { params: { query: period } }))));
  }, [run, period]);

  const download = (format: 'csv' | 'xlsx') =>
    run(async () => {
      const blob = await must<Blob>(api.GET('/api/v1/statistics/export', { params: { query: { report, format, ...period } }, parseAs: 'blob' }));
      const href = URL.createObjectURL(blob);
      const a = document.createElement('a');
      a.href = href;
      a.download = exportFileName(report, period.from, period.to, format);
      a.click();
      setTimeout(() => URL.revokeObjectURL(href), 10_000);
    });

  return (
    <Card
      title="统计分析"
      size="small"
      extra={
        <Space wrap>
          <label htmlFor="stat-period">统计期间</label>
          <DatePicker.RangePicker
            id="stat-period"
            aria-label="统计期间"
            allowClear={false}
            format="YYYY年M月D日"
            value={[dayjs(period.from), dayjs(period.to)]}
            onChange={(v) => {
              const [f, t] = (v ?? []) as [Dayjs | null, Dayjs | null];
              if (f && t) setPeriod({ from: f.format('YYYY-MM-DD'), to: t.format('YYYY-MM-DD') });
            }}
          />
          <Select<Report> aria-label="导出报表" style={{ width: 130 }} value={report} onChange={setReport} options={REPORTS} />
          <Button onClick={() => void download('csv')}>导出CSV</Button>
          <Button onClick={() => void download('xlsx')}>导出Excel</Button>
        </Space>
      }
    >
      <Problems error={error} />
      <Typography.Paragraph type="secondary">
        {chineseDate(period.from)}至{chineseDate(period.to)}
        {summary &&
          `：按时办结率 ${percent(
            (() => {
              const d = summary.timeliness.byDepartment.reduce((n, r) => n + r.decided, 0);
              return d ? summary.timeliness.byDepartment.reduce((n, r) => n + r.onTime, 0) / d : null;
            })(),
          )}`}
      </Typography.Paragraph>
      {summary ? (
        <Suspense fallback={<Spin tip="图表加载中…" />}>
          <Charts summary={summary} />
        </Suspense>
      ) : (
        <Spin />
      )}
    </Card>
  );
}

/** 好差评: the bad reviews (rectifications) with the supervisor's decisions. */
function Rectifications() {
  const [rows, setRows] = useState<Rectification[]>([]);
  const [status, setStatus] = useState<Rectification['status']>();
  const [acting, setActing] = useState<{ r: Rectification; action: Action }>();
  const [error, run] = useRun();
  const load = useCallback(
    () => run(async () => setRows(await must<Rectification[]>(api.GET('/api/v1/rectifications', { params: { query: status ? { status } : {} } })))),
    [run, status],
  );
  useEffect(() => {
    void load();
  }, [load]);
  const act = (v: { note?: string; reason?: (typeof INVALID_REASONS)[number]['value'] }) =>
    run(async () => {
      if (!acting) return;
      await must(
        api.POST('/api/v1/rectifications/{id}/actions', {
          params: { path: { id: acting.r.evaluationId } },
          body: { action: acting.action, ...(v.note?.trim() ? { note: v.note.trim() } : {}), ...(v.reason ? { reason: v.reason } : {}) },
        }),
      );
      setActing(undefined);
      await load();
    });
  return (
    <Card
      title="好差评：差评整改"
      size="small"
      extra={
        <Space>
          <Select<Rectification['status']>
            aria-label="按整改状态筛选"
            placeholder="全部状态"
            allowClear
            style={{ width: 140 }}
            value={status}
            onChange={setStatus}
            options={(Object.keys(RECTIFICATION_STATUS_TEXT) as Rectification['status'][]).map((s) => ({ value: s, label: RECTIFICATION_STATUS_TEXT[s] }))}
          />
          <Button onClick={() => void load()}>刷新差评</Button>
        </Space>
      }
    >
      <Problems error={error} />
      <Table<Rectification>
        rowKey="evaluationId"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无差评' }}
        columns={[
          { title: '案件编号', dataIndex: 'caseNo' },
          { title: '评价', dataIndex: 'level', render: (l: Rectification['level']) => RATING_LEVEL_TEXT[l] ?? l },
          { title: '窗口/部门', key: 'where', render: (_: unknown, r) => [r.windowNo && `${r.windowNo}窗口`, r.departmentCode].filter(Boolean).join(' · ') || '—' },
          {
            title: '状态',
            dataIndex: 'status',
            render: (s: Rectification['status'], r) => (
              <Space size={4}>
                {RECTIFICATION_STATUS_TEXT[s] ?? s}
                {r.alarms.includes('red') ? <Tag color="error">红牌</Tag> : r.alarms.includes('yellow') ? <Tag color="warning">黄牌</Tag> : null}
                {r.appeal && <Tag>申诉：{r.appeal.status === 'pending' ? '待裁定' : r.appeal.status === 'upheld' ? '成立' : r.appeal.status === 'rejected' ? '驳回' : r.appeal.status}</Tag>}
              </Space>
            ),
          },
          { title: '回访期限', dataIndex: 'callbackDue', render: (d: string) => chineseTime(d) },
          { title: '整改期限', dataIndex: 'rectifyDue', render: (d?: string) => chineseTime(d) },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, r) => {
              const open = !r.closedAt && r.status !== 'invalid';
              const appealPending = r.appeal?.status === 'pending';
              return (
                <Space>
                  {open && !appealPending && (
                    <Button size="small" onClick={() => setActing({ r, action: 'invalid' })} aria-label={`认定无效差评 ${r.caseNo}`}>
                      认定无效
                    </Button>
                  )}
                  {appealPending && (
                    <>
                      <Button size="small" onClick={() => setActing({ r, action: 'appeal_upheld' })} aria-label={`申诉成立 ${r.caseNo}`}>
                        申诉成立
                      </Button>
                      <Button size="small" onClick={() => setActing({ r, action: 'appeal_rejected' })} aria-label={`申诉驳回 ${r.caseNo}`}>
                        申诉驳回
                      </Button>
                    </>
                  )}
                </Space>
              );
            },
          },
        ]}
      />
      <Modal title={acting ? `${ACTION_TEXT[acting.action]}：${acting.r.caseNo}` : ''} open={acting !== undefined} onCancel={() => setActing(undefined)} footer={null} destroyOnHidden>
        <Form layout="vertical" aria-label="差评处理" onFinish={(v: { note?: string; reason?: (typeof INVALID_REASONS)[number]['value'] }) => void act(v)}>
          {acting?.action === 'invalid' && (
            <Form.Item label="无效原因" name="reason" rules={[{ required: true, message: '请选择无效原因' }]}>
              <Select options={[...INVALID_REASONS]} />
            </Form.Item>
          )}
          <Form.Item label="说明" name="note" rules={[{ required: true, whitespace: true, message: '请填写说明' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            确定
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}

const HAOCHA_KIND_TEXT: Record<HaochaItem['kind'], string> = { rating: '评价', rectification: '整改结果' };
const HAOCHA_STATUS_TEXT: Record<HaochaItem['status'], string> = { pending: '待上报', rejected: '被退回' };

/** 省好差评系统推送: the backlog and 重新上报. */
function HaochaPush() {
  const [backlog, setBacklog] = useState<HaochaBacklog>();
  const [error, run] = useRun();
  const load = useCallback(() => run(async () => setBacklog(await must<HaochaBacklog>(api.GET('/api/v1/supervision/haocha-push')))), [run]);
  useEffect(() => {
    void load();
  }, [load]);
  const retry = (i: HaochaItem) =>
    run(async () => {
      await must(api.POST('/api/v1/supervision/haocha-push/{id}/retry', { params: { path: { id: i.id } } }));
      await load();
    });
  return (
    <Card title="省好差评系统上报" size="small" extra={<Button onClick={() => void load()}>刷新上报</Button>}>
      <Problems error={error} />
      {backlog && (
        <Typography.Paragraph>
          {backlog.enabled ? '已配置上报地址' : '未配置上报地址（评价暂存待上报）'}；待上报 {backlog.pending} 条，上报失败重试中 {backlog.failing} 条，被退回{' '}
          {backlog.rejected} 条，已上报 {backlog.pushed} 条{backlog.oldestPendingAt ? `；最早待上报：${chineseTime(backlog.oldestPendingAt)}` : ''}
        </Typography.Paragraph>
      )}
      <Table<HaochaItem>
        rowKey="id"
        size="small"
        dataSource={backlog?.items ?? []}
        pagination={{ pageSize: 10, hideOnSinglePage: true }}
        locale={{ emptyText: '没有待上报的记录' }}
        columns={[
          { title: '类型', dataIndex: 'kind', render: (k: HaochaItem['kind']) => HAOCHA_KIND_TEXT[k] ?? k },
          { title: '案件编号', dataIndex: 'caseNo', render: (c?: string) => c ?? '—' },
          { title: '状态', dataIndex: 'status', render: (s: HaochaItem['status']) => <Tag color={s === 'rejected' ? 'error' : 'processing'}>{HAOCHA_STATUS_TEXT[s] ?? s}</Tag> },
          { title: '尝试次数', dataIndex: 'attempts' },
          { title: '下次上报', dataIndex: 'nextAttemptAt', render: (t?: string) => chineseTime(t) },
          { title: '最近错误', dataIndex: 'lastError', render: (t?: string) => t ?? '—' },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, i) => (
              <Button size="small" onClick={() => void retry(i)} aria-label={`重新上报 ${i.caseNo ?? i.id}`}>
                重新上报
              </Button>
            ),
          },
        ]}
      />
    </Card>
  );
}

/** 监察中心 (supervisor): alarms, statistics with charts and exports, bad reviews, the provincial push. */
export function SupervisionDashboard() {
  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Alarms />
      <Statistics />
      <Rectifications />
      <HaochaPush />
    </Space>
  );
}
