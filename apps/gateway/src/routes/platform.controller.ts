import { Body, Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { AppError, ChangePasswordBody, healthSubject, LoginRequest, LogoutRequest, RefreshRequest, rpc, Rpc, SERVICES, type AuthenticatedUser, type LoginSession, type ServiceName } from '@yichuang/contracts';
import { Clock, RpcClient } from '@yichuang/platform';
import type { Response } from 'express';
import { TokenStates, tokenTime, type AuthedRequest } from '../http/auth.js';
import { GATEWAY_ENV } from '../tokens.js';
import { messageProviderWarnings, publicProviderView } from './message-providers.js';
import type { GatewayEnv } from '../config.js';

@ApiTags('platform')
@Controller()
export class PlatformController {
  /** when this gateway first saw each service fail its health check (cleared once it answers again) */
  private readonly downSince = new Map<ServiceName, string>();

  constructor(
    private readonly rpc: RpcClient,
    private readonly jwt: JwtService,
    @Inject(GATEWAY_ENV) private readonly env: GatewayEnv,
    private readonly clock: Clock,
    private readonly states: TokenStates,
  ) {}

  @Get('health')
  @ApiOperation({
    summary:
      "Health of every service (503 naming what is down), with warnings in Chinese for the hall (e.g. next year's holiday arrangement not loaded, every SMS gateway unavailable) and the message providers' state",
  })
  async health(@Res({ passthrough: true }) res: Response) {
    const warning = this.rpc
      .request(Rpc.admin.calendarOverview, {}, { timeoutMs: 2000 })
      .then((o) => o.warning)
      .catch(() => null);
    const providers = this.rpc.request(Rpc.notification.providers, {}, { timeoutMs: 2000 }).catch(() => null);
    const entries = await Promise.all(
      SERVICES.map(async (s: ServiceName) => {
        try {
          const r = await this.rpc.request(rpc<Record<string, never>, { status: string }>(healthSubject(s), null), {}, { timeoutMs: 2000 });
          return [s, r.status === 'up' ? 'up' : 'down'] as const;
        } catch {
          return [s, 'down'] as const;
        }
      }),
    );
    const services = Object.fromEntries(entries) as Record<ServiceName, 'up' | 'down'>;
    const ok = entries.every(([, st]) => st === 'up');
    const now = this.clock.now().toISOString();
    for (const [s, st] of entries) {
      if (st === 'up') this.downSince.delete(s);
      else if (!this.downSince.has(s)) this.downSince.set(s, now);
    }
    const down = entries.filter(([, st]) => st === 'down').map(([service]) => ({ service, since: this.downSince.get(service) as string }));
    res.status(ok ? 200 : 503);
    const calendarWarning = await warning;
    // the message providers do not change the status: messages wait and go once a provider is back
    const messageProviders = await providers;
    const warnings = [
      ...down.map((d) => `服务 ${d.service} 不可用（自 ${chinaTime(d.since)} 起），相关业务暂时无法办理`),
      ...(calendarWarning ? [calendarWarning] : []),
      ...(messageProviders ? messageProviderWarnings(messageProviders, this.env.NODE_ENV) : []),
    ];
    return { status: ok ? 'ok' : 'degraded', services, down, warnings, ...(messageProviders ? { messageProviders: messageProviders.map(publicProviderView) } : {}) };
  }

  @Post('v1/auth/login')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log in; answers a short-lived bearer token and a refresh token. 401 INVALID_CREDENTIALS (用户名或密码错误), 429 LOGIN_THROTTLED with Retry-After after repeated failures (per account and per client address), 423 ACCOUNT_LOCKED after too many in a row (an administrator unlocks), 403 ACCOUNT_DISABLED',
  })
  async login(@Body() body: LoginRequest, @Req() req: AuthedRequest) {
    const clientAddress = req.ip ?? req.socket?.remoteAddress;
    const { session, ...user } = await this.rpc.request(Rpc.admin.verifyLogin, { username: body.username, password: body.password, ...(clientAddress ? { clientAddress } : {}) });
    return this.answer(user, session);
  }

  @Post('v1/auth/refresh')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'A new access token and a new refresh token for a refresh token, which is used up; presenting a used refresh token again revokes every token of its login (401)',
  })
  async refresh(@Body() body: RefreshRequest) {
    const { user, session } = await this.rpc.request(Rpc.admin.refreshSession, { refreshToken: body.refreshToken });
    return this.answer(user, session);
  }

  @Post('v1/auth/logout')
  @HttpCode(200)
  @ApiOperation({
    summary:
      'Log out: the refresh token, every token renewed from the same login and the access tokens of that login are revoked (refused within TOKEN_STATE_CACHE_MS on other gateway instances, at once on this one)',
  })
  async logout(@Body() body: LogoutRequest) {
    const { username } = await this.rpc.request(Rpc.admin.logout, { refreshToken: body.refreshToken });
    if (username) this.states.forget(username);
    return { loggedOut: true };
  }

  @Post('v1/auth/password')
  @HttpCode(200)
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      "Change the caller's password (≥ 10 characters, 3 of 4 character classes, not containing the username; 400 listing every problem in Chinese): every token of the account is revoked, log in again",
  })
  async changePassword(@Body() body: ChangePasswordBody, @Req() req: AuthedRequest) {
    const username = req.actor?.username;
    if (!username) throw new AppError('UNAUTHORIZED', 'no caller');
    await this.rpc.request(Rpc.admin.changePassword, { username, oldPassword: body.oldPassword, newPassword: body.newPassword });
    this.states.forget(username);
    return { username, changed: true };
  }

  private async answer(user: AuthenticatedUser, session: LoginSession | undefined) {
    const accessToken = await this.jwt.signAsync(
      {
        sub: user.username,
        roles: user.roles,
        ...(user.department ? { department: user.department } : {}),
        ...(user.window ? { window: user.window } : {}),
        tv: session?.tokenVersion ?? 0,
        ...(session?.sessionId ? { sid: session.sessionId } : {}),
        ...(user.mustChangePassword ? { pwc: true } : {}),
        iat: tokenTime(this.clock), // and so `exp`: the gateway's Clock, as the check (AuthGuard)
      },
      { expiresIn: this.env.JWT_TTL_SECONDS },
    );
    return {
      accessToken,
      expiresIn: this.env.JWT_TTL_SECONDS,
      user,
      ...(session ? { refreshToken: session.refreshToken, refreshExpiresIn: session.refreshExpiresIn } : {}),
    };
  }
}

/** `2026-12-02T05:00:00.000Z` → `2026-12-02 13:00:00` (China time), for the hall's warning line. */
function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
