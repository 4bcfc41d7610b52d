import { Controller, Inject, Optional } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { DataSource } from 'typeorm';
import { NATS_CONNECTION, type NatsConnection } from '../bus/tokens.js';

export interface HealthReport {
  status: 'up' | 'down';
  service: string;
  instance: string;
  checks: Record<string, 'up' | 'down'>;
  uptimeSeconds: number;
}

/** A NATS health endpoint (`yc.rpc.<service>.health.v1`) checking the database and the bus. */
export function createHealthController(service: string, instance: string, subject: string): new (...args: never[]) => unknown {
  @Controller()
  class HealthController {
    constructor(
      @Optional() private readonly dataSource?: DataSource,
      @Optional() @Inject(NATS_CONNECTION) private readonly nc?: NatsConnection,
    ) {}

    @MessagePattern(subject)
    async check(): Promise<HealthReport> {
      const checks: Record<string, 'up' | 'down'> = {};
      if (this.dataSource) {
        checks['database'] = await this.dataSource
          .query('SELECT 1')
          .then(() => 'up' as const)
          .catch(() => 'down' as const);
      }
      if (this.nc) checks['nats'] = this.nc.isClosed() ? 'down' : 'up';
      const status = Object.values(checks).every((c) => c === 'up') ? 'up' : 'down';
      return { status, service, instance, checks, uptimeSeconds: Math.round(process.uptime()) };
    }
  }
  return HealthController;
}
