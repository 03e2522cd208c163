/**
 * The files of prom-client and rate-limiter-flexible the gateway imports one
 * by one, typed as their packages' index types them. Each index loads every
 * part at once: prom-client its default process metrics (with OpenTelemetry,
 * cluster and the pushgateway's http client), rate-limiter-flexible its
 * Mongo, MySQL, Postgres, Dynamo, cluster… limiters. That was ~180 KiB of the
 * bundle run at every start, ~40 ms of it before the first tools/call, for
 * classes the gateway never uses. Neither package has an `exports` map, so
 * these paths are as public as the index (and both runtimes load the bundle).
 */
declare module 'prom-client/lib/registry.js' {
  export { Registry as default } from 'prom-client';
}
declare module 'prom-client/lib/counter.js' {
  export { Counter as default } from 'prom-client';
}
declare module 'prom-client/lib/gauge.js' {
  export { Gauge as default } from 'prom-client';
}
declare module 'prom-client/lib/histogram.js' {
  export { Histogram as default } from 'prom-client';
}
declare module 'rate-limiter-flexible/lib/RateLimiterMemory.js' {
  export { RateLimiterMemory as default } from 'rate-limiter-flexible';
}
declare module 'rate-limiter-flexible/lib/RateLimiterRedis.js' {
  export { RateLimiterRedis as default } from 'rate-limiter-flexible';
}
declare module 'rate-limiter-flexible/lib/RateLimiterRes.js' {
  export { RateLimiterRes as default } from 'rate-limiter-flexible';
}
