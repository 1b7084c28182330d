import type { MessageKey } from './i18n/messages.js';

/** Use cases return a value or a coded refusal; they never throw for expected outcomes. */
export type RefusalCode = Extract<MessageKey, `error.${string}`> extends `error.${infer C}` ? C : never;
export interface Refusal {
  ok: false;
  code: RefusalCode;
  field?: string;
  params?: Record<string, string | number>;
}
export interface Ok<T> {
  ok: true;
  value: T;
}
export type Result<T> = Ok<T> | Refusal;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export function refuse(code: RefusalCode, field?: string, params?: Record<string, string | number>): Refusal {
  return { ok: false, code, ...(field !== undefined ? { field } : {}), ...(params ? { params } : {}) };
}
