import { z } from 'zod';

/**
 * The mock's knobs. The same schema checks the factory's options, the
 * in-process `control.configure(...)` and `POST /__mock/config`, so a bad
 * setting gets the same message however it arrives.
 */

export const RATE_LIMIT_DIALECTS = [
  'none',
  'x-ratelimit-epoch',
  'x-ratelimit-delta',
  'ietf-draft-06',
  'ietf-structured',
  'retry-after-seconds',
  'retry-after-date',
] as const;
export type RateLimitDialect = (typeof RATE_LIMIT_DIALECTS)[number];

const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

const rateLimitSchema = z.strictObject({
  /** Requests allowed per org in one window. */
  limit: z.int().min(1),
  windowSeconds: z.int().min(1).max(86_400),
  dialect: z.enum(RATE_LIMIT_DIALECTS).default('ietf-draft-06'),
});
export type RateLimitConfig = z.output<typeof rateLimitSchema>;

const faultSchema = z
  .strictObject({
    method: z
      .string()
      .transform((m) => m.toUpperCase())
      .pipe(z.enum(HTTP_METHODS))
      .optional(),
    /** Matched against the path after `/api/v2/platformModel`; `*` matches any run of characters, `/` included. */
    path: z.string().regex(/^[/*]/, 'must start with "/" or "*"'),
    status: z.int().min(500).max(599).optional(),
    /** `html`: answer like a proxy in front of the API would, with a text/html page instead of JSON. */
    body: z.enum(['json', 'html']).optional(),
    latencyMs: z.int().min(0).max(600_000).optional(),
    /** How many matching requests the fault hits; every one when absent. */
    times: z.int().min(1).optional(),
  })
  .refine((f) => f.status !== undefined || f.latencyMs !== undefined, {
    message: 'a fault needs a status, a latencyMs, or both',
  })
  .refine((f) => f.body === undefined || f.status !== undefined, {
    message: 'body only applies to a fault with a status',
    path: ['body'],
  });
export type FaultConfig = z.output<typeof faultSchema>;

const configShape = {
  tokenLifetimeSeconds: z.int().min(1).max(31_536_000),
  /** null: no limiter (the default; Rose Rocket documents none). */
  rateLimit: rateLimitSchema.nullable(),
  faults: z.array(faultSchema),
  /** Strict mode: the live search quirks answer 500. */
  quirks: z.boolean(),
};

export const configPatchSchema = z.strictObject(configShape).partial();
export type MockConfigPatch = z.input<typeof configPatchSchema>;

export interface MockConfig {
  tokenLifetimeSeconds: number;
  rateLimit: RateLimitConfig | null;
  faults: FaultConfig[];
  quirks: boolean;
}

export const DEFAULT_CONFIG: MockConfig = {
  tokenLifetimeSeconds: 1800,
  rateLimit: null,
  faults: [],
  quirks: false,
};

const isFunction = (message: string) =>
  z.custom<(...args: never[]) => unknown>((v) => typeof v === 'function', { message });

const optionsSchema = configPatchSchema.extend({
  controlRoutes: z.boolean().optional(),
  now: isFunction('must be a function returning milliseconds since the epoch').optional(),
  log: isFunction('must be a function taking one line of text').optional(),
});

export interface MockOptions extends MockConfigPatch {
  /** Serve `/__mock/config` and `/__mock/reset` (off in-process, on for `npm run mock`). */
  controlRoutes?: boolean;
  /** Clock in ms since the epoch: token expiry, rate-limit windows, record timestamps. */
  now?: () => number;
  /** Where diagnostics go (an unexpected error); defaults to stderr. */
  log?: (line: string) => void;
}

export interface ResolvedOptions {
  config: MockConfig;
  controlRoutes: boolean;
  now: () => number;
  log: (line: string) => void;
}

export class MockConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid mock Rose Rocket settings: ${problems.join('; ')}`);
  }
}

/** One line per problem, each naming the field (`rateLimit.windowSeconds: ...`). */
function describe(error: z.ZodError): string[] {
  return error.issues.flatMap((issue) => {
    const at = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => `${at ? `${at}.` : ''}${key}: is not a known setting`);
    }
    return [`${at || '(root)'}: ${issue.message}`];
  });
}

export function parseOptions(options: unknown): ResolvedOptions {
  const parsed = optionsSchema.safeParse(options ?? {});
  if (!parsed.success) throw new MockConfigError(describe(parsed.error));
  const { controlRoutes, now, log, ...patch } = parsed.data;
  return {
    config: { ...DEFAULT_CONFIG, ...patch },
    controlRoutes: controlRoutes ?? false,
    now: (now as (() => number) | undefined) ?? Date.now,
    log: (log as ((line: string) => void) | undefined) ?? ((line) => console.error(line)),
  };
}

export function parseConfigPatch(patch: unknown): Partial<MockConfig> {
  const parsed = configPatchSchema.safeParse(patch);
  if (!parsed.success) throw new MockConfigError(describe(parsed.error));
  return parsed.data;
}
