import { AppError, type ErrorDetail } from '@yichuang/contracts';

/** Every problem of a request at once, the contract's VALIDATION_FAILED. */
export function invalid(problems: ErrorDetail[]): AppError {
  return new AppError('VALIDATION_FAILED', `${problems.length} problem(s) in the request`, problems);
}

/** An edit made on a version that is no longer current (409, naming the current one). */
export function stale(what: string, currentVersion: number): AppError {
  return new AppError('CONFLICT', `the ${what} changed since it was read`, [{ field: 'expectedVersion', problem: `${what === 'window' ? '窗口' : what === 'section' ? '科室' : '部门'}已被他人修改，请刷新后重试`, currentVersion }]);
}

/**
 * A change the hall's running business forbids (active items, waiting tickets): 409 INVALID_STATE whose Chinese
 * problems say why; `scope: 'hall'` makes the first one the answer's `messageZh` (libs/contracts error-texts).
 */
export function refused(message: string, problems: string[]): AppError {
  return new AppError('INVALID_STATE', message, problems.map((problem) => ({ field: 'state', problem, scope: 'hall' })));
}

/** Unique key violation (PostgreSQL 23505) of a TypeORM insert. */
export function isUniqueViolation(err: unknown): boolean {
  return (err as { driverError?: { code?: string } }).driverError?.code === '23505';
}
