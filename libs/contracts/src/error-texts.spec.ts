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

describe("the text of a change the hall's running business forbids", () => {
  it('is the first reason when the details carry one, the code text otherwise', () => {
    const problem = '窗口 W05 仍有 1 个转来的排队号在等候（B002），请先叫号办结或转到其他窗口后再停用';
    expect(errorTextZh({ code: 'INVALID_STATE', details: [{ field: 'state', problem, scope: 'hall' }] })).toBe(problem);
    expect(errorTextZh({ code: 'INVALID_STATE', details: [{ field: 'state', problem: 'x' }] })).toBe(ERROR_TEXTS_ZH.INVALID_STATE);
  });
});
