import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { EventSubscription } from "../../components/eventSubscription";
import { HandlerFunction } from "../../components/handlerFunction";
import { MONITORING_DEFAULTS, OrderMonitoring, OrderMonitoringArgs, ruleDimensions, validateOrderMonitoringArgs } from "../../components/monitoring";
import { collectMonitored } from "../../components/monitored";
import { HANDLERS } from "../../functions/handlers";
import { MockResource, policyDocument, promiseOf, Recording, settle, setConfig, useMocks } from "../harness";

const T = {
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    queue: "aws:sqs/queue:Queue",
    rule: "aws:cloudwatch/eventRule:EventRule",
    fn: "aws:lambda/function:Function",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
};
const KEY_ARN = "arn:aws:kms:us-east-1:123456789012:key/ops";
const RETRY = { maximumRetryAttempts: 4, maximumEventAgeInSeconds: 3600 };

/** The one alarm of `kind` on the resource whose name contains `watched`. */
const alarmOf = (rec: Recording, watched: string, kind: string): MockResource => rec.named(T.alarm, `${watched}-${kind}`);

describe("OrderMonitoring", () => {
    describe("GIVEN a function, a state machine, subscriptions on a custom and on the default bus, an extra DLQ, a work queue and an API", () => {
        let rec: Recording;
        let monitoring: OrderMonitoring;
        let topicArn: string;
        before(async () => {
            rec = useMocks("prod");
            setConfig({ "aws:region": "us-east-1" });
            const fn = new HandlerFunction("price", { handler: HANDLERS.priceOrder, description: "prices", environment: {}, logRetentionDays: 90 });
            const machine = new aws.sfn.StateMachine("router", { roleArn: "arn:aws:iam::123456789012:role/r", definition: "{}" });
            const work = new aws.sqs.Queue("receipts-queue", {});
            const redriveDlq = new aws.sqs.Queue("receipts-dlq", {});
            const onBus = new EventSubscription("to-work", { eventBusName: "orders-bus", events: ["OrderProcessed"], target: { kind: "sqs", queue: work }, retry: RETRY });
            const onDefault = new EventSubscription("s3-forward", {
                eventBusName: "default", awsEventPattern: { source: ["aws.s3"], "detail-type": ["Object Created"] },
                target: { kind: "eventBus", arn: "arn:aws:events:us-east-1:123456789012:event-bus/orders-bus" }, retry: RETRY,
            });
            monitoring = new OrderMonitoring("ops", {
                // A component reporting the function and a subscription again: each resource is still watched once.
                watch: [fn, onBus, onDefault, {
                    monitoring: {
                        functions: [fn], stateMachines: [machine], subscriptions: [onBus], deadLetterQueues: [redriveDlq], workQueues: [work],
                        apis: [{ apiId: "api123", stageName: "$default" }],
                    },
                }],
                alarmEmails: ["ops@example.com", "oncall@example.com"],
                kmsKeyArn: KEY_ARN,
            });
            topicArn = await promiseOf(monitoring.alarmTopicArn);
            await settle();
        });

        it("THEN the ops topic is encrypted with the given key and has one email subscription per address", () => {
            const topic = rec.named(T.topic, "ops-alarms");
            expect(topic.inputs.kmsMasterKeyId).to.equal(KEY_ARN);
            expect(topic.state.arn).to.equal(topicArn);
            const subscriptions = rec.ofType(T.subscription);
            expect(subscriptions.map((s) => s.inputs.endpoint)).to.have.members(["ops@example.com", "oncall@example.com"]);
            const emailDlq = rec.named("aws:sqs/queue:Queue", "ops-alarm-emails-dlq");
            for (const s of subscriptions) {
                expect(s.inputs.protocol).to.equal("email");
                expect(s.inputs.topic).to.equal(topicArn);
                expect(JSON.parse(s.inputs.redrivePolicy), "undeliverable alarm mails are kept").to.deep.equal({ deadLetterTargetArn: emailDlq.state.arn });
            }
            expect(alarmOf(rec, "ops-alarm-emails-dlq", "deadLetterQueueDepth").inputs.threshold).to.equal(0);
        });

        it("THEN only this account's CloudWatch alarms may publish to the topic, and only over TLS", () => {
            const statements = policyDocument(rec.named(T.topicPolicy, "ops-alarms-policy")).Statement;
            const allow = statements.find((s) => s.Effect === "Allow");
            expect(allow.Principal).to.deep.equal({ Service: "cloudwatch.amazonaws.com" });
            expect(allow.Action).to.deep.equal(["sns:Publish"]);
            expect(allow.Resource).to.equal(topicArn);
            expect(allow.Condition.ArnLike["aws:SourceArn"]).to.equal("arn:aws:cloudwatch:us-east-1:123456789012:alarm:*");
            expect(allow.Condition.StringEquals["aws:SourceAccount"]).to.equal("123456789012");
            const deny = statements.find((s) => s.Effect === "Deny");
            expect(deny.Condition).to.deep.equal({ Bool: { "aws:SecureTransport": "false" } });
        });

        it("THEN every alarm notifies the ops topic when it fires and when it recovers, and treats missing data as fine", () => {
            const alarms = rec.ofType(T.alarm);
            // 4 DLQs (2 subscriptions + 1 extra + the alarm emails' own), 1 work-queue age, 2 per function, 2 per state machine, 2 per rule, 1 API.
            expect(alarms).to.have.length(4 + 1 + 2 + 2 + 4 + 1);
            for (const alarm of alarms) {
                expect(alarm.inputs.alarmActions, alarm.name).to.deep.equal([topicArn]);
                expect(alarm.inputs.okActions, alarm.name).to.deep.equal([topicArn]);
                expect(alarm.inputs.actionsEnabled, alarm.name).to.equal(true);
                expect(alarm.inputs.treatMissingData, alarm.name).to.equal("notBreaching");
                expect(alarm.inputs.comparisonOperator, alarm.name).to.equal("GreaterThanThreshold");
                expect(alarm.inputs.alarmDescription, alarm.name).to.match(/Runbook: docs\/operations\.md/);
            }
            expect(monitoring.alarms).to.have.length(alarms.length);
        });

        it("THEN every DLQ, the subscriptions' and the extra one, alarms as soon as one message is visible", () => {
            for (const dlq of ["to-work-dlq", "s3-forward-dlq", "receipts-dlq"]) {
                const alarm = alarmOf(rec, dlq, "deadLetterQueueDepth");
                expect(alarm.inputs).to.include({
                    namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", statistic: "Maximum",
                    threshold: 0, period: 300, evaluationPeriods: 1,
                });
                expect(alarm.inputs.dimensions).to.deep.equal({ QueueName: rec.named(T.queue, dlq).state.name });
            }
        });

        it("THEN the work queue alarms on the age of its oldest message", () => {
            const alarm = alarmOf(rec, "receipts-queue", "queueAge");
            expect(alarm.inputs).to.include({
                namespace: "AWS/SQS", metricName: "ApproximateAgeOfOldestMessage", statistic: "Maximum",
                threshold: MONITORING_DEFAULTS.alarms.queueAge.threshold,
            });
            expect(alarm.inputs.dimensions).to.deep.equal({ QueueName: "receipts-queue" });
        });

        it("THEN the function alarms on Errors and on Throttles, summed per period", () => {
            const functionName = rec.named(T.fn, "price").state.name;
            for (const [kind, metricName] of [["lambdaErrors", "Errors"], ["lambdaThrottles", "Throttles"]]) {
                const alarm = alarmOf(rec, "price", kind);
                expect(alarm.inputs).to.include({ namespace: "AWS/Lambda", metricName, statistic: "Sum", threshold: 0, period: 300 });
                expect(alarm.inputs.dimensions).to.deep.equal({ FunctionName: functionName });
            }
        });

        it("THEN the state machine alarms on failed and on timed-out executions, by its ARN", () => {
            const arn = "arn:aws:states:us-east-1:123456789012:stateMachine:router";
            for (const [kind, metricName] of [["executionsFailed", "ExecutionsFailed"], ["executionsTimedOut", "ExecutionsTimedOut"]]) {
                const alarm = alarmOf(rec, "router", kind);
                expect(alarm.inputs).to.include({ namespace: "AWS/States", metricName, statistic: "Sum", threshold: 0 });
                expect(alarm.inputs.dimensions).to.deep.equal({ StateMachineArn: arn });
            }
        });

        it("THEN each rule alarms on FailedInvocations and InvocationsFailedToBeSentToDlq, with the bus name only on a custom bus", () => {
            for (const [kind, metricName] of [["ruleFailedInvocations", "FailedInvocations"], ["ruleDeadLetterFailures", "InvocationsFailedToBeSentToDlq"]]) {
                const custom = alarmOf(rec, "to-work", kind);
                expect(custom.inputs).to.include({ namespace: "AWS/Events", metricName, statistic: "Sum", threshold: 0 });
                expect(custom.inputs.dimensions).to.deep.equal({ EventBusName: "orders-bus", RuleName: rec.named(T.rule, "to-work").state.name });
                const onDefault = alarmOf(rec, "s3-forward", kind);
                expect(onDefault.inputs.dimensions).to.deep.equal({ RuleName: rec.named(T.rule, "s3-forward").state.name });
            }
        });

        it("THEN the API alarms on the HTTP API's 5xx metric of its stage", () => {
            const alarm = alarmOf(rec, "api", "api5xx");
            expect(alarm.inputs).to.include({ namespace: "AWS/ApiGateway", metricName: "5xx", statistic: "Sum", threshold: 0 });
            expect(alarm.inputs.dimensions).to.deep.equal({ ApiId: "api123", Stage: "$default" });
        });

        describe("WHEN the dashboard body is read", () => {
            let body: any;
            let dashboard: MockResource;
            before(() => {
                dashboard = rec.ofType(T.dashboard)[0];
                body = JSON.parse(dashboard.inputs.dashboardBody);
            });

            it("THEN there is exactly one dashboard, named after the component and the stack", () => {
                expect(rec.ofType(T.dashboard)).to.have.length(1);
                expect(dashboard.inputs.dashboardName).to.equal("ops-prod");
            });

            it("THEN it is a valid grid: every widget has a type, a position within 24 columns and properties", () => {
                expect(body.widgets.length).to.be.greaterThan(5);
                for (const w of body.widgets) {
                    expect(["text", "alarm", "metric", "log"]).to.include(w.type);
                    expect(w.x + w.width).to.be.at.most(24);
                    expect(w.properties).to.be.an("object");
                }
            });

            it("THEN its alarm widget shows every alarm", () => {
                const alarmWidget = body.widgets.find((w: any) => w.type === "alarm");
                expect(alarmWidget.properties.alarms).to.have.members(rec.ofType(T.alarm).map((a) => a.state.arn));
            });

            it("THEN it follows the order flow: API requests and 5xx, rule deliveries, executions, queues, Lambda errors and duration", () => {
                const metrics = body.widgets.filter((w: any) => w.type === "metric").flatMap((w: any) => w.properties.metrics as any[]);
                const has = (namespace: string, name: string, ...dims: string[]) =>
                    metrics.some((m: any) => m[0] === namespace && m[1] === name && dims.every((d) => m.includes(d)));
                expect(has("AWS/ApiGateway", "Count", "ApiId", "api123", "Stage", "$default")).to.equal(true);
                expect(has("AWS/ApiGateway", "5xx", "api123")).to.equal(true);
                expect(has("AWS/Events", "Invocations", "RuleName", rec.named(T.rule, "to-work").state.name)).to.equal(true);
                expect(has("AWS/Events", "FailedInvocations", rec.named(T.rule, "s3-forward").state.name)).to.equal(true);
                expect(has("AWS/States", "ExecutionsStarted", "arn:aws:states:us-east-1:123456789012:stateMachine:router")).to.equal(true);
                expect(has("AWS/States", "ExecutionsFailed")).to.equal(true);
                expect(has("AWS/SQS", "ApproximateNumberOfMessagesVisible", "receipts-queue")).to.equal(true);
                expect(has("AWS/SQS", "ApproximateNumberOfMessagesVisible", "receipts-dlq")).to.equal(true);
                expect(has("AWS/SQS", "ApproximateAgeOfOldestMessage", "receipts-queue")).to.equal(true);
                const fnName = rec.named(T.fn, "price").state.name;
                expect(has("AWS/Lambda", "Errors", "FunctionName", fnName)).to.equal(true);
                const duration = metrics.find((m: any) => m[0] === "AWS/Lambda" && m[1] === "Duration");
                expect(duration[duration.length - 1].stat).to.equal("p99");
            });

            it("THEN it lists the latest error lines of every function's log group with their correlation id", () => {
                const log = body.widgets.find((w: any) => w.type === "log");
                const logGroup = rec.named(T.logGroup, "price-logs").state.name;
                expect(log.properties.view).to.equal("table");
                expect(log.properties.query).to.contain(`SOURCE '${logGroup}'`);
                expect(log.properties.query).to.match(/fields @timestamp, service, correlationId/);
                expect(log.properties.query).to.match(/filter level = "ERROR"/);
            });
        });
    });

    describe("GIVEN only a state machine, no key, no emails and an overridden threshold", () => {
        let rec: Recording;
        before(async () => {
            rec = useMocks("dev");
            setConfig({ "aws:region": "us-east-1" });
            const machine = new aws.sfn.StateMachine("flow", { roleArn: "arn:aws:iam::123456789012:role/r", definition: "{}" });
            new OrderMonitoring("mon", { watch: [{ monitoring: { stateMachines: [machine] } }], alarms: { executionsFailed: { threshold: 3, evaluationPeriods: 2 } } });
            await settle();
        });

        it("THEN the topic is created without a key or subscriptions", () => {
            expect(rec.named(T.topic, "mon-alarms").inputs.kmsMasterKeyId).to.equal(undefined);
            expect(rec.ofType(T.subscription)).to.have.length(0);
        });

        it("THEN the override applies to its kind only", () => {
            expect(alarmOf(rec, "flow", "executionsFailed").inputs).to.include({ threshold: 3, evaluationPeriods: 2 });
            expect(alarmOf(rec, "flow", "executionsTimedOut").inputs).to.include({ threshold: 0, evaluationPeriods: 1 });
        });

        it("THEN the dashboard has no empty graphs and no log widget", () => {
            const body = JSON.parse(rec.ofType(T.dashboard)[0].inputs.dashboardBody);
            for (const w of body.widgets.filter((x: any) => x.type === "metric")) expect(w.properties.metrics.length).to.be.greaterThan(0);
            expect(body.widgets.some((w: any) => w.type === "log")).to.equal(false);
        });
    });

    describe("GIVEN invalid arguments", () => {
        let machine: aws.sfn.StateMachine;
        before(() => {
            useMocks("dev");
            machine = new aws.sfn.StateMachine("flow", { roleArn: "arn:aws:iam::123456789012:role/r", definition: "{}" });
        });
        const invalid = (args: Partial<OrderMonitoringArgs>) => () => validateOrderMonitoringArgs("mon", { watch: [], ...args });
        const watching = (m: aws.sfn.StateMachine) => [{ monitoring: { stateMachines: [m] } }];

        it("WHEN nothing is given to watch THEN it says what to pass", () => {
            expect(invalid({})).to.throw(/OrderMonitoring mon: nothing to watch: pass components whose `monitoring` lists functions/);
            expect(invalid({ watch: [{ monitoring: {} }] })).to.throw(/nothing to watch/);
        });
        it("WHEN an alarm email is malformed THEN the message repeats it", () => {
            expect(invalid({ watch: watching(machine), alarmEmails: ["ops-at-example"] })).to.throw(/alarmEmails must hold email addresses, but "ops-at-example" was provided/);
        });
        it("WHEN a period is not a multiple of 60 THEN the message names the kind and repeats the value", () => {
            expect(invalid({ watch: watching(machine), alarms: { api5xx: { periodSeconds: 90 } } })).to.throw(/alarms\.api5xx\.periodSeconds must be a multiple of 60 .* but 90 was provided/);
        });
        it("WHEN a threshold is negative or evaluation periods out of range THEN both are reported", () => {
            expect(invalid({ watch: watching(machine), alarms: { lambdaErrors: { threshold: -1, evaluationPeriods: 11 } } }))
                .to.throw(/threshold must be 0 or more, but -1 was provided; .*evaluationPeriods must be an integer from 1 to 10, but 11/);
        });
        it("WHEN an unknown alarm kind is overridden THEN the known kinds are listed", () => {
            expect(invalid({ watch: watching(machine), alarms: { lambdaErorrs: {} } as never })).to.throw(/alarms\.lambdaErorrs is not an alarm kind \(deadLetterQueueDepth, queueAge, lambdaErrors/);
        });
        it("WHEN two components report the same resource THEN it is watched once", () => {
            const watched = collectMonitored([...watching(machine), ...watching(machine), { monitoring: { stateMachines: [machine, machine] } }]);
            expect(watched.stateMachines).to.deep.equal([machine]);
        });
        it("WHEN the component is constructed with invalid arguments THEN nothing is created", () => {
            const rec = useMocks("dev");
            expect(() => new OrderMonitoring("bad", { watch: [] })).to.throw(/nothing to watch/);
            expect(rec.resources).to.have.length(0);
        });
    });

    describe("ruleDimensions", () => {
        it("GIVEN a custom bus by name or ARN THEN the dimensions are its name and the rule's", () => {
            expect(ruleDimensions("r", "orders")).to.deep.equal({ EventBusName: "orders", RuleName: "r" });
            expect(ruleDimensions("r", "arn:aws:events:us-east-1:123456789012:event-bus/orders")).to.deep.equal({ EventBusName: "orders", RuleName: "r" });
        });
        it("GIVEN the default bus THEN only the rule name is a dimension", () => {
            expect(ruleDimensions("r", "default")).to.deep.equal({ RuleName: "r" });
            expect(ruleDimensions("r", undefined)).to.deep.equal({ RuleName: "r" });
        });
    });
});
