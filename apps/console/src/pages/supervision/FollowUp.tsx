import { useCallback, useEffect, useState } from 'react';
import { Button, Card, Checkbox, Input, Select, Space, Table, Tag, Typography } from 'antd';
import { ALARM_LEVEL_TEXT, CASE_STATUS_TEXT } from '@yichuang/domain';
import { api, ApiError, must, asApiError } from '../../api/client';
import type { AlarmLevel, FollowUpCase } from '../../api/views';
import { alarmColor, chineseDate, remainingText } from '../../lib/deadline';
import { useSession } from '../../session';
import { Problems } from '../Login';

type Status = FollowUpCase['status'];

/** 待办跟踪: the window's open cases with their tasks' clocks in the alarm colours, and the messages that did not arrive. */
export function FollowUp() {
  const { session } = useSession();
  const [rows, setRows] = useState<FollowUpCase[]>([]);
  const [status, setStatus] = useState<Status>();
  const [alarm, setAlarm] = useState<AlarmLevel>();
  const [windowNo, setWindowNo] = useState(session?.user.window ?? '');
  // the window number typed is applied with the button or Enter, not at each key
  const [appliedWindow, setAppliedWindow] = useState(windowNo);
  const [includeFinished, setIncludeFinished] = useState(false);
  const [problemsOnly, setProblemsOnly] = useState(false);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<ApiError>();

  const load = useCallback(async () => {
    setError(undefined);
    setLoading(true);
    try {
      const query = {
        ...(status ? { status } : {}),
        ...(alarm ? { alarm } : {}),
        ...(appliedWindow.trim() ? { windowNo: appliedWindow.trim() } : {}),
        ...(includeFinished ? { includeFinished: 'true' } : {}),
        ...(problemsOnly ? { messages: 'problem' as const } : {}),
      };
      setRows(await must<FollowUpCase[]>(api.GET('/api/v1/follow-up', { params: { query } })));
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setLoading(false);
    }
  }, [status, alarm, appliedWindow, includeFinished, problemsOnly]);

  useEffect(() => {
    void load();
  }, [load]);

  const query = () => (windowNo === appliedWindow ? void load() : setAppliedWindow(windowNo));

  return (
    <Card
      title="待办跟踪"
      size="small"
      extra={
        <Space wrap>
          <Input aria-label="窗口号" placeholder="窗口号" style={{ width: 100 }} value={windowNo} onChange={(e) => setWindowNo(e.target.value)} onPressEnter={query} />
          <Select<Status>
            aria-label="按办件状态筛选"
            placeholder="全部状态"
            allowClear
            style={{ width: 140 }}
            value={status}
            onChange={setStatus}
            options={(Object.keys(CASE_STATUS_TEXT) as Status[]).map((s) => ({ value: s, label: CASE_STATUS_TEXT[s] }))}
          />
          <Select<AlarmLevel>
            aria-label="按预警级别筛选"
            placeholder="全部预警"
            allowClear
            style={{ width: 130 }}
            value={alarm}
            onChange={setAlarm}
            options={(['none', 'yellow', 'red'] as const).map((l) => ({ value: l, label: ALARM_LEVEL_TEXT[l] }))}
          />
          <Checkbox checked={includeFinished} onChange={(e) => setIncludeFinished(e.target.checked)}>
            含已办结
          </Checkbox>
          <Checkbox checked={problemsOnly} onChange={(e) => setProblemsOnly(e.target.checked)}>
            仅短信未送达
          </Checkbox>
          <Button onClick={query}>查询</Button>
        </Space>
      }
    >
      <Problems error={error} />
      <Table<FollowUpCase>
        rowKey="caseNo"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无需跟踪的办件' }}
        columns={[
          { title: '案件编号', dataIndex: 'caseNo' },
          { title: '项目', dataIndex: 'projectName' },
          { title: '申请人', dataIndex: 'applicantName' },
          { title: '状态', dataIndex: 'status', render: (s: Status) => CASE_STATUS_TEXT[s] ?? s },
          { title: '受理日期', dataIndex: 'acceptedAt', render: (d: string) => chineseDate(d) },
          {
            title: '承诺办结日期',
            dataIndex: 'promisedDueDate',
            render: (d: string, c) => `${chineseDate(d)}${c.promisedDueDateProvisional ? '（暂定）' : ''}`,
          },
          {
            title: '预警',
            dataIndex: 'alarm',
            render: (a: AlarmLevel) => (
              <Tag color={alarmColor(a)} data-testid="follow-up-alarm">
                {ALARM_LEVEL_TEXT[a]}
              </Tag>
            ),
          },
          {
            title: '各部门办理',
            key: 'tasks',
            render: (_: unknown, c) => (
              <Space direction="vertical" size={2}>
                {c.tasks.map((t) => (
                  <Tag key={t.id} color={alarmColor(t.alarm)}>
                    {t.department} {t.itemName ?? t.itemCode}：{t.status === 'approved' || t.status === 'denied' ? '已办结' : remainingText(t.remainingWorkingDays, t.suspended)}
                  </Tag>
                ))}
              </Space>
            ),
          },
          {
            title: '短信',
            key: 'messages',
            render: (_: unknown, c) =>
              c.messageProblems?.length ? (
                <Space direction="vertical" size={2}>
                  {c.messageProblems.map((m) => (
                    <Typography.Text key={m.messageId} type="danger">
                      {m.templateName}：{m.reason}
                    </Typography.Text>
                  ))}
                </Space>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
