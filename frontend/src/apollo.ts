import { ApolloClient, ApolloLink, defaultDataIdFromObject, HttpLink, InMemoryCache } from '@apollo/client';
import { SetContextLink } from '@apollo/client/link/context';
import { CSRF_HEADER, csrfToken } from './csrf';

declare module '@apollo/client' {
  interface DefaultContext {
    /**
     * The organisation an operation runs in. Set it (see `orgScope`) for everything inside an
     * organisation: the operation goes to `/o/<code>/graphql/`. Leave it unset (or null) for
     * anonymous calls, login, logout and `me`: they go to `/graphql/`.
     */
    orgCode?: string | null;
  }
}

export const GLOBAL_ENDPOINT = '/graphql/';

/** `/o/<code>/graphql/`, always with the trailing slash (a POST without it loses its body). */
export function orgEndpoint(code: string): string {
  return `/o/${encodeURIComponent(code)}/graphql/`;
}

export function endpointFor(orgCode: string | null | undefined): string {
  return orgCode ? orgEndpoint(orgCode) : GLOBAL_ENDPOINT;
}

/** Operation context for a call inside an organisation. */
export function orgScope(code: string): { orgCode: string } {
  return { orgCode: code };
}

/** Adds `X-CSRFToken` from the `csrftoken` cookie, read again for every request. */
export const csrfLink = new SetContextLink((prevContext) => {
  const token = csrfToken();
  if (!token) return {};
  return { headers: { ...(prevContext.headers as Record<string, string> | undefined), [CSRF_HEADER]: token } };
});

export function createHttpLink(fetchImpl?: typeof fetch): HttpLink {
  return new HttpLink({
    uri: (operation) => endpointFor(operation.getContext().orgCode),
    credentials: 'same-origin',
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  });
}

/** Types whose ids are global (public schema); every other id is unique only inside one organisation. */
const GLOBAL_TYPES = new Set(['Organisation', 'Me', 'OrganisationAccess']);

/** The organisation of the page being shown (`/o/<code>/…` or `/public/<code>/…`), or ''. */
export function pageOrganisation(pathname: string = window.location.pathname): string {
  const match = /^\/(?:o|public)\/([^/]+)/.exec(pathname);
  return match ? decodeURIComponent(match[1]) : '';
}

/**
 * Cache ids: tenant objects are keyed by the organisation of the page too, so "AnnualPlan:1"
 * of 芒市 and "AnnualPlan:1" of 瑞丽市 can never be merged into one cache entry.
 */
export function cacheId(object: Parameters<typeof defaultDataIdFromObject>[0]): string | undefined {
  const id = defaultDataIdFromObject(object);
  if (!id || GLOBAL_TYPES.has(String(object.__typename))) return id;
  return `${pageOrganisation()}|${id}`;
}

export function createCache(): InMemoryCache {
  return new InMemoryCache({
    dataIdFromObject: cacheId,
    typePolicies: {
      // Tenant data: ids are only unique inside one organisation's schema, so these objects are
      // not normalised across organisations; org-scoped queries also use fetchPolicy network-only.
      AuditRecord: { keyFields: false },
      Job: { keyFields: false },
      // One entry per user; the list of accesses has no id of its own.
      Me: { fields: { organisations: { merge: false } } },
    },
  });
}

export function createApolloClient(fetchImpl?: typeof fetch): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([csrfLink, createHttpLink(fetchImpl)]),
    cache: createCache(),
  });
}
