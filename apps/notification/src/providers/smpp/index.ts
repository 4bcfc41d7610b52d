export { SmppSmsProvider, smppProviderFromEnv, commandStatusName } from './smpp-provider.js';
export type { SmppProviderOptions, SmppProviderState } from './smpp-provider.js';
export { segmentSms, countParts, splitText, chooseEncoding } from './smpp-segments.js';
export type { SegmentedSms, SmsSegment } from './smpp-segments.js';
export { parseReceipt } from './smpp-receipt.js';
