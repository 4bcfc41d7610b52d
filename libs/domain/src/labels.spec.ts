import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ISSUED_DOCUMENT_TYPES } from './codes.js';
import { LABELS, labelOf, PROCEDURE_TEXT, procedureText, RESULT_DOCUMENT_NO_CODE } from './labels.js';

const CHINESE = /[\u4e00-\u9fff]/;
const here = path.dirname(fileURLToPath(import.meta.url));
const glossary = readFileSync(path.join(here, '..', '..', '..', 'docs', 'glossary.md'), 'utf8');

const lists = Object.entries(LABELS) as [string, { codes: readonly PropertyKey[]; texts: Readonly<Record<PropertyKey, string>> }][];

describe('one Chinese name per code', () => {
  it.each(lists)('%s: every code has a Chinese text, with no English word in it', (_name, { codes, texts }) => {
    expect(codes.length).toBeGreaterThan(0);
    const missing = codes.filter((code) => typeof texts[code] !== 'string' || texts[code]?.trim() === '');
    expect(missing).toEqual([]);
    for (const code of codes) {
      const text = texts[code] ?? '';
      expect(text).toMatch(CHINESE);
      // an acronym people know (EMS) may stand in a text; a code (`site_inspection`, `TASK_REFUSED`) never does
      expect(text).not.toMatch(/[a-z]|[A-Z]_|_[A-Z]/);
    }
  });

  it.each(lists)('%s: labels nothing but its codes, and gives two codes two names', (_name, { codes, texts }) => {
    expect(Object.keys(texts).sort()).toEqual(codes.map(String).sort());
    const names = codes.map((code) => texts[code]);
    expect(new Set(names).size).toBe(names.length);
  });

  it('cannot be changed at run time', () => {
    for (const [, { texts }] of lists) expect(Object.isFrozen(texts)).toBe(true);
    expect(Object.isFrozen(LABELS)).toBe(true);
  });
});

describe('result document codes in numbers', () => {
  it('are Chinese only: no letter or digit that could run into the area code, year or sequence next to them', () => {
    for (const type of ISSUED_DOCUMENT_TYPES) expect(RESULT_DOCUMENT_NO_CODE[type]).toMatch(/^[\u4e00-\u9fff]{1,3}$/);
  });
});

describe('reading a code that came as a string', () => {
  it('gives the text of a known code and nothing for anything else', () => {
    expect(labelOf(PROCEDURE_TEXT, 'expert_review')).toBe('专家评审');
    expect(labelOf(PROCEDURE_TEXT, 'bogus')).toBeUndefined();
    expect(labelOf(PROCEDURE_TEXT, 'toString')).toBeUndefined();
    expect(labelOf(PROCEDURE_TEXT, undefined)).toBeUndefined();
    expect(labelOf(LABELS.stage.texts, 3)).toBe('施工许可');
  });

  it('names a special procedure by its code, or just 特殊程序, never by the English code', () => {
    expect(procedureText('public_notice')).toBe('公示');
    expect(procedureText('consultation')).toBe('部门会商');
    expect(procedureText(undefined)).toBe('特殊程序');
    expect(procedureText('new_procedure')).toBe('特殊程序');
  });
});

describe('the glossary (docs/glossary.md)', () => {
  it('lists each special procedure under the name the software uses', () => {
    const lines = glossary.split('\n');
    for (const [code, name] of Object.entries(PROCEDURE_TEXT)) {
      expect([code, lines.some((line) => line.startsWith(`| ${name} |`) && line.includes(`\`${code}\``))]).toEqual([code, true]);
    }
  });
});
