/** What the placeOrder tests share: dynalite, an EventBridge stand-in, and requests from signed-in customers. */
import { randomUUID } from "crypto";
import { PutEventsCommand, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { CONTRACTS, orderRequest, parseWith } from "../../contracts";
import type { EventSender } from "../../contracts/publish";
import type { HttpEvent, HttpResponse } from "../../functions/http";
import { orderIdFor, requestHashOf } from "../../functions/orderRequest";
import { createPlaceOrder, idempotencyStore, PlaceOrderDeps } from "../../functions/placeOrder";
import type { LocalDynamo } from "../support/localDynamo";
import { httpEvent, idTokenClaims } from "./httpEvents";

export const BUS = "orders-bus-test";
export const silent = new Logger({ logLevel: "SILENT" });

/** A stand-in for EventBridge that records what it accepted and can be told to fail or hang the next calls. */
export class RecordingEventBridge implements EventSender {
    readonly accepted: PutEventsRequestEntry[] = [];
    readonly failures: ("failedEntry" | "throw" | "hang")[] = [];
    gate?: Promise<void>;
    /** Called when a send reaches the gate (or hangs), so a test can wait for "the request is now inside PutEvents". */
    onGate?: () => void;
    /** Runs after an accepted call, before it returns (e.g. the workflow writing the order meanwhile). */
    afterAccept?: (entries: PutEventsRequestEntry[]) => Promise<void>;

    async send(command: PutEventsCommand): ReturnType<EventSender["send"]> {
        const failure = this.failures.shift();
        if (failure === "hang") {
            this.onGate?.();
            return new Promise(() => undefined);
        }
        if (this.gate) {
            this.onGate?.();
            await this.gate;
        }
        const entries = command.input.Entries ?? [];
        if (failure === "throw") throw Object.assign(new Error("Service unavailable"), { name: "ServiceUnavailableException" });
        if (failure === "failedEntry") {
            return { FailedEntryCount: entries.length, Entries: entries.map(() => ({ ErrorCode: "InternalFailure", ErrorMessage: "try again" })) };
        }
        this.accepted.push(...entries);
        await this.afterAccept?.(entries);
        return { FailedEntryCount: 0, Entries: entries.map(() => ({})) };
    }

    orderIds(): string[] {
        return this.accepted.map((e) => JSON.parse(e.Detail!).orderId);
    }
}

/** A valid request body: the OrderPlaced example's currency and items. */
export function validBody(): Record<string, any> {
    const { currency, items } = JSON.parse(JSON.stringify(CONTRACTS.OrderPlaced.example));
    return { currency, items };
}

/** The orderId placeOrder derives for this customer, key and (validated) body. */
export function expectedOrderId(customerId: string, key: string, body: Record<string, any> = validBody()): string {
    return orderIdFor(customerId, key, requestHashOf(parseWith("OrderPlaced", orderRequest, body)));
}

let keys = 0;
export const freshKey = (): string => `key-${process.pid}-${++keys}`;

export interface RequestOptions {
    /** The Idempotency-Key; a fresh one unless given, none for `null`. */
    readonly key?: string | null;
    readonly headers?: Record<string, string>;
    /** The verified claims; a customer's ID token claims unless given, no authorizer context for `null`. */
    readonly claims?: Record<string, unknown> | null;
    /** The body is sent as this exact text. */
    readonly raw?: boolean;
}

/** POST /orders from `customer` (its ID token claims), with a fresh Idempotency-Key unless told otherwise. */
export function request(body: unknown, customer: string, options: RequestOptions = {}): HttpEvent {
    const key = options.key === undefined ? freshKey() : options.key;
    return httpEvent({
        body: body === undefined ? undefined : options.raw ? (body as string) : JSON.stringify(body),
        headers: { ...(key === null ? {} : { "idempotency-key": key }), ...options.headers },
        claims: options.claims === undefined ? idTokenClaims(customer) : options.claims,
    });
}

export const newCustomer = (): string => randomUUID();

/** A placeOrder over dynalite and a recording bus, built the way the factory builds it. */
export function placeOrderOver(dynamo: LocalDynamo, events: EventSender, overrides: Partial<PlaceOrderDeps> = {}) {
    const deps: PlaceOrderDeps = {
        db: dynamo.doc,
        idempotency: idempotencyStore(dynamo.client, dynamo.tables.idempotency),
        events,
        busName: BUS,
        ordersTable: dynamo.tables.orders,
        logger: silent,
        ...overrides,
    };
    return { deps, place: createPlaceOrder(deps) as (event: HttpEvent) => Promise<HttpResponse> };
}

export async function scan(dynamo: LocalDynamo, table: string): Promise<Record<string, any>[]> {
    return (await dynamo.doc.send(new ScanCommand({ TableName: table, ConsistentRead: true }))).Items ?? [];
}

export async function counts(dynamo: LocalDynamo): Promise<{ orders: number; idempotency: number }> {
    return { orders: (await scan(dynamo, dynamo.tables.orders)).length, idempotency: (await scan(dynamo, dynamo.tables.idempotency)).length };
}

/** The idempotency record that answers with `orderId` (records hold no customer data, only hashes and the answer). */
export async function recordOf(dynamo: LocalDynamo, orderId: string): Promise<Record<string, any> | undefined> {
    return (await scan(dynamo, dynamo.tables.idempotency)).find((item) => item.data?.orderId === orderId);
}
