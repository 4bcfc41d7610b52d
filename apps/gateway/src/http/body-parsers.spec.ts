import { describe, expect, it } from '@jest/globals';
import { queryProblems } from './body-parsers.js';
import { corsOrigins } from './security.js';

describe('gateway query checks', () => {
  it('refuses empty, repeated and nested parameters and bad strings, naming the parameter', () => {
    expect(queryProblems({ from: '2026-01-05', days: '3' })).toEqual([]);
    expect(queryProblems({ days: '' })).toEqual([expect.objectContaining({ field: 'days', kind: 'empty' })]);
    expect(queryProblems({ days: ['1', '2'] })).toEqual([expect.objectContaining({ field: 'days', kind: 'repeated' })]);
    expect(queryProblems({ a: { b: 'c' } })[0]).toEqual(expect.objectContaining({ field: 'a', kind: 'nested' }));
    expect(queryProblems({ q: 'x\u0000' })[0]?.field).toBe('q');
    expect(queryProblems({ constructor: 'x' })[0]?.field).toBe('constructor');
  });

  it('reads the CORS allow-list; empty means none', () => {
    expect(corsOrigins('')).toEqual([]);
    expect(corsOrigins(undefined)).toEqual([]);
    expect(corsOrigins(' https://a.example , https://b.example,')).toEqual(['https://a.example', 'https://b.example']);
  });
});
