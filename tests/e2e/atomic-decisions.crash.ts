// Run by atomic-decisions.test.ts in a child process: rejects one guest and dies by SIGKILL inside the decision's
// transaction, after the status write and at the first write to credentials (the revocation). Not a test itself.
import { writeSync } from 'node:fs';
import type { KyselyPlugin, PluginTransformQueryArgs, PluginTransformResultArgs, QueryResult, RootOperationNode, UnknownRow } from 'kysely';
import { reviewRegistration } from '../../src/commands/index.js';
import { createPlatform } from '../../src/main.js';
import { loadConfig } from '../../src/platform/config.js';
import { SYSTEM } from '../../src/platform/deps.js';

const tableOf = (t: unknown) => (t as { table?: { identifier?: { name?: string } } } | undefined)?.table?.identifier?.name;

class DieAtRevocation implements KyselyPlugin {
  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    const node = args.node;
    if (node.kind === 'UpdateQueryNode' && tableOf(node.table) === 'guests') writeSync(1, 'status written\n');
    if (node.kind === 'UpdateQueryNode' && tableOf(node.table) === 'credentials') {
      writeSync(1, 'killed before: update credentials\n');
      process.kill(process.pid, 'SIGKILL');
    }
    return node;
  }
  transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return Promise.resolve(args.result);
  }
}

const config = { ...loadConfig({ HUIWU_LOG_LEVEL: 'silent', HUIWU_FACE_CHECK: 'off' }), database: JSON.parse(process.env['ATOMIC_DATABASE']!) };
const platform = await createPlatform(config);
const guestId = Number(process.env['ATOMIC_GUEST']);
const guest = await platform.deps.db.selectFrom('guests').select('event_id').where('id', '=', guestId).executeTakeFirstOrThrow();
platform.deps.db = platform.deps.db.withPlugin(new DieAtRevocation());
await reviewRegistration(platform.deps, SYSTEM, guest.event_id, guestId, { action: 'reject', reason: 'Killed mid-decision' });
writeSync(1, 'decision finished: the kill did not happen\n');
await platform.close();
