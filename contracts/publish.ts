import { PutEventsCommand, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { CONTRACTS, Detail, EventName, parseDetail } from "./events";

/** The part of EventBridgeClient the producer needs, so tests can pass a recording stand-in or a real client. */
export interface EventSender {
    send(command: PutEventsCommand): Promise<{ FailedEntryCount?: number; Entries?: { EventId?: string; ErrorCode?: string; ErrorMessage?: string }[] }>;
}

/** Thrown when EventBridge accepted the call but rejected one or more entries (`FailedEntryCount > 0`). */
export class EventPublishError extends Error {
    constructor(readonly failedEntryCount: number, readonly errors: string[]) {
        super(`EventBridge rejected ${failedEntryCount} event(s): ${errors.join("; ")}`);
        this.name = "EventPublishError";
    }
}

/** Builds the PutEvents entry for a contract event, validating the detail first. */
export function eventEntry<N extends EventName>(busName: string, name: N, detail: Detail<N>): PutEventsRequestEntry {
    const valid = parseDetail(name, detail);
    return {
        EventBusName: busName,
        Source: CONTRACTS[name].source,
        DetailType: CONTRACTS[name].detailType,
        Detail: JSON.stringify(valid),
        // Continues the X-Ray trace of the producing invocation through the bus (undefined outside Lambda).
        TraceHeader: process.env._X_AMZN_TRACE_ID,
    };
}

/** Publishes contract events to the bus. Throws EventPublishError if any entry failed. */
export async function publishEvents(
    client: EventSender,
    busName: string,
    events: { [N in EventName]: { name: N; detail: Detail<N> } }[EventName][],
): Promise<void> {
    const entries = events.map((e) => eventEntry(busName, e.name, e.detail as never));
    const result = await client.send(new PutEventsCommand({ Entries: entries }));
    const failed = result.FailedEntryCount ?? 0;
    if (failed > 0) {
        const errors = (result.Entries ?? []).filter((e) => e.ErrorCode).map((e) => `${e.ErrorCode}: ${e.ErrorMessage ?? ""}`);
        throw new EventPublishError(failed, errors);
    }
}
