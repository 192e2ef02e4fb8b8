import { expect } from "chai";
import { patternFor } from "../../contracts";
import type { BufferedConsumer, BufferedConsumerArgs } from "../../components/bufferedConsumer";
import { validateBufferedConsumerArgs } from "../../components/bufferedConsumer";
import type { EventBus } from "../../components/eventBus";
import type { HandlerFunction } from "../../components/handlerFunction";
import { HANDLERS } from "../../functions/handlers";
import { ACCOUNT_ID, policyDocument, Recording, REGION, settle, useMocks } from "../harness";

const QUEUE = "aws:sqs/queue:Queue";
/**
 * Modules are required when a test builds, not imported once: a stack test's runProgram() clears components/ from
 * require.cache, and a component must be built from the same module instance as the resources it is handed.
 */
function modules() {
    return {
        ...(require("../../components/bufferedConsumer") as typeof import("../../components/bufferedConsumer")),
        ...(require("../../components/eventBus") as typeof import("../../components/eventBus")),
        ...(require("../../components/handlerFunction") as typeof import("../../components/handlerFunction")),
        fnArgs: {
            handler: HANDLERS.receiptWriter,
            description: "test consumer",
            environment: { RECEIPTS_BUCKET: "receipts-bucket" },
        },
    };
}
const fnArgs = modules().fnArgs;
/** The one resource of `type` named exactly `name` (the harness's `named` matches fragments). */
function exact(rec: Recording, type: string, name: string) {
    const found = rec.ofType(type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
}
const sqsArn = (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT_ID}:${name}`;

async function build(args: Partial<BufferedConsumerArgs> = {}, stack = "dev"): Promise<{ rec: Recording; consumer: BufferedConsumer }> {
    const rec = useMocks(stack);
    const { EventBus, BufferedConsumer, fnArgs } = modules();
    const bus = new EventBus("orders", {});
    const consumer = new BufferedConsumer("receipts", { eventBus: bus, events: ["OrderProcessed"], functionArgs: fnArgs, ...args });
    await settle();
    return { rec, consumer };
}

describe("BufferedConsumer", () => {
    it("GIVEN defaults WHEN created THEN rule → SSE queue (6× timeout, DLQ after 5 receives) → mapping with ReportBatchItemFailures and a concurrency bound", async () => {
        const { rec } = await build();
        const queue = exact(rec, QUEUE, "receipts-queue");
        const dlq = exact(rec, QUEUE, "receipts-dlq");
        expect(queue.inputs).to.include({ visibilityTimeoutSeconds: 60, messageRetentionSeconds: 345_600, sqsManagedSseEnabled: true });
        expect(JSON.parse(queue.inputs.redrivePolicy)).to.deep.equal({ deadLetterTargetArn: sqsArn("receipts-dlq"), maxReceiveCount: 5 });
        expect(dlq.inputs).to.include({ messageRetentionSeconds: 1_209_600, sqsManagedSseEnabled: true });

        const rule = rec.named("aws:cloudwatch/eventRule:EventRule", "orders-receipts-rule");
        expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal(patternFor(["OrderProcessed"]));
        expect(rule.inputs.eventBusName).to.equal("orders-bus");
        const target = rec.named("aws:cloudwatch/eventTarget:EventTarget", "orders-receipts-target");
        expect(target.inputs.arn).to.equal(sqsArn("receipts-queue"));

        const mapping = rec.named("aws:lambda/eventSourceMapping:EventSourceMapping", "receipts-mapping");
        expect(mapping.inputs).to.deep.include({
            eventSourceArn: sqsArn("receipts-queue"),
            functionName: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:receipts-fn`,
            batchSize: 10,
            maximumBatchingWindowInSeconds: 0,
            functionResponseTypes: ["ReportBatchItemFailures"],
            scalingConfig: { maximumConcurrency: 2 },
        });
        expect(rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).to.have.length(0);
    });

    it("GIVEN the rule WHEN the queue policy is read THEN only that rule is allowed to send", async () => {
        const { rec } = await build();
        const policy = policyDocument(rec.named("aws:sqs/queuePolicy:QueuePolicy", "orders-receipts-queue-policy"));
        const allows = policy.Statement.filter((s: { Effect: string }) => s.Effect === "Allow");
        expect(allows).to.deep.equal([{
            Effect: "Allow", Sid: "OnlyThisRuleSends", Principal: { Service: "events.amazonaws.com" }, Action: ["sqs:SendMessage"],
            Resource: sqsArn("receipts-queue"),
            Condition: { ArnEquals: { "aws:SourceArn": `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/orders-bus/orders-receipts-rule` } },
        }]);
    });

    it("GIVEN the mapping WHEN bound THEN the function role gets exactly the consume actions on the queue (no KMS without a key)", async () => {
        const { rec } = await build();
        const consume = rec.named("aws:iam/rolePolicy:RolePolicy", "receipts-consume");
        expect(consume.inputs.role).to.equal("receipts-fn-role-id");
        expect(policyDocument(consume).Statement).to.deep.equal([{
            Effect: "Allow", Sid: "ConsumeQueue", Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], Resource: sqsArn("receipts-queue"),
        }]);
    });

    it("GIVEN a customer-managed key WHEN created THEN both queues use it and the consumer may decrypt with exactly that key", async () => {
        const key = "arn:aws:kms:us-east-1:123456789012:key/k1";
        const { rec } = await build({ kmsKeyArn: key });
        for (const name of ["receipts-queue", "receipts-dlq"]) {
            expect(exact(rec, QUEUE, name).inputs).to.include({ kmsMasterKeyId: key });
            expect(exact(rec, QUEUE, name).inputs.sqsManagedSseEnabled).to.equal(undefined);
        }
        expect(policyDocument(rec.named("aws:iam/rolePolicy:RolePolicy", "receipts-consume")).Statement[1])
            .to.deep.equal({ Effect: "Allow", Sid: "DecryptQueue", Action: ["kms:Decrypt"], Resource: key });
    });

    it("GIVEN explicit sizing WHEN created THEN batch, window, receives, concurrency, visibility and retentions are applied", async () => {
        const { rec } = await build({
            batchSize: 50, maximumBatchingWindowInSeconds: 5, maxReceiveCount: 3, maximumConcurrency: 20,
            visibilityTimeoutSeconds: 120, queueRetentionSeconds: 86_400, dlqRetentionSeconds: 172_800,
        });
        expect(exact(rec, QUEUE, "receipts-queue").inputs).to.include({ visibilityTimeoutSeconds: 120, messageRetentionSeconds: 86_400 });
        expect(JSON.parse(exact(rec, QUEUE, "receipts-queue").inputs.redrivePolicy).maxReceiveCount).to.equal(3);
        expect(exact(rec, QUEUE, "receipts-dlq").inputs.messageRetentionSeconds).to.equal(172_800);
        expect(rec.named("aws:lambda/eventSourceMapping:EventSourceMapping", "receipts-mapping").inputs).to.deep.include({
            batchSize: 50, maximumBatchingWindowInSeconds: 5, scalingConfig: { maximumConcurrency: 20 },
        });
    });

    it("GIVEN alarms on (prod) WHEN created THEN DLQ depth > 0 and oldest-message age alarms notify the given topic", async () => {
        const topic = "arn:aws:sns:us-east-1:123456789012:ops";
        const { rec, consumer } = await build({ alarms: true, alarmTopicArn: topic, oldestMessageAlarmSeconds: 600 }, "prod");
        expect(consumer.alarms).to.have.length(2);
        const depth = rec.named("aws:cloudwatch/metricAlarm:MetricAlarm", "receipts-dlq-depth").inputs;
        expect(depth).to.deep.include({
            namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: "receipts-dlq" },
            statistic: "Maximum", threshold: 0, comparisonOperator: "GreaterThanThreshold", alarmActions: [topic], okActions: [topic],
        });
        const age = rec.named("aws:cloudwatch/metricAlarm:MetricAlarm", "receipts-oldest-message").inputs;
        expect(age).to.deep.include({
            namespace: "AWS/SQS", metricName: "ApproximateAgeOfOldestMessage", dimensions: { QueueName: "receipts-queue" },
            threshold: 600, comparisonOperator: "GreaterThanThreshold", alarmActions: [topic],
        });
    });

    it("GIVEN alarms off (dev) WHEN created THEN no alarm exists (nothing billed while idle)", async () => {
        const { rec } = await build({ alarms: false });
        expect(rec.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")).to.deep.equal([]);
    });

    it("GIVEN an existing function with a 30 s timeout WHEN bound THEN no function is created, the queue is sized 180 s and its role gets the grant", async () => {
        const rec = useMocks("dev");
        const { EventBus, BufferedConsumer, HandlerFunction, fnArgs } = modules();
        const bus = new EventBus("orders", {});
        const existing = new HandlerFunction("shared-fn", { ...fnArgs, timeout: 30 });
        new BufferedConsumer("audit", { eventBus: bus, events: ["OrderFailed", "OrderProcessed"], existingFunction: existing });
        await settle();
        expect(rec.ofType("aws:lambda/function:Function").map((f) => f.name)).to.deep.equal(["shared-fn"]);
        expect(exact(rec, QUEUE, "audit-queue").inputs.visibilityTimeoutSeconds).to.equal(180);
        expect(rec.named("aws:iam/rolePolicy:RolePolicy", "audit-consume").inputs.role).to.equal("shared-fn-role-id");
        expect(JSON.parse(rec.named("aws:cloudwatch/eventRule:EventRule", "orders-audit-rule").inputs.eventPattern))
            .to.deep.equal(patternFor(["OrderFailed", "OrderProcessed"]));
    });

    describe("validation (before anything is created)", () => {
        const base = { eventBus: {} as EventBus, events: ["OrderProcessed" as const], functionArgs: fnArgs };
        const table: { args: Partial<BufferedConsumerArgs>; error: RegExp }[] = [
            { args: { visibilityTimeoutSeconds: 30 }, error: /visibilityTimeoutSeconds \(30\) must be at least 6× the function timeout \(10 s = 60\)/ },
            { args: { functionArgs: { ...fnArgs, timeout: 20 }, visibilityTimeoutSeconds: 100 }, error: /visibilityTimeoutSeconds \(100\) must be at least 6× the function timeout \(20 s = 120\)/ },
            { args: { visibilityTimeoutSeconds: 50_000 }, error: /visibilityTimeoutSeconds must be an integer from 0 to 43200, but 50000 was provided/ },
            { args: { queueRetentionSeconds: 1_209_600 }, error: /dlqRetentionSeconds \(1209600\) must be greater than queueRetentionSeconds \(1209600\)/ },
            { args: { queueRetentionSeconds: 86_400, dlqRetentionSeconds: 3600 }, error: /dlqRetentionSeconds \(3600\) must be greater than queueRetentionSeconds \(86400\)/ },
            { args: { queueRetentionSeconds: 30 }, error: /queueRetentionSeconds must be an integer from 60 to 1209600, but 30 was provided/ },
            { args: { dlqRetentionSeconds: 2_000_000 }, error: /dlqRetentionSeconds must be an integer from 60 to 1209600, but 2000000 was provided/ },
            { args: { maximumConcurrency: 1 }, error: /maximumConcurrency must be an integer from 2 to 1000, but 1 was provided/ },
            { args: { maximumConcurrency: 1001 }, error: /maximumConcurrency must be an integer from 2 to 1000, but 1001 was provided/ },
            { args: { batchSize: 0 }, error: /batchSize must be an integer from 1 to 10000, but 0 was provided/ },
            { args: { batchSize: 100 }, error: /batchSize \(100\) above 10 needs maximumBatchingWindowInSeconds of at least 1, but 0 was provided/ },
            { args: { maximumBatchingWindowInSeconds: 301 }, error: /maximumBatchingWindowInSeconds must be an integer from 0 to 300, but 301 was provided/ },
            { args: { maxReceiveCount: 0 }, error: /maxReceiveCount must be an integer from 1 to 1000, but 0 was provided/ },
            { args: { events: [] }, error: /events must name at least one contract event/ },
            { args: { functionArgs: undefined }, error: /exactly one of `functionArgs` or `existingFunction`/ },
            { args: { existingFunction: { timeout: 10 } as HandlerFunction }, error: /exactly one of `functionArgs` or `existingFunction`/ },
            { args: { oldestMessageAlarmSeconds: 30 }, error: /oldestMessageAlarmSeconds must be an integer from 60 to below queueRetentionSeconds \(345600\), but 30 was provided/ },
            { args: { retry: { maximumRetryAttempts: 200, maximumEventAgeInSeconds: 60 } }, error: /retry\.maximumRetryAttempts must be an integer from 0 to 185, but 200 was provided/ },
        ];
        for (const { args, error } of table) {
            it(`GIVEN ${JSON.stringify(args, (k, v) => (k === "handler" ? undefined : v))} WHEN validated THEN it throws ${error.source.slice(0, 50)}`, () => {
                expect(() => validateBufferedConsumerArgs("receipts", { ...base, ...args })).to.throw(new RegExp(`BufferedConsumer receipts: .*${error.source}`));
            });
        }

        it("GIVEN several wrong args WHEN validated THEN one error lists them all", () => {
            expect(() => validateBufferedConsumerArgs("r", { ...base, batchSize: 0, maximumConcurrency: 0 }))
                .to.throw(/batchSize .* 0 was provided; maximumConcurrency .* 0 was provided/);
        });

        it("GIVEN invalid args WHEN the component is constructed THEN no resource is created", async () => {
            const rec = useMocks("dev");
            const { EventBus, BufferedConsumer, fnArgs } = modules();
            const bus = new EventBus("orders", {});
            await settle();
            const custom = () => rec.resources.filter((r) => !r.type.startsWith("orders:platform:")).length;
            const before = custom();
            expect(() => new BufferedConsumer("bad", { eventBus: bus, events: ["OrderProcessed"], functionArgs: fnArgs, visibilityTimeoutSeconds: 1 })).to.throw(/visibilityTimeoutSeconds \(1\)/);
            await settle();
            expect(custom()).to.equal(before);
        });
    });
});
