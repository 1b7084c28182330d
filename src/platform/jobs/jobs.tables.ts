import type { Generated } from 'kysely';

/** The embedded implementation's table (platform migration 0010). Times are epoch ms. */
export interface JobTable {
  id: Generated<number>;
  name: string;
  key: string;
  payload: string;
  status: string;
  attempts: number;
  max_attempts: number;
  backoff_ms: number;
  run_at: number;
  /** a running job whose lease has passed lost its worker: another takes it over */
  lease_until: number | null;
  worker: string | null;
  progress: number;
  note: string | null;
  result: string | null;
  error: string | null;
  created_at: number;
  updated_at: number;
}

export type JobTables = { jobs: JobTable };
