import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { markBearerSecurity } from './openapi.js';

describe('markBearerSecurity', () => {
  it('puts the bearer scheme on protected operations and none on public ones', () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/a': { get: { 'x-public': true, responses: {} }, post: { responses: {} } } },
    } as unknown as OpenAPIObject;
    const paths = markBearerSecurity(doc).paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(paths['/a']?.['get']).toEqual({ responses: {}, security: [] });
    expect(paths['/a']?.['post']).toEqual({ responses: {}, security: [{ bearer: [] }] });
  });
});
