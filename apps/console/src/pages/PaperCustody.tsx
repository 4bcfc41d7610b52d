import { useCallback, useEffect, useMemo, useState } from 'react';
import dayjs from 'dayjs';
import { App, Button, Card, Checkbox, Col, Descriptions, Form, Input, Row, Space, Table, Tag, Typography } from 'antd';
import { APPLICATION_STATUS_TEXT, CHANNEL_TEXT } from '@yichuang/domain';
import { api, ApiError, must, asApiError } from '../api/client';
import type { ApplicationDetail } from '../api/views';
import { chineseDate } from '../lib/deadline';
import { chinaTime, lookupRef, movementText, outForText, outLong, splitCustody, whereText, type PaperFile } from '../lib/paper';
import { sizeText } from '../lib/portal';
import { Problems } from './Login';


/**
 * /window/paper — 纸质材料流转 at the comprehensive window: find an application (its number, or the case number after
 * acceptance) with its electronic files, where each paper original is (`GET …/paper`), hand originals over to a
 * department reviewer inside the hall (`POST …/paper/handover`), take them back into the window's custody with
 * their place (`POST …/paper/return`); the originals still out (`GET /api/v1/paper/outstanding`).
 */
export function PaperCustody() {
  const { message } = App.useApp();
  const [ref, setRef] = useState('');
  const [app, setApp] = useState<ApplicationDetail>();
  const [paper, setPaper] = useState<PaperFile[]>([]);
  const [outstanding, setOutstanding] = useState<PaperFile[]>([]);
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);
  const [handForm] = Form.useForm<{ codes: string[]; to: string; note?: string }>();
  const [backForm] = Form.useForm<{ codes: string[]; location: string }>();

  const run = async (f: () => Promise<void>) => {
    setBusy(true);
    setError(undefined);
    try {
      await f();
    } catch (err) {
      setError(asApiError(err));
    } finally {
      setBusy(false);
    }
  };

  const loadOutstanding = useCallback(async () => {
    setOutstanding(await must<PaperFile[]>(api.GET('/api/v1/paper/outstanding', { params: { query: {} } })));
  }, []);

  useEffect(() => {
    void loadOutstanding().catch((err: unknown) => setError(asApiError(err)));
  }, [loadOutstanding]);

  const open = (input: string) =>
    run(async () => {
      const r = lookupRef(input);
      const id = 'applicationId' in r ? r.applicationId : (await must<{ applicationId: string }>(api.GET('/api/v1/cases/{caseNo}', { params: { path: { caseNo: r.caseNo } } }))).applicationId;
      const [a, p] = await Promise.all([
        must<ApplicationDetail>(api.GET('/api/v1/applications/{id}', { params: { path: { id } } })),
        must<PaperFile[]>(api.GET('/api/v1/applications/{id}/paper', { params: { path: { id } } })),
      ]);
      setApp(a);
      setPaper(p);
      handForm.resetFields();
      backForm.resetFields();
    });

  const handover = (v: { codes: string[]; to: string; note?: string }) =>
    run(async () => {
      if (!app) return;
      const id = app.id;
      await must(api.POST('/api/v1/applications/{id}/paper/handover', { params: { path: { id } }, body: { materialCodes: v.codes, to: v.to.trim(), ...(v.note?.trim() ? { note: v.note.trim() } : {}) } }));
      const [files] = await Promise.all([must<PaperFile[]>(api.GET('/api/v1/applications/{id}/paper', { params: { path: { id } } })), loadOutstanding()]);
      setPaper(files);
      handForm.resetFields();
      void message.success(`已移交${v.codes.length}份纸质材料给 ${v.to.trim()}`);
    });

  const takeBack = (v: { codes: string[]; location: string }) =>
    run(async () => {
      if (!app) return;
      const id = app.id;
      await must(api.POST('/api/v1/applications/{id}/paper/return', { params: { path: { id } }, body: { materialCodes: v.codes, location: v.location.trim() } }));
      const [files] = await Promise.all([must<PaperFile[]>(api.GET('/api/v1/applications/{id}/paper', { params: { path: { id } } })), loadOutstanding()]);
      setPaper(files);
      backForm.resetFields();
      void message.success(`已收回${v.codes.length}份纸质材料，存放于${v.location.trim()}`);
    });

  const { inHall, out } = splitCustody(paper);
  // the moment the outstanding list was read: how long each original has been out
  const now = useMemo(() => dayjs().toDate(), [outstanding]);
  const waitingPrecheck = app && app.status === 'submitted' && !app.lastPrecheck;
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} xl={14}>
        <Card title="查找申请" size="small">
          <Problems error={error} />
          <Form layout="inline" aria-label="查找申请" onFinish={() => void open(ref)}>
            <Form.Item label="申请编号或办件编号" htmlFor="paper-ref" required>
              <Input id="paper-ref" value={ref} onChange={(e) => setRef(e.target.value)} style={{ width: 340 }} autoComplete="off" />
            </Form.Item>
            <Button type="primary" htmlType="submit" loading={busy} disabled={!ref.trim()}>
              查询
            </Button>
          </Form>
          {app && (
            <div style={{ marginTop: 16 }} data-testid="application">
              <Descriptions
                size="small"
                column={2}
                items={[
                  { key: 'id', label: '申请编号', children: app.id, span: 2 },
                  { key: 'case', label: '办件编号', children: app.caseNo ?? '尚未受理' },
                  { key: 'channel', label: '申报渠道', children: CHANNEL_TEXT[app.channel] },
                  {
                    key: 'status',
                    label: '申请状态',
                    children: (
                      <Space>
                        {APPLICATION_STATUS_TEXT[app.status]}
                        {waitingPrecheck && <Tag color="warning">待窗口预审</Tag>}
                      </Space>
                    ),
                  },
                  { key: 'at', label: '提交时间', children: chinaTime(app.createdAt) },
                  { key: 'applicant', label: '申请人', children: app.applicant.name },
                  { key: 'project', label: '项目', children: `${app.project.name}（${app.project.code}）` },
                  { key: 'items', label: '申请事项', children: app.items.map((i) => i.name).join('、'), span: 2 },
                  ...(app.noticeDeadline && !app.caseNo ? [{ key: 'deadline', label: '告知期限', children: `${chineseDate(app.noticeDeadline)}前须预审告知（逾期视为受理）`, span: 2 }] : []),
                ]}
              />
              <Typography.Title level={5} style={{ marginTop: 12 }}>
                电子材料（{app.files.length}份）
              </Typography.Title>
              {app.files.length === 0 ? (
                <Typography.Text type="secondary">无电子材料</Typography.Text>
              ) : (
                <ul aria-label="电子材料">
                  {app.files.map((f) => (
                    <li key={f.id}>
                      {f.materialName ?? f.materialCode}：{f.fileName}（{sizeText(f.size)}，{chinaTime(f.uploadedAt)}上传）
                    </li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </Card>
        {app && (
          <Card title="纸质材料流转" size="small" style={{ marginTop: 16 }}>
            {paper.length === 0 ? (
              <Typography.Text type="secondary">该申请没有在窗口收取的纸质材料</Typography.Text>
            ) : (
              <Table<PaperFile>
                size="small"
                rowKey="materialCode"
                pagination={false}
                dataSource={paper}
                aria-label="纸质材料"
                columns={[
                  { title: '材料', dataIndex: 'name' },
                  { title: '当前位置', key: 'where', render: (_v, f) => <Tag color={f.holder ? 'warning' : 'success'}>{whereText(f)}</Tag> },
                  {
                    title: '流转记录',
                    key: 'moves',
                    render: (_v, f) => (
                      <ol style={{ margin: 0, paddingLeft: 18 }}>
                        {f.movements.map((m) => (
                          <li key={`${m.at}-${m.action}`}>{movementText(m)}</li>
                        ))}
                      </ol>
                    ),
                  },
                ]}
              />
            )}
            {inHall.length > 0 && (
              <Form form={handForm} layout="vertical" aria-label="移交部门" onFinish={(v) => void handover(v)} style={{ marginTop: 16 }}>
                <Typography.Title level={5}>移交部门审查（材料不出大厅）</Typography.Title>
                <Form.Item label="移交的材料" name="codes" rules={[{ required: true, type: 'array', min: 1, message: '请选择要移交的材料' }]}>
                  <Checkbox.Group options={inHall.map((f) => ({ value: f.materialCode, label: f.name }))} />
                </Form.Item>
                <Row gutter={12}>
                  <Col span={10}>
                    <Form.Item label="接收人（部门审批人员用户名）" name="to" rules={[{ required: true, whitespace: true, message: '请输入接收人' }]}>
                      <Input autoComplete="off" placeholder="如 zrzy1" />
                    </Form.Item>
                  </Col>
                  <Col span={14}>
                    <Form.Item label="备注（选填）" name="note">
                      <Input />
                    </Form.Item>
                  </Col>
                </Row>
                <Button type="primary" htmlType="submit" loading={busy}>
                  确认移交
                </Button>
              </Form>
            )}
            {out.length > 0 && (
              <Form form={backForm} layout="vertical" aria-label="收回入库" onFinish={(v) => void takeBack(v)} style={{ marginTop: 16 }}>
                <Typography.Title level={5}>收回入库</Typography.Title>
                <Form.Item label="收回的材料" name="codes" rules={[{ required: true, type: 'array', min: 1, message: '请选择要收回的材料' }]}>
                  <Checkbox.Group options={out.map((f) => ({ value: f.materialCode, label: `${f.name}（${f.holder ?? ''}）` }))} />
                </Form.Item>
                <Form.Item label="存放位置" name="location" rules={[{ required: true, whitespace: true, message: '请输入存放位置' }]}>
                  <Input placeholder="如 综合窗口档案柜A-03" />
                </Form.Item>
                <Button htmlType="submit" loading={busy}>
                  确认收回
                </Button>
              </Form>
            )}
          </Card>
        )}
      </Col>
      <Col xs={24} xl={10}>
        <Card
          title={`未归还的纸质材料（${outstanding.length}份）`}
          size="small"
          extra={
            <Button onClick={() => void run(loadOutstanding)} aria-label="刷新未归还的纸质材料">
              刷新
            </Button>
          }
        >
          <Table<PaperFile>
            size="small"
            rowKey={(f) => `${f.applicationId}-${f.materialCode}`}
            pagination={{ pageSize: 20, hideOnSinglePage: true }}
            dataSource={outstanding}
            aria-label="未归还的纸质材料"
            locale={{ emptyText: '所有纸质材料均已归还' }}
            columns={[
              { title: '办件', key: 'ref', render: (_v, f) => f.caseNo ?? `申请 ${f.applicationId.slice(0, 8)}…` },
              { title: '材料', dataIndex: 'name' },
              { title: '持有人', dataIndex: 'holder' },
              { title: '已外出', key: 'out', render: (_v, f) => <Tag color={outLong(f.since, now) ? 'error' : 'success'}>{outForText(f.since, now)}</Tag> },
              {
                title: '操作',
                key: 'open',
                render: (_v, f) => (
                  <Button
                    size="small"
                    aria-label={`查看 ${f.caseNo ?? f.applicationId} 的纸质材料`}
                    onClick={() => {
                      setRef(f.caseNo ?? f.applicationId);
                      void open(f.applicationId);
                    }}
                  >
                    查看
                  </Button>
                ),
              },
            ]}
          />
        </Card>
      </Col>
    </Row>
  );
}
