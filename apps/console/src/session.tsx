import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, must, setAccessToken, setRenewal } from './api/client';
import type { LoginAnswer, SessionUser } from './api/views';

/** The signed-in person, kept for the browser tab (sessionStorage: closing the tab signs out of this terminal). */
interface Session {
  user: SessionUser;
  accessToken: string;
  refreshToken?: string;
}

interface SessionApi {
  session: Session | undefined;
  login(username: string, password: string): Promise<SessionUser>;
  changePassword(oldPassword: string, newPassword: string): Promise<void>;
  logout(): Promise<void>;
}

const KEY = 'yichuang.session';
const Ctx = createContext<SessionApi | undefined>(undefined);

function load(): Session | undefined {
  try {
    const s = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as Session | null;
    if (s) setAccessToken(s.accessToken);
    return s ?? undefined;
  } catch {
    return undefined;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [session, setSession] = useState<Session | undefined>(load);

  const keep = useCallback((s: Session | undefined) => {
    setAccessToken(s?.accessToken);
    if (s) sessionStorage.setItem(KEY, JSON.stringify(s));
    else sessionStorage.removeItem(KEY);
    setSession(s);
  }, []);

  // renew the access token with the refresh token when the API says 401 (expired); a refused refresh signs out
  useEffect(() => {
    const refreshToken = session?.refreshToken;
    if (!refreshToken) {
      setRenewal(undefined);
      return;
    }
    setRenewal(async () => {
      const r = await api.POST('/api/v1/auth/refresh', { body: { refreshToken } });
      if (!r.response.ok) {
        keep(undefined);
        return undefined;
      }
      const a = r.data as unknown as LoginAnswer;
      keep({ user: a.user, accessToken: a.accessToken, ...(a.refreshToken ? { refreshToken: a.refreshToken } : {}) });
      return a.accessToken;
    });
  }, [session, keep]);

  const login = useCallback(
    async (username: string, password: string) => {
      const a = await must<LoginAnswer>(api.POST('/api/v1/auth/login', { body: { username, password } }));
      keep({ user: a.user, accessToken: a.accessToken, ...(a.refreshToken ? { refreshToken: a.refreshToken } : {}) });
      return a.user;
    },
    [keep],
  );

  const changePassword = useCallback(
    async (oldPassword: string, newPassword: string) => {
      const username = session?.user.username;
      if (!username) return;
      await must(api.POST('/api/v1/auth/password', { body: { oldPassword, newPassword } }));
      // the change revokes every token of the account: sign in again with the new password
      await login(username, newPassword);
    },
    [session, login],
  );

  const logout = useCallback(async () => {
    const refreshToken = session?.refreshToken;
    keep(undefined);
    if (refreshToken) await api.POST('/api/v1/auth/logout', { body: { refreshToken } }).catch(() => undefined);
  }, [session, keep]);

  const value = useMemo(() => ({ session, login, changePassword, logout }), [session, login, changePassword, logout]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useSession(): SessionApi {
  const s = useContext(Ctx);
  if (!s) throw new Error('useSession outside SessionProvider');
  return s;
}
