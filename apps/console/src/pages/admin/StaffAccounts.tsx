import { useCallback, useEffect, useState } from 'react';
import { Alert, Button, Card, Form, Input, Modal, Select, Space, Table, Tag, Typography } from 'antd';
import { api, ApiError, must, asApiError } from '../../api/client';
import type { StaffAccount } from '../../api/views';
import { ROLE_NAMES, type Role } from '../../lib/menu';
import { Problems } from '../Login';

const ROLES = Object.keys(ROLE_NAMES) as Role[];

interface AccountForm {
  username: string;
  displayName: string;
  roles: Role[];
  department?: string;
  window?: string;
  phone: string;
}

/** 账号管理 (admin): staff accounts — list, create (the one-time password shown once), roles, disable, reset. */
export function StaffAccounts() {
  const [rows, setRows] = useState<StaffAccount[]>([]);
  const [role, setRole] = useState<Role>();
  const [editing, setEditing] = useState<StaffAccount | 'new'>();
  const [secret, setSecret] = useState<{ username: string; password: string }>();
  const [error, setError] = useState<ApiError>();
  const [formError, setFormError] = useState<ApiError>();
  const [loading, setLoading] = useState(false);

  const run = useCallback(async (f: () => Promise<void>, show = setError) => {
    show(undefined);
    try {
      await f();
    } catch (err) {
      show(asApiError(err));
    }
  }, []);

  const load = useCallback(
    () =>
      run(async () => {
        setLoading(true);
        try {
          setRows(await must<StaffAccount[]>(api.GET('/api/v1/admin/accounts', { params: { query: role ? { role } : {} } })));
        } finally {
          setLoading(false);
        }
      }),
    [run, role],
  );
  useEffect(() => {
    void load();
  }, [load]);

  const save = (v: AccountForm) =>
    run(async () => {
      const body = {
        displayName: v.displayName.trim(),
        roles: v.roles,
        phone: v.phone.trim(),
        ...(v.department?.trim() ? { department: v.department.trim() } : {}),
        ...(v.window?.trim() ? { window: v.window.trim() } : {}),
      };
      if (editing === 'new') {
        const r = await must<{ account: StaffAccount; temporaryPassword?: string }>(api.POST('/api/v1/admin/accounts', { body: { ...body, username: v.username.trim() } }));
        if (r.temporaryPassword) setSecret({ username: r.account.username, password: r.temporaryPassword });
      } else if (editing) {
        await must(api.PUT('/api/v1/admin/accounts/{username}', { params: { path: { username: editing.username } }, body: { ...body, expectedVersion: editing.version } }));
      }
      setEditing(undefined);
      await load();
    }, setFormError);

  const toggle = (a: StaffAccount) =>
    run(async () => {
      const path = { username: a.username };
      if (a.active) await must(api.POST('/api/v1/admin/accounts/{username}/disable', { params: { path } }));
      else await must(api.POST('/api/v1/admin/accounts/{username}/enable', { params: { path } }));
      await load();
    });

  const reset = (a: StaffAccount) =>
    run(async () => {
      const r = await must<{ temporaryPassword: string }>(api.POST('/api/v1/admin/accounts/{username}/reset-password', { params: { path: { username: a.username } } }));
      setSecret({ username: a.username, password: r.temporaryPassword });
      await load();
    });

  return (
    <Card
      title="账号管理"
      size="small"
      extra={
        <Space>
          <Select<Role>
            aria-label="按角色筛选"
            placeholder="全部角色"
            allowClear
            style={{ width: 140 }}
            value={role}
            onChange={setRole}
            options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] }))}
          />
          <Button onClick={() => void load()}>刷新</Button>
          <Button
            type="primary"
            onClick={() => {
              setFormError(undefined);
              setEditing('new');
            }}
          >
            新建账号
          </Button>
        </Space>
      }
    >
      <Problems error={error} />
      <Table<StaffAccount>
        rowKey="username"
        loading={loading}
        dataSource={rows}
        pagination={{ pageSize: 20, hideOnSinglePage: true }}
        locale={{ emptyText: '暂无账号' }}
        columns={[
          { title: '用户名', dataIndex: 'username' },
          { title: '姓名', dataIndex: 'displayName' },
          { title: '角色', dataIndex: 'roles', render: (rs: string[]) => rs.map((r) => ROLE_NAMES[r as Role] ?? r).join('、') },
          { title: '部门', dataIndex: 'department', render: (d?: string) => d ?? '—' },
          { title: '窗口', dataIndex: 'window', render: (w?: string) => w ?? '—' },
          { title: '手机号码', dataIndex: 'phone' },
          {
            title: '状态',
            key: 'state',
            render: (_: unknown, a) => (
              <Space size={4}>
                <Tag color={a.active ? 'success' : 'default'}>{a.active ? '启用' : '停用'}</Tag>
                {a.locked && <Tag color="error">已锁定</Tag>}
                {a.mustChangePassword && <Tag color="warning">待改密码</Tag>}
              </Space>
            ),
          },
          {
            title: '操作',
            key: 'actions',
            render: (_: unknown, a) => (
              <Space>
                <Button
                  size="small"
                  aria-label={`修改 ${a.username}`}
                  onClick={() => {
                    setFormError(undefined);
                    setEditing(a);
                  }}
                >
                  修改
                </Button>
                <Button size="small" danger={a.active} aria-label={`${a.active ? '停用' : '启用'} ${a.username}`} onClick={() => void toggle(a)}>
                  {a.active ? '停用' : '启用'}
                </Button>
                <Button size="small" aria-label={`重置密码 ${a.username}`} onClick={() => void reset(a)}>
                  重置密码
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <Modal
        title={editing === 'new' ? '新建账号' : editing ? `修改账号：${editing.username}` : ''}
        open={editing !== undefined}
        onCancel={() => setEditing(undefined)}
        footer={null}
        destroyOnHidden
      >
        <Form<AccountForm>
          layout="vertical"
          aria-label="账号"
          initialValues={editing && editing !== 'new' ? { ...editing, roles: editing.roles as Role[] } : { roles: [] }}
          onFinish={(v) => void save(v)}
        >
          <Problems error={formError} />
          <Form.Item label="用户名" name="username" rules={[{ required: true, whitespace: true, message: '请填写用户名' }]}>
            <Input disabled={editing !== 'new'} autoComplete="off" />
          </Form.Item>
          <Form.Item label="姓名" name="displayName" rules={[{ required: true, whitespace: true, message: '请填写姓名' }]}>
            <Input />
          </Form.Item>
          <Form.Item label="角色" name="roles" rules={[{ required: true, message: '请至少选择一个角色' }]}>
            <Select mode="multiple" options={ROLES.map((r) => ({ value: r, label: ROLE_NAMES[r] }))} />
          </Form.Item>
          <Form.Item label="所属部门" name="department" extra="审批人员、部门负责人必填，如 ZRZY">
            <Input />
          </Form.Item>
          <Form.Item label="所在窗口" name="window" extra="窗口人员、咨询人员必填，如 W02">
            <Input />
          </Form.Item>
          <Form.Item label="手机号码" name="phone" rules={[{ required: true, whitespace: true, message: '请填写手机号码' }]}>
            <Input inputMode="numeric" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            保存账号
          </Button>
        </Form>
      </Modal>
      <Modal title="临时密码（仅显示一次）" open={secret !== undefined} onOk={() => setSecret(undefined)} onCancel={() => setSecret(undefined)} cancelButtonProps={{ style: { display: 'none' } }} okText="我已记下">
        {secret && (
          <Space direction="vertical">
            <Alert type="warning" showIcon message="请当面告知本人；关闭后无法再次查看，首次登录须修改密码。" />
            <Typography.Text>
              账号 {secret.username} 的临时密码：
              <Typography.Text copyable={{ text: secret.password, tooltips: ['复制', '已复制'] }}>
                <code data-testid="temporary-password">{secret.password}</code>
              </Typography.Text>
            </Typography.Text>
          </Space>
        )}
      </Modal>
    </Card>
  );
}
