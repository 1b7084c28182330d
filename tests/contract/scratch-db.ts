import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { type Database, openDatabase } from '../../src/platform/db/database.js';

/**
 * A fresh SQLite file or PostgreSQL schema for a port's contract suite, with only the tables its own migrations
 * create; `open()` gives another connection to the same one (a second instance, or the same after a restart).
 */
export async function scratchDatabase(kind: 'sqlite' | 'postgres', pgUrl: string | null) {
  const opened: Database[] = [];
  let target: Parameters<typeof openDatabase>[0];
  let drop: () => Promise<void>;
  if (kind === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'huiwu-contract-'));
    target = { kind: 'sqlite', file: join(dir, 'db.sqlite') };
    drop = async () => rmSync(dir, { recursive: true, force: true });
  } else {
    const schema = `c_${randomBytes(6).toString('hex')}`;
    const admin = async (q: string) => {
      const c = new pg.Client({ connectionString: pgUrl! });
      await c.connect();
      try {
        await c.query(q);
      } finally {
        await c.end();
      }
    };
    await admin(`create schema ${schema}`);
    target = { kind: 'postgres', url: pgUrl!, schema };
    drop = () => admin(`drop schema ${schema} cascade`);
  }
  return {
    open(): Database {
      const d = openDatabase(target);
      opened.push(d);
      return d;
    },
    async dispose() {
      await Promise.allSettled(opened.splice(0).map((d) => d.close()));
      await drop();
    },
  };
}
