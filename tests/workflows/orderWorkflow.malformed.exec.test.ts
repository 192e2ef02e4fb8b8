/**
 * Malformed OrderPlaced details, executed locally: the router's rule admits only details holding every field the
 * contract requires (a second rule sends the rest to the quarantine queue), the router's first states check the
 * types and keys before any state reads a path (quarantining what fails), and the pricing step checks the rest of
 * the contract, so every malformed event ends quarantined, or recorded FAILED and then announced or dead-lettered:
 * never in States.Runtime, which no Catch catches.
 */
import { randomBytes } from "crypto";
import { expect } from "chai";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import * as fc from "fast-check";
import { CONTRACTS, malformedPatternFor, patternFor } from "../../contracts";
import { matches } from "../../local/eventPattern";
import { newOrder, storedOrder } from "./support/localPlatform";
import { useWorkflowHarness } from "./support/workflowHarness";

type Json = any;

/** The event EventBridge would match and deliver for a detail. */
const orderPlacedEvent = (detail: Json): Json => ({
    version: "0", id: randomBytes(8).toString("hex"), "detail-type": "OrderPlaced", source: CONTRACTS.OrderPlaced.source,
    account: "123456789012", time: "2026-11-26T10:00:00Z", region: "us-east-1", resources: [], detail,
});

const ROUTER_PATTERN = patternFor(["OrderPlaced"]);
const QUARANTINE_PATTERN = malformedPatternFor("OrderPlaced");

/** A copy of `detail` with the value at `path` (dots, numeric indices) replaced, or removed for `undefined`. */
function corrupt(detail: Json, path: string, value: unknown): Json {
    const copy = JSON.parse(JSON.stringify(detail));
    const keys = path.split(".");
    const parent = keys.slice(0, -1).reduce((node, key) => (node === null || typeof node !== "object" ? undefined : node[key]), copy);
    if (parent !== null && typeof parent === "object") {
        if (value === undefined) delete parent[keys.at(-1)!];
        else parent[keys.at(-1)!] = value;
    }
    return copy;
}

const PATHS = ["orderId", "customerId", "correlationId", "occurredAt", "fingerprint", "currency", "customer", "customer.email", "items", "items.0", "items.0.sku", "items.0.quantity"];
const BAD_VALUES: unknown[] = [undefined, 42, null, "", true, {}, [], "x"];

describe("OrderWorkflow executed locally: malformed OrderPlaced details", function () {
    const h = useWorkflowHarness();

    /** The customer exists already, so the router goes straight to process-order (no registration to announce). */
    async function knownCustomer(detail: Json): Promise<void> {
        await h.dynamo.client.send(new PutItemCommand({ TableName: h.dynamo.tables.customers, Item: { customerId: { S: detail.customerId }, email: { S: "ada@example.com" } } }));
    }

    it("GIVEN a detail missing any field the contract requires WHEN routed THEN the router's rule does not take it and the quarantine rule does; a well-formed one goes to the router only", () => {
        const detail = newOrder();
        expect(matches(ROUTER_PATTERN, orderPlacedEvent(detail))).to.equal(true);
        expect(matches(QUARANTINE_PATTERN, orderPlacedEvent(detail))).to.equal(false);
        for (const path of ["orderId", "customerId", "correlationId", "occurredAt", "fingerprint", "currency", "customer", "customer.email", "items", "items.0.sku", "items.0.quantity"]) {
            const event = orderPlacedEvent(corrupt(detail, path, undefined));
            expect(matches(ROUTER_PATTERN, event), `router rule without ${path}`).to.equal(false);
            expect(matches(QUARANTINE_PATTERN, event), `quarantine rule without ${path}`).to.equal(true);
        }
        expect(matches(QUARANTINE_PATTERN, orderPlacedEvent(undefined)), "no detail at all").to.equal(true);
    });

    it("GIVEN a detail without the customer WHEN it reaches the router anyway THEN the first state sends the event to the quarantine queue and the execution fails as MalformedOrderPlaced, not with States.Runtime", async () => {
        const platform = h.platform(false);
        const detail = corrupt(newOrder(), "customer", undefined);
        const router = await platform.deliver(detail);
        await platform.settle();
        h.paths.remember("malformed detail: a field missing", [router], h.outbox);

        expect(router.states).to.deep.equal(["CheckOrderPlaced", "QuarantineOrderPlaced", "Malformed"]);
        expect(router.failure).to.equal("MalformedOrderPlaced");
        expect(platform.quarantined.map((event) => event.detail)).to.deep.equal([detail]);
        expect(platform.startedChildren()).to.equal(0);
    });

    it("GIVEN a customerId that is a number WHEN routed THEN the type check quarantines it before any state writes it", async () => {
        const platform = h.platform(false);
        const detail = newOrder({ customerId: 42 });
        const router = await platform.deliver(detail);
        h.paths.remember("malformed detail: a field of the wrong type", [router], h.outbox);

        expect(router.states).to.deep.equal(["CheckOrderPlaced", "CheckOrderPlacedTypes", "QuarantineOrderPlaced", "Malformed"]);
        expect(platform.quarantined).to.have.length(1);
    });

    it("GIVEN a well-typed detail the contract refuses (its correlation id) for an order the API recorded WHEN processed THEN the pricing step's ContractViolationError becomes the order's FAILED status, announced with the stored correlation id", async () => {
        const platform = h.platform(false);
        const detail = newOrder();
        await knownCustomer(detail);
        await platform.place(detail);
        const router = await platform.deliver({ ...detail, correlationId: "short" });
        const [child] = await platform.settle();
        h.paths.remember("malformed detail: refused by the contract, order recorded", [router, child], h.outbox);

        expect(child.states).to.deep.equal(["PriceOrder", "RecordFailure", "Failed"]);
        expect(child.inputs.RecordFailure.error).to.include({ Error: "ContractViolationError" });
        expect((await storedOrder(h.dynamo, detail.orderId)).status.S).to.equal("FAILED");
        const [failed] = platform.eventsNamed("OrderFailed", detail.orderId);
        expect(failed.detail).to.include({ error: "ContractViolationError", correlationId: detail.correlationId });
    });

    it("GIVEN such a detail for an order the API never recorded WHEN processed THEN the failure is recorded, and its stored change, which no contract event can carry, ends in the outbox's DLQ", async () => {
        const platform = h.platform(false);
        const detail = newOrder({ correlationId: "short" });
        await knownCustomer(detail);
        const deadLetters = h.outbox.deadLetters.length;
        const router = await platform.deliver(detail);
        const [child] = await platform.settle();
        h.paths.remember("malformed detail: refused by the contract, no order recorded (outbox DLQ)", [router, child], h.outbox);

        expect(child.states).to.deep.equal(["PriceOrder", "RecordFailure", "Failed"]);
        expect((await storedOrder(h.dynamo, detail.orderId)).status.S).to.equal("FAILED");
        expect(platform.eventsNamed("OrderFailed", detail.orderId)).to.deep.equal([]);
        expect(h.outbox.deadLetters.slice(deadLetters)).to.have.length(1);
    });

    it("GIVEN any one field removed or replaced by a value of another kind (property) THEN the event is quarantined by the rule or by the router, ends in the reported OrderConflict, or the order ends FAILED and is announced or dead-lettered: never States.Runtime, never silence", async () => {
        await fc.assert(fc.asyncProperty(fc.constantFrom(...PATHS), fc.constantFrom(...BAD_VALUES), async (path, value) => {
            const platform = h.platform(false);
            const detail = corrupt(newOrder(), path, value);
            const event = orderPlacedEvent(detail);
            const routed = matches(ROUTER_PATTERN, event);
            expect(routed || matches(QUARANTINE_PATTERN, event), `${path} = ${JSON.stringify(value)} reaches no rule`).to.equal(true);
            if (!routed) return;

            const deadLetters = h.outbox.deadLetters.length;
            const router = await platform.deliver(detail);
            const children = await platform.settle();
            const failures = [router, ...children].map((run) => run.failure).filter((f) => f !== undefined);
            expect(failures, `${path} = ${JSON.stringify(value)}`).to.not.include("States.Runtime").and.not.include("OrderNotRecorded");
            if (platform.quarantined.length > 0) {
                expect(router.failure).to.equal("MalformedOrderPlaced");
                return;
            }
            // Lines that no longer match the fingerprint: not the order that was placed, so nothing is written.
            if (failures.includes("OrderConflict")) {
                expect(await storedOrder(h.dynamo, detail.orderId)).to.equal(undefined);
                return;
            }
            const stored = await storedOrder(h.dynamo, detail.orderId);
            expect(stored?.status?.S, `${path} = ${JSON.stringify(value)}: ${router.states.join(" → ")}`).to.be.oneOf(["FAILED", "PROCESSED"]);
            const announced = platform.events().some((e) => e.detail.orderId === detail.orderId && e.name !== "CustomerRegistered");
            expect(announced || h.outbox.deadLetters.length > deadLetters, `${path} = ${JSON.stringify(value)}: neither announced nor dead-lettered`).to.equal(true);
        }), { numRuns: 25 });
    });
});
