import { useCallback, useEffect, useMemo, useState } from 'react';
import { Button, Card, Form, Input, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import { OUTCOME_TEXT, TASK_STATUS_TEXT } from '@yichuang/domain';
import { accessToken, api, ApiError, must, asApiError } from '../api/client';
import type { ReviewTask } from '../api/views';
import { alarmColor, chineseDate } from '../lib/deadline';
import { clockText, statusText } from '../lib/department';
import { useUpdates } from '../lib/use-updates';
import type { Update } from '../lib/updates';
import { useSession } from '../session';
import { Problems } from './Login';
import { TaskDrawer } from './TaskDrawer';

type Status = ReviewTask['status'];

const isTask = (u: Update) => u.kind === 'task';

/**
 * 部门审批: the department's inbox with each task's clock and alarm, claim, decide; 办理 opens the task's drawer
 * (the case, materials, opinions, the day ledger, assignment, special procedures, corrections, joint meetings).
 */
export function DepartmentWorkbench() {
  const { session } = useSession();
  const me = session?.user.username;
  const [tasks, setTasks] = useState<ReviewTask[]>([]);
  const [status, setStatus] = useState<Status | undefined>();
  const [error, setError] = useState<ApiError>();
  const [deciding, setDeciding] = useState<ReviewTask>();
  const [loading, setLoading] = useState(false);
  const [open, setOpen] = useState<string>();
  const colleagues = useMemo(() => [...new Set(tasks.map((t) => t.assignee).filter((a): a is string => !!a))].sort(), [tasks]);

  const run = useCallback(async (f: () => Promise<void>) => {
    setError(undefined);
    try {
      await f();
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);

  const load = useCallback(
    () =>
      run(async () => {
        setLoading(true);
        try {
          setTasks(await must<ReviewTask[]>(api.GET('/api/v1/review/tasks', { params: { query: status ? { status } : {} } })));
        } finally {
          setLoading(false);
        }
      }),
    [run, status],
  );

  useEffect(() => {
    void load();
  }, [load]);

  // a task of the department arriving or changing is pushed (GET /api/v1/updates): the inbox is read again
  useUpdates(accessToken, isTask, () => void load());

  const claim = (t: ReviewTask) =>
    run(async () => {
      await must(api.POST('/api/v1/review/tasks/{id}/claim', { params: { path: { id: t.id } } }));
      await load();
    });

  const decide = (v: { outcome: 'approve' | 'deny'; opinion: string }) =>
    run(async () => {
      if (!deciding) return;
      await must(api.POST('/api/v1/review/tasks/{id}/decide', { params: { path: { id: deciding.id } }, body: { outcome: v.outcome, opinion: v.opinion.trim() } }));
      setDeciding(undefined);
      setOpen(undefined);
      await load();
    });

  return (
    <Card
      title={`部门审批（${session?.user.department ?? ''}）`}
      size="small"
      extra={
        <Space>
          <Select<Status>
            aria-label="按状态筛选"
            placeholder="全部状态"
            allowClear
            style={{ width: 160 }}
            value={status}
            onChange={setStatus}
            options={(Object.keys(TASK_STATUS_TEXT) as Status[]).map((s) => ({ value: s, label: statusText(s) }))}
          />
          <Button onClick={() => void load()}>刷新</Button>
        </Space>
      }
    >
      <Problems error={error} />
      <Table<ReviewTask>
        rowKey="id"
        loading={loading}
        dataSource={tasks}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无待办件' }}
        columns={[
          { title: '案件编号', dataIndex: 'caseNo' },
          { title: '审批事项', dataIndex: 'itemName', render: (v: string, t) => `${v}（${t.itemCode}）` },
          { title: '状态', dataIndex: 'status', render: (s: Status) => statusText(s) },
          { title: '承诺办结日期', dataIndex: 'dueDate', render: (d: string, t) => `${chineseDate(d)}${t.dueDateProvisional ? '（暂定）' : ''}` },
          {
            title: '剩余时限',
            key: 'remaining',
            render: (_: unknown, t) =>
              t.status === 'approved' || t.status === 'denied' ? (
                <Typography.Text type="secondary">已办结</Typography.Text>
              ) : (
                <Tag color={alarmColor(t.alarm)} data-testid="remaining">
                  {clockText(t)}
                  {t.alarm === 'red' ? ' · 红牌' : t.alarm === 'yellow' ? ' · 黄牌' : ''}
                </Tag>
              ),
          },
          { title: '承办人', dataIndex: 'assignee', render: (a?: string) => a ?? '—' },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, t) => (
              <Space>
                <Button size="small" onClick={() => setOpen(t.id)} aria-label={`办理 ${t.caseNo} ${t.itemName}`}>
                  办理
                </Button>
                {t.status === 'pending' && (
                  <Button size="small" type="primary" onClick={() => void claim(t)} aria-label={`签收 ${t.caseNo} ${t.itemName}`}>
                    签收
                  </Button>
                )}
                {t.status === 'claimed' && t.assignee === me && (
                  <Button size="small" type="primary" onClick={() => setDeciding(t)} aria-label={`审批决定 ${t.caseNo} ${t.itemName}`}>
                    审批决定
                  </Button>
                )}
                {t.outcome && <Tag color={t.outcome === 'approve' ? 'green' : 'red'}>{OUTCOME_TEXT[t.outcome]}</Tag>}
              </Space>
            ),
          },
        ]}
      />
      <Modal title={deciding ? `审批决定：${deciding.caseNo} ${deciding.itemName}` : ''} open={deciding !== undefined} onCancel={() => setDeciding(undefined)} footer={null} destroyOnHidden>
        <Problems error={error} />
        <Form layout="vertical" aria-label="审批决定" initialValues={{ outcome: 'approve' }} onFinish={(v: { outcome: 'approve' | 'deny'; opinion: string }) => void decide(v)}>
          <Form.Item label="决定" name="outcome">
            <Radio.Group options={[{ value: 'approve', label: OUTCOME_TEXT.approve }, { value: 'deny', label: OUTCOME_TEXT.deny }]} />
          </Form.Item>
          <Form.Item label="审批意见" name="opinion" rules={[{ required: true, whitespace: true, message: '请填写审批意见（不予许可须说明理由）' }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            提交决定
          </Button>
        </Form>
      </Modal>
      <TaskDrawer
        taskId={open}
        me={{ username: me ?? '', roles: session?.user.roles ?? [] }}
        colleagues={colleagues}
        onClose={() => setOpen(undefined)}
        onChanged={() => void load()}
        onDecide={setDeciding}
      />
    </Card>
  );
}
