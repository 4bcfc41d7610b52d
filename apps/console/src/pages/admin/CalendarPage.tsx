import { useEffect, useState } from 'react';
import { Alert, Card, Select, Space, Table, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { api, ApiError, must } from '../../api/client';
import type { CalendarOverview } from '../../api/views';
import { calendarYears, daysOfYear, type YearDay } from '../../lib/calendar';
import { chineseDate } from '../../lib/deadline';
import { Problems } from '../Login';

/** 工作日历 (admin): the loaded years, each year's holidays and make-up working days, the warning when data runs out. */
export function CalendarPage() {
  const [cal, setCal] = useState<CalendarOverview>();
  const [year, setYear] = useState<number>();
  const [error, setError] = useState<ApiError>();

  useEffect(() => {
    must<CalendarOverview>(api.GET('/api/v1/admin/calendar'))
      .then((c) => {
        setCal(c);
        const thisYear = dayjs().year();
        const years = calendarYears(c.years, c.provisionalYears);
        setYear(years.includes(thisYear) ? thisYear : years[0]);
      })
      .catch((err: unknown) => setError(err instanceof ApiError ? err : new ApiError(0, 'NETWORK', '无法连接服务器，请检查网络', [])));
  }, []);

  const provisional = year !== undefined && (cal?.provisionalYears.includes(year) ?? false);
  const days = cal && year !== undefined ? daysOfYear(year, provisional ? cal.provisionalHolidays : cal.holidays, provisional ? [] : cal.makeUpWorkdays) : [];

  return (
    <Card
      title="工作日历"
      size="small"
      extra={
        <Select<number>
          aria-label="年份"
          style={{ width: 120 }}
          value={year}
          onChange={setYear}
          options={cal ? calendarYears(cal.years, cal.provisionalYears).map((y) => ({ value: y, label: `${y}年` })) : []}
        />
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
  );
}
