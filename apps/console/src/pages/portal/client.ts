/**
 * The applicant's own API client: the same typed paths as the staff console (schema.d.ts), but a client of its
 * own, so that the applicant token (role `applicant`, one application) never mixes with a staff session's token
 * or its renewal. The token lives in this tab's sessionStorage only (never localStorage: a shared phone or hall PC
 * forgets it with the tab).
 */
import createClient from 'openapi-fetch';
import type { paths } from '../../api/schema';
import type { Names } from '../../lib/portal';
import type { CatalogueItem } from '../../api/views';
import { api, must } from '../../api/client';

export const portalApi = createClient<paths>({ baseUrl: '' });

const KEY = 'yichuang.portal';
export interface PortalToken {
  accessToken: string;
  caseNo?: string;
  applicationId: string;
}

export function loadToken(): PortalToken | undefined {
  try {
    return (JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as PortalToken | null) ?? undefined;
  } catch {
    return undefined;
  }
}

export function keepToken(t: PortalToken | undefined): void {
  if (t) sessionStorage.setItem(KEY, JSON.stringify(t));
  else sessionStorage.removeItem(KEY);
}

portalApi.use({
  onRequest({ request }) {
    const t = loadToken();
    if (t) request.headers.set('authorization', `Bearer ${t.accessToken}`);
    return request;
  },
});

/** item and department names from the public catalogue, to name what is rated (empty when it cannot be read) */
export async function catalogueNames(): Promise<Names> {
  try {
    const items = await must<CatalogueItem[]>(api.GET('/api/v1/catalog/items'));
    const names: Names = { items: {}, departments: {} };
    for (const i of items) {
      names.items[i.code] = i.name;
      if (i.department.name) names.departments[i.department.code] = i.department.name;
    }
    return names;
  } catch {
    return { items: {}, departments: {} };
  }
}

/**
 * A PDF of the applicant's case by the address the overview gave (`documents[].url` carries `?documentNo=`, which
 * the gateway's OpenAPI document does not describe yet, so the typed client cannot add it), with the applicant
 * token; shaped like an openapi-fetch answer for `showPdf`.
 */
export async function portalPdf(url: string): Promise<{ data?: Blob; error?: unknown; response: Response }> {
  if (!url.startsWith('/api/v1/portal/')) throw new Error(`not a portal address: ${url}`);
  const t = loadToken();
  const response = await fetch(url, { headers: t ? { authorization: `Bearer ${t.accessToken}` } : {} });
  if (response.ok) return { data: await response.blob(), response };
  return { error: await response.json().catch(() => undefined), response };
}
