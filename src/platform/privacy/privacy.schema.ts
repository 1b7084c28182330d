import { z } from 'zod';

/** The privacy routes' inputs and answers (the console's Privacy page imports the types). */
export const ExportQuery = z.object({ person: z.string().trim().min(1).max(320) }).strict();
export const PersonExport = z.record(z.string(), z.array(z.record(z.string(), z.unknown())));
export type PersonExport = z.infer<typeof PersonExport>;

export const ShredInput = z.object({ force: z.boolean().optional(), dryRun: z.boolean().optional() }).strict();
const Counts = z.record(z.string(), z.number().int());
export const ShredReport = z.object({
  event: z.string(),
  forced: z.boolean(),
  dryRun: z.boolean(),
  modules: z.record(z.string(), z.object({ removed: Counts, kept: Counts })),
});
export type ShredReport = z.infer<typeof ShredReport>;

const Datum = z.object({ what: z.string(), why: z.string(), retention: z.string() });
export const Registrants = z.array(z.object({ module: z.string(), holds: z.array(Datum.extend({ zh: Datum.optional() })) }));
export type Registrants = z.infer<typeof Registrants>;
