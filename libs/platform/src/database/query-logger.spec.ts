import { describe, expect, it, jest } from '@jest/globals';
import { Logger } from '@nestjs/common';
import { findPii, makeResidentId } from '@yichuang/domain';
import { describeDbError, PrivateQueryLogger } from './query-logger.js';

const id = makeResidentId('41152319900101123');

describe('PrivateQueryLogger', () => {
  it('logs a failed query without its parameters, the error masked, PostgreSQL detail left out', () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    try {
      const err = Object.assign(new Error(`duplicate key value violates unique constraint "uq_applicant" for ${id}`), {
        code: '23505',
        constraint: 'uq_applicant',
        detail: `Key (id_number)=(${id}) already exists.`,
      });
      new PrivateQueryLogger().logQueryError(err, 'INSERT INTO "applicant"("name", "id_number", "phone")\n  VALUES ($1, $2, $3)', ['张三', id, '13812345678']);
      const line = String(error.mock.calls[0]?.[0]);
      expect(line).toContain('query failed: 23505 constraint uq_applicant duplicate key value');
      expect(line).toContain('INSERT INTO "applicant"("name", "id_number", "phone") VALUES ($1, $2, $3)');
      expect(line).not.toContain('张三');
      expect(line).not.toContain('already exists');
      expect(findPii(line)).toEqual([]);
    } finally {
      error.mockRestore();
    }
  });

  it('describes a driver error, a string and anything else', () => {
    expect(describeDbError({ message: 'x', driverError: { code: '40001' } })).toBe('40001 x');
    expect(describeDbError(`bad 13812345678`)).toBe('bad 138****5678');
    expect(describeDbError(null)).toBe('null');
  });
});
