import { describe, expect, it } from 'vitest';
import { UpstreamRequestError } from './errors.ts';
import { buildRequest, prepareRequest, resolveApiUrls } from './request.ts';

const BASE = 'https://network.roserocket.com/api/v2/platformModel';
const CREDENTIALS = { accessToken: 'tok-123', orgId: '0f5c2a8e-1b7d-4c3a-9e21-6d8f4b2a7c10' };

describe('buildRequest', () => {
  it('encodes each path segment on its own, so a slash or space stays inside its segment', () => {
    const request = buildRequest(BASE, { method: 'GET', path: ['objects', 'order', 'ERP/992 x', 'external'] }, CREDENTIALS);
    expect(request.url).toBe(`${BASE}/objects/order/ERP%2F992%20x/external`);
  });

  it('encodes characters that would otherwise start a query or fragment', () => {
    const request = buildRequest(BASE, { method: 'GET', path: ['objects', 'a?b#c&d=%'] }, CREDENTIALS);
    expect(new URL(request.url).pathname).toBe('/api/v2/platformModel/objects/a%3Fb%23c%26d%3D%25');
    expect(new URL(request.url).search).toBe('');
  });

  it.each(['..', '.', ''])('refuses the path segment %j instead of letting URL parsing resolve it', (segment) => {
    expect(() => buildRequest(BASE, { method: 'GET', path: ['objects', segment] }, CREDENTIALS)).toThrow(UpstreamRequestError);
    expect(() => buildRequest(BASE, { method: 'GET', path: ['objects', segment] }, CREDENTIALS)).toThrow(/path segment 2/);
  });

  it('still sends segments that merely contain dots or look encoded', () => {
    const request = buildRequest(BASE, { method: 'GET', path: ['objects', '...', '%2e%2e'] }, CREDENTIALS);
    expect(request.url).toBe(`${BASE}/objects/.../%252e%252e`);
  });

  it('joins query arrays with commas and drops undefined, null and empty arrays', () => {
    const request = buildRequest(
      BASE,
      {
        method: 'GET',
        path: ['events'],
        query: { recordId: 'r 1', paths: ['customer', 'stops.address'], limit: 50, isDetailView: false, boardId: undefined, type: null, ids: [] },
      },
      CREDENTIALS,
    );
    const url = new URL(request.url);
    expect([...url.searchParams]).toEqual([
      ['recordId', 'r 1'],
      ['paths', 'customer,stops.address'],
      ['limit', '50'],
      ['isDetailView', 'false'],
    ]);
    expect(url.search).not.toMatch(/undefined|null|ids/);
  });

  it('leaves no dangling "?" when every query value is dropped', () => {
    const request = buildRequest(BASE, { method: 'GET', path: ['userGroups'], query: { limit: undefined } }, CREDENTIALS);
    expect(request.url).toBe(`${BASE}/userGroups`);
  });

  it('sends the bearer token, JSON headers and the org id', () => {
    const headers = new Headers(buildRequest(BASE, { method: 'GET', path: ['boards', 'nav'] }, CREDENTIALS).headers);
    expect(headers.get('authorization')).toBe('Bearer tok-123');
    expect(headers.get('content-type')).toBe('application/json');
    expect(headers.get('accept')).toBe('application/json');
    expect(headers.get('x-org-id')).toBe(CREDENTIALS.orgId);
  });

  it('serialises the body as JSON', () => {
    const body = { objectKey: 'order', json: { externalId: 'ERP-992', notes: 'ünïcode' } };
    const request = buildRequest(BASE, { method: 'PATCH', path: ['objects'], body }, CREDENTIALS);
    expect(request.method).toBe('PATCH');
    expect(JSON.parse(request.body!)).toEqual(body);
  });

  it('sends no body when none is given', () => {
    const request = buildRequest(BASE, { method: 'DELETE', path: ['objects', 'abc'] }, CREDENTIALS);
    expect(request.body).toBeNull();
  });

  it('refuses a GET with a body, naming the operation', () => {
    expect(() => buildRequest(BASE, { method: 'GET', path: ['objects'], body: {} }, CREDENTIALS)).toThrow('GET /objects: a GET request cannot carry a body');
  });

  it('tolerates a trailing slash on the base', () => {
    expect(buildRequest(`${BASE}/`, { method: 'GET', path: ['userGroups'] }, CREDENTIALS).url).toBe(`${BASE}/userGroups`);
  });
});

describe('the operation named in messages', () => {
  it('is the method and encoded path, never the host or the query', () => {
    const prepared = prepareRequest(BASE, { method: 'GET', path: ['objects', 'order', 'ERP/992', 'external'], query: { paths: ['customer'] } });
    expect(prepared.operation).toBe('GET /objects/order/ERP%2F992/external');
  });
});

describe('resolveApiUrls', () => {
  it.each([
    [BASE, BASE, 'https://network.roserocket.com'],
    [`${BASE}/`, BASE, 'https://network.roserocket.com'],
    ['https://demo.roserocket.com', 'https://demo.roserocket.com/api/v2/platformModel', 'https://demo.roserocket.com'],
    ['http://127.0.0.1:4010/rr/api/v2/platformModel', 'http://127.0.0.1:4010/rr/api/v2/platformModel', 'http://127.0.0.1:4010/rr'],
    ['https://proxy.example/rose', 'https://proxy.example/rose', 'https://proxy.example'],
  ])('%s → base %s, root %s', (apiUrl, base, root) => {
    expect(resolveApiUrls(apiUrl)).toEqual({ base, root });
  });

  it.each([
    ['network.roserocket.com', /apiUrl: must be an absolute URL/],
    ['ftp://network.roserocket.com', /apiUrl: must be an http\(s\) URL/],
    ['https://user:pw@network.roserocket.com', /apiUrl: must not carry credentials/],
    ['https://network.roserocket.com/?org=1', /apiUrl: must not carry a query/],
  ])('refuses %s with a message naming the field', (apiUrl, message) => {
    expect(() => resolveApiUrls(apiUrl)).toThrow(message);
  });
});
