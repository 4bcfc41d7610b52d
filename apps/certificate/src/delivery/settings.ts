import type { CertificateEnv } from '../config.js';

/** What the delivery features read from the configuration (apps/certificate/src/config.ts). */
export type DeliverySettings = Pick<
  CertificateEnv,
  | 'NODE_ENV'
  | 'DELIVERY_YELLOW_AT_OR_BELOW'
  | 'PICKUP_REMINDER_AFTER_WORKING_DAYS'
  | 'DELIVERY_SWEEP_MS'
  | 'EMS_PROVIDER'
  | 'EMS_BASE_URL'
  | 'EMS_APP_KEY'
  | 'EMS_APP_SECRET'
  | 'EMS_TIMEOUT_MS'
  | 'EMS_MAX_ATTEMPTS'
  | 'EMS_RETRY_BASE_MS'
  | 'EMS_SWEEP_MS'
  | 'EMS_REQUEST_LEASE_MS'
  | 'EMS_POLL_AFTER_MS'
  | 'EMS_WEBHOOK_MAX_SKEW_S'
  | 'EMS_SENDER_NAME'
  | 'EMS_SENDER_PHONE'
  | 'EMS_SENDER_ADDRESS'
  | 'EMS_TEST_PAUSE_AFTER_PROVIDER'
>;

export const DELIVERY_SETTINGS = Symbol('DELIVERY_SETTINGS');
