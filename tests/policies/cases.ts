/**
 * A passing and a failing fixture for every policy of the pack, keyed by policy name: the event flow's services
 * here, the rest in casesAccess.ts, casesEdge.ts, casesStorage.ts and casesMessaging.ts, merged into CASES.
 * policies.test.ts fails when a policy of the catalogue has no entry.
 */
import { PlannedResource } from "../../policies/evaluate";
import { ACCESS_CASES } from "./casesAccess";
import { EDGE_CASES } from "./casesEdge";
import { MESSAGING_CASES, SCHEDULE_CASES } from "./casesMessaging";
import { STORAGE_CASES } from "./casesStorage";
import { ARN, DENY_INSECURE, doc, fn, logGroup, queue, redrive, res, T } from "./fixtures";

export interface Case {
    readonly resources: PlannedResource[];
    readonly config?: Record<string, unknown>;
    /** For failing cases: a fragment every message must contain (beyond the resource name and "Fix:"). */
    readonly expect?: RegExp;
}

const rule = (name: string) => res(T.eventRule, name, { eventBusName: "orders", eventPattern: JSON.stringify({ source: ["orders"], "detail-type": ["OrderPlaced"] }) }, { arn: ARN.rule("orders", name), name });
const target = (name: string, inputs: Record<string, unknown> = {}) => res(T.eventTarget, name, {
    rule: "r", eventBusName: "orders", arn: ARN.fn("notify"),
    deadLetterConfig: { arn: ARN.queue("r-dlq") }, retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 }, ...inputs,
});
const permission = (inputs: Record<string, unknown> = {}) => res(T.permission, "notify-invoke", {
    action: "lambda:InvokeFunction", function: "notify", principal: "events.amazonaws.com", sourceArn: ARN.rule("orders", "r"), ...inputs,
});
const esm = (inputs: Record<string, unknown> = {}) => res(T.eventSourceMapping, "consumer-mapping", {
    eventSourceArn: ARN.queue("work"), functionName: ARN.fn("consumer"), batchSize: 10,
    functionResponseTypes: ["ReportBatchItemFailures"], scalingConfig: { maximumConcurrency: 2 }, ...inputs,
});
const machine = (definition: unknown, inputs: Record<string, unknown> = {}) => res(T.stateMachine, "router", {
    definition: JSON.stringify(definition), type: "EXPRESS",
    loggingConfiguration: { level: "ERROR", includeExecutionData: true, logDestination: `${ARN.logGroup("router-logs")}:*` },
    tracingConfiguration: { enabled: true }, ...inputs,
});
const task = (extra: Record<string, unknown> = {}) => ({
    Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", End: true, TimeoutSeconds: 5,
    Retry: [{ ErrorEquals: ["States.ALL"], MaxAttempts: 3, BackoffRate: 2, JitterStrategy: "FULL" }], ...extra,
});
const stage = (inputs: Record<string, unknown> = {}) => res(T.httpStage, "api-stage", {
    apiId: "api", name: "$default", autoDeploy: true,
    accessLogSettings: { destinationArn: ARN.logGroup("api-access"), format: JSON.stringify({ requestId: "$context.requestId", status: "$context.status" }) },
    defaultRouteSettings: { throttlingBurstLimit: 20, throttlingRateLimit: 10 }, ...inputs,
});
const table = (inputs: Record<string, unknown> = {}) => res(T.table, "orders", {
    billingMode: "PAY_PER_REQUEST", hashKey: "pk", attributes: [{ name: "pk", type: "S" }],
    pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true,
    serverSideEncryption: { enabled: true, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" }, ...inputs,
});
const bucket = () => res(T.bucket, "receipts", {}, { bucket: "receipts-bucket", arn: "arn:aws:s3:::receipts-bucket" });
const onBucket = (type: string, name: string, inputs: Record<string, unknown>) => res(type, name, { bucket: "receipts-bucket", ...inputs });
const publicAccessBlock = (all = true) => onBucket(T.bucketPublicAccessBlock, "receipts-pab", { blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: all });
const rolePolicy = (...statement: Record<string, unknown>[]) => res(T.rolePolicy, "fn-role-policy", { role: "fn-role", policy: doc(...statement) });
const attachment = (policyArn: string) => res(T.rolePolicyAttachment, "fn-attach", { role: "fn-role", policyArn });
const key = (inputs: Record<string, unknown> = {}) => res(T.kmsKey, "orders-key", {
    enableKeyRotation: true, deletionWindowInDays: 30,
    policy: doc({ Sid: "Account", Effect: "Allow", Principal: { AWS: "arn:aws:iam::123456789012:root" }, Action: "kms:*", Resource: "*" }), ...inputs,
});

type Cases = Record<string, { pass: Case[]; fail: Case[] }>;

const FLOW_CASES: Cases = {
    // ---------------------------------------------------------------- Lambda
    "lambda-tracing-active": {
        pass: [{ resources: [fn("a")] }],
        fail: [{ resources: [fn("a", { tracingConfig: { mode: "PassThrough" } })], expect: /X-Ray/ }],
    },
    "lambda-explicit-memory": {
        pass: [{ resources: [fn("a")] }],
        fail: [{ resources: [fn("a", { memorySize: undefined })], expect: /128 MB/ }],
    },
    "lambda-explicit-timeout": {
        pass: [{ resources: [fn("a")] }],
        fail: [{ resources: [fn("a", { timeout: undefined })], expect: /3-second/ }],
    },
    "lambda-current-runtime": {
        pass: [{ resources: [fn("a")] }, { resources: [fn("a", { runtime: "nodejs24.x" })], config: { maxVersionsBehind: 0 } }, { resources: [fn("img", { packageType: "Image", runtime: undefined })] }],
        fail: [{ resources: [fn("a", { runtime: "nodejs20.x" })], expect: /2 releases behind nodejs24\.x/ }, { resources: [fn("a")], config: { maxVersionsBehind: 0 }, expect: /1 releases behind/ }],
    },
    "lambda-deprecated-runtime": {
        pass: [{ resources: [fn("a")] }],
        fail: [{ resources: [fn("a", { runtime: "nodejs18.x" })], expect: /nodejs18\.x is deprecated/ }, { resources: [fn("p", { runtime: "python3.8" })] }],
    },
    "lambda-arm64": {
        pass: [{ resources: [fn("a")] }, { resources: [fn("native", { architectures: ["x86_64"] })], config: { x86Allowed: ["native"] } }],
        fail: [{ resources: [fn("a", { architectures: ["x86_64"] })], expect: /x86_64/ }, { resources: [fn("a", { architectures: undefined })], expect: /default/ }],
    },
    "lambda-no-literal-secrets": {
        pass: [{ resources: [fn("a", { environment: { variables: { TABLE_NAME: "orders", API_KEY_PARAMETER_NAME: "/orders/dev/api-key", DB_PASSWORD: "arn:aws:secretsmanager:us-east-1:123456789012:secret:db", TOKEN_TTL_SECONDS: "300" } } })] }],
        fail: [
            { resources: [fn("a", { environment: { variables: { STRIPE_SECRET: "s3cr3t-value" } } })], expect: /STRIPE_SECRET holds a literal secret/ },
            { resources: [fn("a", { environment: { variables: { NOTES: "key AKIAABCDEFGHIJKLMNOP" } } })], expect: /NOTES holds an AWS access key id/ },
        ],
    },
    "lambda-permission-source-arn": {
        pass: [
            { resources: [permission()] },
            { resources: [permission({ principal: "123456789012", sourceArn: undefined })] },
            { resources: [permission({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::uploads", sourceAccount: "123456789012" })] },
            { resources: [permission({ principal: "*", action: "lambda:InvokeFunctionUrl", functionUrlAuthType: "NONE", sourceArn: undefined })] },
        ],
        fail: [
            { resources: [permission({ sourceArn: undefined })], expect: /from any resource/ },
            { resources: [permission({ principal: "*" })], expect: /any principal/ },
            { resources: [permission({ principal: "s3.amazonaws.com", sourceArn: "arn:aws:s3:::uploads" })], expect: /sourceAccount/ },
            { resources: [permission({ principal: "*", action: "lambda:InvokeFunctionUrl", functionUrlAuthType: "AWS_IAM", sourceArn: undefined })], expect: /any principal/ },
        ],
    },
    "lambda-esm-report-batch-item-failures": {
        pass: [{ resources: [esm()] }],
        fail: [{ resources: [esm({ functionResponseTypes: undefined })], expect: /whole batch retry/ }],
    },
    "lambda-esm-sqs-maximum-concurrency": {
        pass: [{ resources: [esm()] }],
        fail: [{ resources: [esm({ scalingConfig: undefined })], expect: /maximumConcurrency/ }],
    },
    "lambda-async-failure-destination": {
        pass: [
            { resources: [fn("notify"), permission(), res(T.eventInvokeConfig, "notify-async", { functionName: "notify", destinationConfig: { onFailure: { destination: ARN.queue("notify-failed") } } })] },
            { resources: [fn("notify", { deadLetterConfig: { targetArn: ARN.queue("notify-failed") } }), permission()] },
            { resources: [fn("api"), permission({ principal: "apigateway.amazonaws.com" })] },
            { resources: [fn("notify"), permission({ principal: "iot.amazonaws.com", sourceArn: "arn:aws:iot:us-east-1:123456789012:authorizer/browsers" })] },
        ],
        fail: [
            { resources: [fn("notify"), permission()], expect: /events\.amazonaws\.com invoke it asynchronously/ },
            { resources: [fn("notify"), permission({ principal: "iot.amazonaws.com", sourceArn: "arn:aws:iot:us-east-1:123456789012:rule/forward" })], expect: /iot\.amazonaws\.com/ },
        ],
    },
    "lambda-esm-failure-destination": {
        pass: [{ resources: [queue("work", { redrivePolicy: redrive("work-dlq") }), queue("work-dlq"), esm()] }],
        fail: [{ resources: [queue("work"), esm()], expect: /no redrive policy/ }, { resources: [esm({ eventSourceArn: "arn:aws:kinesis:us-east-1:123456789012:stream/s" })], expect: /destinationConfig/ }],
    },
    "lambda-log-group-retention": {
        pass: [{ resources: [fn("a"), logGroup("a-logs", 7)] }, { resources: [fn("b", { loggingConfig: undefined }), logGroup("/aws/lambda/b", 7)] }],
        fail: [{ resources: [fn("a"), logGroup("a-logs")], expect: /no retention/ }, { resources: [fn("a")], expect: /never expires/ }],
    },
    "lambda-eventbridge-invoke-permission": {
        pass: [{ resources: [fn("notify"), rule("r"), target("r-target"), permission()] }],
        fail: [
            { resources: [fn("notify"), rule("r"), target("r-target")], expect: /rule r/ },
            { resources: [fn("notify"), rule("r"), rule("other"), target("r-target"), permission({ sourceArn: ARN.rule("orders", "other") })] },
        ],
    },
    // ---------------------------------------------------------------- EventBridge
    "eventbridge-target-dlq": {
        pass: [{ resources: [target("t")] }],
        fail: [{ resources: [target("t", { deadLetterConfig: undefined })], expect: /dropped silently/ }],
    },
    "eventbridge-target-retry-policy": {
        pass: [{ resources: [target("t")] }],
        fail: [{ resources: [target("t", { retryPolicy: undefined })], expect: /185 attempts/ }],
    },
    "eventbridge-bus-policy-not-open": {
        pass: [
            { resources: [res(T.eventBusPolicy, "bus-policy", { eventBusName: "orders", policy: doc({ Sid: "Producers", Effect: "Allow", Principal: { AWS: ["arn:aws:iam::111122223333:root"] }, Action: "events:PutEvents", Resource: ARN.bus("orders") }) })] },
            { resources: [res(T.eventBusPolicy, "bus-policy", { eventBusName: "orders", policy: doc({ Sid: "Org", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: ARN.bus("orders"), Condition: { StringEquals: { "aws:PrincipalOrgID": "o-abc" } } }) })] },
        ],
        fail: [
            { resources: [res(T.eventBusPolicy, "bus-policy", { eventBusName: "orders", policy: doc({ Sid: "Open", Effect: "Allow", Principal: "*", Action: "events:PutEvents", Resource: ARN.bus("orders") }) })], expect: /Principal "\*"/ },
            { resources: [res(T.eventPermission, "bus-permission", { principal: "*", statementId: "all" })], expect: /every AWS account/ },
        ],
    },
    "eventbridge-archive-finite-retention": {
        pass: [{ resources: [res(T.eventArchive, "archive", { eventSourceArn: ARN.bus("orders"), retentionDays: 7 })] }],
        fail: [{ resources: [res(T.eventArchive, "archive", { eventSourceArn: ARN.bus("orders") })], expect: /forever/ }],
    },
    "eventbridge-bus-archive": {
        pass: [{ resources: [res(T.eventBus, "orders", {}, { arn: ARN.bus("orders"), name: "orders" }), res(T.eventArchive, "archive", { eventSourceArn: ARN.bus("orders"), retentionDays: 7 })] }],
        fail: [{ resources: [res(T.eventBus, "orders", {}, { arn: ARN.bus("orders"), name: "orders" })], expect: /no archive/ }],
    },
    "eventbridge-rule-has-target": {
        pass: [{ resources: [rule("r"), target("t")] }],
        fail: [{ resources: [rule("r")], expect: /no target/ }],
    },
    "eventbridge-rule-pattern-specific": {
        pass: [
            { resources: [rule("r")] },
            { resources: [res(T.eventRule, "nightly", { scheduleExpression: "rate(1 day)" })] },
            { resources: [res(T.eventRule, "two-sources", { eventPattern: JSON.stringify({ $or: [{ source: ["orders"], "detail-type": ["OrderFailed"] }, { source: ["receipts"] }] }) })] },
        ],
        fail: [
            { resources: [res(T.eventRule, "all", { eventPattern: JSON.stringify({ account: [ARN.bus("x").split(":")[4]] }) })], expect: /neither source nor detail-type/ },
            { resources: [res(T.eventRule, "half", { eventPattern: JSON.stringify({ $or: [{ source: ["orders"] }, { account: ["123456789012"] }] }) })] },
        ],
    },
    // ---------------------------------------------------------------- Step Functions
    "sfn-tracing": {
        pass: [{ resources: [machine({ StartAt: "A", States: { A: task() } })] }],
        fail: [
            { resources: [machine({ StartAt: "A", States: { A: task() } }, { tracingConfiguration: undefined })], expect: /X-Ray/ },
            { resources: [machine({ StartAt: "A", States: { A: task() } }, { tracingConfiguration: { enabled: false } })], expect: /X-Ray/ },
        ],
    },
    "sfn-logging": {
        pass: [{ resources: [machine({ StartAt: "A", States: { A: task() } })] }, { resources: [machine({ StartAt: "A", States: { A: task() } }, { loggingConfiguration: { level: "ALL", logDestination: "arn:x:*" } })], config: { minimumLevel: "ALL" } }],
        fail: [
            { resources: [machine({ StartAt: "A", States: { A: task() } }, { loggingConfiguration: undefined })], expect: /logging is OFF/ },
            { resources: [machine({ StartAt: "A", States: { A: task() } })], config: { minimumLevel: "ALL" }, expect: /below ALL/ },
            { resources: [machine({ StartAt: "A", States: { A: task() } }, { loggingConfiguration: { level: "ERROR" } })], expect: /no destination/ },
        ],
    },
    "sfn-task-retry": {
        pass: [{ resources: [machine({ StartAt: "P", States: { P: { Type: "Parallel", End: true, Branches: [{ StartAt: "A", States: { A: task() } }] } } })] }],
        fail: [
            { resources: [machine({ StartAt: "P", States: { P: { Type: "Parallel", End: true, Branches: [{ StartAt: "A", States: { A: task({ Retry: undefined }) } }] } } })], expect: /Task "P\/branch 0\/A" has no Retry/ },
            { resources: [machine("{not json")], expect: /not valid JSON/ },
        ],
    },
    "sfn-task-timeout": {
        pass: [{ resources: [machine({ StartAt: "M", States: { M: { Type: "Map", End: true, ItemProcessor: { StartAt: "A", States: { A: task() } } } } })] }],
        fail: [{ resources: [machine({ StartAt: "M", States: { M: { Type: "Map", End: true, ItemProcessor: { StartAt: "A", States: { A: task({ TimeoutSeconds: undefined }) } } } } })], expect: /Task "M\/item\/A" has no TimeoutSeconds/ }],
    },
    // ---------------------------------------------------------------- SQS
    "sqs-encryption": {
        pass: [{ resources: [queue("q")] }, { resources: [queue("q", { sqsManagedSseEnabled: undefined, kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" })] }],
        fail: [{ resources: [queue("q", { sqsManagedSseEnabled: undefined })], expect: /not encrypted/ }, { resources: [queue("q", { sqsManagedSseEnabled: false })], expect: /not encrypted/ }],
    },
    "sqs-tls-only": {
        pass: [{ resources: [queue("q"), res(T.queuePolicy, "q-policy", { queueUrl: ARN.queueUrl("q"), policy: doc(DENY_INSECURE) })] }],
        fail: [{ resources: [queue("q"), res(T.queuePolicy, "q-policy", { queueUrl: ARN.queueUrl("q"), policy: doc({ Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sqs:SendMessage", Resource: ARN.queue("q") }) })], expect: /without TLS/ }],
    },
    "sqs-dlq": {
        pass: [{ resources: [queue("work", { redrivePolicy: redrive("work-dlq") }), queue("work-dlq")] }, { resources: [queue("r-dlq"), target("t")] }],
        fail: [{ resources: [queue("work")], expect: /no dead-letter queue/ }],
    },
    "sqs-visibility-timeout": {
        pass: [{ resources: [queue("work", { visibilityTimeoutSeconds: 60 }), fn("consumer", { timeout: 10 }), esm()] }],
        fail: [{ resources: [queue("work"), fn("consumer", { timeout: 10 }), esm()], expect: /visibility timeout \(30 s\) is shorter than 6 x .* \(10 s\)/ }],
    },
    "sqs-dlq-retention": {
        pass: [{ resources: [queue("work", { redrivePolicy: redrive("work-dlq"), messageRetentionSeconds: 345_600 }), queue("work-dlq", { messageRetentionSeconds: 1_209_600 })] }],
        fail: [{ resources: [queue("work", { redrivePolicy: redrive("work-dlq"), messageRetentionSeconds: 1_209_600 }), queue("work-dlq", { messageRetentionSeconds: 1_209_600 })], expect: /not longer than its source queue work/ }],
    },
    "sqs-dlq-alarm": {
        pass: [
            { resources: [queue("r-dlq"), target("t"), res(T.metricAlarm, "r-dlq-depth", { namespace: "AWS/SQS", metricName: "ApproximateNumberOfMessagesVisible", dimensions: { QueueName: "r-dlq" } })] },
            { resources: [queue("r-dlq"), target("t")], config: { stackClass: "dev" } },
        ],
        fail: [{ resources: [queue("r-dlq"), target("t")], expect: /dead-letter queue of t and no alarm/ }],
    },
    // ---------------------------------------------------------------- SNS
    "sns-encryption": {
        pass: [{ resources: [res(T.topic, "ops", { kmsMasterKeyId: "arn:aws:kms:us-east-1:123456789012:key/k" })] }],
        fail: [{ resources: [res(T.topic, "ops", {})], expect: /not encrypted/ }],
    },
    "sns-tls-only": {
        pass: [{ resources: [res(T.topic, "ops", {}, { arn: ARN.topic("ops") }), res(T.topicPolicy, "ops-policy", { arn: ARN.topic("ops"), policy: doc(DENY_INSECURE) })] }],
        fail: [{ resources: [res(T.topic, "ops", {}, { arn: ARN.topic("ops") })], expect: /without TLS/ }],
    },
    "sns-subscription-redrive": {
        pass: [{ resources: [res(T.topicSubscription, "ops-email", { protocol: "email", endpoint: "ops@example.com", topic: ARN.topic("ops"), redrivePolicy: JSON.stringify({ deadLetterTargetArn: ARN.queue("ops-dlq") }) })] }],
        fail: [{ resources: [res(T.topicSubscription, "ops-email", { protocol: "email", endpoint: "ops@example.com", topic: ARN.topic("ops") })], expect: /undeliverable email notifications/ }],
    },
    // ---------------------------------------------------------------- API Gateway
    "apigw-access-logging": {
        pass: [{ resources: [stage()] }],
        fail: [{ resources: [stage({ accessLogSettings: undefined })], expect: /no access logs/ }],
    },
    "apigw-structured-logging": {
        pass: [{ resources: [stage()] }, { resources: [stage({ accessLogSettings: undefined })] }],
        fail: [{ resources: [stage({ accessLogSettings: { destinationArn: ARN.logGroup("api-access"), format: "$context.requestId $context.status" } })], expect: /not a JSON object/ }],
    },
    "apigw-throttling": {
        pass: [{ resources: [stage()] }],
        fail: [{ resources: [stage({ defaultRouteSettings: undefined })], expect: /default throttling/ }, { resources: [stage({ defaultRouteSettings: { throttlingBurstLimit: 0, throttlingRateLimit: 0 } })], expect: /default throttling/ }],
    },
    "apigw-rest-xray": {
        pass: [{ resources: [res(T.restStage, "rest-stage", { xrayTracingEnabled: true })] }, { resources: [stage()] }],
        fail: [{ resources: [res(T.restStage, "rest-stage", {})], expect: /X-Ray tracing is off/ }, { resources: [res(T.restStage, "rest-stage", { xrayTracingEnabled: false })], expect: /X-Ray tracing is off/ }],
    },
    "apigw-route-authorization": {
        pass: [
            { resources: [res(T.httpRoute, "route", { routeKey: "POST /orders", authorizationType: "JWT", authorizerId: "auth" })] },
            { resources: [res(T.httpRoute, "route", { routeKey: "POST /orders" })], config: { publicRoutes: ["POST /orders"] } },
        ],
        fail: [
            { resources: [res(T.httpRoute, "route", { routeKey: "POST /orders", authorizationType: "NONE" })], expect: /route POST \/orders accepts unauthenticated calls/ },
            { resources: [res(T.httpRoute, "route", { routeKey: "POST /orders", authorizationType: "JWT" })], expect: /names no authorizer/ },
        ],
    },
    "apigw-cors-no-wildcard": {
        pass: [{ resources: [res(T.httpApi, "api", { protocolType: "HTTP", corsConfiguration: { allowOrigins: ["https://shop.example.com"] } })] }],
        fail: [{ resources: [res(T.httpApi, "api", { protocolType: "HTTP", corsConfiguration: { allowOrigins: ["*"] } })], expect: /every origin/ }],
    },
    // ---------------------------------------------------------------- DynamoDB
    "dynamodb-pitr": {
        pass: [{ resources: [table()] }, { resources: [table({ replicas: [{ regionName: "eu-west-1", pointInTimeRecovery: true, kmsKeyArn: "arn:aws:kms:eu-west-1:123456789012:key/k" }] })] }],
        fail: [
            { resources: [table({ pointInTimeRecovery: undefined })], expect: /point-in-time recovery is off/ },
            { resources: [table({ pointInTimeRecovery: { enabled: false } })], expect: /point-in-time recovery is off/ },
            { resources: [table({ replicas: [{ regionName: "eu-west-1", pointInTimeRecovery: false }] })], expect: /replica in eu-west-1/ },
        ],
    },
    "dynamodb-deletion-protection": { pass: [{ resources: [table()] }], fail: [{ resources: [table({ deletionProtectionEnabled: false })], expect: /deletion protection is off/ }] },
    "dynamodb-on-demand": { pass: [{ resources: [table()] }], fail: [{ resources: [table({ billingMode: undefined })], expect: /PROVISIONED/ }] },
    "dynamodb-cmk-encryption": {
        pass: [{ resources: [table()] }],
        fail: [
            { resources: [table({ serverSideEncryption: undefined })], expect: /AWS-owned key/ },
            { resources: [table({ serverSideEncryption: { enabled: false, kmsKeyArn: "arn:aws:kms:us-east-1:123456789012:key/k" } })], expect: /AWS-owned key/ },
            { resources: [table({ replicas: [{ regionName: "eu-west-1", pointInTimeRecovery: true }] })], expect: /replica in eu-west-1 uses the AWS-owned key/ },
        ],
    },
    // ---------------------------------------------------------------- S3
    "s3-public-access-block": {
        pass: [{ resources: [bucket(), publicAccessBlock()] }],
        fail: [
            { resources: [bucket(), publicAccessBlock(false)], expect: /public access block/ },
            { resources: [bucket()] },
            { resources: [bucket(), publicAccessBlock(), res(T.accessPoint, "receipts-ap", { bucket: "receipts-bucket", publicAccessBlockConfiguration: { blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true } })], expect: /turns a setting off/ },
        ],
    },
    "s3-tls-only": {
        pass: [{ resources: [bucket(), onBucket(T.bucketPolicy, "receipts-policy", { policy: doc(DENY_INSECURE) })] }],
        fail: [{ resources: [bucket()], expect: /without TLS/ }],
    },
    "s3-encryption": {
        pass: [{ resources: [bucket(), onBucket(T.bucketEncryption, "receipts-sse", { rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] })] }],
        fail: [{ resources: [bucket()], expect: /default encryption is not declared/ }],
    },
    "s3-lifecycle": {
        pass: [{ resources: [bucket(), onBucket(T.bucketLifecycle, "receipts-lifecycle", { rules: [{ id: "expire", status: "Enabled", expiration: { days: 365 } }] })] }],
        fail: [{ resources: [bucket(), onBucket(T.bucketLifecycle, "receipts-lifecycle", { rules: [{ id: "expire", status: "Disabled" }] })], expect: /no enabled lifecycle rule/ }],
    },
    "s3-server-access-logging": {
        pass: [{ resources: [bucket(), res(T.bucket, "logs", {}, { bucket: "logs-bucket" }), onBucket(T.bucketLogging, "receipts-logging", { targetBucket: "logs-bucket", targetPrefix: "receipts/" })] }],
        fail: [{ resources: [bucket()], expect: /no server access logs/ }],
    },
    // ---------------------------------------------------------------- IoT
    "iot-policy-no-wildcards": {
        pass: [{ resources: [res(T.iotPolicy, "browser", { policy: doc({ Effect: "Allow", Action: ["iot:Subscribe"], Resource: "arn:aws:iot:us-east-1:123456789012:topicfilter/orders/dev/${iot:ClientId}" }) })] }],
        fail: [
            { resources: [res(T.iotPolicy, "browser", { policy: doc({ Sid: "All", Effect: "Allow", Action: ["iot:Subscribe"], Resource: "arn:aws:iot:us-east-1:123456789012:topicfilter/orders/dev/#" }) })], expect: /wildcard resources/ },
            { resources: [res(T.iotPolicy, "browser", { policy: doc({ Effect: "Allow", Action: "iot:*", Resource: "arn:aws:iot:us-east-1:123456789012:client/c1" }) })], expect: /wildcard actions iot:\*/ },
        ],
    },
    // ---------------------------------------------------------------- CloudWatch Logs
    "logs-retention": {
        pass: [{ resources: [logGroup("g", 7)] }, { resources: [logGroup("g", 7)], config: { maximumDays: 14 } }, { resources: [logGroup("g", 400)], config: { minimumDays: 365 } }],
        fail: [
            { resources: [logGroup("g")], expect: /forever/ },
            { resources: [logGroup("g", 90)], config: { maximumDays: 14 }, expect: /more than this stack allows/ },
            { resources: [logGroup("g", 90)], config: { minimumDays: 365 }, expect: /less than this stack requires/ },
        ],
    },
    // ---------------------------------------------------------------- IAM
    "iam-no-wildcard-actions": {
        pass: [{ resources: [rolePolicy({ Action: ["dynamodb:GetItem"], Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/orders" })] }],
        fail: [
            { resources: [rolePolicy({ Sid: "Data", Action: ["dynamodb:*"], Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/orders" })], expect: /wildcard actions dynamodb:\*/ },
            { resources: [res(T.role, "fn-role", { inlinePolicies: [{ name: "p", policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }] })] },
        ],
    },
    "iam-no-wildcard-resources": {
        pass: [{ resources: [rolePolicy({ Sid: "Tracing", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" }, { Sid: "Logs", Action: ["logs:CreateLogDelivery", "logs:DescribeLogGroups"], Resource: "*" })] }],
        fail: [{ resources: [rolePolicy({ Sid: "Mixed", Action: ["xray:PutTraceSegments", "dynamodb:GetItem"], Resource: "*" })], expect: /grants dynamodb:GetItem on every resource/ }],
    },
    "iam-no-full-access-managed-policies": {
        pass: [{ resources: [attachment("arn:aws:iam::123456789012:policy/orders-read")] }],
        fail: [{ resources: [attachment("arn:aws:iam::aws:policy/AmazonDynamoDBFullAccess")], expect: /AmazonDynamoDBFullAccess/ }, { resources: [res(T.role, "r", { managedPolicyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] })] }],
    },
    "iam-no-aws-managed-policies": {
        pass: [{ resources: [attachment("arn:aws:iam::123456789012:policy/orders-read")] }, { resources: [attachment("arn:aws:iam::aws:policy/service-role/AWSIoTLogging")], config: { allowed: ["arn:aws:iam::aws:policy/service-role/AWSIoTLogging"] } }],
        fail: [{ resources: [attachment("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")], expect: /AWS-managed policy/ }],
    },
    "iam-trust-not-public": {
        pass: [{ resources: [res(T.role, "fn-role", { assumeRolePolicy: doc({ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }) })] }],
        fail: [{ resources: [res(T.role, "fn-role", { assumeRolePolicy: doc({ Sid: "Anyone", Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }) })], expect: /any AWS principal/ }],
    },
    // ---------------------------------------------------------------- KMS
    "kms-key-rotation": {
        pass: [{ resources: [key()] }, { resources: [key({ enableKeyRotation: false, customerMasterKeySpec: "RSA_2048" })] }],
        fail: [{ resources: [key({ enableKeyRotation: false })], expect: /rotation is off/ }, { resources: [key({ enableKeyRotation: undefined })], expect: /rotation is off/ }],
    },
    "kms-key-policy-not-public": {
        pass: [{ resources: [key()] }, { resources: [key({ policy: doc({ Effect: "Allow", Principal: { AWS: "*" }, Action: "kms:Decrypt", Resource: "*", Condition: { StringEquals: { "kms:CallerAccount": "123456789012" } } }) })] }],
        fail: [{ resources: [key({ policy: doc({ Sid: "Open", Effect: "Allow", Principal: "*", Action: "kms:Decrypt", Resource: "*" }) })], expect: /every AWS principal/ }],
    },
    // ---------------------------------------------------------------- Scale to zero
    "scale-to-zero": {
        pass: [{ resources: [table(), fn("a"), queue("q")], config: { stackClass: "dev" } }, { resources: [key(), res(T.metricAlarm, "alarm", {})], config: { stackClass: "prod" } }],
        fail: [
            { resources: [key()], config: { stackClass: "dev" }, expect: /billed as a customer-managed KMS key, per month/ },
            { resources: [res(T.metricAlarm, "dlq-depth", {}), res(T.dashboard, "flow", {}), table({ billingMode: "PROVISIONED" }), res("aws:ec2/natGateway:NatGateway", "nat", {})], config: { stackClass: "dev" } },
            { resources: [res("aws:eks/cluster:Cluster", "k8s", {}), res(T.webAcl, "site-acl", {})], config: { stackClass: "dev" }, expect: /EKS control plane|web ACL/ },
        ],
    },
};

function merge(...sets: Cases[]): Cases {
    const merged: Cases = {};
    for (const set of sets) {
        for (const [name, { pass, fail }] of Object.entries(set)) {
            merged[name] = { pass: [...(merged[name]?.pass ?? []), ...pass], fail: [...(merged[name]?.fail ?? []), ...fail] };
        }
    }
    return merged;
}

export const CASES: Cases = merge(FLOW_CASES, ACCESS_CASES, EDGE_CASES, STORAGE_CASES, MESSAGING_CASES, SCHEDULE_CASES);
