import type { Command } from 'commander';
import { createPlatform } from '../main.js';
import { loadConfig } from '../platform/config.js';
import { SYSTEM } from '../platform/deps.js';
import { translate } from '../platform/i18n/messages.js';
import { exportPersonData, shredEventData } from '../platform/privacy/privacy.js';
import type { ShredReport } from '../platform/privacy/registry.js';
import type { Refusal } from '../platform/result.js';
import { privacyRegistry } from '../privacy-registrants.js';

const fail = (r: Refusal): never => {
  console.error(`error: ${translate('en', `error.${r.code}`, { field: r.field ?? '', ...r.params })}${r.field ? ` (${r.field})` : ''}`);
  process.exit(1);
};

const counts = (c: Record<string, number>) => Object.entries(c).map(([k, n]) => `${k} ${n}`).join(', ') || 'nothing';

/** The shred report as lines: per module what was removed and what stays for the statistics. */
export function formatShredReport(report: ShredReport): string {
  const head = `${report.dryRun ? 'would shred' : 'shredded'} the personal data of ${report.event}${report.forced ? ' (forced before its end)' : ''}`;
  return [head, ...Object.entries(report.modules).map(([module, o]) => `  ${module}: removed ${counts(o.removed)}; kept ${counts(o.kept)}`)].join('\n');
}

async function eventBySlug(slug: string) {
  const platform = await createPlatform(loadConfig());
  const row = await platform.deps.db.selectFrom('events').select(['id', 'slug', 'end_date']).where('slug', '=', slug).executeTakeFirst();
  if (!row) {
    await platform.close();
    return fail({ ok: false, code: 'not_found', field: 'event' });
  }
  return { platform, event: { id: row.id, slug: row.slug, endDate: row.end_date } };
}

/**
 * `huiwu privacy export --event <slug> --person <e-mail or guest id>`: one JSON object, a key per module that
 * holds data on the person; `huiwu privacy shred --event <slug> [--force] [--dry-run] [--json]`: the retention
 * policy applied after the event, what was removed per module and the counts kept.
 */
export function registerPrivacyCommands(program: Command): void {
  const privacy = program.command('privacy').description("personal data across modules: one person's export, and the event shredder");
  privacy
    .command('export')
    .description("print one person's data from every module as one JSON object (a subject-access request)")
    .requiredOption('--event <slug>')
    .requiredOption('--person <e-mail or guest id>')
    .action(async (opts: { event: string; person: string }) => {
      const { platform, event } = await eventBySlug(opts.event);
      const res = await exportPersonData(platform.deps, privacyRegistry(), SYSTEM, event, opts.person);
      await platform.close();
      if (!res.ok) fail(res);
      else console.log(JSON.stringify(res.value, null, 2));
    });
  privacy
    .command('shred')
    .description("delete or anonymise the event's personal data in every module after it has ended, keeping the statistics")
    .requiredOption('--event <slug>')
    .option('--force', 'shred before the event has ended')
    .option('--dry-run', 'print what would be removed, remove nothing')
    .option('--json', 'print the report as JSON: { event, forced, dryRun, modules: { <module>: { removed, kept } } }')
    .action(async (opts: { event: string; force?: boolean; dryRun?: boolean; json?: boolean }) => {
      const { platform, event } = await eventBySlug(opts.event);
      const res = await shredEventData(platform.deps, privacyRegistry(), SYSTEM, event, { force: opts.force === true, dryRun: opts.dryRun === true });
      await platform.close();
      if (!res.ok) fail(res);
      else console.log(opts.json ? JSON.stringify(res.value) : formatShredReport(res.value));
    });
}
