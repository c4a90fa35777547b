/**
 * Outgoing webhooks: each bill event of an organization with a webhook is POSTed, as the event JSON,
 * to its URL. Fire and forget: the change that caused the event never waits for the receiver; the
 * answer (status, or the network error) is recorded in `stats().webhooks`.
 */
import type { EmulatorState, M3terEventRecord, WebhookSettings } from '../state/emulator-state.js';
import { signWebhook, WEBHOOK_HEADERS } from './webhook-signature.js';

/** A receiver that does not answer within this time counts as failed. **(chosen)** */
const DELIVERY_TIMEOUT_MS = 10_000;

export class WebhookSender {
  readonly #pending = new Set<Promise<void>>();

  constructor(
    private readonly state: EmulatorState,
    private readonly now: () => Date,
  ) {}

  send(settings: WebhookSettings, event: M3terEventRecord): void {
    const rawBody = JSON.stringify(event);
    const timestamp = String(Math.floor(this.now().getTime() / 1000));
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      [WEBHOOK_HEADERS.timestamp]: timestamp,
    };
    if (settings.apiKey !== undefined) headers[WEBHOOK_HEADERS.apiKey] = settings.apiKey;
    if (settings.secret !== undefined) {
      headers[WEBHOOK_HEADERS.signature] = signWebhook(settings.secret, timestamp, rawBody);
    }
    const stats = this.state.stats.webhooks;
    const record = {
      orgId: settings.orgId,
      eventId: event.id,
      eventName: event.eventName,
      url: settings.url,
    };
    const delivery = fetch(settings.url, {
      method: 'POST',
      headers,
      body: rawBody,
      signal: AbortSignal.timeout(DELIVERY_TIMEOUT_MS),
    })
      .then(async (response) => {
        await response.body?.cancel();
        // A reset after reset() must not write into the fresh stats.
        if (this.state.stats.webhooks !== stats) return;
        if (response.ok) stats.sent++;
        else stats.failed++;
        stats.deliveries.push({ ...record, status: response.status, ok: response.ok });
      })
      .catch((error: unknown) => {
        if (this.state.stats.webhooks !== stats) return;
        stats.failed++;
        stats.deliveries.push({ ...record, ok: false, error: (error as Error).message });
      });
    this.#pending.add(delivery);
    void delivery.finally(() => this.#pending.delete(delivery));
  }

  /** Resolves when every delivery started so far has been answered or has failed. */
  async settled(): Promise<void> {
    while (this.#pending.size > 0) await Promise.allSettled([...this.#pending]);
  }
}
