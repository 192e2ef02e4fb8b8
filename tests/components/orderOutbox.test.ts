import { expect } from "chai";
import * as pulumi from "@pulumi/pulumi";
import { ANNOUNCED_EVENTS, OUTBOX_STREAM_PARAMETERS, outboxFilterPatterns, outboxTargetParameters } from "../../contracts/outbox";
import type { EventBus } from "../../components/eventBus";
import type { OrderOutbox, OrderOutboxArgs, StreamSource } from "../../components/orderOutbox";
import { validateOrderOutboxArgs } from "../../components/orderOutbox";
import { evaluatePack, loadPolicyConfig } from "../../policies/evaluate";
import { MockResource, policyDocument, promiseOf, Recording, settle, useMocks } from "../harness";

const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/test-key";
const STREAM_ARN = "arn:aws:dynamodb:us-east-1:123456789012:table/orders-orders/stream/2026-11-26T00:00:00.000";
const T = {
    pipe: "aws:pipes/pipe:Pipe", mapping: "aws:lambda/eventSourceMapping:EventSourceMapping", fn: "aws:lambda/function:Function",
    queue: "aws:sqs/queue:Queue", role: "aws:iam/role:Role", rolePolicy: "aws:iam/rolePolicy:RolePolicy", logGroup: "aws:cloudwatch/logGroup:LogGroup",
};

/** The stream side of the orders table, with a known ARN (the mocks compute none for a table's stream). */
const stream: StreamSource = {
    streamArn: STREAM_ARN,
    grantStreamRead: (sid = "ReadStream") => [
        { Sid: sid, Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"], Resource: STREAM_ARN },
    ],
};

function build(args: Partial<OrderOutboxArgs> = {}): { rec: Recording; outbox: OrderOutbox; bus: EventBus } {
    const rec = useMocks("prod");
    const { EventBus } = require("../../components/eventBus") as typeof import("../../components/eventBus");
    const { OrderOutbox } = require("../../components/orderOutbox") as typeof import("../../components/orderOutbox");
    const bus = new EventBus("orders");
    const outbox = new OrderOutbox("orders-outbox", { ordersTable: stream, eventBus: bus, logRetentionDays: 90, ...args });
    return { rec, outbox, bus };
}

const statements = (rec: Recording, policy: string) => policyDocument(rec.resources.find((r) => r.type === T.rolePolicy && r.name === policy)!).Statement;
const named = (rec: Recording, type: string, name: string): MockResource => {
    const found = rec.ofType(type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
};

describe("OrderOutbox component", () => {
    describe("GIVEN the default transport (a Lambda event source mapping, whose stream reads are free)", () => {
        let rec: Recording;
        let outbox: OrderOutbox;
        let bus: EventBus;
        before(async () => {
            ({ rec, outbox, bus } = build({ kmsKeyArn: KEY_ARN }));
            await settle();
        });

        it("THEN one mapping reads the orders stream from LATEST with the contract's bounds, filters to the transitions of both events, reports partial failures and dead-letters what it gives up", async () => {
            expect(outbox.transport).to.equal("function");
            const mapping = named(rec, T.mapping, "orders-outbox-stream").inputs;
            expect(mapping).to.deep.include({
                eventSourceArn: STREAM_ARN, functionName: await promiseOf(outbox.function.arn), startingPosition: "LATEST",
                batchSize: OUTBOX_STREAM_PARAMETERS.batchSize, maximumRetryAttempts: OUTBOX_STREAM_PARAMETERS.maximumRetryAttempts,
                maximumRecordAgeInSeconds: OUTBOX_STREAM_PARAMETERS.maximumRecordAgeInSeconds, bisectBatchOnFunctionError: true,
                functionResponseTypes: ["ReportBatchItemFailures"],
            });
            expect(mapping.filterCriteria.filters.map((f: { pattern: string }) => JSON.parse(f.pattern))).to.deep.equal(ANNOUNCED_EVENTS.flatMap(outboxFilterPatterns));
            const dlq = named(rec, T.queue, "orders-outbox-stream-dlq");
            expect(mapping.destinationConfig).to.deep.equal({ onFailure: { destinationArn: dlq.state.arn } });
            expect(dlq.inputs).to.include({ messageRetentionSeconds: 1_209_600, kmsMasterKeyId: KEY_ARN });
            expect(rec.ofType(T.pipe)).to.deep.equal([]);
        });

        it("THEN the publisher reads only that stream, publishes only OrderProcessed and OrderFailed on the bus (the bus's own grant), and sends only to its DLQ", async () => {
            const fn = named(rec, T.fn, "orders-outbox-publisher");
            expect(fn.inputs.environment.variables.EVENT_BUS_NAME).to.equal(await promiseOf(bus.name));
            const own = statements(rec, "orders-outbox-publisher-role-policy").filter((s: { Sid: string }) => !["WriteOwnLogs", "Tracing"].includes(s.Sid));
            const [publish] = await promiseOf(bus.grantPublish([...ANNOUNCED_EVENTS], "Announce") as never) as { Condition: unknown }[];
            expect(own).to.deep.equal([
                { Effect: "Allow", Sid: "ReadOrderChanges", Action: ["dynamodb:DescribeStream", "dynamodb:GetRecords", "dynamodb:GetShardIterator", "dynamodb:ListStreams"], Resource: STREAM_ARN },
                { Effect: "Allow", Sid: "Announce", Action: ["events:PutEvents"], Resource: await promiseOf(bus.arn), Condition: publish.Condition },
                { Effect: "Allow", Sid: "DeadLetter", Action: ["sqs:SendMessage"], Resource: named(rec, T.queue, "orders-outbox-stream-dlq").state.arn },
                { Effect: "Allow", Sid: "DeadLetterKey", Action: ["kms:GenerateDataKey", "kms:Decrypt"], Resource: KEY_ARN, Condition: { StringLike: { "kms:ViaService": "sqs.*.amazonaws.com" } } },
            ]);
        });

        it("THEN monitoring watches the function and the DLQ, and nothing of it is billed while idle", async () => {
            expect(outbox.monitoring.functions).to.deep.equal([outbox.function]);
            expect(outbox.monitoring.deadLetterQueues).to.deep.equal(outbox.deadLetterQueues).and.have.length(1);
            const { idleCharges } = require("../../pricing/hourlyBilled") as { idleCharges(type: string, inputs: Record<string, unknown>): unknown[] };
            expect(rec.resources.flatMap((r) => idleCharges(r.type, r.inputs))).to.deep.equal([]);
        });
    });

    describe("GIVEN the pipes transport", () => {
        let rec: Recording;
        let outbox: OrderOutbox;
        let bus: EventBus;
        before(async () => {
            ({ rec, outbox, bus } = build({ transport: "pipes", kmsKeyArn: KEY_ARN }));
            await settle();
        });

        it("THEN each announced event has a pipe: the stream from LATEST with bounded retries, halving and a DLQ, its own filter, the enrichment, and the bus with the contract's source and detail-type", async () => {
            for (const event of ANNOUNCED_EVENTS) {
                const slug = event === "OrderProcessed" ? "order-processed" : "order-failed";
                const pipe = named(rec, T.pipe, `orders-outbox-${slug}`).inputs;
                expect(pipe.source).to.equal(STREAM_ARN);
                expect(pipe.sourceParameters.dynamodbStreamParameters).to.deep.equal({
                    ...OUTBOX_STREAM_PARAMETERS, deadLetterConfig: { arn: named(rec, T.queue, `orders-outbox-${slug}-dlq`).state.arn },
                });
                expect(pipe.sourceParameters.filterCriteria.filters.map((f: { pattern: string }) => JSON.parse(f.pattern))).to.deep.equal(outboxFilterPatterns(event));
                expect(pipe.enrichment).to.equal(await promiseOf(outbox.function.arn));
                expect(pipe.target).to.equal(await promiseOf(bus.arn));
                expect(pipe.targetParameters).to.deep.equal({ eventbridgeEventBusParameters: outboxTargetParameters(event) });
                const group = named(rec, T.logGroup, `orders-outbox-${slug}-logs`);
                expect(pipe.logConfiguration).to.deep.equal({ level: "ERROR", cloudwatchLogsLogDestination: { logGroupArn: group.state.arn } });
                expect(group.inputs).to.include({ retentionInDays: 90, kmsKeyId: KEY_ARN });
            }
        });

        it("THEN each pipe's role may be assumed only by Pipes for that pipe, and holds only its stream, its enrichment, its one event, its DLQ and its log group", async () => {
            for (const [event, slug] of [["OrderProcessed", "order-processed"], ["OrderFailed", "order-failed"]] as const) {
                const role = named(rec, T.role, `orders-outbox-${slug}-role`);
                const [trust] = JSON.parse(role.inputs.assumeRolePolicy).Statement;
                expect(trust.Principal).to.deep.equal({ Service: "pipes.amazonaws.com" });
                expect(trust.Condition.ArnLike["aws:SourceArn"]).to.equal(`arn:aws:pipes:us-east-1:123456789012:pipe/orders-outbox-${slug}*`);
                type Statement = { Sid: string; Resource: string; Condition: Record<string, Record<string, string[]>> };
                const bySid: Record<string, Statement> = Object.fromEntries(statements(rec, `orders-outbox-${slug}-role-policy`).map((s: Statement) => [s.Sid, s]));
                expect(Object.keys(bySid)).to.deep.equal(["ReadOrderChanges", "Enrich", "Announce", "DeadLetter", "DeadLetterKey", "WriteOwnLogs"]);
                expect(bySid.Enrich.Resource).to.equal(await promiseOf(outbox.function.arn));
                expect(bySid.Announce.Condition.StringEquals["events:detail-type"]).to.deep.equal([event]);
                expect(bySid.DeadLetter.Resource).to.equal(named(rec, T.queue, `orders-outbox-${slug}-dlq`).state.arn);
            }
        });

        it("THEN the pack's pipes policies find nothing, and the pricing model lists each pipe as billed while idle (its polling of the stream)", async () => {
            const findings = evaluatePack(rec.resources.map((r) => ({ type: r.type, name: r.name, inputs: r.inputs, outputs: r.state, id: r.id })), "prod", loadPolicyConfig("prod"));
            expect(findings.filter((f) => f.policy.startsWith("pipes-")).map((f) => f.message)).to.deep.equal([]);
            const { idleCharges } = require("../../pricing/hourlyBilled") as { idleCharges(type: string, inputs: Record<string, unknown>): unknown[] };
            expect(rec.ofType(T.pipe).filter((p) => idleCharges(p.type, p.inputs).length > 0)).to.have.length(2);
            expect(outbox.monitoring.deadLetterQueues).to.have.length(2);
        });
    });

    describe("validation", () => {
        const base = { ordersTable: stream, eventBus: { arn: pulumi.output("arn"), name: pulumi.output("bus"), grantPublish: () => [] } as unknown as EventBus };

        it("GIVEN bad arguments WHEN validated THEN every problem is named with its value", () => {
            expect(() => validateOrderOutboxArgs("outbox", { ...base, transport: "kinesis" as never, dlqRetentionSeconds: 5, logRetentionDays: 10 }))
                .to.throw(/OrderOutbox outbox: logRetentionDays must be a CloudWatch retention value .* but 10 was provided; dlqRetentionSeconds must be an integer from 60 to 1209600, but 5 was provided; transport must be function or pipes, but kinesis was provided/);
        });

        it("GIVEN no table WHEN validated THEN it says what the table is for", () => {
            expect(() => validateOrderOutboxArgs("outbox", { ...base, ordersTable: undefined as never })).to.throw(/ordersTable is required: the table whose stream holds the orders' status changes/);
        });
    });
});
