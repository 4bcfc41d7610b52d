import { Body, Controller, Get, HttpCode, Inject, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { JwtService } from '@nestjs/jwt';
import { healthSubject, LoginRequest, rpc, Rpc, SERVICES, type ServiceName } from '@yichuang/contracts';
import { Clock, RpcClient } from '@yichuang/platform';
import type { Response } from 'express';
import { Public, tokenTime } from '../http/auth.js';
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
  ) {}

  @Public()
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

  @Public()
  @Post('v1/auth/login')
  @HttpCode(200)
  @ApiOperation({ summary: 'Log in; answers a bearer token' })
  async login(@Body() body: LoginRequest) {
    const user = await this.rpc.request(Rpc.admin.verifyLogin, body);
    const accessToken = await this.jwt.signAsync(
      {
        sub: user.username,
        roles: user.roles,
        ...(user.department ? { department: user.department } : {}),
        ...(user.window ? { window: user.window } : {}),
        iat: tokenTime(this.clock), // and so `exp`: the gateway's Clock, as the check (AuthGuard)
      },
      { expiresIn: this.env.JWT_TTL_SECONDS },
    );
    return { accessToken, expiresIn: this.env.JWT_TTL_SECONDS, user };
  }
}

/** `2026-12-02T05:00:00.000Z` → `2026-12-02 13:00:00` (China time), for the hall's warning line. */
function chinaTime(iso: string): string {
  return new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace('T', ' ');
}
