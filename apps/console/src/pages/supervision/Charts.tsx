/**
 * The statistics charts (ECharts through echarts-for-react). Loaded with React.lazy by the supervision dashboard
 * only, so ECharts (≈ 1 MB) lands in its own bundle and the window's pages do not grow.
 */
import ReactECharts from 'echarts-for-react';
import { Col, Row } from 'antd';
import { onTimeRateOption, satisfactionOption, volumesByDayOption, type Summary } from '../../lib/statistics';

export default function Charts({ summary }: { summary: Summary }) {
  const charts = [
    { id: 'chart-volumes', label: '业务量（按日）图表', option: volumesByDayOption(summary.volumes.byDay) },
    { id: 'chart-on-time', label: '按时办结率（按部门）图表', option: onTimeRateOption(summary.timeliness.byDepartment) },
    { id: 'chart-satisfaction', label: '满意率（按窗口、部门）图表', option: satisfactionOption(summary.satisfaction.byWindow, summary.satisfaction.byDepartment) },
  ];
  return (
    <Row gutter={[16, 16]}>
      {charts.map((c) => (
        <Col key={c.id} xs={24} xl={8}>
          <div role="img" aria-label={c.label} data-testid={c.id}>
            <ReactECharts option={c.option} style={{ height: 320 }} notMerge opts={{ renderer: 'canvas' }} />
          </div>
        </Col>
      ))}
    </Row>
  );
}
