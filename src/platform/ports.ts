/**
 * Ports (ADR 0012): what a module needs from a module in a higher layer, which it may not import. The lower module
 * declares the need as an interface and a port (`definePort<FaceSubjects>('faces.subjects')`, in `<module>.ports.ts`)
 * and calls `port.use()`; the composition root (`src/main.ts`) supplies the owner's functions once at start
 * (`port.supply(…)`), before anything is served. The platform knows a port only by the name its declarer gives it.
 */
export interface Port<T> {
  /** `<declaring module>.<what>`, e.g. `faces.subjects` */
  readonly name: string;
  /** the supplied functions; throws naming the port when nothing supplied them */
  use(): T;
  /** the composition root's one call (again with other functions replaces them: a test may) */
  supply(impl: T): void;
  /** whether the composition root supplied it */
  readonly supplied: boolean;
}

const slots = new Map<string, { impl: unknown }>();

/** Declares a port (once per name, at module load). */
export function definePort<T>(name: string): Port<T> {
  if (slots.has(name)) throw new Error(`port ${name} is declared twice`);
  const slot: { impl: unknown } = { impl: undefined };
  slots.set(name, slot);
  return {
    name,
    use() {
      if (slot.impl === undefined) throw new Error(`port ${name} is not supplied: the composition root (src/main.ts) supplies it`);
      return slot.impl as T;
    },
    supply(impl: T) {
      slot.impl = impl;
    },
    get supplied() {
      return slot.impl !== undefined;
    },
  };
}

/** Every declared port and whether it is supplied (a contract test's view). */
export const declaredPorts = (): Array<{ name: string; supplied: boolean }> =>
  [...slots].map(([name, slot]) => ({ name, supplied: slot.impl !== undefined })).sort((a, b) => a.name.localeCompare(b.name));
