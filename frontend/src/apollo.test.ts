import { ApolloLink } from '@apollo/client';
import { firstValueFrom } from 'rxjs';
import { describe, expect, it, vi } from 'vitest';
import { createApolloClient, csrfLink, createHttpLink, endpointFor, orgScope } from './apollo';
import { MeQuery } from './graphql/operations';
import { readCookie } from './csrf';

function fakeFetch() {
  return vi.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) =>
      new Response(JSON.stringify({ data: { me: null } }), { status: 200, headers: { 'Content-Type': 'application/json' } }),
  );
}

function headerOf(init: RequestInit | undefined, name: string): string | null {
  return new Headers(init?.headers).get(name);
}

describe('endpoints', () => {
  it('uses /graphql/ without an organisation and /o/<code>/graphql/ inside one', () => {
    expect(endpointFor(undefined)).toBe('/graphql/');
    expect(endpointFor(null)).toBe('/graphql/');
    expect(endpointFor('533103')).toBe('/o/533103/graphql/');
  });

  it('routes each operation by its context and sends the current CSRF cookie every time', async () => {
    const fetchMock = fakeFetch();
    const client = createApolloClient(fetchMock as unknown as typeof fetch);

    document.cookie = 'csrftoken=first-token; path=/';
    await client.query({ query: MeQuery, fetchPolicy: 'network-only' });
    expect(fetchMock.mock.calls[0][0]).toBe('/graphql/');
    expect(headerOf(fetchMock.mock.calls[0][1], 'X-CSRFToken')).toBe('first-token');
    expect(fetchMock.mock.calls[0][1]?.credentials).toBe('same-origin');

    // The token rotates at login: the next request must carry the new value.
    document.cookie = 'csrftoken=rotated-token; path=/';
    await client.query({ query: MeQuery, fetchPolicy: 'network-only', context: orgScope('533102') });
    expect(fetchMock.mock.calls[1][0]).toBe('/o/533102/graphql/');
    expect(headerOf(fetchMock.mock.calls[1][1], 'X-CSRFToken')).toBe('rotated-token');
  });

  it('sends no CSRF header when there is no cookie', async () => {
    const fetchMock = fakeFetch();
    const link = ApolloLink.from([csrfLink, createHttpLink(fetchMock as unknown as typeof fetch)]);
    await firstValueFrom(
      ApolloLink.execute(link, { query: MeQuery }, { client: createApolloClient(fetchMock as unknown as typeof fetch) }),
    );
    expect(headerOf(fetchMock.mock.calls[0][1], 'X-CSRFToken')).toBeNull();
  });
});

describe('readCookie', () => {
  it('finds a cookie among others and decodes it', () => {
    expect(readCookie('csrftoken', 'sessionid=abc; csrftoken=x%2By; other=1')).toBe('x+y');
    expect(readCookie('csrftoken', 'sessionid=abc')).toBeNull();
    expect(readCookie('csrftoken', '')).toBeNull();
  });
});

describe('cache ids', () => {
  it('keys tenant objects by the organisation of the page, organisations globally', async () => {
    const { cacheId, pageOrganisation } = await import('./apollo');
    expect(pageOrganisation('/o/533103/plans')).toBe('533103');
    expect(pageOrganisation('/public/533102')).toBe('533102');
    expect(pageOrganisation('/login')).toBe('');
    window.history.pushState({}, '', '/o/533103/plans');
    const mangshi = cacheId({ __typename: 'AnnualPlan', id: 'QW5udWFsUGxhbjox' });
    window.history.pushState({}, '', '/o/533102/plans');
    const ruili = cacheId({ __typename: 'AnnualPlan', id: 'QW5udWFsUGxhbjox' });
    expect(mangshi).not.toBe(ruili);
    expect(cacheId({ __typename: 'Organisation', id: 'T3JnOjE=' })).toBe('Organisation:T3JnOjE=');
    window.history.pushState({}, '', '/');
  });
});
