import { describe, expect, it } from '@jest/globals';
import type { OpenAPIObject } from '@nestjs/swagger';
import { markBearerSecurity } from './openapi.js';

describe('markBearerSecurity', () => {
  it('marks operations from the access matrix: bearer and x-roles when protected, none when public, protected when missing', () => {
    const doc = {
      openapi: '3.0.0',
      info: { title: 't', version: '1' },
      paths: { '/api/a/{id}': { get: { responses: {} }, post: { responses: {} }, delete: { responses: {} } } },
    } as unknown as OpenAPIObject;
    const matrix = { 'GET /api/a/:id': 'public', 'POST /api/a/:id': ['clerk', 'supervisor'] } as const;
    const paths = markBearerSecurity(doc, matrix).paths as Record<string, Record<string, Record<string, unknown>>>;
    expect(paths['/api/a/{id}']?.['get']).toEqual({ responses: {}, security: [] });
    expect(paths['/api/a/{id}']?.['post']).toEqual({ responses: {}, security: [{ bearer: [] }], 'x-roles': ['clerk', 'supervisor'] });
    expect(paths['/api/a/{id}']?.['delete']).toEqual({ responses: {}, security: [{ bearer: [] }], 'x-roles': [] });
  });
});
