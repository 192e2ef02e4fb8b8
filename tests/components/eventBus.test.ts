import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { EVENT_NAMES, wellFormedDetailPattern } from "../../contracts";
import { EventBus, validateEventBusArgs } from "../../components/eventBus";
import { EventSubscription } from "../../components/eventSubscription";
import { policyDocument, Recording, settle, useMocks } from "../harness";

const T = {
    bus: "aws:cloudwatch/eventBus:EventBus",
    archive: "aws:cloudwatch/eventArchive:EventArchive",
    busPolicy: "aws:cloudwatch/eventBusPolicy:EventBusPolicy",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    queue: "aws:sqs/queue:Queue",
    queuePolicy: "aws:sqs/queuePolicy:QueuePolicy",
    permission: "aws:lambda/permission:Permission",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    schema: "aws:schemas/schema:Schema",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
};

const ruleArn = (rec: Recording, fragment: string) => rec.named(T.rule, fragment).state.arn;

describe("EventBus", () => {
    describe("GIVEN a bus with producers, forwarding and one subscription of every target kind", () => {
        let rec: Recording;
        before(async () => {
            rec = useMocks("dev");
            const bus = new EventBus("orders", {
                archiveRetentionDays: 30,
                producerAccountIds: ["111122223333", "222233334444"],
                forwarding: { events: ["OrderProcessed"], busArns: ["arn:aws:events:eu-west-1:444455556666:event-bus/analytics"] },
            });
            const fn = new aws.lambda.Function("notify", { role: "arn:aws:iam::123456789012:role/r", runtime: "nodejs22.x", handler: "index.handler" });
            const machine = new aws.sfn.StateMachine("router", { roleArn: "arn:aws:iam::123456789012:role/r", definition: "{}" });
            const queue = new aws.sqs.Queue("buffer", {});
            const topic = new aws.sns.Topic("email", {});
            bus.subscribe("to-lambda", ["OrderProcessed", "OrderFailed"], { kind: "lambda", function: fn });
            bus.subscribe("to-machine", ["OrderPlaced"], { kind: "stateMachine", stateMachine: machine }, { retry: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 } });
            bus.subscribe("to-queue", ["OrderProcessed"], { kind: "sqs", queue });
            bus.subscribe("to-topic", ["OrderFailed"], { kind: "sns", topic, inputTransformer: { inputPaths: { id: "$.detail.orderId" }, inputTemplate: '"Order <id> failed"' } });
            await settle();
        });

        it("THEN there is one custom bus and a finite archive of it", () => {
            expect(rec.ofType(T.bus)).to.have.length(1);
            const archive = rec.ofType(T.archive);
            expect(archive).to.have.length(1);
            expect(archive[0].inputs.retentionDays).to.equal(30);
            expect(archive[0].inputs.eventSourceArn).to.equal(rec.ofType(T.bus)[0].state.arn);
        });

        it("THEN the bus policy admits exactly the listed accounts, never a bare '*', and never with the platform's own sources", () => {
            const [statement] = policyDocument(rec.ofType(T.busPolicy)[0]).Statement;
            expect(statement.Principal).to.deep.equal({ AWS: ["arn:aws:iam::111122223333:root", "arn:aws:iam::222233334444:root"] });
            expect(statement.Action).to.equal("events:PutEvents");
            expect(statement.Condition, "producers may not speak as the platform").to.deep.equal({ StringNotLike: { "events:source": ["orders.*"] } });
            expect(JSON.stringify(statement)).not.to.match(/"\*"/);
        });

        it("THEN one registry schema per contract is published, generated from the contracts", () => {
            const schemas = rec.ofType(T.schema);
            expect(schemas.map((s) => s.inputs.name).sort()).to.deep.equal([...EVENT_NAMES].sort());
            for (const schema of schemas) {
                expect(schema.inputs.type).to.equal("JSONSchemaDraft4");
                expect(JSON.parse(schema.inputs.content).title).to.equal(schema.inputs.name);
            }
        });

        it("THEN every target has its own encrypted DLQ, admitting only its rule, and an explicit retry policy", () => {
            const targets = rec.ofType(T.target);
            expect(targets).to.have.length(5);
            for (const target of targets) {
                const base = target.name.replace(/-target$/, "");
                const dlq = rec.named(T.queue, `${base}-dlq`);
                expect(target.inputs.deadLetterConfig.arn, target.name).to.equal(dlq.state.arn);
                expect(dlq.inputs.sqsManagedSseEnabled, target.name).to.equal(true);
                expect(target.inputs.retryPolicy.maximumRetryAttempts, target.name).to.be.a("number");
                expect(target.inputs.retryPolicy.maximumEventAgeInSeconds, target.name).to.be.a("number");
                const [statement] = policyDocument(rec.named(T.queuePolicy, `${base}-dlq-policy`)).Statement;
                expect(statement.Principal).to.deep.equal({ Service: "events.amazonaws.com" });
                expect(statement.Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": ruleArn(rec, `${base}-rule`) } });
            }
        });

        it("THEN a subscription's own retry policy wins over the bus default", () => {
            expect(rec.named(T.target, "to-machine").inputs.retryPolicy).to.deep.equal({ maximumRetryAttempts: 3, maximumEventAgeInSeconds: 600 });
            expect(rec.named(T.target, "to-lambda").inputs.retryPolicy).to.deep.equal({ maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 });
        });

        it("THEN the rule patterns are derived from the contracts", () => {
            expect(JSON.parse(rec.named(T.rule, "to-lambda").inputs.eventPattern)).to.deep.equal({
                source: ["orders.workflow"], "detail-type": ["OrderFailed", "OrderProcessed"],
            });
            // OrderPlaced is guarded: its rules also require every field of the detail.
            expect(JSON.parse(rec.named(T.rule, "to-machine").inputs.eventPattern)).to.deep.equal({
                source: ["orders.api"], "detail-type": ["OrderPlaced"], detail: wellFormedDetailPattern("OrderPlaced"),
            });
        });

        it("THEN a Lambda target gets an invoke permission scoped to its rule's ARN", () => {
            const permission = rec.named(T.permission, "to-lambda");
            expect(permission.inputs).to.deep.include({ action: "lambda:InvokeFunction", principal: "events.amazonaws.com", sourceArn: ruleArn(rec, "to-lambda-rule") });
        });

        it("THEN a Lambda target's own failures (async invoke) go to the same DLQ instead of being dropped", () => {
            const config = rec.named("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "to-lambda");
            expect(config.inputs.destinationConfig.onFailure.destination).to.equal(rec.named(T.queue, "to-lambda-dlq").state.arn);
            expect(config.inputs.maximumRetryAttempts).to.equal(2);
            expect(policyDocument(rec.named(T.rolePolicy, "to-lambda-on-failure")).Statement).to.deep.equal([
                { Sid: "SendFailedEventsToDeadLetterQueue", Effect: "Allow", Action: ["sqs:SendMessage"], Resource: rec.named(T.queue, "to-lambda-dlq").state.arn },
            ]);
        });

        it("THEN every queue and topic policy refuses requests that are not over TLS", () => {
            for (const policy of [...rec.ofType(T.queuePolicy), ...rec.ofType(T.topicPolicy)]) {
                const deny = policyDocument(policy).Statement.find((st: any) => st.Effect === "Deny");
                expect(deny?.Condition, policy.name).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
            }
        });

        it("THEN a state machine target gets a role that may only start that machine, assumable only for its rule", () => {
            const role = rec.named(T.role, "to-machine");
            const trust = policyDocument(role, "assumeRolePolicy").Statement[0];
            expect(trust.Principal).to.deep.equal({ Service: "events.amazonaws.com" });
            expect(trust.Condition).to.deep.equal({ ArnLike: { "aws:SourceArn": ruleArn(rec, "to-machine-rule") } });
            expect(policyDocument(rec.named(T.rolePolicy, "to-machine")).Statement).to.deep.equal([
                { Effect: "Allow", Action: ["states:StartExecution"], Resource: "arn:aws:states:us-east-1:123456789012:stateMachine:router" },
            ]);
            expect(rec.named(T.target, "to-machine").inputs.roleArn).to.equal(role.state.arn);
        });

        it("THEN queue and topic targets get resource policies scoped by aws:SourceArn to their rule", () => {
            const queueStatement = policyDocument(rec.named(T.queuePolicy, "to-queue-queue-policy")).Statement[0];
            expect(queueStatement.Action).to.deep.equal(["sqs:SendMessage"]);
            expect(queueStatement.Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": ruleArn(rec, "to-queue-rule") } });
            const topicStatement = policyDocument(rec.named(T.topicPolicy, "to-topic")).Statement[0];
            expect(topicStatement.Action).to.deep.equal(["sns:Publish"]);
            expect(topicStatement.Condition).to.deep.equal({ ArnEquals: { "aws:SourceArn": ruleArn(rec, "to-topic-rule") } });
            expect(rec.named(T.target, "to-topic").inputs.inputTransformer.inputTemplate).to.equal('"Order <id> failed"');
        });

        it("THEN forwarding sends the chosen events to the other bus with a role that may only put events there", () => {
            expect(JSON.parse(rec.named(T.rule, "forward-0").inputs.eventPattern)).to.deep.equal({ source: ["orders.workflow"], "detail-type": ["OrderProcessed"] });
            const target = rec.named(T.target, "forward-0");
            expect(target.inputs.arn).to.equal("arn:aws:events:eu-west-1:444455556666:event-bus/analytics");
            expect(target.inputs.roleArn).to.equal(rec.named(T.role, "forward-0").state.arn);
            expect(policyDocument(rec.named(T.rolePolicy, "forward-0")).Statement).to.deep.equal([
                { Effect: "Allow", Action: ["events:PutEvents"], Resource: "arn:aws:events:eu-west-1:444455556666:event-bus/analytics" },
            ]);
        });
    });

    describe("GIVEN a customer-managed key", () => {
        it("THEN every DLQ is encrypted with it instead of SQS-managed keys", async () => {
            const rec = useMocks("prod");
            const bus = new EventBus("orders", { kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" });
            bus.subscribe("to-queue", ["OrderProcessed"], { kind: "sqs", queue: new aws.sqs.Queue("q", {}) });
            await settle();
            const dlq = rec.named(T.queue, "to-queue-dlq");
            expect(dlq.inputs.kmsMasterKeyId).to.equal("arn:aws:kms:us-east-1:123456789012:key/k");
            expect(dlq.inputs.sqsManagedSseEnabled).to.equal(undefined);
        });
    });

    describe("GIVEN no producer accounts", () => {
        it("THEN no bus policy is created (only this account may put events)", async () => {
            const rec = useMocks("dev");
            new EventBus("orders", {});
            await settle();
            expect(rec.ofType(T.busPolicy)).to.have.length(0);
        });
    });

    describe("GIVEN invalid arguments", () => {
        const cases: [string, Parameters<typeof validateEventBusArgs>[1], RegExp][] = [
            ["an infinite archive", { archiveRetentionDays: 0 }, /archiveRetentionDays must be an integer from 1 to 3650 \(a finite archive\), but 0 was provided/],
            ["a malformed account", { producerAccountIds: ["1234"] }, /producerAccountIds must hold 12-digit account ids, but "1234" was provided/],
            ["forwarding with no events", { forwarding: { events: [], busArns: ["arn:aws:events:us-east-1:111122223333:event-bus/x"] } }, /forwarding.events must name at least one event/],
            ["forwarding an unknown event", { forwarding: { events: ["OrderShipped" as never], busArns: ["b"] } }, /"OrderShipped" is not a contract event/],
            ["a retry beyond EventBridge's limit", { defaultRetry: { maximumRetryAttempts: 200, maximumEventAgeInSeconds: 60 } }, /defaultRetry.maximumRetryAttempts must be an integer from 0 to 185, but 200 was provided/],
            ["an event age too short", { defaultRetry: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 30 } }, /defaultRetry.maximumEventAgeInSeconds must be an integer from 60 to 86400, but 30 was provided/],
            ["a DLQ retention beyond 14 days", { dlqRetentionSeconds: 2_000_000 }, /dlqRetentionSeconds must be an integer from 60 to 1209600, but 2000000 was provided/],
        ];
        for (const [what, args, message] of cases) {
            it(`WHEN given ${what} THEN construction fails naming the argument`, () => {
                useMocks("dev");
                expect(() => new EventBus("bad", args)).to.throw(/^EventBus bad: /);
                expect(() => new EventBus("bad", args)).to.throw(message);
            });
        }

        it("WHEN a subscription names no events THEN it fails before creating anything", () => {
            const rec = useMocks("dev");
            expect(() => new EventSubscription("empty", {
                eventBusName: "b", events: [], target: { kind: "eventBus", arn: "arn" }, retry: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60 },
            })).to.throw(/EventSubscription empty: events must name at least one contract event/);
            expect(rec.ofType(T.rule)).to.have.length(0);
        });

        it("WHEN a subscription gives both contract events and an AWS pattern THEN it says only one is allowed", () => {
            useMocks("dev");
            expect(() => new EventSubscription("both", {
                eventBusName: "default", events: ["OrderPlaced"], awsEventPattern: { source: ["aws.s3"] },
                target: { kind: "eventBus", arn: "arn" }, retry: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 60 },
            })).to.throw(/exactly one of `events` or `awsEventPattern` must be provided/);
        });
    });
});
