import { UpstreamRequestError } from './errors.ts';
import type { OutgoingRequest, QueryValue, UpstreamRequest } from './wire.ts';

/** Where the platform-model API lives; `UpstreamRequest.path` is relative to it. */
export const PLATFORM_MODEL_PATH = '/api/v2/platformModel';

export interface ApiUrls {
  /** `…/api/v2/platformModel`, no trailing slash. */
  base: string;
  /** What the platform model hangs off (`https://network.roserocket.com`), for `/api/v1/me`. */
  root: string;
}

/**
 * `apiUrl` is the platform-model base (`https://network.roserocket.com/api/v2/platformModel`,
 * possibly under a proxy prefix). A bare host can only mean the API on that
 * host, so it gets the standard path; any other path is taken as the base as
 * given, with the origin as its root.
 */
export function resolveApiUrls(apiUrl: string, field = 'apiUrl'): ApiUrls {
  const url = absoluteHttpUrl(apiUrl, field);
  const path = url.pathname.replace(/\/+$/, '');
  if (path.endsWith(PLATFORM_MODEL_PATH)) {
    return { base: `${url.origin}${path}`, root: `${url.origin}${path.slice(0, -PLATFORM_MODEL_PATH.length)}` };
  }
  return { base: `${url.origin}${path || PLATFORM_MODEL_PATH}`, root: url.origin };
}

export function absoluteHttpUrl(value: string, field: string): URL {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new TypeError(`${field}: must be an absolute URL, got ${JSON.stringify(value)}`);
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') throw new TypeError(`${field}: must be an http(s) URL`);
  if (url.username || url.password) throw new TypeError(`${field}: must not carry credentials`);
  if (url.search || url.hash) throw new TypeError(`${field}: must not carry a query or fragment`);
  return url;
}

export interface Credentials {
  accessToken: string;
  orgId: string;
}

/** A request checked and serialised once; each attempt adds its own token. */
export interface PreparedRequest {
  method: UpstreamRequest['method'];
  url: string;
  body: string | null;
  /** `METHOD /path`, for messages; a long path is cut short. */
  operation: string;
}

/** The most of a path a message names: an id the caller sent may be any size, and messages quote the operation. */
export const OPERATION_PATH_LIMIT = 160;

/**
 * Checks and serialises an `UpstreamRequest`. Pure, and throws an
 * `UpstreamRequestError` for what can never be sent, before any token is fetched.
 */
export function prepareRequest(baseUrl: string, req: UpstreamRequest): PreparedRequest {
  const path = encodePath(req.path);
  const operation = `${req.method} ${path.length > OPERATION_PATH_LIMIT ? `${path.slice(0, OPERATION_PATH_LIMIT - 1)}…` : path}`;
  if (req.body !== undefined && req.method === 'GET') {
    throw new UpstreamRequestError(`${operation}: a GET request cannot carry a body`);
  }
  return { method: req.method, url: urlOf(baseUrl, path, req.query), body: req.body === undefined ? null : JSON.stringify(req.body), operation };
}

/** The request one attempt sends: a retry after a 401 carries the new token. */
export function toRequest(prepared: PreparedRequest, credentials: Credentials): OutgoingRequest {
  return {
    method: prepared.method,
    url: prepared.url,
    headers: {
      Authorization: `Bearer ${credentials.accessToken}`,
      'Content-Type': 'application/json',
      Accept: 'application/json',
      'x-org-id': credentials.orgId,
    },
    body: prepared.body,
  };
}

export function buildRequest(baseUrl: string, req: UpstreamRequest, credentials: Credentials): OutgoingRequest {
  return toRequest(prepareRequest(baseUrl, req), credentials);
}

function urlOf(baseUrl: string, path: string, query: UpstreamRequest['query']): string {
  const search = buildQuery(query)?.toString();
  return `${baseUrl.replace(/\/+$/, '')}${path}${search ? `?${search}` : ''}`;
}

/**
 * Each segment through `encodeURIComponent`, so `ERP/992 x` stays one
 * segment. `.` and `..` pass through `encodeURIComponent` unchanged and URL
 * parsing resolves them, which would silently address another resource, so
 * they (and empty segments) are refused.
 */
function encodePath(path: readonly string[]): string {
  return path
    .map((segment, index) => {
      if (typeof segment !== 'string' || segment === '' || segment === '.' || segment === '..') {
        throw new UpstreamRequestError(`path segment ${index + 1} (${JSON.stringify(segment)}) cannot be sent in a URL`);
      }
      return `/${encodeURIComponent(segment)}`;
    })
    .join('');
}

/**
 * `undefined`/`null` and empty arrays say nothing and are left out; arrays go
 * comma-joined. `null` when nothing is left: most calls send no query.
 */
function buildQuery(query: Record<string, QueryValue> | undefined): URLSearchParams | null {
  let params: URLSearchParams | null = null;
  for (const key in query) {
    const value = query[key];
    if (value === undefined || value === null || (isList(value) && value.length === 0)) continue;
    (params ??= new URLSearchParams()).set(key, isList(value) ? value.join(',') : String(value));
  }
  return params;
}

function isList(value: QueryValue): value is readonly string[] {
  return Array.isArray(value);
}
