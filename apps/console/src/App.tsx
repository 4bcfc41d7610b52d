import { lazy, Suspense, type ReactNode } from 'react';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
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

// the supervisor's and administrator's pages in their own bundles (ECharts among them): the window's pages do not grow
const SupervisionDashboard = lazy(() => import('./pages/supervision/SupervisionDashboard').then((m) => ({ default: m.SupervisionDashboard })));
const FollowUp = lazy(() => import('./pages/supervision/FollowUp').then((m) => ({ default: m.FollowUp })));
const StaffAccounts = lazy(() => import('./pages/admin/StaffAccounts').then((m) => ({ default: m.StaffAccounts })));
const HallSetup = lazy(() => import('./pages/admin/HallSetup').then((m) => ({ default: m.HallSetup })));
const SmsTemplates = lazy(() => import('./pages/admin/SmsTemplates').then((m) => ({ default: m.SmsTemplates })));
const CalendarPage = lazy(() => import('./pages/admin/CalendarPage').then((m) => ({ default: m.CalendarPage })));
const PaperCustody = lazy(() => import('./pages/PaperCustody').then((m) => ({ default: m.PaperCustody })));
const ConsultationDesk = lazy(() => import('./pages/ConsultationDesk').then((m) => ({ default: m.ConsultationDesk })));
const SectionsDuty = lazy(() => import('./pages/admin/SectionsDuty').then((m) => ({ default: m.SectionsDuty })));
const CataloguePage = lazy(() => import('./pages/admin/CataloguePage').then((m) => ({ default: m.CataloguePage })));
const ProvincialExchange = lazy(() => import('./pages/supervision/ProvincialExchange').then((m) => ({ default: m.ProvincialExchange })));
const AuditOperations = lazy(() => import('./pages/admin/AuditOperations').then((m) => ({ default: m.AuditOperations })));
const later = (page: ReactNode) => <Suspense fallback={<Spin tip="页面加载中…" fullscreen />}>{page}</Suspense>;

/** a person who asks their system for less motion (prefers-reduced-motion) gets no sliding drawers or fading dialogs */
const reducedMotion = typeof window !== 'undefined' && window.matchMedia?.('(prefers-reduced-motion: reduce)').matches === true;

function Home() {
  const { session } = useSession();
  if (!session) return <Navigate to="/login" replace />;
  return <Navigate to={menuFor(session.user)[0]?.path ?? '/board'} replace />;
}

export function App() {
  return (
    <ConfigProvider locale={zhCN} theme={{ token: { fontSize: 15, motion: !reducedMotion } }}>
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
                <Route path="/window/paper" element={later(<PaperCustody />)} />
                <Route path="/consultation" element={later(<ConsultationDesk />)} />
                <Route path="/pickup" element={<PickupDesk />} />
                <Route path="/department" element={<DepartmentWorkbench />} />
                <Route path="/follow-up" element={later(<FollowUp />)} />
                <Route path="/supervision" element={later(<SupervisionDashboard />)} />
                <Route path="/supervision/exchange" element={later(<ProvincialExchange />)} />
                <Route path="/admin/accounts" element={later(<StaffAccounts />)} />
                <Route path="/admin/hall" element={later(<HallSetup />)} />
                <Route path="/admin/sections" element={later(<SectionsDuty />)} />
                <Route path="/admin/catalogue" element={later(<CataloguePage />)} />
                <Route path="/admin/sms-templates" element={later(<SmsTemplates />)} />
                <Route path="/admin/calendar" element={later(<CalendarPage />)} />
                <Route path="/admin/audit" element={later(<AuditOperations />)} />
              </Route>
              <Route path="*" element={<Home />} />
            </Routes>
          </BrowserRouter>
        </SessionProvider>
      </AntApp>
    </ConfigProvider>
  );
}
