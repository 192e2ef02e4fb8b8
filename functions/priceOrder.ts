import { parseDetail } from "../contracts/events";
import { orderFingerprint } from "../contracts/fingerprint";
import { ORDER_RETENTION_DAYS } from "../contracts/records";
import { CATALOG, CatalogueEntry } from "./catalog";
import { readEnvironment } from "./env";
import { HANDLERS } from "./handlers";
import { createLogger, withKeys } from "./logging";

/**
 * An order that can never be priced as sent (an unknown SKU). Named, so the workflow's Retry lists it as
 * non-retryable and goes straight to its Catch: retrying cannot make the SKU exist.
 */
export class PricingError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "PricingError";
        // A business rejection needs no stack: Lambda puts the trace into the task's Cause, which becomes the
        // OrderFailed `cause` (at most 4096 characters by contract).
        this.stack = `${this.name}: ${message}`;
    }
}

/**
 * An OrderPlaced whose lines are not the ones its fingerprint names: not the order the API accepted under this id.
 * Named, so the workflow stops without writing anything (failing the real order would be as wrong as pricing these
 * lines): the execution ends in its reported conflict state.
 */
export class FingerprintMismatchError extends Error {
    constructor(readonly orderId: string) {
        super(`the lines of order ${orderId} do not match its fingerprint; it is not the order that was placed under this id`);
        this.name = "FingerprintMismatchError";
        this.stack = `${this.name}: ${this.message}`;
    }
}

/** What the workflow stores and announces for a priced order. */
export interface PricedOrder {
    readonly totalCents: number;
    readonly itemCount: number;
    /** When DynamoDB TTL may remove the order record, in epoch seconds. */
    readonly expiresAt: number;
}

/**
 * Validates an OrderPlaced detail against its contract (throws ContractViolationError naming the field), checks that
 * its lines are the ones its fingerprint names (throws FingerprintMismatchError) and prices it from the catalogue
 * (throws PricingError for an unknown SKU). Pure: the clock is a parameter.
 */
export function priceOrder(detail: unknown, catalogue: Readonly<Record<string, CatalogueEntry>> = CATALOG, now: number = Date.now()): PricedOrder {
    const order = parseDetail("OrderPlaced", detail);
    if (orderFingerprint(order) !== order.fingerprint) throw new FingerprintMismatchError(order.orderId);
    let totalCents = 0;
    let itemCount = 0;
    for (const line of order.items) {
        const entry = Object.hasOwn(catalogue, line.sku) ? catalogue[line.sku] : undefined;
        if (!entry) throw new PricingError(`unknown sku ${line.sku} in order ${order.orderId}`);
        totalCents += entry.unitPriceCents[order.currency] * line.quantity;
        itemCount += line.quantity;
    }
    return { totalCents, itemCount, expiresAt: Math.floor(now / 1000) + ORDER_RETENTION_DAYS * 86_400 };
}

/** The pricing step of the process-order workflow: input is the OrderPlaced detail, output the PricedOrder. */
export const createPriceOrderHandler = () => {
    readEnvironment(HANDLERS.priceOrder);
    const logger = createLogger();
    return async (detail: unknown): Promise<PricedOrder> => {
        const priced = priceOrder(detail);
        // Logged after validation, so the ids on the line are the contract's, not whatever a malformed detail held.
        const order = detail as { correlationId: string; orderId: string; customerId: string };
        withKeys(logger, { correlationId: order.correlationId, orderId: order.orderId, customerId: order.customerId })
            .info("order priced", { totalCents: priced.totalCents, itemCount: priced.itemCount });
        return priced;
    };
};
