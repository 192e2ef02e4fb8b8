/**
 * Fixture pairs for the event flow's new edges: queue and topic policies, plain-HTTP subscriptions, Scheduler
 * schedules, Pipes, stream mappings, IoT rules and authorizers, AppSync, GitHub OIDC trust.
 */
import type { Case } from "./cases";
import { ARN, doc, fn, queue, res, T } from "./fixtures";

const queuePolicy = (...statement: Record<string, unknown>[]) => res(T.queuePolicy, "q-policy", { queueUrl: ARN.queueUrl("q"), policy: doc(...statement) });
const FROM_RULE = { Sid: "FromRule", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: ARN.queue("q"), Condition: { ArnEquals: { "aws:SourceArn": ARN.rule("orders", "r") } } };
const topicPolicy = (...statement: Record<string, unknown>[]) => res(T.topicPolicy, "ops-policy", { arn: ARN.topic("ops"), policy: doc(...statement) });
const schedule = (target: Record<string, unknown> = {}) => res(T.schedule, "nightly", {
    scheduleExpression: "rate(1 day)", flexibleTimeWindow: { mode: "OFF" },
    target: { arn: ARN.fn("report"), roleArn: "arn:aws:iam::123456789012:role/s", deadLetterConfig: { arn: ARN.queue("nightly-dlq") }, retryPolicy: { maximumRetryAttempts: 3, maximumEventAgeInSeconds: 3600 }, ...target },
});
const STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000";
const pipe = (stream: Record<string, unknown> | undefined, inputs: Record<string, unknown> = {}) => res(T.pipe, "outbox", {
    roleArn: "arn:aws:iam::123456789012:role/outbox", source: STREAM, target: ARN.bus("orders"),
    sourceParameters: stream === undefined ? undefined : { dynamodbStreamParameters: { startingPosition: "TRIM_HORIZON", ...stream } },
    logConfiguration: { level: "ERROR", cloudwatchLogsLogDestination: { logGroupArn: ARN.logGroup("outbox-logs") } },
    ...inputs,
});
const BOUNDED = { maximumRetryAttempts: 10, deadLetterConfig: { arn: ARN.queue("outbox-dlq") }, onPartialBatchItemFailure: "AUTOMATIC_BISECT" };
const streamMapping = (inputs: Record<string, unknown> = {}) => res(T.eventSourceMapping, "outbox-mapping", {
    eventSourceArn: STREAM, functionName: ARN.fn("outbox"), startingPosition: "TRIM_HORIZON", maximumRetryAttempts: 5, bisectBatchOnFunctionError: true,
    destinationConfig: { onFailure: { destinationArn: ARN.queue("outbox-dlq") } }, ...inputs,
});
const AUTHORIZER_ARN = "arn:aws:iot:us-east-1:123456789012:authorizer/browsers";
const authorizer = res(T.iotAuthorizer, "browsers", { authorizerFunctionArn: ARN.fn("authorizer"), signingDisabled: true, status: "ACTIVE" }, { arn: AUTHORIZER_ARN, name: "browsers" });
const iotPermission = (sourceArn: string) => res(T.permission, "authorizer-invoke", { action: "lambda:InvokeFunction", function: "authorizer", principal: "iot.amazonaws.com", sourceArn });
const graph = (inputs: Record<string, unknown> = {}) => res(T.graphQlApi, "graph", { authenticationType: "AMAZON_COGNITO_USER_POOLS", xrayEnabled: true, logConfig: { cloudwatchLogsRoleArn: "arn:aws:iam::123456789012:role/appsync-logs", fieldLogLevel: "ERROR" }, ...inputs });
const GITHUB = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com";
const githubRole = (condition?: Record<string, unknown>) => res(T.role, "deploy-role", { assumeRolePolicy: doc({ Sid: "GitHub", Effect: "Allow", Principal: { Federated: GITHUB }, Action: "sts:AssumeRoleWithWebIdentity", ...(condition ? { Condition: condition } : {}) }) });

export const MESSAGING_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    "sqs-policy-not-open": {
        pass: [{ resources: [queue("q"), queuePolicy(FROM_RULE)] }, { resources: [queuePolicy({ Sid: "Org", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: ARN.queue("q"), Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } })] }],
        fail: [
            { resources: [queuePolicy({ Sid: "Anyone", Effect: "Allow", Principal: "*", Action: "sqs:SendMessage", Resource: ARN.queue("q") })], expect: /Anyone lets anyone sqs:SendMessage/ },
            { resources: [queuePolicy({ ...FROM_RULE, Sid: "All", Action: "sqs:*" })], expect: /every SQS action/ },
        ],
    },
    "sns-policy-not-open": {
        pass: [{ resources: [topicPolicy({ Sid: "Events", Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sns:Publish", Resource: ARN.topic("ops") })] }],
        fail: [
            { resources: [topicPolicy({ Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: ["sns:Publish", "sns:Subscribe"], Resource: ARN.topic("ops") })], expect: /Anyone lets anyone sns:Publish, sns:Subscribe/ },
            { resources: [res(T.topic, "ops", { policy: doc({ Effect: "Allow", Principal: "*", Action: "sns:Subscribe", Resource: "*" }) })] },
        ],
    },
    "sns-subscription-https": {
        pass: [{ resources: [res(T.topicSubscription, "hook", { topic: ARN.topic("ops"), protocol: "https", endpoint: "https://hooks.example.com/x" })] }],
        fail: [{ resources: [res(T.topicSubscription, "hook", { topic: ARN.topic("ops"), protocol: "http", endpoint: "http://hooks.example.com/x" })], expect: /over plain HTTP/ }],
    },
    "pipes-stream-failure-handling": {
        pass: [{ resources: [pipe(BOUNDED)] }, { resources: [pipe(undefined, { source: ARN.queue("work") })] }],
        fail: [
            { resources: [pipe({})], expect: /maximumRetryAttempts -1|dropped/ },
            { resources: [pipe({ ...BOUNDED, maximumRetryAttempts: -1 })], expect: /until its records expire/ },
            { resources: [pipe({ ...BOUNDED, deadLetterConfig: undefined })], expect: /records that still fail are dropped/ },
        ],
    },
    "pipes-logging": {
        pass: [{ resources: [pipe(BOUNDED)] }],
        fail: [
            { resources: [pipe(BOUNDED, { logConfiguration: { level: "OFF" } })], expect: /logging is OFF/ },
            { resources: [pipe(BOUNDED, { logConfiguration: undefined })], expect: /logging is OFF/ },
            { resources: [pipe(BOUNDED, { logConfiguration: { level: "ERROR" } })], expect: /no destination/ },
        ],
    },
    "lambda-esm-stream-bounded-retries": {
        pass: [{ resources: [streamMapping()] }, { resources: [streamMapping({ bisectBatchOnFunctionError: false, functionResponseTypes: ["ReportBatchItemFailures"] })] }],
        fail: [
            { resources: [streamMapping({ maximumRetryAttempts: undefined })], expect: /maximumRetryAttempts -1/ },
            { resources: [streamMapping({ bisectBatchOnFunctionError: false })], expect: /retried whole/ },
        ],
    },
    "lambda-structured-logging": {
        pass: [{ resources: [fn("a", { loggingConfig: { logFormat: "JSON", logGroup: "a-logs" } })] }],
        fail: [{ resources: [fn("a", { loggingConfig: { logFormat: "Text", logGroup: "a-logs" } })], expect: /log format is Text/ }, { resources: [fn("a", { loggingConfig: undefined })], expect: /the default/ }],
    },
    "iot-topic-rule-error-action": {
        pass: [{ resources: [res(T.iotTopicRule, "telemetry", { enabled: true, sql: "SELECT * FROM 'x'", sqlVersion: "2016-03-23", errorAction: { sqs: { queueUrl: ARN.queueUrl("telemetry-dlq"), roleArn: "r", useBase64: false } } })] }],
        fail: [{ resources: [res(T.iotTopicRule, "telemetry", { enabled: true, sql: "SELECT * FROM 'x'", sqlVersion: "2016-03-23" })], expect: /dropped without a trace/ }],
    },
    "iot-authorizer-invoke-permission": {
        pass: [{ resources: [fn("authorizer"), authorizer, iotPermission(AUTHORIZER_ARN)] }],
        fail: [
            { resources: [fn("authorizer"), authorizer], expect: /no lambda\.Permission/ },
            { resources: [fn("authorizer"), authorizer, iotPermission("arn:aws:iot:us-east-1:123456789012:authorizer/other")] },
        ],
    },
    "appsync-tracing": {
        pass: [{ resources: [graph()] }],
        fail: [{ resources: [graph({ xrayEnabled: false })], expect: /X-Ray tracing is off/ }],
    },
    "appsync-logging": {
        pass: [{ resources: [graph()] }],
        fail: [{ resources: [graph({ logConfig: { cloudwatchLogsRoleArn: "arn:aws:iam::123456789012:role/appsync-logs", fieldLogLevel: "NONE" } })], expect: /field-level logging is NONE/ }, { resources: [graph({ logConfig: undefined })] }],
    },
    "iam-github-oidc-trust-scoped": {
        pass: [
            { resources: [githubRole({ StringEquals: { "token.actions.githubusercontent.com:sub": "repo:acme/orders:environment:production", "token.actions.githubusercontent.com:aud": "sts.amazonaws.com" } })] },
            { resources: [res(T.role, "fn-role", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }) })] },
        ],
        fail: [
            { resources: [githubRole()], expect: /any GitHub repository's workflow/ },
            { resources: [githubRole({ StringLike: { "token.actions.githubusercontent.com:sub": "repo:acme/*" } })], expect: /admits repo:acme\/\*/ },
        ],
    },
};

/** Scheduler schedules share the EventBridge target policies: the cases are merged into theirs. */
export const SCHEDULE_CASES: Record<string, { pass: Case[]; fail: Case[] }> = {
    "eventbridge-target-dlq": { pass: [{ resources: [schedule()] }], fail: [{ resources: [schedule({ deadLetterConfig: undefined })], expect: /dropped silently/ }] },
    "eventbridge-target-retry-policy": { pass: [{ resources: [schedule()] }], fail: [{ resources: [schedule({ retryPolicy: undefined })], expect: /185 attempts/ }] },
};
