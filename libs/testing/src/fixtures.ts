import { randomInt } from 'node:crypto';
import { makeCreditCode, makeResidentId } from '@yichuang/domain';

let counter = 0;
/** where this process's case numbers start: random, so that two processes rarely share one; then counting */
const caseNoBase = randomInt(100_000, 900_000);

/** A valid unified social credit code, different on every call. */
export function aCreditCode(): string {
  counter++;
  return makeCreditCode(`91411523MA${String(counter).padStart(7, '0')}`);
}

/** A valid resident ID number (Xin County, born 1990-01-01), different on every call. */
export function aResidentId(): string {
  counter++;
  return makeResidentId(`41152319900101${String(counter % 1000).padStart(3, '0')}`);
}

export function aPhone(): string {
  counter++;
  return `138${String(10_000_000 + counter).slice(-8)}`;
}

export function aProjectCode(year = 2026): string {
  counter++;
  return `${year}-411523-48-01-${String(counter).padStart(6, '0')}`;
}

/** A case number of `year` as intake gives them (411523-YYYY-NNNNNN), different on every call. */
export function aCaseNo(year = 2026): string {
  counter++;
  return `411523-${year}-${String(caseNoBase + (counter % 100_000)).padStart(6, '0')}`;
}
