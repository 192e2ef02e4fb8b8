/**
 * What the local engines report: one readable line per thing that happened (an event published, a rule matched,
 * a delivery, a retry, a dead-lettered message, an execution's path, a function's own log line), tagged with the
 * correlation id when the payload carries one. The engines only write entries; the runtime decides whether to
 * print them, collect them, or both (see `printingLog`, `CollectingLog`, `teeLog`).
 */

export type LogKind =
    | "event" // an event accepted by a bus
    | "match" // a rule matched an event
    | "delivery" // a target, queue consumer or destination received something
    | "retry" // a failed attempt that will be tried again
    | "dlq" // a message sent to a dead-letter queue (or dropped for lack of one)
    | "redrive" // dead-lettered messages moved back
    | "execution" // a state machine execution finished, with the states it entered
    | "invoke" // a function invocation failed, timed out or was throttled
    | "function" // a line the function itself wrote to stdout/stderr
    | "storage" // an object written or deleted
    | "notification" // an SNS message to a subscriber that is a person (email)
    | "auth" // a sign-in, token, MQTT connection or subscription decided
    | "request" // an HTTP request the API answered
    | "mqtt" // a message delivered to (or refused for) a browser's MQTT connection
    | "error"; // the runtime itself failed to do something it should have

export interface LogEntry {
    readonly at: Date;
    readonly kind: LogKind;
    /** Who reports: a bus, queue, function, bucket or state machine name. */
    readonly source: string;
    /** One line, no newline. */
    readonly message: string;
    readonly correlationId?: string;
}

export interface RuntimeLog {
    write(entry: LogEntry): void;
}

/** Writes nothing: the default of every engine, so a test that does not look at the log needs no setup. */
export const silentLog: RuntimeLog = { write: () => undefined };

/** `12:00:01.234 delivery  receipt-writer-queue [corr-1] batch of 2 ...`: the format `printingLog` uses. */
export function formatEntry(entry: LogEntry): string {
    const time = entry.at.toISOString().slice(11, 23);
    const correlation = entry.correlationId ? ` [${entry.correlationId}]` : "";
    return `${time} ${entry.kind.padEnd(12)} ${entry.source}${correlation} ${entry.message}`;
}

/** Prints each entry as one line (to stdout unless told otherwise); `kinds` limits what is printed. */
export function printingLog(options: { write?: (line: string) => void; kinds?: readonly LogKind[] } = {}): RuntimeLog {
    const write = options.write ?? ((line: string) => process.stdout.write(`${line}\n`));
    return {
        write(entry) {
            if (!options.kinds || options.kinds.includes(entry.kind)) write(formatEntry(entry));
        },
    };
}

/** Sends every entry to each of the logs. */
export function teeLog(...logs: RuntimeLog[]): RuntimeLog {
    return { write: (entry) => logs.forEach((log) => log.write(entry)) };
}

/** Keeps every entry; `waitFor` resolves when an entry matching a predicate has been (or is later) written. */
export class CollectingLog implements RuntimeLog {
    readonly entries: LogEntry[] = [];
    private readonly waiters: { predicate: (entry: LogEntry) => boolean; resolve: (entry: LogEntry) => void }[] = [];

    write(entry: LogEntry): void {
        this.entries.push(entry);
        for (const waiter of [...this.waiters]) {
            if (waiter.predicate(entry)) {
                this.waiters.splice(this.waiters.indexOf(waiter), 1);
                waiter.resolve(entry);
            }
        }
    }

    /** The formatted lines, in order. */
    lines(): string[] {
        return this.entries.map(formatEntry);
    }

    /** The entries of one kind (and, optionally, one source). */
    ofKind(kind: LogKind, source?: string): LogEntry[] {
        return this.entries.filter((e) => e.kind === kind && (source === undefined || e.source === source));
    }

    waitFor(predicate: (entry: LogEntry) => boolean): Promise<LogEntry> {
        const seen = this.entries.find(predicate);
        if (seen) return Promise.resolve(seen);
        return new Promise((resolve) => this.waiters.push({ predicate, resolve }));
    }

    /** Resolves once `count` entries match (already written ones count). */
    async waitForCount(predicate: (entry: LogEntry) => boolean, count: number): Promise<LogEntry[]> {
        while (this.entries.filter(predicate).length < count) {
            const before = this.entries.length;
            await this.waitFor((entry) => predicate(entry) && this.entries.indexOf(entry) >= before);
        }
        return this.entries.filter(predicate);
    }
}

/** The correlation id of an event (`detail.correlationId`), a detail or payload (`correlationId`), or undefined. */
export function correlationIdOf(value: unknown): string | undefined {
    if (typeof value === "string") {
        try {
            return correlationIdOf(JSON.parse(value));
        } catch {
            return undefined;
        }
    }
    if (typeof value !== "object" || value === null) return undefined;
    const record = value as { correlationId?: unknown; detail?: unknown; Records?: unknown };
    if (typeof record.correlationId === "string") return record.correlationId;
    if (record.detail !== undefined) return correlationIdOf(record.detail);
    // An SQS batch: the first record's body (an EventBridge event) tells whose batch it is.
    if (Array.isArray(record.Records) && record.Records.length > 0) return correlationIdOf((record.Records[0] as { body?: unknown }).body);
    return undefined;
}

/** The small helper every engine reports through. */
export function reporter(log: RuntimeLog, source: string): (kind: LogKind, message: string, correlationId?: string) => void {
    return (kind, message, correlationId) => log.write({
        at: new Date(),
        kind,
        source,
        // One entry, one line: multi-line error messages (require stacks, traces) are folded.
        message: message.replace(/\s*\n\s*/g, " | "),
        ...(correlationId ? { correlationId } : {}),
    });
}
