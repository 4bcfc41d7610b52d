import { Injectable, Logger } from '@nestjs/common';
import { randomInt } from 'node:crypto';
import { EmsProvider, type ProviderShipment, type ProviderTrackingEvent, type ShipmentOrder } from './ems-provider.js';

/**
 * Development EMS (`EMS_PROVIDER=dev`, the default for `npm start`): answers at once from memory with a waybill number
 * of the UPU S10 form EMS uses (`EA123456789CN`, check digit included), idempotent by our reference while the process
 * lives, and reports each shipment as accepted. It sends nothing anywhere.
 */
@Injectable()
export class DevEmsProvider extends EmsProvider {
  readonly name = 'dev';
  private readonly logger = new Logger('DevEmsProvider');
  private readonly byReference = new Map<string, ProviderShipment>();

  async createShipment(order: ShipmentOrder): Promise<ProviderShipment> {
    const known = this.byReference.get(order.clientReference);
    if (known) return { waybillNo: known.waybillNo, clientReference: known.clientReference };
    const waybillNo = s10('EA', randomInt(0, 100_000_000), 'CN');
    this.byReference.set(order.clientReference, { waybillNo, clientReference: order.clientReference });
    this.logger.log(`shipment ${order.clientReference} → ${waybillNo} (${order.contents.length} document(s))`);
    return { waybillNo, clientReference: order.clientReference };
  }

  async findShipment(clientReference: string): Promise<ProviderShipment | null> {
    const known = this.byReference.get(clientReference);
    return known ? { waybillNo: known.waybillNo, clientReference } : null;
  }

  async trackingEvents(_waybillNo: string): Promise<ProviderTrackingEvent[]> {
    return [];
  }
}

/** A UPU S10 item number: 2 letters, 8 digits, a check digit (weights 8 6 4 2 3 5 9 7, mod 11), 2 letters. */
export function s10(prefix: string, serial: number, country: string): string {
  const digits = String(serial).padStart(8, '0');
  const weights = [8, 6, 4, 2, 3, 5, 9, 7];
  const sum = [...digits].reduce((n, d, i) => n + Number(d) * (weights[i] ?? 0), 0);
  const c = 11 - (sum % 11);
  const check = c === 10 ? 0 : c === 11 ? 5 : c;
  return `${prefix}${digits}${check}${country}`;
}
