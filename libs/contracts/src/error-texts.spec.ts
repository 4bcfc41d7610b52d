import { describe, expect, it } from '@jest/globals';
import { ErrorCodes } from './errors.js';
import { ERROR_TEXTS_ZH } from './error-texts.js';

describe('error texts for people', () => {
  it('has a Chinese text for every error code', () => {
    for (const code of Object.keys(ErrorCodes)) {
      expect(ERROR_TEXTS_ZH[code as keyof typeof ErrorCodes]).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});
