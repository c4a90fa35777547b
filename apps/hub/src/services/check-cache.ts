/**
 * A small in-memory cache of promises with a time to live, for the prerequisite checks: a second
 * check within the TTL asks the destination nothing, and concurrent checks share one call.
 * Per process; nothing is persisted (a check never writes).
 */
export class CheckCache {
  readonly #entries = new Map<string, { until: number; value: Promise<unknown> }>();

  constructor(
    private readonly ttlMs: number,
    private readonly nowMs: () => number,
    private readonly maxEntries = 10_000,
  ) {}

  /**
   * The cached value of `key`, else `load()`'s. A value `keep` refuses (a transient failure), or a
   * rejected load, is forgotten once settled, so the next check asks again.
   */
  get<T>(key: string, load: () => Promise<T>, keep: (value: T) => boolean = () => true): Promise<T> {
    const now = this.nowMs();
    const hit = this.#entries.get(key);
    if (hit && hit.until > now) return hit.value as Promise<T>;
    if (hit) this.#entries.delete(key);
    this.#prune(now);
    const value = load();
    const entry = { until: now + this.ttlMs, value };
    this.#entries.set(key, entry);
    const forget = () => {
      if (this.#entries.get(key) === entry) this.#entries.delete(key);
    };
    value.then((settled) => (keep(settled) ? undefined : forget()), forget);
    return value;
  }

  get size(): number {
    return this.#entries.size;
  }

  clear(): void {
    this.#entries.clear();
  }

  #prune(now: number): void {
    if (this.#entries.size < this.maxEntries) return;
    for (const [key, entry] of this.#entries) if (entry.until <= now) this.#entries.delete(key);
    // Still full: drop the oldest (Map keeps insertion order).
    for (const key of this.#entries.keys()) {
      if (this.#entries.size < this.maxEntries) break;
      this.#entries.delete(key);
    }
  }
}
