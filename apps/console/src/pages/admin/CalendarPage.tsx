import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, DatePicker, Form, Input, InputNumber, Modal, Radio, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { api, ApiError, must, asApiError } from '../../api/client';
import type { CalendarChange, CalendarOverview, MovedDeadline } from '../../api/views';
import {
  calendarYears,
  DAY_KIND_TEXT,
  dayChangeBody,
  dayChangeProblems,
  dayChangeQuestion,
  dayNow,
  dayStateText,
  daysOfYear,
  movedText,
  parseArrangement,
  type DayKind,
  type YearDay,
} from '../../lib/calendar';
import { chineseDate } from '../../lib/deadline';
import { Problems } from '../Login';

const local = (problems: string[]) => new ApiError(400, 'VALIDATION_FAILED', '填写的内容有误，请按提示逐项修改', problems);

const MOVED_KIND_TEXT: Record<string, string> = { task: '审批期限', art32_notice: '受理决定期限', complaint: '投诉办理期限' };

interface DayForm {
  date?: Dayjs | null;
  kind: DayKind;
  name?: string;
  note?: string;
}

interface YearForm {
  year?: number;
  holidays?: string;
  makeUpWorkdays?: string;
  note?: string;
}

/**
 * 工作日历 (admin): the loaded years, each year's holidays and make-up working days, the warning when data runs out;
 * a day changed (holiday / working day / back to normal) or a year's arrangement loaded, each confirmed, and the
 * running deadlines the change moved.
 */
export function CalendarPage() {
  const { modal } = App.useApp();
  const [cal, setCal] = useState<CalendarOverview>();
  const [year, setYear] = useState<number>();
  const [error, setError] = useState<ApiError>();
  const [formError, setFormError] = useState<ApiError>();
  const [editing, setEditing] = useState<'day' | 'year'>();
  const [last, setLast] = useState<CalendarChange>();
  const [moved, setMoved] = useState<MovedDeadline[]>();
  const [recounting, setRecounting] = useState(false);
  const [history, setHistory] = useState<CalendarChange[]>([]);
  const [dayForm] = Form.useForm<DayForm>();
  const [yearForm] = Form.useForm<YearForm>();
  const polling = useRef(0);

  const load = useCallback(async (keepYear?: number) => {
    try {
      const [c, h] = await Promise.all([must<CalendarOverview>(api.GET('/api/v1/admin/calendar')), must<CalendarChange[]>(api.GET('/api/v1/admin/calendar/changes'))]);
      setCal(c);
      setHistory(h);
      const years = calendarYears(c.years, c.provisionalYears);
      const thisYear = dayjs().year();
      setYear(keepYear !== undefined && years.includes(keepYear) ? keepYear : years.includes(thisYear) ? thisYear : years[0]);
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);
  useEffect(() => {
    void load();
    return () => {
      polling.current++;
    };
  }, [load]);

  /**
   * The running deadlines a version moved: the services recompute them on the calendar's event, so the list grows
   * for a moment after the change; asked again every half second for a few seconds.
   */
  const followMoved = async (version: number) => {
    const run = ++polling.current;
    setMoved(undefined);
    setRecounting(true);
    let list: MovedDeadline[] = [];
    for (let i = 0; i < 12 && run === polling.current; i++) {
      try {
        list = await must<MovedDeadline[]>(api.GET('/api/v1/admin/calendar/changes/{version}/moved-deadlines', { params: { path: { version } } }));
        setMoved(list);
      } catch (err) {
        setError(asApiError(err));
        break;
      }
      if (list.length > 0 && i >= 1) break;
      await new Promise((r) => setTimeout(r, 500));
    }
    if (run === polling.current) setRecounting(false);
  };

  const changed = async (c: CalendarChange, keepYear?: number) => {
    setEditing(undefined);
    setLast(c);
    await load(keepYear);
    await followMoved(c.version);
  };

  const saveDay = () => {
    const v = dayForm.getFieldsValue(true) as DayForm;
    const draft = { date: v.date?.format('YYYY-MM-DD') ?? '', kind: v.kind, ...(v.name ? { name: v.name } : {}), note: v.note ?? '' };
    const problems = dayChangeProblems(draft, cal?.years ?? []);
    if (problems.length) return setFormError(local(problems));
    setFormError(undefined);
    modal.confirm({
      title: '调整工作日历',
      content: dayChangeQuestion(draft),
      okText: '确定调整',
      cancelText: '取消',
      onOk: async () => {
        try {
          const c = await must<CalendarChange>(api.PUT('/api/v1/admin/calendar/days/{date}', { params: { path: { date: draft.date } }, body: dayChangeBody(draft) }));
          await changed(c, Number(draft.date.slice(0, 4)));
        } catch (err) {
          setFormError(asApiError(err));
        }
      },
    });
  };

  const saveYear = () => {
    const v = yearForm.getFieldsValue(true) as YearForm;
    const y = v.year ?? 0;
    const parsed = parseArrangement(y, v.holidays ?? '', v.makeUpWorkdays ?? '');
    const problems = [
      ...(Number.isInteger(y) && y >= 2000 && y <= 2100 ? [] : ['年度须为2000至2100之间的整数']),
      ...((cal?.years ?? []).includes(y) ? [`${y}年的节假日安排已载入，只能逐日调整`] : []),
      ...parsed.problems,
      ...(v.note?.trim() ? [] : ['请填写载入依据（如国务院办公厅通知文号）']),
    ];
    if (problems.length) return setFormError(local(problems));
    setFormError(undefined);
    modal.confirm({
      title: '载入年度节假日安排',
      content: `确定载入${y}年的节假日安排吗？共放假${parsed.holidays.length}天、调休上班${parsed.makeUpWorkdays.length}天。载入后只能逐日调整；正在计时的期限将重新计算，并短信告知申请人。`,
      okText: '确定载入',
      cancelText: '取消',
      onOk: async () => {
        try {
          const c = await must<CalendarChange>(
            api.POST('/api/v1/admin/calendar/years', { body: { year: y, holidays: parsed.holidays, makeUpWorkdays: parsed.makeUpWorkdays, note: v.note?.trim() ?? '' } }),
          );
          await changed(c, y);
        } catch (err) {
          setFormError(asApiError(err));
        }
      },
    });
  };

  const provisional = year !== undefined && (cal?.provisionalYears.includes(year) ?? false);
  const days = cal && year !== undefined ? daysOfYear(year, provisional ? cal.provisionalHolidays : cal.holidays, provisional ? [] : cal.makeUpWorkdays) : [];

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card
        title="工作日历"
        size="small"
        extra={
          <Space>
            <Select<number>
              aria-label="年份"
              style={{ width: 120 }}
              value={year}
              onChange={setYear}
              options={cal ? calendarYears(cal.years, cal.provisionalYears).map((y) => ({ value: y, label: `${y}年` })) : []}
            />
            <Button
              onClick={() => {
                setFormError(undefined);
                dayForm.resetFields();
                dayForm.setFieldsValue({ kind: 'holiday' });
                setEditing('day');
              }}
            >
              调整某日
            </Button>
            <Button
              onClick={() => {
                setFormError(undefined);
                yearForm.resetFields();
                const next = cal?.provisionalYears[0] ?? (cal?.years.length ? Math.max(...cal.years) + 1 : dayjs().year() + 1);
                yearForm.setFieldsValue({ year: next });
                setEditing('year');
              }}
            >
              载入年度安排
            </Button>
          </Space>
        }
      >
        <Problems error={error} />
        {cal?.warning && <Alert type="warning" showIcon message={cal.warning} style={{ marginBottom: 16 }} />}
        {cal && (
          <Space direction="vertical" style={{ marginBottom: 16 }}>
            <Typography.Text>
              日历版本：第{cal.version}版；已载入节假日安排的年份：{cal.years.map((y) => `${y}年`).join('、') || '无'}
              {cal.lastLoadedDate ? `（至${chineseDate(cal.lastLoadedDate)}）` : ''}
            </Typography.Text>
            {provisional && <Typography.Text type="warning">{year}年的节假日安排尚未载入，暂按法定节假日计算（无调休）。</Typography.Text>}
          </Space>
        )}
        <Table<YearDay>
          rowKey={(d) => `${d.kind}-${d.date}`}
          size="small"
          dataSource={days}
          pagination={false}
          locale={{ emptyText: '该年无节假日或调休安排' }}
          columns={[
            { title: '日期', dataIndex: 'date', render: (d: string) => `${chineseDate(d)}（${dayjs(d).format('dddd')}）` },
            { title: '名称', dataIndex: 'name' },
            { title: '类型', dataIndex: 'kind', render: (k: YearDay['kind']) => (k === 'holiday' ? <Tag color="red">放假</Tag> : <Tag color="blue">调休上班</Tag>) },
          ]}
        />
      </Card>

      {last && (
        <Card size="small" title={`本次调整：日历第${last.version}版`} data-testid="calendar-change">
          <ul style={{ marginTop: 0 }}>
            {last.changes.map((c) => (
              <li key={c.date}>
                {chineseDate(c.date)}：{dayStateText(c.before)} → {dayStateText(c.after)}
              </li>
            ))}
            {last.changes.length === 0 && <li>没有日期的类型发生变化</li>}
          </ul>
          <Typography.Paragraph data-testid="moved-count" strong>
            {moved === undefined ? '正在重新计算在办期限…' : movedText(moved.length)}
            {recounting && moved !== undefined ? '（仍在重新计算…）' : ''}
          </Typography.Paragraph>
          {moved && moved.length > 0 && (
            <Table<MovedDeadline>
              rowKey={(m) => `${m.kind}-${m.taskId ?? m.applicationId ?? m.consultationId}`}
              size="small"
              pagination={false}
              dataSource={moved}
              columns={[
                { title: '期限', dataIndex: 'kind', render: (k: string) => MOVED_KIND_TEXT[k] ?? k },
                { title: '案件或申请', key: 'ref', render: (_: unknown, m) => m.caseNo ?? m.applicationId ?? m.consultationId ?? '—' },
                { title: '部门', dataIndex: 'department', render: (d?: string) => d ?? '—' },
                { title: '原到期日', dataIndex: 'oldDueDate', render: chineseDate },
                { title: '新到期日', dataIndex: 'newDueDate', render: (d: string, m) => `${chineseDate(d)}${m.provisional ? '（暂按法定节假日计算）' : ''}` },
              ]}
            />
          )}
        </Card>
      )}

      <Card size="small" title="调整记录">
        <Table<CalendarChange>
          rowKey="version"
          size="small"
          dataSource={history}
          pagination={{ pageSize: 10, hideOnSinglePage: true }}
          locale={{ emptyText: '暂无调整记录' }}
          columns={[
            { title: '版本', dataIndex: 'version', render: (v: number) => `第${v}版` },
            { title: '时间', dataIndex: 'createdAt', render: (t: string) => dayjs(t).format('YYYY年M月D日 HH:mm') },
            { title: '操作人', dataIndex: 'createdBy' },
            { title: '原因', dataIndex: 'note' },
            { title: '变化的日期', dataIndex: 'changes', render: (cs: CalendarChange['changes']) => cs.map((c) => `${chineseDate(c.date)} ${dayStateText(c.after)}`).join('；') || '—' },
          ]}
        />
      </Card>

      <Modal title="调整某日" open={editing === 'day'} onCancel={() => setEditing(undefined)} footer={null} forceRender>
        <Form<DayForm> form={dayForm} layout="vertical" aria-label="调整某日" onFinish={saveDay}>
          <Problems error={formError} />
          <Form.Item label="日期" name="date">
            <DatePicker format="YYYY-MM-DD" />
          </Form.Item>
          <Form.Item noStyle shouldUpdate={(a, b) => a.date !== b.date}>
            {() => {
              const d = (dayForm.getFieldValue('date') as Dayjs | null | undefined)?.format('YYYY-MM-DD');
              return d && cal ? <Typography.Paragraph>现为：{dayNow(d, cal.holidays, cal.makeUpWorkdays)}</Typography.Paragraph> : null;
            }}
          </Form.Item>
          <Form.Item label="调整为" name="kind">
            <Radio.Group options={(Object.keys(DAY_KIND_TEXT) as DayKind[]).map((k) => ({ value: k, label: DAY_KIND_TEXT[k] }))} />
          </Form.Item>
          <Form.Item label="节日名称" name="name" extra="放假须填写，如 国庆节">
            <Input />
          </Form.Item>
          <Form.Item label="调整原因" name="note">
            <Input.TextArea rows={2} />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            保存调整
          </Button>
        </Form>
      </Modal>

      <Modal title="载入年度节假日安排" open={editing === 'year'} onCancel={() => setEditing(undefined)} footer={null} width={640} forceRender>
        <Form<YearForm> form={yearForm} layout="vertical" aria-label="载入年度安排" onFinish={saveYear}>
          <Problems error={formError} />
          <Form.Item label="年度" name="year">
            <InputNumber min={2000} max={2100} precision={0} />
          </Form.Item>
          <Form.Item label="放假日期" name="holidays" extra="每行一天：日期 名称，如 2027-01-01 元旦（假期中的周末也列入）">
            <Input.TextArea rows={6} />
          </Form.Item>
          <Form.Item label="调休上班日期" name="makeUpWorkdays" extra="每行一天：日期 名称，如 2027-02-07 春节（须为周末）">
            <Input.TextArea rows={3} />
          </Form.Item>
          <Form.Item label="载入依据" name="note" extra="如 国务院办公厅关于2027年部分节假日安排的通知">
            <Input />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            载入
          </Button>
        </Form>
      </Modal>
    </Space>
  );
}
