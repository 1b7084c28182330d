import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';
import type { Tx } from '../db/database.js';

/** Every state change is one past-tense domain event (`session.updated`, `programme.published`). */
export interface DomainEvent {
  id: string;
  type: string;
  at: string;
  eventId: number | null;
  actorUserId: number | null;
  requestId: string | null;
  payload: Record<string, unknown>;
  /** which instance published it */
  origin: string;
}
export type NewDomainEvent = Pick<DomainEvent, 'type' | 'payload'> &
  Partial<Pick<DomainEvent, 'eventId' | 'actorUserId' | 'requestId'>> & {
    /**
     * What the event is about, for ordering: a subscriber gets the events of one aggregate in the order they were
     * written. Default: the event (summit) it belongs to, or the installation.
     */
    aggregate?: string;
  };
export type Handler = (event: DomainEvent) => void | Promise<void>;
/** A durable subscriber writes its effect in `tx`, which also records that it has had the event: exactly once. */
export type Subscriber = (event: DomainEvent, tx: Tx) => Promise<void>;
/**
 * A durable subscriber's batch form: the same effect as one call per event, in order, in one go (a multi-row
 * insert). Given, the bus hands it several events at once; a failure falls back to the events one by one.
 */
export type BatchSubscriber = (events: readonly DomainEvent[], tx: Tx) => Promise<void>;

export interface PublishOptions {
  /**
   * The transaction making the change: the event is written in it and commits (or not) with the change, and so
   * do the durable subscribers' effects (the audit row), unless one fails or an earlier event of its aggregate is
   * still on its way to them: then the dispatcher delivers it after the commit. The fan-out (cluster and local
   * handlers) follows the commit: call `flush()` after it to push at once; otherwise the dispatcher's next round does.
   */
  tx?: Tx;
}

/**
 * Events go to an outbox in the database and from there, at least once and in order per aggregate, to the durable
 * subscribers (the audit log), which run once per installation (in the transaction writing the event, or on
 * whichever instance delivers it); and to cluster handlers (realtime pushes), which run on every instance. Without
 * a transaction `publish` writes the event and delivers it before it returns.
 */
export interface Bus {
  readonly instanceId: string;
  publish(event: NewDomainEvent, options?: PublishOptions): Promise<DomainEvent>;
  /** several events at once (one insert), delivered in the order given; as `publish` otherwise */
  publishMany(events: readonly NewDomainEvent[], options?: PublishOptions): Promise<DomainEvent[]>;
  /** a durable subscriber, by a name stable across instances and restarts (its deliveries are recorded by it) */
  subscribe(name: string, handler: Subscriber, batch?: BatchSubscriber): () => void;
  /** runs where the event is delivered, once per delivery, not recorded: for in-process reactions that may repeat */
  onLocal(handler: Handler): () => void;
  onCluster(handler: Handler): () => void;
  /** delivers what is waiting in the outbox now (after a transaction that published) */
  flush(): Promise<void>;
  onHandlerError: (err: unknown, event: DomainEvent) => void;
  close(): Promise<void>;
}

/** How events reach every instance: in the process, or over Redis pub/sub. Delivery there is best effort. */
export interface Fanout {
  broadcast(event: DomainEvent): Promise<void>;
  onCluster(handler: Handler, onError: (err: unknown, event: DomainEvent) => void): () => void;
  close(): Promise<void>;
}

abstract class BaseFanout implements Fanout {
  protected readonly cluster = new EventEmitter().setMaxListeners(0);

  onCluster(handler: Handler, onError: (err: unknown, event: DomainEvent) => void): () => void {
    const listener = (e: DomainEvent) => {
      try {
        const pending = handler(e);
        if (pending) pending.catch((err: unknown) => onError(err, e));
      } catch (err) {
        onError(err, e);
      }
    };
    this.cluster.on('event', listener);
    return () => this.cluster.off('event', listener);
  }

  abstract broadcast(event: DomainEvent): Promise<void>;
  abstract close(): Promise<void>;
}

export class MemoryFanout extends BaseFanout {
  broadcast(event: DomainEvent): Promise<void> {
    this.cluster.emit('event', event);
    return Promise.resolve();
  }
  close(): Promise<void> {
    this.cluster.removeAllListeners();
    return Promise.resolve();
  }
}

/**
 * Redis pub/sub fans events out to every instance; each instance delivers what it receives. The channel is the
 * installation's namespace (see namespace.ts) plus `:events`, so installations sharing a Redis never hear each other.
 */
export class RedisFanout extends BaseFanout {
  private constructor(
    private readonly pub: Redis,
    private readonly sub: Redis,
    private readonly channel: string,
  ) {
    super();
    sub.on('message', (_channel: string, message: string) => {
      try {
        this.cluster.emit('event', JSON.parse(message) as DomainEvent);
      } catch {
        // a foreign or corrupt message on our channel: ignore it rather than crash the instance
      }
    });
  }

  static async connect(url: string, namespace: string): Promise<RedisFanout> {
    const channel = `${namespace}:events`;
    const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    const sub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await Promise.all([pub.connect(), sub.connect()]);
    await sub.subscribe(channel);
    return new RedisFanout(pub, sub, channel);
  }

  async broadcast(event: DomainEvent): Promise<void> {
    await this.pub.publish(this.channel, JSON.stringify(event));
  }

  async close(): Promise<void> {
    this.cluster.removeAllListeners();
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}

export function newEvent(input: NewDomainEvent, origin: string): DomainEvent {
  return {
    id: randomUUID(),
    type: input.type,
    at: new Date().toISOString(),
    eventId: input.eventId ?? null,
    actorUserId: input.actorUserId ?? null,
    requestId: input.requestId ?? null,
    payload: input.payload,
    origin,
  };
}
