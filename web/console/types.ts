import type { z } from 'zod';
import type { ZoneView as ZoneSchema } from '../../src/modules/events/events.schema.js';
import type { GuestList } from '../../src/modules/people/people.schema.js';
import type { PublicationView as PublicationSchema } from '../../src/modules/program/program.schema.js';

/**
 * API shapes the server's schema files declare as zod values without a type beside them: inferred here from the
 * schema (type-only imports, nothing of the server's code is bundled), so a change there fails the web's build.
 */
export type ZoneView = z.infer<typeof ZoneSchema>;
export type PublicationView = z.infer<typeof PublicationSchema>;
export type GuestSummary = GuestList['items'][number];
