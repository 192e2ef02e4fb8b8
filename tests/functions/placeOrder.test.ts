import * as http from "http";
import { createHash } from "crypto";
import { AddressInfo } from "net";
import { expect } from "chai";
import * as fc from "fast-check";
import { Logger } from "@aws-lambda-powertools/logger";
import { PutEventsCommand, PutEventsRequestEntry } from "@aws-sdk/client-eventbridge";
import { GetCommand, PutCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { CONTRACTS, EventSender, ORDER_ID, orderRequest, parseDetail, parseWith } from "../../contracts";
import { HttpEvent, HttpResponse, MAX_BODY_BYTES } from "../../functions/http";
import { idempotencyClaimId, orderIdFor, placeOrder, PlaceOrderDeps, requestHashOf } from "../../functions/placeOrder";
import { LoadedBundle, loadBundle } from "../support/awsLoopback";
import { LocalDynamo, startLocalDynamo } from "../support/localDynamo";

/** A stand-in for EventBridge that records what it accepted and can be told to fail the next calls. */
class RecordingEventBridge implements EventSender {
    readonly accepted: PutEventsRequestEntry[] = [];
    readonly failures: ("failedEntry" | "throw")[] = [];
    gate?: Promise<void>;
    /** Called when a send reaches the gate, so a test can wait for "the first request is now inside PutEvents". */
    onGate?: () => void;

    async send(command: PutEventsCommand): ReturnType<EventSender["send"]> {
        if (this.gate) {
            this.onGate?.();
            await this.gate;
        }
        const failure = this.failures.shift();
        const entries = command.input.Entries ?? [];
        if (failure === "throw") throw Object.assign(new Error("Service unavailable"), { name: "ServiceUnavailableException" });
        if (failure === "failedEntry") {
            return { FailedEntryCount: entries.length, Entries: entries.map(() => ({ ErrorCode: "InternalFailure", ErrorMessage: "try again" })) };
        }
        this.accepted.push(...entries);
        return { FailedEntryCount: 0, Entries: entries.map(() => ({})) };
    }
}

const BUS = "orders-bus-test";
const silent = new Logger({ logLevel: "SILENT" });

/** A valid request body (the contract's example minus what the API adds). */
function validBody(customerId = "cust-42"): Record<string, any> {
    const { orderId: _o, correlationId: _c, occurredAt: _t, ...body } = JSON.parse(JSON.stringify(CONTRACTS.OrderPlaced.example));
    return { ...body, customerId };
}

/** The orderId placeOrder derives for this customer, key and (validated) body. */
function expectedOrderId(customerId: string, key: string, body: Record<string, any> = validBody(customerId)): string {
    return orderIdFor(customerId, key, requestHashOf(parseWith("OrderPlaced", orderRequest, body)));
}

function request(body: unknown, headers: Record<string, string> = {}, raw = false): HttpEvent {
    return {
        version: "2.0",
        routeKey: "POST /orders",
        rawPath: "/orders",
        rawQueryString: "",
        headers: { "content-type": "application/json", ...headers },
        requestContext: { requestId: "req-1", http: { method: "POST", path: "/orders" } } as HttpEvent["requestContext"],
        body: raw ? (body as string) : JSON.stringify(body),
        isBase64Encoded: false,
    };
}

function parse(response: HttpResponse): any {
    return JSON.parse(response.body);
}

describe("placeOrder", () => {
    let dynamo: LocalDynamo;
    let events: RecordingEventBridge;
    let deps: PlaceOrderDeps;
    let keys = 0;
    const freshKey = () => `key-${process.pid}-${++keys}`;

    const count = async (table: string) => (await dynamo.doc.send(new ScanCommand({ TableName: table, Select: "COUNT" }))).Count ?? 0;
    const counts = async () => ({ orders: await count(dynamo.tables.orders), idempotency: await count(dynamo.tables.idempotency) });

    before(async () => {
        dynamo = await startLocalDynamo();
    });
    after(async () => {
        await dynamo.stop();
    });
    beforeEach(() => {
        events = new RecordingEventBridge();
        deps = { db: dynamo.doc, events, busName: BUS, ordersTable: dynamo.tables.orders, idempotencyTable: dynamo.tables.idempotency, logger: silent };
    });

    describe("a valid order", () => {
        it("GIVEN a valid body and a correlation id WHEN placed THEN 202 {orderId}, one contract-valid event carrying the correlation id, and a PLACED record", async () => {
            const response = await placeOrder(request(validBody(), { "x-correlation-id": "corr-test-0001" }), deps);

            expect(response.statusCode).to.equal(202);
            const { orderId } = parse(response);
            expect(orderId).to.match(ORDER_ID);
            expect(response.headers.location).to.equal(`/orders/${orderId}`);
            expect(response.headers["x-correlation-id"]).to.equal("corr-test-0001");
            expect(events.accepted).to.have.length(1);
            const [entry] = events.accepted;
            expect(entry).to.include({ EventBusName: BUS, Source: CONTRACTS.OrderPlaced.source, DetailType: CONTRACTS.OrderPlaced.detailType });
            const detail = parseDetail("OrderPlaced", JSON.parse(entry.Detail!));
            expect(detail).to.include({ orderId, correlationId: "corr-test-0001", customerId: "cust-42" });
            expect(detail.items).to.deep.equal(validBody().items);
            const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.orders, Key: { orderId } }));
            expect(Item).to.include({ orderId, status: "PLACED", customerId: "cust-42", correlationId: "corr-test-0001" });
            expect(Item!.expiresAt).to.be.a("number");
        });

        it("GIVEN no correlation header WHEN placed THEN a correlation id is generated, returned and carried into the event", async () => {
            const response = await placeOrder(request(validBody()), deps);

            expect(response.statusCode).to.equal(202);
            const generated = response.headers["x-correlation-id"];
            expect(generated).to.match(/^corr-[0-9a-f]{24}$/);
            expect(JSON.parse(events.accepted[0].Detail!).correlationId).to.equal(generated);
        });

        it("GIVEN no Idempotency-Key WHEN the same body is sent twice THEN two distinct random orders are placed", async () => {
            const first = parse(await placeOrder(request(validBody()), deps)).orderId;
            const second = parse(await placeOrder(request(validBody()), deps)).orderId;

            expect(first).to.not.equal(second);
            expect(events.accepted).to.have.length(2);
        });

        it("GIVEN an Idempotency-Key WHEN placed THEN the orderId is ord_ + the first 32 hex digits of sha256(customerId:key:sha256(body))", async () => {
            const key = freshKey();
            const response = await placeOrder(request(validBody("cust-7"), { "idempotency-key": key }), deps);

            const bodyHash = createHash("sha256").update(JSON.stringify(parseWith("OrderPlaced", orderRequest, validBody("cust-7")))).digest("hex");
            const expected = `ord_${createHash("sha256").update(`cust-7:${key}:${bodyHash}`).digest("hex").slice(0, 32)}`;
            expect(parse(response).orderId).to.equal(expected);
            expect(expectedOrderId("cust-7", key)).to.equal(expected);
        });
    });

    describe("bad input", () => {
        it("GIVEN a small body nested 5000 levels deep WHEN placed THEN 400 naming where, no event and no write (never a stack overflow 5xx)", async () => {
            const deep = `{"customerId":${"[".repeat(5000)}${"]".repeat(5000)}}`;
            const before = { orders: await count(dynamo.tables.orders), idempotency: await count(dynamo.tables.idempotency) };

            const response = await placeOrder(request(deep, { "idempotency-key": freshKey() }, true), deps);

            expect(response.statusCode).to.equal(400);
            expect(parse(response).message).to.match(/nested deeper than 32 levels/);
            expect(events.accepted).to.have.length(0);
            expect({ orders: await count(dynamo.tables.orders), idempotency: await count(dynamo.tables.idempotency) }).to.deep.equal(before);
        });

        const example = validBody();
        const fields: { path: string[]; field: string }[] = [
            { path: ["customerId"], field: "customerId" },
            { path: ["customer"], field: "customer" },
            { path: ["customer", "name"], field: "customer.name" },
            { path: ["customer", "email"], field: "customer.email" },
            { path: ["currency"], field: "currency" },
            { path: ["items"], field: "items" },
            { path: ["items", "0", "sku"], field: "items.0.sku" },
            { path: ["items", "0", "quantity"], field: "items.0.quantity" },
        ];
        const setAt = (target: any, at: string[], value: unknown, remove = false) => {
            const copy = JSON.parse(JSON.stringify(target));
            let node = copy;
            for (const step of at.slice(0, -1)) node = node[step];
            if (remove) delete node[at[at.length - 1]];
            else node[at[at.length - 1]] = value;
            return copy;
        };
        const wrongFor = (field: string) => field === "items.0.quantity"
            ? fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), fc.object({ maxDepth: 1 }))
            // Arrays pass valibot's object check (and then fail on their first missing field), so object-typed fields get none.
            : field === "items" || field === "customer"
                ? fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), ...(field === "items" ? [fc.object({ maxDepth: 1 })] : []))
                : fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));

        /** Runs the property and checks the common promise: 4xx naming `field`, nothing emitted, nothing written. */
        async function refuses(cases: fc.Arbitrary<{ event: HttpEvent; field: string; status?: number }>, numRuns = 60) {
            const before = await counts();
            await fc.assert(fc.asyncProperty(cases, async ({ event, field, status }) => {
                const response = await placeOrder(event, deps);
                expect(response.statusCode, response.body).to.equal(status ?? 400);
                const body = parse(response);
                expect(body.field).to.equal(field);
                expect(body.error).to.be.a("string");
                expect(body.message).to.be.a("string").and.include(field === "Idempotency-Key" ? "Idempotency-Key" : field);
            }), { numRuns });
            expect(events.accepted).to.have.length(0);
            expect(await counts()).to.deep.equal(before);
        }

        it("GIVEN bodies that are not JSON WHEN placed THEN 400 naming body", async () => {
            const notJson = fc.string({ minLength: 1 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } });
            await refuses(notJson.map((s) => ({ event: request(s, {}, true), field: "body" })));
        });

        it("GIVEN JSON that is not an object (null, arrays, strings, numbers) or no body at all WHEN placed THEN 400 naming body", async () => {
            const notObject = fc.oneof(fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
            await refuses(notObject.map((value) => ({ event: request(value), field: "body" })));
            const missing = await placeOrder({ ...request(validBody()), body: undefined }, deps);
            expect(missing.statusCode).to.equal(400);
            expect(parse(missing).field).to.equal("body");
        });

        it("GIVEN a field of the wrong type WHEN placed THEN 400 naming that field", async () => {
            const cases = fc.constantFrom(...fields).chain(({ path: at, field }) =>
                wrongFor(field).map((value) => ({ event: request(setAt(example, at, value)), field })));
            await refuses(cases, 100);
        });

        it("GIVEN a missing required field WHEN placed THEN 400 naming that field", async () => {
            const cases = fc.constantFrom(...fields.filter((f) => f.field !== "items.0.sku" && f.field !== "items.0.quantity"),
                { path: ["items", "0", "sku"], field: "items.0.sku" }, { path: ["items", "0", "quantity"], field: "items.0.quantity" })
                .map(({ path: at, field }) => ({ event: request(setAt(example, at, undefined, true)), field }));
            await refuses(cases, 20);
        });

        it("GIVEN an unknown field at any level WHEN placed THEN 400 naming it", async () => {
            const name = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/).filter((n) => !["customerId", "customer", "currency", "items", "name", "email", "sku", "quantity", "constructor", "prototype"].includes(n));
            const where = fc.constantFrom<{ at: string[]; prefix: string }>({ at: [], prefix: "" }, { at: ["customer"], prefix: "customer." }, { at: ["items", "0"], prefix: "items.0." });
            const value = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
            const cases = fc.tuple(name, where, value).map(([key, { at, prefix }, v]) => ({
                event: request(setAt(example, [...at, key], v)),
                field: `${prefix}${key}`,
            }));
            await refuses(cases);
        });

        it("GIVEN negative, zero, fractional or absurd quantities and line counts WHEN placed THEN 400 naming the field", async () => {
            const quantity = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 }), fc.double({ min: 0.01, max: 99.99, noNaN: true }).filter((q) => !Number.isInteger(q)),
                fc.constantFrom(Number.MAX_SAFE_INTEGER, 1e300, -1e300));
            await refuses(quantity.map((q) => ({ event: request(setAt(example, ["items", "0", "quantity"], q)), field: "items.0.quantity" })));
            const tooManyLines = await placeOrder(request({ ...example, items: Array.from({ length: 51 }, () => example.items[0]) }), deps);
            expect(tooManyLines.statusCode).to.equal(400);
            expect(parse(tooManyLines).field).to.equal("items");
        });

        it("GIVEN a body over 16 KB WHEN placed THEN 413 naming body, before any parsing", async () => {
            const padding = fc.integer({ min: MAX_BODY_BYTES - 100, max: MAX_BODY_BYTES * 4 });
            await refuses(padding.map((size) => ({ event: request({ ...example, pad: "x".repeat(size) }), field: "body", status: 413 })), 15);
        });

        it("GIVEN __proto__, constructor or prototype keys at any level WHEN placed THEN 400 naming that key", async () => {
            const key = fc.constantFrom("__proto__", "constructor", "prototype");
            const where = fc.constantFrom<{ at: string[]; prefix: string }>({ at: [], prefix: "" }, { at: ["customer"], prefix: "customer." }, { at: ["items", "0"], prefix: "items.0." });
            const cases = fc.tuple(key, where, fc.oneof(fc.constant({ polluted: true }), fc.jsonValue())).map(([k, { at, prefix }, value]) => {
                // JSON.stringify would drop an own __proto__ set by assignment, so splice it into the text.
                const text = JSON.stringify(setAt(example, [...at, "marker"], 1)).replace(`"marker":1`, () => `${JSON.stringify(k)}:${JSON.stringify(value ?? 1)}`);
                return { event: request(text, {}, true), field: `${prefix}${k}` };
            });
            await refuses(cases);
            expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
        });

        it("GIVEN a malformed Idempotency-Key WHEN placed THEN 400 naming the header", async () => {
            const badKey = fc.oneof(fc.constant(""), fc.string({ minLength: 129, maxLength: 300 }), fc.string({ minLength: 1, maxLength: 20 }).map((s) => `${s}\n`), fc.constant("caf\u00e9"));
            await refuses(badKey.map((key) => ({ event: request(example, { "idempotency-key": key }), field: "Idempotency-Key" })), 30);
        });

        it("GIVEN a malformed x-correlation-id WHEN placed THEN 400 naming the header", async () => {
            const badId = fc.oneof(fc.string({ maxLength: 7 }), fc.constant("has spaces in it"), fc.constant("x".repeat(129)));
            await refuses(badId.map((id) => ({ event: request(example, { "x-correlation-id": id }), field: "x-correlation-id" })), 20);
        });

        it("GIVEN arbitrary JSON bodies and headers WHEN placed THEN never a 5xx, and an event only for a 202", async () => {
            await fc.assert(fc.asyncProperty(fc.jsonValue(), fc.option(fc.string({ maxLength: 140 })), async (body, key) => {
                const before = events.accepted.length;
                const response = await placeOrder(request(body, key === null ? {} : { "idempotency-key": key }), deps);
                expect(response.statusCode).to.be.below(500);
                expect(events.accepted.length - before).to.equal(response.statusCode === 202 ? 1 : 0);
            }), { numRuns: 100 });
        });
    });

    describe("idempotency", () => {
        it("GIVEN the same Idempotency-Key twice WHEN placed THEN the same orderId both times and exactly one event", async () => {
            const key = freshKey();
            const first = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);
            const second = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);

            expect(first.statusCode).to.equal(202);
            expect(second.statusCode).to.equal(202);
            expect(parse(second).orderId).to.equal(parse(first).orderId);
            expect(events.accepted).to.have.length(1);
            const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.idempotency, Key: { id: idempotencyClaimId("cust-42", key) } }));
            expect(Item).to.include({ status: "COMPLETED", orderId: parse(first).orderId });
            expect(Item!.expiration).to.be.a("number");
        });

        it("GIVEN the same key from two customers WHEN placed THEN two orders (the key is scoped to the customer)", async () => {
            const key = freshKey();
            const a = parse(await placeOrder(request(validBody("cust-a"), { "idempotency-key": key }), deps)).orderId;
            const b = parse(await placeOrder(request(validBody("cust-b"), { "idempotency-key": key }), deps)).orderId;

            expect(a).to.not.equal(b);
            expect(events.accepted).to.have.length(2);
        });

        it("GIVEN a key already used with a different body WHEN placed THEN 422 naming the header and nothing emitted", async () => {
            const key = freshKey();
            await placeOrder(request(validBody(), { "idempotency-key": key }), deps);
            const changed = { ...validBody(), currency: "USD" };
            const response = await placeOrder(request(changed, { "idempotency-key": key }), deps);

            expect(response.statusCode).to.equal(422);
            expect(parse(response).field).to.equal("Idempotency-Key");
            expect(events.accepted).to.have.length(1);
        });

        it("GIVEN a request still in flight WHEN the same key arrives THEN 409 with Retry-After, and the first completes with one event", async () => {
            const key = freshKey();
            let open!: () => void;
            events.gate = new Promise((resolve) => { open = resolve; });
            const inPutEvents = new Promise<void>((resolve) => { events.onGate = resolve; });
            const first = placeOrder(request(validBody(), { "idempotency-key": key }), deps);
            // The first request has claimed the key and now waits inside PutEvents when the second one arrives.
            await inPutEvents;
            let second: HttpResponse;
            try {
                second = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);
            } finally {
                open();
                events.gate = undefined;
                events.onGate = undefined;
            }

            expect(second.statusCode).to.equal(409);
            expect(second.headers["retry-after"]).to.equal("1");
            expect(parse(second).field).to.equal("Idempotency-Key");
            expect((await first).statusCode).to.equal(202);
            expect(events.accepted).to.have.length(1);
        });

        it("GIVEN a key whose record expired WHEN it is reused for a different order THEN that order gets its own orderId and its own event", async () => {
            const key = freshKey();
            const first = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);
            const later = { ...deps, now: () => new Date(Date.now() + 25 * 3600 * 1000) };
            const other = { ...validBody(), items: [{ sku: "PEN-010", quantity: 1 }] };

            const second = await placeOrder(request(other, { "idempotency-key": key }), later);

            expect(second.statusCode).to.equal(202);
            expect(parse(second).orderId).to.not.equal(parse(first).orderId);
            expect(parse(second).orderId).to.equal(expectedOrderId("cust-42", key, other));
            expect(events.accepted.map((e) => JSON.parse(e.Detail!).orderId)).to.deep.equal([parse(first).orderId, parse(second).orderId]);
        });

        it("GIVEN a claim abandoned by a crashed attempt WHEN the key is retried with a different order THEN 422, nothing is published", async () => {
            const key = freshKey();
            const past = Math.floor(Date.now() / 1000) - 5;
            await dynamo.doc.send(new PutCommand({
                TableName: dynamo.tables.idempotency,
                Item: { id: idempotencyClaimId("cust-42", key), status: "IN_PROGRESS", orderId: "ord_x", requestHash: "another order", claimToken: "crashed", inProgressExpiration: past, expiration: past + 86_400 },
            }));

            const response = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);

            expect(response.statusCode).to.equal(422);
            expect(events.accepted).to.have.length(0);
        });

        it("GIVEN a claim abandoned by a crashed attempt (lease expired) WHEN the key is retried THEN the retry takes over and emits once", async () => {
            const key = freshKey();
            const orderId = expectedOrderId("cust-42", key);
            const requestHash = requestHashOf(parseWith("OrderPlaced", orderRequest, validBody()));
            const past = Math.floor(Date.now() / 1000) - 5;
            await dynamo.doc.send(new PutCommand({
                TableName: dynamo.tables.idempotency,
                Item: { id: idempotencyClaimId("cust-42", key), status: "IN_PROGRESS", orderId, requestHash, claimToken: "crashed", inProgressExpiration: past, expiration: past + 86_400 },
            }));

            const response = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);

            expect(response.statusCode).to.equal(202);
            expect(parse(response).orderId).to.equal(orderId);
            expect(events.accepted).to.have.length(1);
        });

        it("GIVEN the workflow already wrote the order WHEN placeOrder records it THEN the newer status is kept and the answer is still 202", async () => {
            const key = freshKey();
            const orderId = expectedOrderId("cust-42", key);
            await dynamo.doc.send(new PutCommand({ TableName: dynamo.tables.orders, Item: { orderId, status: "PROCESSED", customerId: "cust-42" } }));

            const response = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);

            expect(response.statusCode).to.equal(202);
            const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.orders, Key: { orderId } }));
            expect(Item!.status).to.equal("PROCESSED");
        });
    });

    describe("PutEvents failures", () => {
        for (const failure of ["failedEntry", "throw"] as const) {
            const what = failure === "failedEntry" ? "FailedEntryCount > 0" : "a thrown SDK error";
            it(`GIVEN ${what} WHEN placed THEN 503 with Retry-After, no order, no claim left; the retry with the same key succeeds and emits exactly once`, async () => {
                const key = freshKey();
                const orderId = expectedOrderId("cust-42", key);
                events.failures.push(failure);

                const failed = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);

                expect(failed.statusCode).to.equal(503);
                expect(failed.headers["retry-after"]).to.equal("1");
                expect(parse(failed)).to.not.have.property("orderId");
                expect(events.accepted).to.have.length(0);
                const claim = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.idempotency, Key: { id: idempotencyClaimId("cust-42", key) }, ConsistentRead: true }));
                expect(claim.Item).to.equal(undefined);
                const order = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.orders, Key: { orderId }, ConsistentRead: true }));
                expect(order.Item).to.equal(undefined);

                const retried = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);
                const again = await placeOrder(request(validBody(), { "idempotency-key": key }), deps);

                expect(retried.statusCode).to.equal(202);
                expect(parse(retried).orderId).to.equal(orderId);
                expect(parse(again).orderId).to.equal(orderId);
                expect(events.accepted).to.have.length(1);
                expect(JSON.parse(events.accepted[0].Detail!).orderId).to.equal(orderId);
            });
        }

        it("GIVEN DynamoDB is unavailable for the claim WHEN placed THEN 503 with Retry-After and nothing emitted", async () => {
            const broken = { ...deps, idempotencyTable: "no-such-table" };
            const response = await placeOrder(request(validBody(), { "idempotency-key": freshKey() }), broken);

            expect(response.statusCode).to.equal(503);
            expect(response.headers["retry-after"]).to.equal("1");
            expect(events.accepted).to.have.length(0);
        });
    });

    describe("the bundle (what Lambda runs)", () => {
        let bundle: LoadedBundle;
        let bus: http.Server;
        const received: any[] = [];

        before(async () => {
            // A loopback stand-in for the EventBridge API that records PutEvents calls.
            bus = http.createServer((req, res) => {
                let text = "";
                req.on("data", (chunk) => { text += chunk; });
                req.on("end", () => {
                    received.push({ target: req.headers["x-amz-target"], body: JSON.parse(text) });
                    res.writeHead(200, { "content-type": "application/x-amz-json-1.1" });
                    res.end(JSON.stringify({ FailedEntryCount: 0, Entries: [{ EventId: "1" }] }));
                });
            });
            await new Promise<void>((resolve) => bus.listen(0, "127.0.0.1", () => resolve()));
            bundle = loadBundle("functions/placeOrder.ts", "createPlaceOrderHandler", {
                AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
                AWS_ENDPOINT_URL_EVENTBRIDGE: `http://127.0.0.1:${(bus.address() as AddressInfo).port}`,
                BUS_NAME: BUS,
                ORDERS_TABLE: dynamo.tables.orders,
                IDEMPOTENCY_TABLE: dynamo.tables.idempotency,
            });
        });
        after(async () => {
            bundle.cleanup();
            await new Promise<void>((resolve) => bus.close(() => resolve()));
        });

        it("GIVEN the bundled placeOrder loaded from a temp dir WHEN it gets a real request THEN 202, one PutEvents call and a PLACED record", async () => {
            expect(bundle.bytes).to.be.below(200 * 1024);
            const handler = bundle.handler as (event: HttpEvent) => Promise<HttpResponse>;

            const response = await handler(request(validBody(), { "idempotency-key": freshKey(), "x-correlation-id": "corr-bundle-01" }));

            expect(response.statusCode, response.body).to.equal(202);
            const { orderId } = JSON.parse(response.body);
            expect(received).to.have.length(1);
            expect(received[0].target).to.equal("AWSEvents.PutEvents");
            const [entry] = received[0].body.Entries;
            expect(entry).to.include({ EventBusName: BUS, Source: "orders.api", DetailType: "OrderPlaced" });
            expect(parseDetail("OrderPlaced", JSON.parse(entry.Detail))).to.include({ orderId, correlationId: "corr-bundle-01" });
            const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.orders, Key: { orderId } }));
            expect(Item).to.include({ status: "PLACED" });
        });
    });
});
