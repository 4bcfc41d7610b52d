import { Controller, Injectable } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { IsISO8601, IsOptional } from 'class-validator';
import { chinaToday } from '@yichuang/domain';

/**
 * The time of a service. Everything that depends on "now" (deadlines, the five-working-day rule, alarms)
 * asks this clock, so that training and tests can move a service's time (CLOCK_CONTROL=true, never in
 * production) without touching the machine's clock.
 */
@Injectable()
export class Clock {
  private offsetMs: number;

  /** `startAt`: the moment this clock shows now (default: real time) */
  constructor(startAt?: Date) {
    this.baseOffsetMs = startAt ? startAt.getTime() - Date.now() : 0;
    this.offsetMs = this.baseOffsetMs;
  }

  private readonly baseOffsetMs: number;

  now(): Date {
    return new Date(Date.now() + this.offsetMs);
  }

  /** today's calendar date in China (Asia/Shanghai) */
  today(): string {
    return chinaToday(this.now());
  }

  /** move this clock so that it reads `at` now (null: back to where it started, running since) */
  set(at: Date | null): void {
    this.offsetMs = at ? at.getTime() - Date.now() : this.baseOffsetMs;
  }
}

export class SetClockRequest {
  @IsOptional() @IsISO8601() now?: string;
}

export function clockSubject(service: string): string {
  return `yc.rpc.${service}.clock.set.v1`;
}

/** Only mounted when CLOCK_CONTROL=true. */
export function createClockController(service: string): new (...args: never[]) => unknown {
  @Controller()
  class ClockController {
    constructor(private readonly clock: Clock) {}

    @MessagePattern(clockSubject(service))
    set(@Payload() req: SetClockRequest): { now: string; today: string } {
      this.clock.set(req.now ? new Date(req.now) : null);
      return { now: this.clock.now().toISOString(), today: this.clock.today() };
    }
  }
  return ClockController;
}
