import { expect } from "chai";
import * as fc from "fast-check";
import { PublishCommand } from "@aws-sdk/client-iot-data-plane";
import { CONTRACTS, ContractViolationError, EventName } from "../../contracts";
import { notify, UnexpectedEventError } from "../../functions/notifier";

class RecordingIot {
    readonly published: { topic: string; qos: number | undefined; payload: unknown }[] = [];
    async send(command: PublishCommand): Promise<unknown> {
        const { topic, qos, payload } = command.input;
        this.published.push({ topic: topic!, qos, payload: JSON.parse(new TextDecoder().decode(payload as Uint8Array)) });
        return {};
    }
}

const event = (name: EventName, detail: unknown = CONTRACTS[name].example) =>
    ({ source: CONTRACTS[name].source, "detail-type": CONTRACTS[name].detailType, detail });

const CUSTOMER = CONTRACTS.OrderProcessed.example.customerId;
const base = { orderId: CONTRACTS.OrderPlaced.example.orderId, correlationId: CONTRACTS.OrderPlaced.example.correlationId, occurredAt: CONTRACTS.OrderPlaced.example.occurredAt };

describe("frontend notifier", () => {
    const cases: { name: EventName; message: Record<string, unknown> }[] = [
        { name: "OrderProcessed", message: { type: "OrderProcessed", ...base, currency: "EUR", totalCents: 2598, itemCount: 2 } },
        { name: "OrderFailed", message: { type: "OrderFailed", ...base, error: "PricingError" } },
        { name: "ReceiptStored", message: { type: "ReceiptStored", ...base, receiptKey: CONTRACTS.ReceiptStored.example.key } },
    ];
    for (const { name, message } of cases) {
        it(`GIVEN ${name} WHEN notified THEN one QoS 1 message goes to orders/<stack>/<customerId> with the compact payload`, async () => {
            const iot = new RecordingIot();
            await notify(iot, "orders/dev", event(name));
            expect(iot.published).to.deep.equal([{ topic: `orders/dev/${CUSTOMER}`, qos: 1, payload: message }]);
        });
    }

    it("GIVEN OrderFailed WHEN notified THEN the internal cause is not sent to the browser", async () => {
        const iot = new RecordingIot();
        await notify(iot, "orders/dev", event("OrderFailed"));
        expect(JSON.stringify(iot.published[0].payload)).not.to.include(CONTRACTS.OrderFailed.example.cause);
    });

    it("GIVEN OrderFailed with any cause WHEN notified THEN the browser gets exactly the short error code and ids, never a word of the cause (property)", async () => {
        await fc.assert(fc.asyncProperty(fc.string({ minLength: 1, maxLength: 400 }), async (text) => {
            const iot = new RecordingIot();
            await notify(iot, "orders/dev", event("OrderFailed", { ...CONTRACTS.OrderFailed.example, cause: text }));
            const [{ payload }] = iot.published;
            expect(payload).to.deep.equal({ type: "OrderFailed", ...base, error: "PricingError" });
        }), { numRuns: 100 });
    });

    it("GIVEN IoT rejects the publish WHEN notified THEN the error propagates (EventBridge retries, then dead-letters)", async () => {
        const failure = Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" });
        let caught: unknown;
        try {
            await notify({ send: async () => { throw failure; } }, "orders/dev", event("OrderProcessed"));
        } catch (e) { caught = e; }
        expect(caught).to.equal(failure);
    });

    it("GIVEN a detail that breaks its contract WHEN notified THEN it throws naming the field and publishes nothing", async () => {
        const iot = new RecordingIot();
        let caught: unknown;
        try {
            await notify(iot, "orders/dev", event("OrderProcessed", { ...CONTRACTS.OrderProcessed.example, customerId: "a/b/#" }));
        } catch (e) { caught = e; }
        expect(caught).to.be.instanceOf(ContractViolationError);
        expect((caught as Error).message).to.match(/customerId/);
        expect(iot.published).to.deep.equal([]);
    });

    it("GIVEN an event the notifier is not subscribed to WHEN notified THEN it throws UnexpectedEventError", async () => {
        const iot = new RecordingIot();
        let caught: unknown;
        try { await notify(iot, "orders/dev", event("OrderPlaced")); } catch (e) { caught = e; }
        expect(caught).to.be.instanceOf(UnexpectedEventError);
        expect((caught as Error).message).to.match(/OrderPlaced/);
        expect(iot.published).to.deep.equal([]);
    });
});
