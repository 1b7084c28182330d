import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { Redis } from 'ioredis';

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
  Partial<Pick<DomainEvent, 'eventId' | 'actorUserId' | 'requestId'>>;
export type Handler = (event: DomainEvent) => void | Promise<void>;

/**
 * Local handlers (audit, metrics) run once, on the instance where the change happened, and publish
 * awaits them. Cluster handlers (realtime pushes) run on every instance, including this one.
 */
export interface Bus {
  readonly instanceId: string;
  publish(event: NewDomainEvent): Promise<DomainEvent>;
  onLocal(handler: Handler): () => void;
  onCluster(handler: Handler): () => void;
  onHandlerError: (err: unknown, event: DomainEvent) => void;
  close(): Promise<void>;
}

abstract class BaseBus implements Bus {
  readonly instanceId = randomUUID();
  /** where failures of handlers go; one failing listener must not starve the others */
  onHandlerError: (err: unknown, event: DomainEvent) => void = () => undefined;
  protected readonly local = new Set<Handler>();
  protected readonly cluster = new EventEmitter().setMaxListeners(0);

  async publish(input: NewDomainEvent): Promise<DomainEvent> {
    const event: DomainEvent = {
      id: randomUUID(),
      type: input.type,
      at: new Date().toISOString(),
      eventId: input.eventId ?? null,
      actorUserId: input.actorUserId ?? null,
      requestId: input.requestId ?? null,
      payload: input.payload,
      origin: this.instanceId,
    };
    // The change is already committed when its event is published: a failing local handler (the audit
    // write, say) is reported loudly but must not turn a done change into an error the caller retries.
    for (const handler of this.local) {
      try {
        await handler(event);
      } catch (err) {
        this.onHandlerError(err, event);
      }
    }
    await this.fanOut(event);
    return event;
  }

  onLocal(handler: Handler): () => void {
    this.local.add(handler);
    return () => this.local.delete(handler);
  }

  onCluster(handler: Handler): () => void {
    const listener = (e: DomainEvent) => {
      try {
        const pending = handler(e);
        if (pending) pending.catch((err: unknown) => this.onHandlerError(err, e));
      } catch (err) {
        this.onHandlerError(err, e);
      }
    };
    this.cluster.on('event', listener);
    return () => this.cluster.off('event', listener);
  }

  protected abstract fanOut(event: DomainEvent): Promise<void>;
  abstract close(): Promise<void>;
}

export class MemoryBus extends BaseBus {
  protected fanOut(event: DomainEvent): Promise<void> {
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
export class RedisBus extends BaseBus {
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

  static async connect(url: string, namespace = 'huiwu'): Promise<RedisBus> {
    const channel = `${namespace}:events`;
    const pub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    const sub = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 2 });
    await Promise.all([pub.connect(), sub.connect()]);
    await sub.subscribe(channel);
    return new RedisBus(pub, sub, channel);
  }

  protected async fanOut(event: DomainEvent): Promise<void> {
    await this.pub.publish(this.channel, JSON.stringify(event));
  }

  async close(): Promise<void> {
    this.cluster.removeAllListeners();
    await Promise.allSettled([this.sub.quit(), this.pub.quit()]);
  }
}
