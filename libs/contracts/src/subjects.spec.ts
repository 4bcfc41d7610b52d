import { describe, expect, it } from '@jest/globals';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Events, Rpc } from './subjects.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const catalogue = readFileSync(path.join(here, '..', '..', '..', 'docs', 'subjects.md'), 'utf8');

const rpcSubjects = Object.values(Rpc).flatMap((group) => Object.values(group).map((d) => d.subject));
const eventSubjects = Object.values(Events).map((d) => d.subject);

describe('the subject catalogue', () => {
  it('names every subject once, versioned, in the documented namespaces', () => {
    const all = [...rpcSubjects, ...eventSubjects];
    expect(new Set(all).size).toBe(all.length);
    for (const s of rpcSubjects) expect(s).toMatch(/^yc\.rpc\.[a-z]+\.[a-z.-]+\.v\d+$/);
    for (const s of eventSubjects) expect(s).toMatch(/^yc\.evt\.[a-z]+\.[a-z.-]+\.v\d+$/);
  });

  it('is documented for people in docs/subjects.md', () => {
    const missing = [...rpcSubjects, ...eventSubjects].filter((s) => !catalogue.includes(`\`${s}\``));
    expect(missing).toEqual([]);
  });
});
