import { Button, Layout, Menu, Space, Typography } from 'antd';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router';
import { menuFor, ROLE_NAMES, type Role } from '../lib/menu';
import { useSession } from '../session';

/** The frame of every staff page: the menu of the person's roles, who is signed in, and logging out. */
export function Shell() {
  const { session, logout } = useSession();
  const navigate = useNavigate();
  const location = useLocation();
  if (!session || session.user.mustChangePassword) return <Navigate to="/login" replace />;
  const { user } = session;
  const menu = menuFor(user);
  const roles = user.roles.map((r) => ROLE_NAMES[r as Role] ?? r).join('、');
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#001529' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 18, whiteSpace: 'nowrap' }}>
          一窗受理
        </Typography.Text>
        <nav aria-label="主菜单" style={{ flex: 1, minWidth: 0 }}>
          <Menu theme="dark" mode="horizontal" selectedKeys={[location.pathname]} items={menu.map((m) => ({ key: m.path, label: m.label }))} onClick={(e) => navigate(e.key)} />
        </nav>
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="who">
            {user.displayName}（{roles}
            {user.window ? ` · ${user.window}窗口` : ''}
            {user.department ? ` · ${user.department}` : ''}）
          </Typography.Text>
          <Button
            onClick={() => {
              void logout().then(() => navigate('/login'));
            }}
          >
            退出登录
          </Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        <Outlet />
      </Layout.Content>
    </Layout>
  );
}
