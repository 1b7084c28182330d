import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { Deps } from '../../platform/deps.js';
import { ErrorBody, answer, sendRefusal } from '../../platform/http/errors.js';
import { actorOf, eventOf } from '../../platform/http/actor.js';
import type { App } from '../../platform/http/types.js';
import { SlugParams } from '../../platform/schema.js';
import { GateBundle, ScanBody, ScanResult } from './access.schema.js';
import { cachedBundle } from './build-gate-bundle.js';
import { recordScans } from './record-scans.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody, 413: ErrorBody };
const MB = 1024 * 1024;

const STABLE =
  'Part of the stable station API (versioned under /api/v1; fields are only ever added) for the gate station and third-party scanners. ' +
  'Authenticate with a device token (`Authorization: Bearer …` of an account with the `device` role for this event) or as gate staff.';

/** The station API: gate bundle and scans. */
export function accessRoutes(app: App, deps: Deps): void {
  const tags = ['access'];

  app.get(
    '/api/v1/events/:slug/gate-bundle',
    {
      config: { permission: 'gate.scan' },
      schema: {
        tags,
        summary: 'What a gate needs to decide offline',
        description:
          `${STABLE}\n\nThe event's Ed25519 public key (base64url, raw 32 bytes), zones, gates, categories with their zone windows, ` +
          'accredited people (approved, with their current credential id and individual grants and bans), the revocation list, ' +
          'sessions in gated rooms (capacity, closed-door invitation lists) and who is inside which zone. A badge QR is ' +
          '`HW1.<base64url(23-byte claims ‖ 64-byte Ed25519 signature)>` (see docs/adr/0007). `version` changes whenever the content ' +
          'does: send the ETag back as If-None-Match to get 304 when nothing changed. Gzip when accepted.',
        params: SlugParams,
        response: { 200: GateBundle, 304: z.null().describe('Not modified'), ...errors },
      },
    },
    async (req, reply) => {
      const entry = await cachedBundle(deps, eventOf(req).id);
      if (!entry) return sendRefusal(req, reply, { code: 'not_found', field: 'slug' });
      const raw = reply as FastifyReply;
      raw.header('etag', entry.etag).header('cache-control', 'private, no-cache').header('vary', 'authorization, cookie, accept-encoding');
      const match = String(req.headers['if-none-match'] ?? '')
        .split(',')
        .map((t) => t.trim().replace(/^W\//, ''));
      if (match.includes(entry.etag) || match.includes('*')) return raw.code(304).send();
      // serialised once per version; Fastify sends the prepared JSON as it is
      if (/\bgzip\b/.test(String(req.headers['accept-encoding'] ?? '')))
        return raw.header('content-encoding', 'gzip').type('application/json; charset=utf-8').send(entry.gzip());
      return raw.type('application/json; charset=utf-8').send(entry.body);
    },
  );

  app.post(
    '/api/v1/events/:slug/scans',
    {
      config: { permission: 'gate.scan' },
      bodyLimit: 4 * MB,
      schema: {
        tags,
        summary: 'Record scans: one live scan, or a queue of up to 5000 uploaded after being offline',
        description:
          `${STABLE}\n\nThe body is one scan \`{ credential, gate, direction, nonce, scannedAt, offlineVerdict? }\` or an array of them; the ` +
          'answer mirrors it: one ScanResult for one scan, an array in input order for an array. Each answer says ' +
          '`{ verdict: "admit" | "refuse", code, person }` with `code` one of the stable verdict codes. The server decides with the same ' +
          'engine as the station, replaying a queue in `scannedAt` order. Each `nonce` is applied exactly once: sending it again ' +
          '(a retry, a replayed upload) answers the stored original with `duplicate: true` and changes nothing. A scan with ' +
          '`offlineVerdict` is recorded as what happened at the gate; `conflict` is `entered_elsewhere` when the same badge had entered ' +
          'through another gate and was still inside, `verdict_differs` when the server would otherwise have decided differently (its ' +
          'reason is in `code`). Exits are always admitted (`not_inside` flags an exit at an anti-passback gate of someone not recorded ' +
          'inside). Admitted entries and exits update who is inside.',
        params: SlugParams,
        body: ScanBody,
        response: { 200: z.union([ScanResult, z.array(ScanResult)]), ...errors },
      },
    },
    async (req, reply) => {
      const single = !Array.isArray(req.body);
      const inputs = Array.isArray(req.body) ? req.body : [req.body];
      const result = await recordScans(deps, actorOf(req), eventOf(req).id, inputs);
      if (!result.ok) return answer(req, reply, result);
      return reply.code(200).send(single ? result.value[0]! : result.value);
    },
  );
}
