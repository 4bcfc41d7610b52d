import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { DevSmsProvider } from './sms-provider.js';

describe('DevSmsProvider', () => {
  it('delivers at once, with the message id as its reference, and logs the phone masked', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    try {
      const result = await new DevSmsProvider().send({ messageId: 'm-1', phone: '13812345678', content: '【新县政务服务中心】您好', template: 'CASE_ACCEPTED', attempt: 1 });
      expect(result).toEqual({ status: 'delivered', providerId: 'dev-m-1' });
      const lines = log.mock.calls.map((c) => String(c[0]));
      expect(lines).toEqual(['sms to 138****5678 template CASE_ACCEPTED (12 chars)']);
    } finally {
      log.mockRestore();
    }
  });
});
