import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router';
import { SessionProvider, useSession } from './session';
import { LoginPage } from './pages/Login';
import { Shell } from './pages/Shell';
import { WindowWorkbench } from './pages/WindowWorkbench';
import { BoardPage } from './pages/Board';
import { menuFor } from './lib/menu';
import { DepartmentWorkbench } from './pages/DepartmentWorkbench';
import { PickupDesk } from './pages/PickupDesk';
import { EvaluatorPad } from './pages/EvaluatorPad';
import { PortalPage } from './pages/portal/PortalPage';
import { RatingLinkRoute } from './pages/RatingLink';
import './styles.css';

dayjs.locale('zh-cn');

function Home() {
  const { session } = useSession();
  if (!session) return <Navigate to="/login" replace />;
  return <Navigate to={menuFor(session.user)[0]?.path ?? '/board'} replace />;
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { fontSize: 15 } }}>
      <AntApp>
        <SessionProvider>
          <BrowserRouter>
            <Routes>
              <Route path="/login" element={<LoginPage />} />
              <Route path="/board" element={<BoardPage />} />
              <Route path="/pad" element={<EvaluatorPad />} />
              <Route path="/portal" element={<PortalPage />} />
              <Route path="/r/:token" element={<RatingLinkRoute />} />
              <Route element={<Shell />}>
                <Route path="/window" element={<WindowWorkbench />} />
                <Route path="/pickup" element={<PickupDesk />} />
                <Route path="/department" element={<DepartmentWorkbench />} />
              </Route>
              <Route path="*" element={<Home />} />
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
