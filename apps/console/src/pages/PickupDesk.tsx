import { useCallback, useEffect, useState } from 'react';
import { App, Button, Card, Form, Input, Modal, Space, Table, Tag } from 'antd';
import { api, ApiError, must, asApiError } from '../api/client';
import type { WaitingDocument } from '../api/views';
import { chineseDate } from '../lib/deadline';
import { residentIdText } from '../lib/identity';
import { Problems } from './Login';

/** how often the desk looks for results that arrived meanwhile (a certificate is issued seconds after a decision) */
const REFRESH_MS = 30_000;

/** 领证窗口: the documents waiting at the desk, handed over to a person entitled to collect them. */
export function PickupDesk() {
  const { message } = App.useApp();
  const [docs, setDocs] = useState<WaitingDocument[]>([]);
  const [error, setError] = useState<ApiError>();
  const [handing, setHanding] = useState<WaitingDocument>();
  const [caseNo, setCaseNo] = useState('');

  const run = useCallback(async (f: () => Promise<void>) => {
    setError(undefined);
    try {
      await f();
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);

  const load = useCallback(() => run(async () => setDocs(await must<WaitingDocument[]>(api.GET('/api/v1/pickup-desk/waiting', {})))), [run]);
  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [load]);

  const collect = (v: { collectorName: string; collectorIdNumber: string }) =>
    run(async () => {
      if (!handing) return;
      await must(
        api.POST('/api/v1/certificates/{id}/collect', {
          params: { path: { id: handing.certificateId } },
          body: { collectorName: v.collectorName.trim(), collectorIdNumber: v.collectorIdNumber.trim().toUpperCase() },
        }),
      );
      void message.success(`${handing.no} 已交付`);
      setHanding(undefined);
      await load();
    });

  const shown = caseNo.trim() ? docs.filter((d) => d.caseNo.includes(caseNo.trim())) : docs;
  return (
    <Card title="领证窗口：待领取的办理结果" size="small" extra={
        <Space>
          <Input.Search aria-label="按案件编号查找" placeholder="案件编号" allowClear onSearch={setCaseNo} style={{ width: 240 }} />
          <Button onClick={() => void load()}>刷新</Button>
        </Space>
      }
    >
      <Problems error={error} />
      <Table<WaitingDocument>
        rowKey="certificateId"
        dataSource={shown}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无待领取的结果' }}
        columns={[
          { title: '案件编号', dataIndex: 'caseNo' },
          { title: '证照/文书', dataIndex: 'typeName', render: (v: string, d) => `${v} ${d.no}` },
          { title: '审批事项', dataIndex: 'itemName' },
          { title: '持证人', dataIndex: 'holderName' },
          {
            title: '待领时间',
            dataIndex: 'waitingWorkingDays',
            render: (n: number, d) => (
              <>
                {chineseDate(d.since)}起，已等{n}个工作日{d.provisional ? '（暂定）' : ''} {d.returnedByPost && <Tag color="orange">邮寄退回</Tag>}
              </>
            ),
          },
          {
            title: '操作',
            key: 'a',
            render: (_: unknown, d) => (
              <Button size="small" type="primary" onClick={() => setHanding(d)} aria-label={`交付 ${d.no}`}>
                交付
              </Button>
            ),
          },
        ]}
      />
      <Modal title={handing ? `交付：${handing.typeName} ${handing.no}` : ''} open={handing !== undefined} onCancel={() => setHanding(undefined)} footer={null} destroyOnHidden>
        <Form layout="vertical" aria-label="交付" onFinish={(v: { collectorName: string; collectorIdNumber: string }) => void collect(v)}>
          <Form.Item label="领取人姓名" name="collectorName" rules={[{ required: true, whitespace: true, message: '请输入领取人姓名' }]}>
            <Input />
          </Form.Item>
          <Form.Item
            label="领取人公民身份号码"
            name="collectorIdNumber"
            validateTrigger="onChange"
            extra="须为申请时登记的法定代表人或联系人，或经授权的代领人"
            rules={[{ required: true, message: '请输入领取人身份号码' }, { validator: (_r, v: string | undefined) => { const p = v ? residentIdText(v) : null; return p ? Promise.reject(new Error(p)) : Promise.resolve(); } }]}
          >
            <Input maxLength={18} autoComplete="off" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            确认交付
          </Button>
        </Form>
      </Modal>
    </Card>
  );
}
