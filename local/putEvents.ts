/**
 * PutEvents' request rules: at most 10 entries and 256 KB per request (the whole request fails, as a
 * ValidationException), and per entry the errors EventBridge answers in that entry's place while the other
 * entries are accepted.
 */

/** An entry as the SDK's PutEventsRequestEntry (and the wire JSON, where Time is epoch seconds). */
export interface PutEventsEntry {
    readonly Source?: string;
    readonly DetailType?: string;
    /** A JSON object, as text. */
    readonly Detail?: string;
    /** A bus name or ARN. @default "default" */
    readonly EventBusName?: string;
    readonly Resources?: readonly string[];
    readonly Time?: Date | number | string;
    readonly TraceHeader?: string;
}

export type PutEventsResultEntry = { readonly EventId: string } | { readonly ErrorCode: string; readonly ErrorMessage: string };

export interface PutEventsResult {
    readonly FailedEntryCount: number;
    readonly Entries: PutEventsResultEntry[];
}

export class PutEventsValidationError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ValidationException";
    }
}

export interface AcceptedEntry<Bus> {
    readonly bus: Bus;
    readonly source: string;
    readonly detailType: string;
    readonly detail: Record<string, unknown>;
    readonly resources: string[];
    /** `2026-11-26T10:00:05Z`: EventBridge's event time has whole seconds. */
    readonly time: string;
}

const MAX_ENTRIES = 10;
const MAX_REQUEST_BYTES = 256 * 1024;

const failed = (ErrorCode: string, ErrorMessage: string) => ({ ErrorCode, ErrorMessage });
const required = (field: string) => failed("InvalidArgument", `Parameter ${field} is not valid. Reason: ${field} is a required argument.`);

/** Checks a request; returns, per entry, what to accept or the error to answer. */
export function validateEntries<Bus>(entries: readonly PutEventsEntry[], findBus: (name: string) => Bus | undefined): (AcceptedEntry<Bus> | PutEventsResultEntry & { ErrorCode: string })[] {
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES) {
        throw new PutEventsValidationError(`1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES} (got ${Array.isArray(entries) ? entries.length : typeof entries})`);
    }
    const size = entries.reduce((sum, e) => sum + Buffer.byteLength(JSON.stringify(e ?? {})), 0);
    if (size > MAX_REQUEST_BYTES) throw new PutEventsValidationError("Total size of the entries in the request is over the limit.");
    return entries.map((entry) => {
        if (!entry?.Source) return required("Source");
        if (!entry.DetailType) return required("DetailType");
        if (!entry.Detail) return required("Detail");
        let detail: unknown;
        try {
            detail = JSON.parse(entry.Detail);
        } catch {
            detail = undefined;
        }
        if (typeof detail !== "object" || detail === null || Array.isArray(detail)) return failed("MalformedDetail", "Detail is malformed.");
        // Only AWS services speak as aws.*; their events reach the default bus through `emit`, never through PutEvents.
        if (entry.Source.startsWith("aws.")) return failed("NotAuthorizedForSourceException", "Not authorized for the source.");
        const busName = entry.EventBusName || "default";
        const bus = findBus(busName);
        if (bus === undefined) return failed("ResourceNotFoundException", `Event bus ${busName} does not exist.`);
        const time = timeOf(entry.Time);
        if (!time) return failed("InvalidArgument", `Parameter Time is not valid: ${JSON.stringify(entry.Time)}`);
        return { bus, source: entry.Source, detailType: entry.DetailType, detail: detail as Record<string, unknown>, resources: [...(entry.Resources ?? [])], time };
    });
}

function timeOf(value: PutEventsEntry["Time"]): string | undefined {
    const date = value === undefined ? new Date() : value instanceof Date ? value : typeof value === "number" ? new Date(value * 1000) : new Date(value);
    if (Number.isNaN(date.getTime())) return undefined;
    return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}
