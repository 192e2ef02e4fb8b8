import { createHash } from "crypto";
import { expect } from "chai";
import * as fc from "fast-check";
import { GetCommand } from "@aws-sdk/lib-dynamodb";
import { CONTRACTS, ORDER_ID, orderRequest, parseDetail, parseWith } from "../../contracts";
import { orderFingerprint } from "../../contracts/fingerprint";
import { HttpEvent, HttpResponse, MAX_BODY_BYTES } from "../../functions/http";
import { LocalDynamo, startLocalDynamo } from "../support/localDynamo";
import { parse } from "./httpEvents";
import { BUS, counts, expectedOrderId, freshKey, newCustomer, placeOrderOver, RecordingEventBridge, request, validBody } from "./placeOrderFixture";

describe("placeOrder", () => {
    let dynamo: LocalDynamo;
    let events: RecordingEventBridge;
    let place: (event: HttpEvent) => Promise<HttpResponse>;
    let customer: string;

    before(async () => {
        dynamo = await startLocalDynamo();
    });
    after(async () => {
        await dynamo.stop();
    });
    beforeEach(() => {
        events = new RecordingEventBridge();
        ({ place } = placeOrderOver(dynamo, events));
        customer = newCustomer();
    });

    describe("a valid order", () => {
        it("GIVEN a signed-in customer, a valid body and a correlation id WHEN placed THEN 202 {orderId}, one contract-valid event carrying the customer, its verified email and the body's fingerprint, and a PLACED record bound to both", async () => {
            const response = await place(request(validBody(), customer, { headers: { "x-correlation-id": "corr-test-0001" } }));

            expect(response.statusCode, response.body).to.equal(202);
            const { orderId } = parse(response);
            expect(orderId).to.match(ORDER_ID);
            expect(response.headers.location).to.equal(`/orders/${orderId}`);
            expect(response.headers["x-correlation-id"]).to.equal("corr-test-0001");
            expect(events.accepted).to.have.length(1);
            const [entry] = events.accepted;
            expect(entry).to.include({ EventBusName: BUS, Source: CONTRACTS.OrderPlaced.source, DetailType: CONTRACTS.OrderPlaced.detailType });
            const detail = parseDetail("OrderPlaced", JSON.parse(entry.Detail!));
            expect(detail).to.include({ orderId, correlationId: "corr-test-0001", customerId: customer });
            expect(detail.customer).to.deep.equal({ email: "ada@example.com" });
            expect(detail.items).to.deep.equal(validBody().items);
            const fingerprint = orderFingerprint(parseWith("OrderPlaced", orderRequest, validBody()));
            expect(detail.fingerprint).to.equal(fingerprint);
            const { Item } = await dynamo.doc.send(new GetCommand({ TableName: dynamo.tables.orders, Key: { orderId } }));
            // The workflow gives the order its final status only for this customer and these lines.
            expect(Item).to.include({ orderId, status: "PLACED", customerId: customer, fingerprint, correlationId: "corr-test-0001", currency: "EUR" });
            expect(Item!.expiresAt).to.be.a("number");
        });

        it("GIVEN no correlation header WHEN placed THEN a correlation id is generated, returned and carried into the event", async () => {
            const response = await place(request(validBody(), customer));

            expect(response.statusCode).to.equal(202);
            const generated = response.headers["x-correlation-id"];
            expect(generated).to.match(/^corr-[0-9a-f]{24}$/);
            expect(JSON.parse(events.accepted[0].Detail!).correlationId).to.equal(generated);
        });

        it("GIVEN an Idempotency-Key WHEN placed THEN the orderId is ord_ + the first 32 hex digits of sha256(sub:key:sha256(body))", async () => {
            const key = freshKey();
            const response = await place(request(validBody(), customer, { key }));

            const bodyHash = createHash("sha256").update(JSON.stringify(parseWith("OrderPlaced", orderRequest, validBody()))).digest("hex");
            const expected = `ord_${createHash("sha256").update(`${customer}:${key}:${bodyHash}`).digest("hex").slice(0, 32)}`;
            expect(parse(response).orderId).to.equal(expected);
            expect(expectedOrderId(customer, key)).to.equal(expected);
        });
    });

    describe("bad input", () => {
        it("GIVEN no Idempotency-Key WHEN placed THEN 400 naming the header, and nothing emitted or written", async () => {
            const before = await counts(dynamo);
            const response = await place(request(validBody(), customer, { key: null }));

            expect(response.statusCode).to.equal(400);
            expect(parse(response)).to.include({ error: "ValidationError", field: "Idempotency-Key" });
            expect(parse(response).message).to.match(/Idempotency-Key header is required/);
            expect(events.accepted).to.have.length(0);
            expect(await counts(dynamo)).to.deep.equal(before);
        });

        it("GIVEN a small body nested 5000 levels deep WHEN placed THEN 400 naming where, no event and no write (never a stack overflow 5xx)", async () => {
            const deep = `{"items":${"[".repeat(5000)}${"]".repeat(5000)}}`;
            const before = await counts(dynamo);

            const response = await place(request(deep, customer, { raw: true }));

            expect(response.statusCode).to.equal(400);
            expect(parse(response).message).to.match(/nested deeper than 32 levels/);
            expect(events.accepted).to.have.length(0);
            expect(await counts(dynamo)).to.deep.equal(before);
        });

        const example = validBody();
        const fields: { path: string[]; field: string }[] = [
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
        // A value holding a prototype-polluting key is refused for that key first (tested on its own).
        const polluting = /"(__proto__|constructor|prototype)":/;
        const unpolluted = <T>(values: fc.Arbitrary<T>) => values.filter((v) => !polluting.test(JSON.stringify(v ?? null)));
        const plainObject = unpolluted(fc.object({ maxDepth: 1 }));
        const wrongFor = (field: string) => field === "items.0.quantity"
            ? fc.oneof(fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 2 }), plainObject)
            : field === "items"
                ? fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), plainObject)
                : fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 2 }));

        /** Runs the property and checks the common promise: 4xx naming `field`, nothing emitted, nothing written. */
        async function refuses(cases: fc.Arbitrary<{ event: HttpEvent; field: string; status?: number }>, numRuns = 60) {
            const before = await counts(dynamo);
            await fc.assert(fc.asyncProperty(cases, async ({ event, field, status }) => {
                const response = await place(event);
                expect(response.statusCode, response.body).to.equal(status ?? 400);
                const body = parse(response);
                expect(body.field).to.equal(field);
                expect(body.error).to.be.a("string");
                expect(body.message).to.be.a("string").and.include(field);
            }), { numRuns });
            expect(events.accepted).to.have.length(0);
            expect(await counts(dynamo)).to.deep.equal(before);
        }

        it("GIVEN bodies that are not JSON WHEN placed THEN 400 naming body", async () => {
            const notJson = fc.string({ minLength: 1 }).filter((s) => { try { JSON.parse(s); return false; } catch { return true; } });
            await refuses(notJson.map((s) => ({ event: request(s, customer, { raw: true }), field: "body" })));
        });

        it("GIVEN JSON that is not an object (null, arrays, strings, numbers) or no body at all WHEN placed THEN 400 naming body", async () => {
            const notObject = fc.oneof(fc.constant(null), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.string(), fc.double({ noNaN: true, noDefaultInfinity: true }), fc.boolean());
            await refuses(notObject.map((value) => ({ event: request(value, customer), field: "body" })));
            // A list is the wrong body even when an element holds a prototype-polluting key.
            const pollutedList = await place(request(JSON.parse('[{"__proto__":0}]'), customer));
            expect(pollutedList.statusCode).to.equal(400);
            expect(parse(pollutedList).field).to.equal("body");
            const missing = await place(request(undefined, customer));
            expect(missing.statusCode).to.equal(400);
            expect(parse(missing).field).to.equal("body");
        });

        it("GIVEN a body naming a customer (customerId or customer, any value) WHEN placed THEN 400 naming that field: the customer is the token's", async () => {
            const value = unpolluted(fc.jsonValue());
            const cases = fc.tuple(fc.constantFrom("customerId", "customer"), value).map(([field, value]) => ({
                event: request({ ...example, [field]: value ?? null }, customer), field,
            }));
            await refuses(cases, 40);
            const impersonation = await place(request({ ...example, customerId: newCustomer(), customer: { email: "mallory@example.com" } }, customer));
            expect(parse(impersonation).message).to.match(/customerId is not an allowed field: the customer is the signed-in caller/);
        });

        it("GIVEN a field of the wrong type WHEN placed THEN 400 naming that field", async () => {
            const cases = fc.constantFrom(...fields).chain(({ path: at, field }) =>
                wrongFor(field).map((value) => ({ event: request(setAt(example, at, value), customer), field })));
            await refuses(cases, 100);
        });

        it("GIVEN a missing required field WHEN placed THEN 400 naming that field", async () => {
            const cases = fc.constantFrom(...fields).map(({ path: at, field }) => ({ event: request(setAt(example, at, undefined, true), customer), field }));
            await refuses(cases, 20);
        });

        it("GIVEN an unknown field at any level WHEN placed THEN 400 naming it", async () => {
            const name = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,15}$/).filter((n) => !["customerId", "customer", "currency", "items", "sku", "quantity", "constructor", "prototype"].includes(n));
            const where = fc.constantFrom<{ at: string[]; prefix: string }>({ at: [], prefix: "" }, { at: ["items", "0"], prefix: "items.0." });
            const value = fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null), fc.array(fc.integer(), { maxLength: 3 }));
            const cases = fc.tuple(name, where, value).map(([key, { at, prefix }, v]) => ({
                event: request(setAt(example, [...at, key], v), customer),
                field: `${prefix}${key}`,
            }));
            await refuses(cases);
        });

        it("GIVEN negative, zero, fractional or absurd quantities and line counts WHEN placed THEN 400 naming the field", async () => {
            const quantity = fc.oneof(fc.integer({ max: 0 }), fc.integer({ min: 101 }), fc.double({ min: 0.01, max: 99.99, noNaN: true }).filter((q) => !Number.isInteger(q)),
                fc.constantFrom(Number.MAX_SAFE_INTEGER, 1e300, -1e300));
            await refuses(quantity.map((q) => ({ event: request(setAt(example, ["items", "0", "quantity"], q), customer), field: "items.0.quantity" })));
            const tooManyLines = await place(request({ ...example, items: Array.from({ length: 51 }, () => example.items[0]) }, customer));
            expect(tooManyLines.statusCode).to.equal(400);
            expect(parse(tooManyLines).field).to.equal("items");
        });

        it("GIVEN a body over 16 KB WHEN placed THEN 413 naming body, before any parsing", async () => {
            // The rest of the body is about 70 bytes, so every padding here makes a body over the bound.
            const padding = fc.integer({ min: MAX_BODY_BYTES - 60, max: MAX_BODY_BYTES * 4 });
            await refuses(padding.map((size) => ({ event: request({ ...example, pad: "x".repeat(size) }, customer), field: "body", status: 413 })), 15);
        });

        it("GIVEN __proto__, constructor or prototype keys at any level WHEN placed THEN 400 naming that key", async () => {
            const key = fc.constantFrom("__proto__", "constructor", "prototype");
            const where = fc.constantFrom<{ at: string[]; prefix: string }>({ at: [], prefix: "" }, { at: ["items", "0"], prefix: "items.0." });
            const cases = fc.tuple(key, where, fc.oneof(fc.constant({ polluted: true }), fc.jsonValue())).map(([k, { at, prefix }, value]) => {
                // JSON.stringify would drop an own __proto__ set by assignment, so splice it into the text.
                const text = JSON.stringify(setAt(example, [...at, "marker"], 1)).replace(`"marker":1`, () => `${JSON.stringify(k)}:${JSON.stringify(value ?? 1)}`);
                return { event: request(text, customer, { raw: true }), field: `${prefix}${k}` };
            });
            await refuses(cases);
            expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
        });

        it("GIVEN a malformed Idempotency-Key WHEN placed THEN 400 naming the header", async () => {
            const badKey = fc.oneof(fc.constant(""), fc.string({ minLength: 129, maxLength: 300 }), fc.string({ minLength: 1, maxLength: 20 }).map((s) => `${s}\n`), fc.constant("caf\u00e9"));
            await refuses(badKey.map((key) => ({ event: request(example, customer, { key }), field: "Idempotency-Key" })), 30);
        });

        it("GIVEN a malformed x-correlation-id WHEN placed THEN 400 naming the header", async () => {
            const badId = fc.oneof(fc.string({ maxLength: 7 }), fc.constant("has spaces in it"), fc.constant("x".repeat(129)));
            await refuses(badId.map((id) => ({ event: request(example, customer, { headers: { "x-correlation-id": id } }), field: "x-correlation-id" })), 20);
        });

        it("GIVEN arbitrary JSON bodies, keys and claims WHEN placed THEN never a 5xx, and an event only for a 202 (property)", async () => {
            const claims = fc.oneof(
                fc.constant(undefined), fc.constant(null),
                fc.dictionary(fc.constantFrom("sub", "email", "email_verified", "aud"), fc.oneof(fc.string(), fc.uuid(), fc.boolean(), fc.integer())),
            );
            await fc.assert(fc.asyncProperty(fc.jsonValue(), fc.option(fc.string({ maxLength: 140 })), claims, async (body, key, claim) => {
                const before = events.accepted.length;
                const response = await place(request(body, customer, { key, claims: claim }));
                expect(response.statusCode).to.be.below(500);
                expect(events.accepted.length - before).to.equal(response.statusCode === 202 ? 1 : 0);
            }), { numRuns: 150 });
        });
    });
});
