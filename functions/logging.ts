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

/** Tags every following log line of this invocation with the correlation id (and the order, when known). */
export function correlate(logger: Logger, keys: { correlationId: string; orderId?: string; customerId?: string }): void {
    logger.resetKeys();
    logger.appendKeys(keys);
}
