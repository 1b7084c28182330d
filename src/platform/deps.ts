import type { Grant } from './auth/permissions.js';
import type { Bus, NewDomainEvent, PublishOptions } from './bus/bus.js';
import type { Config } from './config.js';
import type { Db, Dialect } from './db/database.js';
import type { Jobs } from './jobs/jobs.js';

/** What use cases get: the platform's ports, never another module's internals. */
export interface Deps {
  db: Db;
  dialect: Dialect;
  bus: Bus;
  /** background work that survives a restart (the embedded jobs table, or BullMQ on Redis) */
  jobs: Jobs;
  config: Config;
  /** installation secret for signing feed URLs and the like */
  secret: string;
  /** a face detector (src/engines/face/), unless HUIWU_FACE_CHECK=off: registration photos get a face-size check */
  faces?: FaceFinderPort;
  /**
   * The carts' clock (epoch ms): the wall clock, or on a simulation server (HUIWU_SIM_CLOCK_RATE > 1) a clock running
   * that many times faster from the start. Only the carts service reads it; everything else keeps the wall clock.
   */
  now: () => number;
  /**
   * The event a board belongs to, or null when there is no such board: a board chair's grant names a board, which
   * the programme module owns (the composition root wires its read here, so the platform never reads its table).
   */
  boardEvent?: (boardId: number) => Promise<number | null>;
}

/** Faces in an RGB image (3 channels, row-major), as boxes in its pixels with the detector's score. */
export interface FaceFinderPort {
  findFaces(image: { data: Buffer; width: number; height: number }): Promise<Array<{ x: number; y: number; width: number; height: number; score: number }>>;
}

/** Who is acting: a user with grants, or the system (CLI, demo loader) when userId is null. */
export interface Actor {
  userId: number | null;
  grants: Grant[];
  requestId: string | null;
}
export const SYSTEM: Actor = { userId: null, grants: [{ role: 'organiser', eventId: null, boardId: null }], requestId: null };

/** The wall clock, or one running `rate` times faster from now on (whole milliseconds: the columns are bigint). */
export function simulationClock(rate: number): () => number {
  if (rate <= 1) return Date.now;
  const epoch = Date.now();
  const start = performance.now();
  return () => Math.round(epoch + (performance.now() - start) * rate);
}

type UseCaseEvent = Omit<NewDomainEvent, 'eventId' | 'actorUserId' | 'requestId'>;

/** Publishes a use case's event; with `{ tx }` it is written in the change's transaction (call `bus.flush()` after the commit). */
export function emit(deps: Pick<Deps, 'bus'>, actor: Actor, eventId: number | null, e: UseCaseEvent, options?: PublishOptions) {
  return deps.bus.publish({ ...e, eventId, actorUserId: actor.userId, requestId: actor.requestId }, options);
}

/** Publishes several events of a use case at once (one insert), in order; as `emit` otherwise. */
export function emitMany(deps: Pick<Deps, 'bus'>, actor: Actor, eventId: number | null, events: readonly UseCaseEvent[], options?: PublishOptions) {
  return deps.bus.publishMany(
    events.map((e) => ({ ...e, eventId, actorUserId: actor.userId, requestId: actor.requestId })),
    options,
  );
}
