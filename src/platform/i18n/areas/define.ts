/**
 * One area's server messages: English, Chinese (every key), and the HTTP status of each refusal code that is not
 * 400. Areas keep their messages in their own file so features can grow their catalogues side by side.
 */
export function defineMessages<const E extends Record<`error.${string}` | `message.${string}`, string>>(
  en: E,
  zh: Record<keyof E, string>,
  status: Partial<Record<keyof E extends `error.${infer C}` ? C : never, number>> = {},
) {
  return { en, zh, status: status as Record<string, number> };
}
