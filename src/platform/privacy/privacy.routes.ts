import type { Deps } from '../deps.js';
import { actorOf, eventOf } from '../http/actor.js';
import { ErrorBody, answer } from '../http/errors.js';
import type { App } from '../http/types.js';
import { SlugParams } from '../schema.js';
import { exportPersonData, shredEventData } from './privacy.js';
import { ExportQuery, PersonExport, Registrants, ShredInput, ShredReport } from './privacy.schema.js';
import type { PrivacyRegistry } from './registry.js';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const EV = '/api/v1/events/:slug';

const privacyEvent = (e: { id: number; slug: string; end_date: string }) => ({ id: e.id, slug: e.slug, endDate: e.end_date });

/** The console's privacy section: what each module holds, one person's export, and the event shredder. */
export function privacyRoutes(app: App, deps: Deps, registry: PrivacyRegistry): void {
  const tags = ['privacy'];
  const config = { permission: 'privacy.manage' } as const;
  app.get(
    `${EV}/privacy/registrants`,
    { config, schema: { tags, summary: 'What personal data each module holds, why, and how long', params: SlugParams, response: { 200: Registrants, ...errors } } },
    async () => registry.list().map((r) => ({ module: r.module, holds: r.holds })),
  );
  app.get(
    `${EV}/privacy/export`,
    {
      config,
      schema: {
        tags,
        summary: "One person's data from every module (a subject-access request)",
        description: '`person` is an e-mail address or a guest id; 404 `privacy_person_unknown` when no guest or account of the event matches. A key per module that holds data on the person, each a list of records. Audited.',
        params: SlugParams,
        querystring: ExportQuery,
        response: { 200: PersonExport, ...errors },
      },
    },
    async (req, reply) => answer(req, reply, await exportPersonData(deps, registry, actorOf(req), privacyEvent(eventOf(req)), req.query.person)),
  );
  app.post(
    `${EV}/privacy/shred`,
    {
      config,
      schema: {
        tags,
        summary: "Deletes or anonymises the event's personal data in every module, keeping the statistics",
        description: "After the event's end date; before it 409 `privacy_event_running` unless `force: true`. `dryRun: true` answers what would be removed and removes nothing. Audited.",
        params: SlugParams,
        body: ShredInput,
        response: { 200: ShredReport, ...errors, 409: ErrorBody },
      },
    },
    async (req, reply) => answer(req, reply, await shredEventData(deps, registry, actorOf(req), privacyEvent(eventOf(req)), { force: req.body.force === true, dryRun: req.body.dryRun === true })),
  );
}
