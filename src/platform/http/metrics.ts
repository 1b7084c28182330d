import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import type { App } from './types.js';

/** Prometheus metrics per server (own registry, so tests can run several servers in one process). */
export function createMetrics(app: App) {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'huiwu_' });
  const requests = new Counter({
    name: 'huiwu_http_requests_total',
    help: 'HTTP requests by route and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'huiwu_http_request_duration_seconds',
    help: 'HTTP request duration by route',
    labelNames: ['method', 'route'] as const,
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [registry],
  });
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    requests.inc({ method: request.method, route, status: String(reply.statusCode) });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
  return { registry };
}
