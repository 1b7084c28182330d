#!/usr/bin/env node
import { readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { createHuiwu, createPlatform, migrations } from '../main.js';
import { createAdmin } from '../platform/auth/accounts.js';
import { loadConfig } from '../platform/config.js';
import { migrateToLatest, openDatabase } from '../platform/db/database.js';
import { SYSTEM } from '../platform/deps.js';
import { translate } from '../platform/i18n/messages.js';
import type { Refusal } from '../platform/result.js';
import { DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_SLUG, loadDemo, type DemoScale } from '../demo/load-demo.js';
import { importScheduleFile } from '../modules/program/import-schedule-file.js';
import { publishProgramme } from '../modules/program/publish-programme.js';
import { exportProgramme, EXPORT_FORMATS, type ExportFormat } from './export-programme.js';
import { progressBar } from './progress.js';
import { printBadgesToFile } from './badges.js';
import { runDarp } from './darp.js';
import { runSimulate } from './simulate.js';
import { runFace, type FaceCliOptions } from './face.js';
import { shredEventFaces } from './faces-shred.js';
import { registerPrivacyCommands } from './privacy.js';
import { runPlate, type PlateCliOptions } from './plate.js';
import type { HttpRawOptions } from './simulate-http.js';

const count = (v: string) => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 1_000_000) throw new InvalidArgumentError('a whole number from 0 to 1,000,000');
  return n;
};
const fail = (r: Refusal): never => {
  console.error(`error: ${translate('en', `error.${r.code}`, { field: r.field ?? '', ...r.params })}${r.field ? ` (${r.field})` : ''}`);
  process.exit(1);
};

const program = new Command('huiwu').description('Huiwu (会务): operations platform for large conferences').version('0.1.0');

program
  .command('start')
  .description('migrate, load the WIC 2017 demo into an empty database, and serve')
  .option('--no-demo', 'do not load the demo event into an empty database')
  .action(async (opts: { demo: boolean }) => {
    const config = loadConfig();
    const huiwu = await createHuiwu(config);
    const empty = !(await huiwu.deps.db.selectFrom('events').select('id').limit(1).executeTakeFirst());
    if (empty && opts.demo) {
      console.log('Loading the WIC 2017 demo event (第四届世界互联网大会) …');
      const res = await loadDemo(huiwu.deps, { guests: 1500, volunteers: 1000, exhibitors: 400, seed: 2017 }, bar);
      if (!res.ok) fail(res);
    }
    const address = await huiwu.app.listen({ port: config.port, host: config.host });
    const url = config.publicUrl ?? address;
    const shutdown = async () => {
      await huiwu.close();
      process.exit(0);
    };
    process.once('SIGINT', () => void shutdown());
    process.once('SIGTERM', () => void shutdown());
    const demoReady = await huiwu.deps.db.selectFrom('events').select('id').where('slug', '=', DEMO_SLUG).executeTakeFirst();
    console.log(`\nHuiwu is running at ${url}  (database: ${huiwu.database.dialect})`);
    console.log(`  Attendee app: ${url}/   ·   Console: ${url}/console`);
    console.log(`  API docs:   ${url}/api/v1/docs`);
    if (demoReady) {
      console.log(`  Programme:  ${url}/api/v1/events/${DEMO_SLUG}/programme?lang=zh`);
      console.log(`  Demo login: ${DEMO_ACCOUNTS[0]!.email} / ${DEMO_PASSWORD}  (POST ${url}/api/v1/auth/login)`);
    }
  });
// one bar per step of the demo load (people, then their guest records and badges)
const bars = new Map<string, (done: number, total: number) => void>();
const bar = (step: string, done: number, total: number) => {
  if (!bars.has(step)) bars.set(step, progressBar(step));
  bars.get(step)!(done, total);
};

program
  .command('migrate')
  .description('bring the database schema up to date')
  .action(async () => {
    // Not createPlatform: it migrates on open, so this command would never see a migration to report.
    const database = openDatabase(loadConfig().database);
    const applied = await migrateToLatest(database.db, migrations);
    console.log(applied.length ? `applied: ${applied.join(', ')}` : 'database is up to date');
    await database.close();
  });

program
  .command('demo')
  .description('load the WIC 2017 event and generate people at the real event\'s scale')
  .option('--guests <n>', 'guests', count, 1500)
  .option('--volunteers <n>', 'volunteers', count, 1000)
  .option('--exhibitors <n>', 'exhibitor contacts', count, 400)
  .option('--seed <n>', 'random seed', count, 2017)
  .action(async (opts: Omit<DemoScale, never>) => {
    const platform = await createPlatform(loadConfig());
    const res = await loadDemo(platform.deps, opts, bar);
    if (!res.ok) fail(res);
    else console.log(`demo event "${DEMO_SLUG}" ready; ${res.value.added} new accounts`);
    await platform.close();
  });

const admin = program.command('admin').description('accounts');
admin
  .command('create')
  .description('create an organiser of the whole installation')
  .requiredOption('--email <email>')
  .requiredOption('--password <password>')
  .option('--name <name>', 'display name', 'Organiser')
  .action(async (opts: { email: string; password: string; name: string }) => {
    const platform = await createPlatform(loadConfig());
    const res = await createAdmin(platform.deps, opts.email, opts.password, opts.name);
    await platform.close();
    if (!res.ok) fail(res);
    else console.log(`organiser ${opts.email} created (user ${res.value.userId})`);
  });

program
  .command('import <file>')
  .description('create or update an event\'s programme from a frab/pretalx schedule.xml or schedule.json')
  .requiredOption('--event <slug>')
  .action(async (file: string, opts: { event: string }) => {
    const platform = await createPlatform(loadConfig());
    const res = await importScheduleFile(platform.deps, SYSTEM, opts.event, { content: readFileSync(file, 'utf8'), filename: basename(file) });
    await platform.close();
    if (!res.ok) fail(res);
    else {
      const { created, updated, conflicts, warnings } = res.value;
      console.log(`imported into "${opts.event}": created ${JSON.stringify(created)}, updated ${JSON.stringify(updated)}, ${conflicts} conflicts`);
      for (const w of warnings) console.warn(`warning: ${w}`);
    }
  });

program
  .command('publish')
  .description('publish the draft programme as the next version (what exports and guests see)')
  .requiredOption('--event <slug>')
  .action(async (opts: { event: string }) => {
    const platform = await createPlatform(loadConfig());
    const event = await platform.deps.db.selectFrom('events').selectAll().where('slug', '=', opts.event).executeTakeFirst();
    const res = event ? await publishProgramme(platform.deps, SYSTEM, event) : ({ ok: false, code: 'not_found', field: 'event' } as const);
    await platform.close();
    if (!res.ok) fail(res);
    else {
      const { version, changes } = res.value;
      const tally = (kind: string) => changes.filter((c) => c.change === kind).length;
      console.log(`published "${opts.event}" version ${version}: ${tally('added')} added, ${tally('changed')} changed, ${tally('removed')} removed`);
    }
  });

program
  .command('export')
  .description('write the published programme as schedule.xml, schedule.json, iCalendar or CSV')
  .requiredOption('--event <slug>')
  .addOption(new Option('--format <format>', 'what to write').choices(EXPORT_FORMATS).default('json'))
  .addOption(new Option('--lang <lang>', 'language of titles').choices(['zh', 'en']).default('en'))
  .option('--out <file>', 'file to write (default: standard output)')
  .action(async (opts: { event: string; format: ExportFormat; lang: 'zh' | 'en'; out?: string }) => {
    const platform = await createPlatform(loadConfig());
    const res = await exportProgramme(platform.deps, opts.event, opts.format, opts.lang, platform.deps.config.publicUrl ?? `http://localhost:${platform.deps.config.port}`);
    await platform.close();
    if (!res.ok) fail(res);
    else if (opts.out) writeFileSync(opts.out, res.value);
    else process.stdout.write(res.value);
  });

program
  .command('badges')
  .description('print every current badge of an event into one A6 PDF (one page per guest)')
  .requiredOption('--event <slug>')
  .requiredOption('--out <file.pdf>', 'the PDF to write')
  .option('--category <code>', 'only this accreditation category')
  .action(async (opts: { event: string; out: string; category?: string }) => {
    const platform = await createPlatform(loadConfig());
    const res = await printBadgesToFile(platform.deps, opts.event, opts.out, opts.category, progressBar('badges'));
    await platform.close();
    if (!res.ok) fail(res);
    else console.log(`${res.value.count} badges written to ${opts.out} in ${(res.value.ms / 1000).toFixed(1)} s`);
  });

program
  .command('darp <instance>')
  .description('solve a Cordeau (2006) dial-a-ride instance with the cart dispatcher\'s insertion logic')
  .option('--json', 'print { feasible, distance, violations, ms }')
  .action((file: string, opts: { json?: boolean }) => runDarp(file, opts.json === true));

program
  .command('simulate <what>')
  .description('replay seeded cart demand on the demo network through the dispatcher and the baseline (what: carts)')
  .option('--carts <n>', 'carts in service (default 20)')
  .option('--seed <n>', 'random seed of the demand (default 2017)')
  .option('--profile <profile>', 'mixed, surge or day (default mixed)')
  .option('--json', 'print { "dispatcher": M, "baseline": M } (with --http: { "dispatcher": M })')
  .option('--http <baseUrl>', 'replay through a running server (HUIWU_SIM_CLOCK_RATE = --speed) with simulated drivers')
  .option('--event <slug>', 'with --http: the event (default wic2017)')
  .option('--email <email>', 'with --http: the organiser who drives the carts (default the demo organiser)')
  .option('--password <password>', 'with --http: their password')
  .option('--minutes <m>', 'with --http: the first m minutes of the profile (default all)')
  .option('--speed <k>', "with --http: times faster than real time, the server's HUIWU_SIM_CLOCK_RATE (default 1)")
  // bad options are usage errors: exit 2, as the option checks in runSimulate do
  .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2))
  .action((what: string, opts: HttpRawOptions & { json?: boolean }) => runSimulate(what, opts));

program
  .command('face <action> [images...]')
  .description('compare faces with the face engine (action: compare): two images, or --pairs <csv> with columns a,b')
  .option('--pairs <csv>', 'a CSV file with columns a,b (image paths); the model loads once')
  .option('--json', 'print { faces, similarity, match, threshold } (an array with --pairs)')
  .action((action: string, images: string[], opts: FaceCliOptions) => runFace(action, images, opts));

program
  .command('faces <action>')
  .description('privacy of the face data (action: shred): delete every face enrolment and guest photo of an ended event, keeping counts')
  .requiredOption('--event <slug>')
  .option('--force', 'shred before the event has ended')
  .option('--json', 'print { enrolments, photos }')
  .action(async (action: string, opts: { event: string; force?: boolean; json?: boolean }) => {
    if (action !== 'shred') {
      console.error(`error: unknown action "${action}" (use: shred)`);
      process.exit(2);
    }
    const platform = await createPlatform(loadConfig());
    const res = await shredEventFaces(platform.deps, opts.event, opts.force === true);
    await platform.close();
    if (!res.ok) fail(res);
    else if (opts.json) console.log(JSON.stringify(res.value));
    else console.log(`shredded ${res.value.enrolments} face enrolments and ${res.value.photos} photos of ${opts.event}`);
  });

registerPrivacyCommands(program);

program
  .command('plate <action> <images...>')
  .description('read licence plates in images with the plate reader (action: read)')
  .option('--json', 'print [{ image, plates: [{ text, confidence }], ms }]')
  .action((action: string, images: string[], opts: PlateCliOptions) => runPlate(action, images, opts));

await program.parseAsync(process.argv);
