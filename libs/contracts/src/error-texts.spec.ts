import { describe, expect, it } from '@jest/globals';
import { ErrorCodes } from './errors.js';
import { ERROR_TEXTS_ZH, errorTextZh } from './error-texts.js';

describe('error texts for people', () => {
  it('has a Chinese text for every error code', () => {
    for (const code of Object.keys(ErrorCodes)) {
      expect(ERROR_TEXTS_ZH[code as keyof typeof ErrorCodes]).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('the text of a queue action outside the caller\'s window', () => {
  it('names the window the account is bound to, or says it has none', () => {
    expect(errorTextZh({ code: 'FORBIDDEN', details: [{ field: 'windowNo', problem: 'only window W01', scope: 'window', window: 'W01' }] })).toContain('本窗口（W01）');
    expect(errorTextZh({ code: 'FORBIDDEN', details: [{ field: 'windowNo', problem: 'no window', scope: 'window' }] })).toContain('未绑定窗口');
    expect(errorTextZh({ code: 'FORBIDDEN', details: [] })).toBe(ERROR_TEXTS_ZH.FORBIDDEN);
  });
});
