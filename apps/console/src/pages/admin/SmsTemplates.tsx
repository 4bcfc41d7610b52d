import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, must, asApiError } from '../../api/client';
import type { SmsPreview, SmsTemplate } from '../../api/views';
import { useSession } from '../../session';
import { Problems } from '../Login';


/** 短信模板 (admin; supervisors read): every SMS template, its body edited with a preview on sample data. */
export function SmsTemplates() {
  const { session } = useSession();
  const canEdit = session?.user.roles.includes('admin') ?? false;
  const [rows, setRows] = useState<SmsTemplate[]>([]);
  const [editing, setEditing] = useState<SmsTemplate>();
  const [preview, setPreview] = useState<SmsPreview>();
  const [error, setError] = useState<ApiError>();
  const [formError, setFormError] = useState<ApiError>();
  const [form] = Form.useForm<{ body: string; note?: string }>();

  const load = useCallback(async () => {
    setError(undefined);
    try {
      setRows(await must<SmsTemplate[]>(api.GET('/api/v1/admin/sms-templates')));
    } catch (err) {
      setError(asApiError(err));
    }
  }, []);
  useEffect(() => {
    void load();
  }, [load]);

  const open = (t: SmsTemplate) => {
    setFormError(undefined);
    setPreview(undefined);
    setEditing(t);
  };

  const showPreview = async () => {
    if (!editing) return;
    setFormError(undefined);
    try {
      setPreview(await must<SmsPreview>(api.POST('/api/v1/admin/sms-templates/{code}/preview', { params: { path: { code: editing.code } }, body: { body: form.getFieldValue('body') as string } })));
    } catch (err) {
      setFormError(asApiError(err));
    }
  };

  const save = async (v: { body: string; note?: string }) => {
    if (!editing) return;
    setFormError(undefined);
    try {
      await must(
        api.PUT('/api/v1/admin/sms-templates/{code}', {
          params: { path: { code: editing.code } },
          body: { body: v.body, ...(v.note?.trim() ? { note: v.note.trim() } : {}), expectedVersion: editing.version },
        }),
      );
      setEditing(undefined);
      await load();
    } catch (err) {
      setFormError(asApiError(err));
    }
  };

  return (
    <Card title="短信模板" size="small" extra={<Button onClick={() => void load()}>刷新</Button>}>
      <Problems error={error} />
      <Table<SmsTemplate>
        rowKey="code"
        size="small"
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无短信模板' }}
        columns={[
          { title: '模板', dataIndex: 'name', render: (n: string, t) => `${n}（${t.code}）` },
          { title: '对象', dataIndex: 'audience', render: (a: SmsTemplate['audience'], t) => <Space size={4}>{a === 'applicant' ? '申请人' : '工作人员'}{t.urgent && <Tag color="red">紧急</Tag>}</Space> },
          { title: '内容', dataIndex: 'body', render: (b: string) => <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{b}</Typography.Text> },
          { title: '条数', key: 'segments', render: (_: unknown, t) => `${t.segments} / ${t.maxSegments}` },
          { title: '版本', dataIndex: 'version', render: (v: number) => (v === 0 ? '默认' : `第${v}版`) },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, t) => (
              <Button size="small" aria-label={`${canEdit ? '修改' : '预览'}模板 ${t.name}`} onClick={() => open(t)}>
                {canEdit ? '修改' : '预览'}
              </Button>
            ),
          },
        ]}
      />
      <Modal title={editing ? `短信模板：${editing.name}` : ''} open={editing !== undefined} onCancel={() => setEditing(undefined)} footer={null} destroyOnHidden width={640}>
        {editing && (
          <Form form={form} layout="vertical" aria-label="短信模板" initialValues={{ body: editing.body }} onFinish={(v) => void save(v)}>
            <Problems error={formError} />
            <Typography.Paragraph type="secondary">
              可用变量：{editing.variables.map((v) => `{${v.name}}（${v.description}）`).join('、') || '无'}
            </Typography.Paragraph>
            <Form.Item label="模板内容" name="body" rules={[{ required: true, whitespace: true, message: '请填写模板内容' }]}>
              <Input.TextArea rows={5} disabled={!canEdit} />
            </Form.Item>
            {canEdit && (
              <Form.Item label="修改说明" name="note">
                <Input />
              </Form.Item>
            )}
            {preview && (
              <Alert
                style={{ marginBottom: 16 }}
                type={preview.problems.length ? 'error' : 'info'}
                message={preview.text ? `预览：${preview.text}` : '无法预览'}
                description={
                  <>
                    {preview.characters !== undefined && <div>{`共${preview.characters}字，${preview.parts ?? 1}条；最长时${preview.worstCaseSegments}条（上限${preview.maxSegments}条）`}</div>}
                    {preview.problems.length > 0 && (
                      <ul>
                        {preview.problems.map((p, i) => (
                          <li key={i}>{p.problemText}</li>
                        ))}
                      </ul>
                    )}
                  </>
                }
              />
            )}
            <Space>
              <Button onClick={() => void showPreview()}>预览</Button>
              {canEdit && (
                <Button type="primary" htmlType="submit">
                  保存模板
                </Button>
              )}
            </Space>
          </Form>
        )}
      </Modal>
    </Card>
  );
}
