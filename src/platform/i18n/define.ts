/** One area's server messages: English, Chinese (every key), and the HTTP status of refusal codes that are not 400. */
export interface MessageArea {
  en: Readonly<Record<string, string>>;
  zh: Readonly<Record<string, string>>;
  status: Readonly<Record<string, number>>;
}

/**
 * Declares one area's server messages. Modules keep theirs beside their code and list them in their manifest, so
 * catalogues grow side by side; the platform composes them (installMessages) and refuses a key declared twice.
 */
export function defineMessages<const E extends Record<`error.${string}` | `message.${string}`, string>>(
  en: E,
  zh: Record<keyof E, string>,
  status: Partial<Record<keyof E extends `error.${infer C}` ? C : never, number>> = {},
) {
  return { en, zh, status: status as Record<string, number> };
}
