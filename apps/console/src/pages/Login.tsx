import { useState } from 'react';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { Navigate, useNavigate } from 'react-router';
import { ApiError, asApiError } from '../api/client';
import { menuFor } from '../lib/menu';
import { useSession } from '../session';

function Problems({ error }: { error: ApiError | undefined }) {
  if (!error) return null;
  return (
    <Alert
      type="error"
      role="alert"
      showIcon
      message={error.message}
      description={error.problems.length ? <ul style={{ margin: 0, paddingLeft: 20 }}>{error.problems.map((p) => <li key={p}>{p}</li>)}</ul> : undefined}
      style={{ marginBottom: 16 }}
    />
  );
}

export function LoginPage() {
  const { session, login, changePassword } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<ApiError>();
  const [busy, setBusy] = useState(false);

  if (session && !session.user.mustChangePassword) return <Navigate to={menuFor(session.user)[0]?.path ?? '/board'} replace />;

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

  return (
    <main style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 400 }}>
        <Typography.Title level={3} style={{ textAlign: 'center' }}>
          一窗 · 工程建设项目审批
        </Typography.Title>
        <Problems error={error} />
        {session?.user.mustChangePassword ? (
          <Form
            layout="vertical"
            aria-label="修改密码"
            onFinish={(v: { oldPassword: string; newPassword: string }) =>
              run(async () => {
                await changePassword(v.oldPassword, v.newPassword);
                void navigate('/');
              })
            }
          >
            <Alert type="info" showIcon message="首次登录或密码已被重置，请先修改密码" style={{ marginBottom: 16 }} />
            <Form.Item label="原密码" name="oldPassword" rules={[{ required: true, message: '请输入原密码' }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Form.Item label="新密码" name="newPassword" extra="至少10位，包含大写字母、小写字母、数字、其他字符中的三类，且不含用户名" rules={[{ required: true, message: '请输入新密码' }]}>
              <Input.Password autoComplete="new-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              修改密码
            </Button>
          </Form>
        ) : (
          <Form
            layout="vertical"
            aria-label="登录"
            onFinish={(v: { username: string; password: string }) =>
              run(async () => {
                const user = await login(v.username.trim(), v.password);
                if (!user.mustChangePassword) void navigate(menuFor(user)[0]?.path ?? '/board');
              })
            }
          >
            <Form.Item label="用户名" name="username" rules={[{ required: true, message: '请输入用户名' }]}>
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item label="密码" name="password" rules={[{ required: true, message: '请输入密码' }]}>
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            <Button type="primary" htmlType="submit" block loading={busy}>
              登录
            </Button>
          </Form>
        )}
      </Card>
    </main>
  );
}

export { Problems };
