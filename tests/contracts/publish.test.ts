import { expect } from "chai";
import { mockClient } from "aws-sdk-client-mock";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { CONTRACTS, ContractViolationError } from "../../contracts";
import { EventPublishError, eventEntry, publishEvents } from "../../contracts/publish";

describe("event producer", () => {
    // Installed per test file run and removed after: aws-sdk-client-mock patches every EventBridgeClient in the process.
    let eventBridge: ReturnType<typeof mockClient>;
    const client = new EventBridgeClient({ region: "us-east-1", credentials: { accessKeyId: "x", secretAccessKey: "x" } });
    before(() => { eventBridge = mockClient(EventBridgeClient); });
    afterEach(() => eventBridge.reset());
    after(() => eventBridge.restore());

    it("GIVEN a valid detail WHEN the entry is built THEN it carries the contract's source, detail-type, bus and the correlation id", () => {
        const entry = eventEntry("orders-bus", "OrderPlaced", CONTRACTS.OrderPlaced.example);
        expect(entry).to.deep.include({ EventBusName: "orders-bus", Source: "orders.api", DetailType: "OrderPlaced" });
        expect(JSON.parse(entry.Detail!).correlationId).to.equal(CONTRACTS.OrderPlaced.example.correlationId);
    });

    it("GIVEN events WHEN they are published THEN one PutEvents call carries them all", async () => {
        eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "1" }, { EventId: "2" }] });
        await publishEvents(client, "orders-bus", [
            { name: "OrderProcessed", detail: CONTRACTS.OrderProcessed.example },
            { name: "CustomerRegistered", detail: CONTRACTS.CustomerRegistered.example },
        ]);
        const calls = eventBridge.commandCalls(PutEventsCommand);
        expect(calls).to.have.length(1);
        expect(calls[0].args[0].input.Entries!.map((e) => e.DetailType)).to.deep.equal(["OrderProcessed", "CustomerRegistered"]);
    });

    it("GIVEN EventBridge rejects an entry WHEN publishing THEN a named EventPublishError says how many and why", async () => {
        eventBridge.on(PutEventsCommand).resolves({
            FailedEntryCount: 1,
            Entries: [{ ErrorCode: "InternalFailure", ErrorMessage: "try again" }],
        });
        const error = await publishEvents(client, "orders-bus", [{ name: "OrderFailed", detail: CONTRACTS.OrderFailed.example }])
            .then(() => undefined, (e: unknown) => e);
        expect(error).to.be.instanceOf(EventPublishError);
        expect((error as EventPublishError).name).to.equal("EventPublishError");
        expect((error as EventPublishError).failedEntryCount).to.equal(1);
        expect(String(error)).to.match(/rejected 1 event\(s\): InternalFailure: try again/);
    });

    it("GIVEN an invalid detail WHEN publishing THEN it throws a ContractViolationError and sends nothing", async () => {
        const error = await publishEvents(client, "orders-bus", [
            { name: "OrderProcessed", detail: { ...CONTRACTS.OrderProcessed.example, totalCents: -5 } },
        ]).then(() => undefined, (e: unknown) => e);
        expect(error).to.be.instanceOf(ContractViolationError);
        expect((error as ContractViolationError).field).to.equal("totalCents");
        expect(eventBridge.commandCalls(PutEventsCommand)).to.have.length(0);
    });
});
