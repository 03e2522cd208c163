import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/**
 * Rose Rocket answers every error in the NestJS envelope
 * `{statusCode, message, error}`; `message` is a string[] on 400 validation
 * errors and a string elsewhere. The mock builds every error through here.
 */
const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export interface NestError {
  statusCode: number;
  message: string | string[];
  error?: string;
}

export function nestError(statusCode: number, message: string | string[]): NestError {
  // Rose Rocket's 500 carries no `error` field.
  if (statusCode === 500) return { statusCode, message };
  return { statusCode, message, error: REASONS[statusCode] ?? 'Error' };
}

/** Thrown anywhere in a route; the app's error handler answers it in the envelope. */
export class MockHttpError extends Error {
  constructor(
    readonly statusCode: number,
    readonly messages: string | string[],
  ) {
    super(Array.isArray(messages) ? messages.join('; ') : messages);
  }
}

/** A 400 whose message lists every problem, as NestJS validation does. */
export const badRequest = (...messages: string[]) => new MockHttpError(400, messages);
export const notFound = (message: string) => new MockHttpError(404, message);

export function sendError(c: Context, statusCode: number, message: string | string[]) {
  return c.json(nestError(statusCode, message), statusCode as ContentfulStatusCode);
}
