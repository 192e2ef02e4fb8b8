/**
 * What Lambda's stream event source mappings and EventBridge Pipes share when they read a DynamoDB stream: the
 * source stream and its filter criteria, checked with the other settings; the polling loop (batch size, batching
 * window, filters, then moving past the whole batch, filtered-out records included); the order's correlation id.
 */
import { DynamoStreamRecord, StreamReader, TableStream } from "./dynamoStreams";
import { EventPattern, matches, parsePattern } from "./eventPattern";
import { scaledMs, sleep } from "./timeScale";

/** How long one poll waits for new records before it looks again. */
const POLL_SECONDS = 1;

/**
 * The stream `reference` names and the parsed filter patterns; each problem is pushed onto `problems`, named after
 * the setting it came from (`sourceField` for the stream), so the caller reports them together with its own.
 */
export function streamSourceOf(
    streams: { stream(reference: string): TableStream },
    reference: string,
    sourceField: string,
    filterCriteria: { readonly filters?: readonly { readonly pattern?: string }[] } | undefined,
    problems: string[],
): { stream?: TableStream; filters: EventPattern[] } {
    const filters = (filterCriteria?.filters ?? []).flatMap((filter, i) => {
        try {
            return [parsePattern(filter.pattern ?? "")];
        } catch (error) {
            problems.push(`filterCriteria.filters[${i}]: ${(error as Error).message}`);
            return [];
        }
    });
    try {
        return { stream: streams.stream(reference), filters };
    } catch (error) {
        problems.push(`${sourceField}: ${(error as Error).message}`);
        return { filters };
    }
}

export interface PollSettings {
    readonly batchSize: number;
    readonly windowSeconds: number;
    readonly filters: readonly EventPattern[];
    readonly timeScale: number;
    readonly signal: AbortSignal;
}

/** Polls `reader` until `signal` aborts, handing each batch's matching records (if any) to `process`. */
export async function pollStream(reader: StreamReader, settings: PollSettings, process: (batch: DynamoStreamRecord[]) => Promise<void>): Promise<void> {
    const { batchSize, windowSeconds, filters, timeScale, signal } = settings;
    while (!signal.aborted) {
        let records = await reader.next(batchSize, scaledMs(POLL_SECONDS, timeScale) || 1, signal);
        if (records.length === 0) continue;
        if (records.length < batchSize && windowSeconds > 0) {
            await sleep(scaledMs(windowSeconds, timeScale), signal);
            records = await reader.next(batchSize, 0);
        }
        const kept = filters.length === 0 ? records : records.filter((r) => filters.some((f) => matches(f, r)));
        if (kept.length > 0) await process(kept);
        reader.advance(records.length);
    }
}

/** An order's correlation id, from the record's new (or old) image. */
export function correlationOf(record: DynamoStreamRecord): string | undefined {
    const image = (record.dynamodb.NewImage ?? record.dynamodb.OldImage) as Record<string, { S?: string }> | undefined;
    return image?.correlationId?.S;
}
