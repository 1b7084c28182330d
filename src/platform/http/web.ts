import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { App } from './types.js';

/**
 * Serves the built web app from the same server (no second process): the attendee app at /, the console
 * at /console, the stations under /stations/. Unknown paths inside each fall back to its index.html, so
 * deep links work; hashed assets are cached for a year, pages and the service worker never.
 */
export async function serveWeb(app: App, root: string): Promise<boolean> {
  if (!existsSync(join(root, 'index.html'))) return false;
  await app.register(fastifyStatic, {
    root,
    prefix: '/',
    wildcard: false,
    index: ['index.html'],
    // the build writes .br/.gz beside each asset; send those to clients that accept them
    preCompressed: true,
    // our own Cache-Control below; the plugin's default (max-age=0) would overwrite it
    cacheControl: false,
    setHeaders: (res, path) => {
      res.setHeader('cache-control', /[\\/]assets[\\/]/.test(path) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  });
  const page = (file: string) => async (request: FastifyRequest, reply: FastifyReply) => {
    // API paths keep their coded 404; only page routes fall back to the app.
    if (request.url.startsWith('/api/')) return reply.callNotFound();
    reply.header('cache-control', 'no-cache');
    return reply.sendFile(file);
  };
  for (const [prefix, file] of [['/console', 'console/index.html'], ['/stations', 'stations/index.html']] as const) {
    app.get(prefix, { config: { permission: 'public' }, schema: { hide: true } }, page(file));
    app.get(`${prefix}/*`, { config: { permission: 'public' }, schema: { hide: true } }, page(file));
  }
  app.get('/*', { config: { permission: 'public' }, schema: { hide: true } }, page('index.html'));
  return true;
}
