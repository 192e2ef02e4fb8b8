/**
 * Both state machines executed locally (aws-local-stepfunctions) with every Task served by something real
 * (tests/workflows/support/localPlatform.ts), and the outbox turning the orders table's stored changes into the
 * announcements (support/localOutbox.ts). The main paths: new and existing customer, retries, a permanent
 * failure, duplicates, and a router that cannot reach its table.
 */
import { expect } from "chai";
import { PutItemCommand } from "@aws-sdk/client-dynamodb";
import { TaskError, newOrder, storedCustomer, storedOrder, BUS } from "./support/localPlatform";
import { useWorkflowHarness } from "./support/workflowHarness";

describe("OrderWorkflow executed locally (aws-local-stepfunctions, dynalite, the bundled pricing handler, the outbox)", function () {
    const h = useWorkflowHarness();

    it("GIVEN a new customer WHEN OrderPlaced arrives THEN the customer is registered and announced, the order is priced and stored PROCESSED, and its stored change announces OrderProcessed", async () => {
        const platform = h.platform(true);
        const detail = newOrder();
        await platform.place(detail);
        const router = await platform.deliver(detail);
        const [child] = await platform.settle();
        h.paths.remember("new customer", [router, child], h.outbox);

        expect(router.states).to.deep.equal([
            "CheckOrderPlaced", "CheckOrderPlacedTypes", "CheckOrderPlacedKeys", "GetCustomer", "IsKnownCustomer", "RegisterCustomer", "EmitCustomerRegistered", "StartProcessOrder", "Routed",
        ]);
        expect(child.states).to.deep.equal(["PriceOrder", "SaveOrder"]);
        expect(child.name).to.equal(detail.orderId);
        expect(child.inputs.PriceOrder).to.deep.equal(detail);

        const stored = await storedCustomer(h.dynamo, detail.customerId);
        expect(stored.email.S).to.equal(detail.customer.email);
        expect(Object.keys(stored).sort()).to.deep.equal(["createdAt", "customerId", "email", "firstOrderId"]);
        const saved = await storedOrder(h.dynamo, detail.orderId);
        expect(saved.status.S).to.equal("PROCESSED");
        expect(saved.totalCents.N).to.equal("2598"); // 2 × BOOK-001 at 12.99 EUR
        expect(saved).to.deep.include({ customerId: { S: detail.customerId }, fingerprint: { S: detail.fingerprint }, correlationId: { S: detail.correlationId } });
        expect(Number(saved.expiresAt.N)).to.be.greaterThan(Date.now() / 1000);

        expect(platform.events().filter((e) => e.detail.orderId === detail.orderId || e.detail.customerId === detail.customerId).map((e) => `${e.name} via ${e.via}`))
            .to.deep.equal(["CustomerRegistered via workflow", "OrderProcessed via outbox"]);
        expect(platform.events().every((e) => e.busName === BUS)).to.equal(true);
        const [registered] = platform.published.filter((e) => e.detail.customerId === detail.customerId);
        expect(registered.detail).to.include({ customerId: detail.customerId, email: detail.customer.email, correlationId: detail.correlationId });
        const [processed] = platform.eventsNamed("OrderProcessed", detail.orderId);
        expect(processed.detail).to.deep.equal({
            orderId: detail.orderId, customerId: detail.customerId, correlationId: detail.correlationId,
            occurredAt: saved.processedAt.S, currency: "EUR", totalCents: 2598, itemCount: 2,
        });
    });

    it("GIVEN an existing customer WHEN OrderPlaced arrives THEN the customer is neither rewritten nor announced, and the order is processed and announced", async () => {
        const platform = h.platform(true);
        const detail = newOrder({ items: [{ sku: "PEN-010", quantity: 1 }, { sku: "INK-020", quantity: 3 }], currency: "USD" });
        await h.dynamo.client.send(new PutItemCommand({
            TableName: h.dynamo.tables.customers,
            Item: { customerId: { S: detail.customerId }, email: { S: "earlier@example.com" }, firstOrderId: { S: "ord_registered_earlier" } },
        }));
        await platform.place(detail);
        const router = await platform.deliver(detail);
        const [child] = await platform.settle();
        h.paths.remember("existing customer", [router, child], h.outbox);

        expect(router.states).to.deep.equal(["CheckOrderPlaced", "CheckOrderPlacedTypes", "CheckOrderPlacedKeys", "GetCustomer", "IsKnownCustomer", "StartProcessOrder", "Routed"]);
        expect(child.states).to.deep.equal(["PriceOrder", "SaveOrder"]);
        expect((await storedCustomer(h.dynamo, detail.customerId)).email.S).to.equal("earlier@example.com");
        expect(platform.published.filter((e) => e.detail.customerId === detail.customerId)).to.deep.equal([]);
        const [processed] = platform.eventsNamed("OrderProcessed", detail.orderId);
        expect(processed.detail).to.include({ currency: "USD", totalCents: 949 + 3 * 375, itemCount: 4 });
    });

    it("GIVEN the pricing Lambda is throttled once WHEN the order is processed THEN PriceOrder is retried by the Lambda service-error retrier and succeeds", async () => {
        const platform = h.platform(true);
        platform.faults.set("PriceOrder", [new TaskError("Lambda.TooManyRequestsException", "Rate exceeded")]);
        const detail = newOrder();
        await platform.place(detail);
        const router = await platform.deliver(detail);
        const [child] = await platform.settle();
        h.paths.remember("transient failure retried", [router, child], h.outbox);

        expect(child.states).to.deep.equal(["PriceOrder", "PriceOrder (retry 1)", "SaveOrder"]);
        expect(child.retriedWith.PriceOrder).to.deep.equal([[
            "Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException",
        ]]);
        expect((await storedOrder(h.dynamo, detail.orderId)).status.S).to.equal("PROCESSED");
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(1);
    });

    it("GIVEN an unknown SKU WHEN the order is processed THEN PricingError is not retried, the order is stored FAILED with the error and cause, and its stored change announces OrderFailed", async () => {
        const platform = h.platform(true);
        const detail = newOrder({ items: [{ sku: "BOOK-001", quantity: 1 }, { sku: "NOPE-1", quantity: 1 }] });
        await platform.place(detail);
        const router = await platform.deliver(detail);
        const [child] = await platform.settle();
        h.paths.remember("permanent failure", [router, child], h.outbox);

        expect(router.states.at(-1)).to.equal("Routed");
        expect(child.states).to.deep.equal(["PriceOrder", "RecordFailure", "Failed"]);
        expect(child.status).to.equal("FAILED");
        // ResultPath "$.error": the original order travels on, next to the error.
        expect(child.inputs.RecordFailure).to.deep.include(detail);
        expect(child.inputs.RecordFailure.error).to.include({ Error: "PricingError" });

        const saved = await storedOrder(h.dynamo, detail.orderId);
        expect(saved.status.S).to.equal("FAILED");
        expect(saved.error.S).to.equal("PricingError");
        expect(saved.cause.S).to.match(/unknown sku NOPE-1/);
        expect(JSON.parse(saved.items.S)).to.deep.equal(detail.items);
        expect(saved.placedAt.S).to.equal(detail.occurredAt);

        const [failed] = platform.eventsNamed("OrderFailed", detail.orderId);
        expect(failed.via).to.equal("outbox");
        expect(failed.detail).to.include({ orderId: detail.orderId, customerId: detail.customerId, correlationId: detail.correlationId, error: "PricingError" });
        expect(failed.detail.cause).to.match(/unknown sku NOPE-1/);
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(0);
    });

    it("GIVEN STANDARD (names kept) WHEN the same OrderPlaced arrives twice THEN the second start is ExecutionAlreadyExists, treated as success, and the order is processed and announced once", async () => {
        const platform = h.platform(true);
        const detail = newOrder();
        await platform.place(detail);
        const first = await platform.deliver(detail);
        const second = await platform.deliver(detail);
        const children = await platform.settle();
        h.paths.remember("duplicate OrderPlaced (STANDARD: execution name)", [first, second, ...children], h.outbox);

        expect(second.status).to.equal("SUCCEEDED");
        expect(second.states).to.deep.equal(["CheckOrderPlaced", "CheckOrderPlacedTypes", "CheckOrderPlacedKeys", "GetCustomer", "IsKnownCustomer", "StartProcessOrder", "AlreadyStarted"]);
        expect(children).to.have.length(1);
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(1);
        expect(platform.published.filter((e) => e.name === "CustomerRegistered" && e.detail.orderId === detail.orderId)).to.have.length(1);
    });

    it("GIVEN EXPRESS (names not deduped) WHEN the same OrderPlaced arrives twice at once THEN both run, but the conditional writes let one register and one store the order: one CustomerRegistered, one OrderProcessed", async () => {
        const platform = h.platform(false);
        const detail = newOrder();
        await platform.place(detail);
        const routers = await Promise.all([platform.deliver(detail), platform.deliver(detail)]);
        const children = await platform.settle();
        h.paths.remember("duplicate OrderPlaced (EXPRESS: conditional writes)", [...routers, ...children], h.outbox);

        expect(routers.map((r) => r.status)).to.deep.equal(["SUCCEEDED", "SUCCEEDED"]);
        expect(children).to.have.length(2);
        expect(children.map((c) => c.states.at(-1)).sort()).to.deep.equal(["AlreadyFinal", "SaveOrder"]);
        const duplicate = children.find((c) => c.states.at(-1) === "AlreadyFinal")!;
        expect(duplicate.states).to.deep.equal(["PriceOrder", "SaveOrder", "ReadStoredOrder", "StoredOrderFound", "IsSameOrder", "AlreadyFinal"]);
        expect(platform.eventsNamed("OrderProcessed", detail.orderId)).to.have.length(1);
        expect(platform.published.filter((e) => e.name === "CustomerRegistered" && e.detail.orderId === detail.orderId)).to.have.length(1);
        expect((await storedOrder(h.dynamo, detail.orderId)).status.S).to.equal("PROCESSED");
    });

    it("GIVEN EXPRESS WHEN an order that failed is delivered again THEN the duplicate stops at the stored FAILED status, changes nothing, and OrderFailed is announced once", async () => {
        const platform = h.platform(false);
        const detail = newOrder({ items: [{ sku: "NOPE-2", quantity: 1 }] });
        await platform.place(detail);
        const first = await platform.deliver(detail);
        await platform.settle();
        const before = await storedOrder(h.dynamo, detail.orderId);
        const second = await platform.deliver(detail);
        const children = await platform.settle();
        h.paths.remember("duplicate of a failed order (EXPRESS)", [first, second, ...children], h.outbox);

        expect(children[1].states).to.deep.equal(["PriceOrder", "RecordFailure", "ReadStoredOrder", "StoredOrderFound", "IsSameOrder", "AlreadyFinal"]);
        expect(children[1].status).to.equal("SUCCEEDED");
        expect(await storedOrder(h.dynamo, detail.orderId)).to.deep.equal(before);
        expect(platform.eventsNamed("OrderFailed", detail.orderId)).to.have.length(1);
    });

    it("GIVEN the customers table is unavailable WHEN the router runs THEN it retries, records the order FAILED with process-order's conditional write, and that stored change announces OrderFailed", async () => {
        const platform = h.platform(true);
        platform.faults.set("GetCustomer", Array.from({ length: 4 }, () => new TaskError("DynamoDB.InternalServerErrorException", "Internal server error")));
        const detail = newOrder();
        await platform.place(detail);
        const router = await platform.deliver(detail);
        const children = await platform.settle();
        h.paths.remember("router failure", [router], h.outbox);

        expect(router.states).to.deep.equal([
            "CheckOrderPlaced", "CheckOrderPlacedTypes", "CheckOrderPlacedKeys",
            "GetCustomer", "GetCustomer (retry 1)", "GetCustomer (retry 2)", "GetCustomer (retry 3)", "RecordRouteFailure", "Failed",
        ]);
        expect(router.status).to.equal("FAILED");
        expect(children).to.have.length(0);
        const saved = await storedOrder(h.dynamo, detail.orderId);
        expect(saved.status.S).to.equal("FAILED");
        expect(saved.error.S).to.equal("DynamoDB.InternalServerErrorException");
        const [failed] = platform.eventsNamed("OrderFailed", detail.orderId);
        expect(failed.detail).to.include({ error: "DynamoDB.InternalServerErrorException", cause: "Internal server error", correlationId: detail.correlationId });
        expect(platform.events().filter((e) => e.detail.orderId === detail.orderId)).to.have.length(1);
    });
});
