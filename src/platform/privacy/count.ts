/** Rows touched by an update or delete, on SQLite and PostgreSQL alike (Kysely answers a bigint or an array). */
export function affected(result: { numUpdatedRows?: bigint; numDeletedRows?: bigint } | Array<{ numUpdatedRows?: bigint; numDeletedRows?: bigint }>): number {
  const one = Array.isArray(result) ? result[0] : result;
  return Number(one?.numUpdatedRows ?? one?.numDeletedRows ?? 0n);
}

export const countOf = (row: { n: number | string | bigint } | undefined): number => Number(row?.n ?? 0);
