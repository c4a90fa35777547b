import type { BillEventName, EventPage, EventPageFetcher } from '../../src/index.js';

export interface FakeEvent {
  id: string;
  eventName: BillEventName;
  eventTime: string;
  billId: string;
}

/**
 * A newest-first event list like m3ter's `/events`: pages of `pageSize`, `nextToken` an offset.
 * Events with equal times keep insertion order reversed (newest inserted first), as a store
 * sorted by time then insertion would.
 */
export class FakeEventStore {
  readonly events: FakeEvent[] = [];
  calls = 0;
  refuseTokens = false;
  offsetTokens = false;
  #seq = 0;

  constructor(readonly pageSize = 3) {}

  add(eventName: BillEventName, eventTime: string, billId: string, id = `ev-${++this.#seq}`): FakeEvent {
    const event = { id, eventName, eventTime, billId };
    this.events.push(event);
    return event;
  }

  fetch: EventPageFetcher = async (eventName, nextToken): Promise<EventPage> => {
    this.calls += 1;
    if (nextToken !== null && this.refuseTokens) {
      return { ok: false, code: 'REJECTED', message: '400: invalid nextToken' };
    }
    const list = this.events
      .map((event, index) => ({ event, index }))
      .filter(({ event }) => event.eventName === eventName)
      .sort((a, b) => Date.parse(b.event.eventTime) - Date.parse(a.event.eventTime) || b.index - a.index)
      .map(({ event }) => ({
        id: event.id,
        eventName: event.eventName,
        eventTime: event.eventTime,
        m3terEvent: {
          eventData:
            event.eventName === 'billing.bill.deleted'
              ? { oldDto: { id: event.billId } }
              : { newDto: { id: event.billId, version: 1 } },
        },
      }));
    // A key token (the last id returned), as a store paging by key would: new events at the head
    // do not shift later pages. With `offsetTokens`, an offset, which they do.
    let offset = 0;
    if (nextToken !== null) {
      offset = this.offsetTokens ? Number(nextToken) : list.findIndex((event) => event.id === nextToken) + 1;
    }
    const data = list.slice(offset, offset + this.pageSize);
    const more = offset + this.pageSize < list.length;
    const next = !more
      ? null
      : this.offsetTokens
        ? String(offset + this.pageSize)
        : data[data.length - 1]!.id;
    return { ok: true, events: data, nextToken: next };
  };
}
