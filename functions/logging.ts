import { Logger } from "@aws-lambda-powertools/logger";

/** The header that carries the correlation id from the frontend into every event. */
export const CORRELATION_HEADER = "x-correlation-id";

/**
 * One structured JSON logger per function (service name from POWERTOOLS_SERVICE_NAME, level from the
 * Lambda's JSON logging config). Create it once, in the handler factory.
 */
export function createLogger(): Logger {
    return new Logger();
}

/** The ids a log line of one unit of work (a request, an event, a record) carries. */
export interface LogKeys {
    readonly correlationId?: string;
    readonly orderId?: string;
    readonly customerId?: string;
    readonly messageId?: string;
}

/**
 * A logger for one unit of work: a child of the function's logger whose every line carries `keys`. Never the
 * shared logger with keys appended, because units run concurrently (a batch's records in parallel, overlapping
 * requests in one local worker) and would tag each other's lines.
 */
export function withKeys(logger: Logger, keys: LogKeys): Logger {
    const defined = Object.fromEntries(Object.entries(keys).filter(([, value]) => value !== undefined));
    return logger.createChild({ persistentKeys: defined });
}
