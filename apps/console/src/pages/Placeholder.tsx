import { Empty, Typography } from 'antd';

/** A page of the menu whose screen is not built yet (issue 13): says so instead of a blank area. */
export function Placeholder({ title }: { title: string }) {
  return (
    <>
      <Typography.Title level={3}>{title}</Typography.Title>
      <Empty description="此页面正在建设中，请暂时使用接口办理" />
    </>
  );
}
