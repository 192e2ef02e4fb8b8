import { asArray, asNumber, asRecord, asString, get, PackPolicy, physicalName, Problem, resourcePolicy, stackPolicy, StackProblem } from "./core";
import { T } from "./types";

/** Runtime families, oldest to newest. The newest entry is "latest" for cdk-nag's LambdaLatestVersion / AwsSolutions-L1. */
export const RUNTIME_FAMILIES: Record<string, readonly string[]> = {
    nodejs: ["nodejs16.x", "nodejs18.x", "nodejs20.x", "nodejs22.x", "nodejs24.x"],
    python: ["python3.8", "python3.9", "python3.10", "python3.11", "python3.12", "python3.13", "python3.14"],
    java: ["java8.al2", "java11", "java17", "java21", "java25"],
    dotnet: ["dotnet6", "dotnet8", "dotnet10"],
    ruby: ["ruby3.2", "ruby3.3", "ruby3.4"],
    provided: ["provided.al2", "provided.al2023"],
};

/** Runtimes AWS has deprecated (no security patches; creation and update get blocked). */
export const DEPRECATED_RUNTIMES: readonly string[] = [
    "nodejs", "nodejs4.3", "nodejs4.3-edge", "nodejs6.10", "nodejs8.10", "nodejs10.x", "nodejs12.x", "nodejs14.x", "nodejs16.x", "nodejs18.x",
    "python2.7", "python3.6", "python3.7", "python3.8", "python3.9",
    "java8", "dotnetcore1.0", "dotnetcore2.0", "dotnetcore2.1", "dotnetcore3.1", "dotnet5.0", "dotnet6", "dotnet7",
    "ruby2.5", "ruby2.7", "ruby3.2", "go1.x", "provided",
];

/** Services that invoke a function asynchronously (Lambda retries, then drops the event unless a DLQ/destination exists). */
export const ASYNC_INVOKERS: readonly string[] = ["events.amazonaws.com", "sns.amazonaws.com", "s3.amazonaws.com", "iot.amazonaws.com", "logs.amazonaws.com", "ses.amazonaws.com"];

const SECRET_NAME = /(SECRET|PASSWORD|PASSWD|TOKEN|API_?KEY|PRIVATE_?KEY|CREDENTIAL|CLIENT_?SECRET)/i;
/** Variables that name where a secret lives (a parameter name, an ARN, a path) rather than holding it. */
const REFERENCE_NAME = /(_ARN|_NAME|_PARAM|_PARAMETER|_PATH|_TABLE|_URL|_ID|_TTL|_SECONDS)$/i;
const SECRET_VALUE: readonly [RegExp, string][] = [
    [/\b(AKIA|ASIA)[0-9A-Z]{16}\b/, "an AWS access key id"],
    [/-----BEGIN [A-Z ]*PRIVATE KEY-----/, "a PEM private key"],
    [/\bxox[abprs]-[0-9A-Za-z-]{10,}/, "a Slack token"],
    [/\b(ghp|gho|ghs|github_pat)_[0-9A-Za-z_]{20,}/, "a GitHub token"],
    [/\b(sk|rk)_live_[0-9A-Za-z]{16,}/, "a Stripe live key"],
    [/\beyJ[0-9A-Za-z_-]{10,}\.eyJ[0-9A-Za-z_-]{10,}\.[0-9A-Za-z_-]{10,}/, "a JSON Web Token"],
];

function isReference(value: string): boolean {
    return value === "" || value.startsWith("arn:") || value.startsWith("/") || value.startsWith("{{resolve:");
}

/** The problems a function's environment has: variables whose name or value says they hold a literal secret. */
export function literalSecrets(variables: Record<string, unknown>): string[] {
    const found: string[] = [];
    for (const [key, raw] of Object.entries(variables)) {
        const value = asString(raw);
        if (value === undefined) continue;
        const pattern = SECRET_VALUE.find(([re]) => re.test(value));
        if (pattern) found.push(`environment variable ${key} holds ${pattern[1]}`);
        else if (SECRET_NAME.test(key) && !REFERENCE_NAME.test(key) && !isReference(value)) found.push(`environment variable ${key} holds a literal secret value`);
    }
    return found;
}

/** IoT rule actions invoke asynchronously; an IoT custom authorizer (sourceArn ...:authorizer/...) waits for the answer. */
function invokesAsynchronously(permission: Record<string, unknown>): boolean {
    const principal = asString(permission.principal) ?? "";
    if (principal === "iot.amazonaws.com" && (asString(permission.sourceArn) ?? "").includes(":authorizer/")) return false;
    return ASYNC_INVOKERS.includes(principal);
}

function isContainerImage(props: Record<string, unknown>): boolean {
    return props.packageType === "Image";
}

export const lambdaPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "lambda-tracing-active", type: T.function, pillar: "Operational Excellence",
        sources: ["Serverless-LambdaTracing", "CKV_AWS_50"],
        description: "Lambda functions have active X-Ray tracing, so a request can be followed across the event flow.",
        remediation: "Set tracingConfig: { mode: \"Active\" } (HandlerFunction does this).",
    }, (props) => get(props, "tracingConfig", "mode") === "Active" ? [] :
        [["X-Ray tracing is not active", "set tracingConfig: { mode: \"Active\" } and allow xray:PutTraceSegments/PutTelemetryRecords in its role"]]),

    resourcePolicy({
        name: "lambda-explicit-memory", type: T.function, pillar: "Performance Efficiency",
        sources: ["Serverless-LambdaDefaultMemorySize"],
        description: "Lambda functions set their memory explicitly (CPU scales with it), instead of the 128 MB default.",
        remediation: "Set memorySize, measured with Lambda Power Tuning.",
    }, (props) => asNumber(props.memorySize) !== undefined ? [] :
        [["memorySize is not set, so it runs with the 128 MB default and the CPU share that comes with it", "set memorySize explicitly (e.g. from the functionMemoryMb stack config)"]]),

    resourcePolicy({
        name: "lambda-explicit-timeout", type: T.function, pillar: "Reliability",
        sources: ["Serverless-LambdaDefaultTimeout"],
        description: "Lambda functions set their timeout explicitly instead of the 3-second default.",
        remediation: "Set timeout to a little above the slowest expected invocation.",
    }, (props) => asNumber(props.timeout) !== undefined ? [] :
        [["timeout is not set, so the 3-second default applies", "set timeout explicitly, a little above the slowest expected invocation"]]),

    resourcePolicy<{ maxVersionsBehind?: number }>({
        name: "lambda-current-runtime", type: T.function, pillar: "Security",
        sources: ["Serverless-LambdaLatestVersion", "AwsSolutions-L1"],
        description: "Lambda functions use the latest runtime of their language, or at most `maxVersionsBehind` releases behind it (default 1).",
        remediation: "Move the function to the newest runtime of its family.",
        configSchema: { properties: { maxVersionsBehind: { type: "integer", minimum: 0, default: 1 } } },
    }, (props, config, args) => {
        if (isContainerImage(props)) args.notApplicable("container images bring their own runtime");
        const runtime = asString(props.runtime);
        const family = Object.values(RUNTIME_FAMILIES).find((f) => runtime && f.includes(runtime));
        if (!runtime || !family) return runtime ? [] : [["runtime is not set", `set runtime to ${RUNTIME_FAMILIES.nodejs.at(-1)}`]];
        const behind = family.length - 1 - family.indexOf(runtime);
        const allowed = config.maxVersionsBehind ?? 1;
        return behind <= allowed ? [] : [[`runtime ${runtime} is ${behind} releases behind ${family.at(-1)}`, `move it to ${family.at(-1)}`]];
    }),

    resourcePolicy<{ deprecatedRuntimes?: string[] }>({
        name: "lambda-deprecated-runtime", type: T.function, pillar: "Security",
        sources: ["event-driven", "AwsSolutions-L1", "CKV_AWS_363"],
        description: "No Lambda function uses a runtime AWS has deprecated (no more security patches, updates get blocked).",
        remediation: "Move the function to a supported runtime such as nodejs22.x.",
        configSchema: { properties: { deprecatedRuntimes: { type: "array", items: { type: "string" } } } },
    }, (props, config) => {
        const runtime = asString(props.runtime);
        const deprecated = config.deprecatedRuntimes ?? DEPRECATED_RUNTIMES;
        return runtime && deprecated.includes(runtime)
            ? [[`runtime ${runtime} is deprecated by AWS and gets no security patches`, "move it to a supported runtime such as nodejs22.x and redeploy"]] : [];
    }),

    resourcePolicy<{ x86Allowed?: string[] }>({
        name: "lambda-arm64", type: T.function, pillar: "Sustainability",
        sources: ["event-driven"],
        description: "Lambda functions run on arm64 (Graviton: about 20% cheaper per GB-second and less energy) unless listed in `x86Allowed` because they ship x86-only native code.",
        remediation: "Set architectures: [\"arm64\"]; for x86-only native dependencies add the function to x86Allowed.",
        configSchema: { properties: { x86Allowed: { type: "array", items: { type: "string" } } } },
    }, (props, config, args) => {
        const architectures = asArray(props.architectures).map(String);
        if (architectures.includes("arm64") || (config.x86Allowed ?? []).includes(args.name)) return [];
        return [[`it runs on ${architectures[0] ?? "x86_64 (the default)"} although nothing in it needs x86`, "set architectures: [\"arm64\"] (or list the function in the policy's x86Allowed config if it ships x86-only native code)"]];
    }),

    resourcePolicy({
        name: "lambda-no-literal-secrets", type: T.function, pillar: "Security",
        sources: ["event-driven", "CKV_AWS_45"],
        description: "Lambda environment variables hold no literal secrets (they are visible to anyone who can read the function's configuration).",
        remediation: "Store the secret in SSM Parameter Store (SecureString) or Secrets Manager and pass only its name; read it at cold start.",
    }, (props) => literalSecrets(asRecord(get(props, "environment", "variables")) ?? {}).map((problem): Problem =>
        [problem, "store it in SSM Parameter Store (SecureString) or Secrets Manager, pass only the parameter name, and read it in the handler factory at cold start"])),

    resourcePolicy({
        name: "lambda-permission-source-arn", type: T.permission, pillar: "Security",
        sources: ["event-driven", "CKV_AWS_301", "CKV_AWS_364"],
        description: "A Lambda permission for an AWS service names the one resource (sourceArn) that may invoke the function, and for S3 (whose bucket ARNs carry no account) also the sourceAccount, so no other account's resource can (confused deputy). No permission admits every principal, except the one a public function URL needs (which `lambda-function-url-auth` decides).",
        remediation: "Set sourceArn to the ARN of the rule, topic, bucket, API or authorizer that invokes the function (and sourceAccount for S3).",
    }, (props) => {
        const principal = asString(props.principal) ?? "";
        const publicUrl = asString(props.action) === "lambda:InvokeFunctionUrl" && asString(props.functionUrlAuthType) === "NONE";
        if (principal === "*" && !publicUrl && !asString(props.principalOrgId)) {
            return [["it lets any principal invoke the function", "name the invoking service as principal and set sourceArn to the one resource that invokes it (or principalOrgId to limit it to your organisation)"]];
        }
        if (principal.endsWith(".amazonaws.com") && !asString(props.sourceArn)) {
            return [[`${principal} may invoke the function from any resource in any account`, `set sourceArn to the ARN of the ${principal.split(".")[0]} resource that invokes it`]];
        }
        if (principal === "s3.amazonaws.com" && !asString(props.sourceAccount)) {
            return [["S3 bucket ARNs carry no account id, so a bucket of the same name in another account could invoke the function", "set sourceAccount to the account that owns the bucket, next to sourceArn"]];
        }
        return [];
    }),

    resourcePolicy({
        name: "lambda-structured-logging", type: T.function, pillar: "Operational Excellence",
        sources: ["event-driven"],
        description: "Lambda functions log JSON (loggingConfig.logFormat JSON), so every line carries its request id and level and Logs Insights can query fields such as the correlation id.",
        remediation: "Set loggingConfig: { logFormat: \"JSON\", applicationLogLevel, systemLogLevel, logGroup } (HandlerFunction does this).",
    }, (props) => asString(get(props, "loggingConfig", "logFormat")) === "JSON" ? [] :
        [[`its log format is ${asString(get(props, "loggingConfig", "logFormat")) ?? "Text (the default)"}, so log lines cannot be queried by field`, "set loggingConfig.logFormat to \"JSON\" (with applicationLogLevel and systemLogLevel)"]]),

    resourcePolicy({
        name: "lambda-esm-stream-bounded-retries", type: T.eventSourceMapping, pillar: "Reliability",
        sources: ["event-driven"],
        description: "A Kinesis or DynamoDB stream mapping bounds its retries (maximumRetryAttempts 0 to 10000) and splits failing batches, so one poison record cannot block its shard until the record expires (the default retries forever).",
        remediation: "Set maximumRetryAttempts (e.g. 5), bisectBatchOnFunctionError: true and destinationConfig.onFailure.",
    }, (props, _config, args) => {
        if (!/:(kinesis|dynamodb):/.test(asString(props.eventSourceArn) ?? "")) args.notApplicable("only stream sources retry a batch until it expires");
        const attempts = asNumber(props.maximumRetryAttempts) ?? -1;
        const problems: Problem[] = [];
        if (attempts < 0) problems.push(["it retries a failing batch until its records expire (maximumRetryAttempts -1, the default), holding up every later record of the shard", "set maximumRetryAttempts to a small number (e.g. 5)"]);
        if (props.bisectBatchOnFunctionError !== true && !asArray(props.functionResponseTypes).includes("ReportBatchItemFailures")) problems.push(["a failing batch is retried whole, so good records are reprocessed with the bad one", "set bisectBatchOnFunctionError: true (or return batchItemFailures with ReportBatchItemFailures)"]);
        return problems;
    }),

    resourcePolicy({
        name: "lambda-esm-report-batch-item-failures", type: T.eventSourceMapping, pillar: "Reliability",
        sources: ["event-driven"],
        description: "An SQS or stream event source mapping reports partial batch failures, so one bad record does not make the whole batch retry (and succeed records twice).",
        remediation: "Set functionResponseTypes: [\"ReportBatchItemFailures\"] and return batchItemFailures from the handler (Powertools processPartialResponse).",
    }, (props, _config, args) => {
        const source = asString(props.eventSourceArn) ?? "";
        if (!/:(sqs|kinesis|dynamodb):/.test(source)) args.notApplicable("only SQS, Kinesis and DynamoDB stream sources report batch item failures");
        return asArray(props.functionResponseTypes).includes("ReportBatchItemFailures") ? [] :
            [["a failed record makes the whole batch retry, so records that succeeded are processed again", "set functionResponseTypes: [\"ReportBatchItemFailures\"] and return batchItemFailures (Powertools processPartialResponse)"]];
    }),

    resourcePolicy({
        name: "lambda-esm-sqs-maximum-concurrency", type: T.eventSourceMapping, pillar: "Reliability",
        sources: ["event-driven"],
        description: "An SQS event source mapping bounds its concurrency (scalingConfig.maximumConcurrency), so a backlog cannot take the account's whole Lambda concurrency or overload what the function writes to.",
        remediation: "Set scalingConfig: { maximumConcurrency: N } (2 to 1000) from the stack config.",
    }, (props, _config, args) => {
        if (!/:sqs:/.test(asString(props.eventSourceArn) ?? "")) args.notApplicable("maximumConcurrency applies to SQS sources");
        return asNumber(get(props, "scalingConfig", "maximumConcurrency")) !== undefined ? [] :
            [["the mapping has no maximumConcurrency, so a backlog scales it up to the account's concurrency limit", "set scalingConfig: { maximumConcurrency } (e.g. from consumerMaxConcurrency)"]];
    }),

    stackPolicy({
        name: "lambda-async-failure-destination", pillar: "Reliability",
        sources: ["Serverless-LambdaDLQ", "Serverless-LambdaAsyncFailureDestination"],
        description: "A function invoked asynchronously (by EventBridge, SNS, S3, IoT) has a dead-letter queue or an on-failure destination, so an event that still fails after Lambda's own retries is kept, not dropped.",
        remediation: "Add a FunctionEventInvokeConfig with destinationConfig.onFailure (an SQS queue) or set deadLetterConfig.targetArn on the function.",
    }, (stack) => {
        const problems: StackProblem[] = [];
        for (const fn of stack.ofType(T.function)) {
            const invokers = stack.ofType(T.permission)
                .filter((p) => invokesAsynchronously(p.props) && stack.find(T.function, p.props.function).includes(fn))
                .map((p) => asString(p.props.principal));
            if (invokers.length === 0) continue;
            const hasDlq = !!asString(get(fn.props, "deadLetterConfig", "targetArn"));
            const hasDestination = stack.ofType(T.eventInvokeConfig).some((c) =>
                stack.find(T.function, c.props.functionName).includes(fn) && !!asString(get(c.props, "destinationConfig", "onFailure", "destination")));
            if (!hasDlq && !hasDestination) {
                problems.push({
                    resource: fn,
                    problem: `${invokers.join(", ")} invoke it asynchronously, and an event that still fails after Lambda's two retries is dropped (the rule's DLQ only catches delivery failures)`,
                    fix: "add an aws.lambda.FunctionEventInvokeConfig with destinationConfig.onFailure.destination set to an SQS queue (and grant sqs:SendMessage), or set deadLetterConfig.targetArn",
                });
            }
        }
        return problems;
    }),

    stackPolicy({
        name: "lambda-esm-failure-destination", pillar: "Reliability",
        sources: ["Serverless-LambdaEventSourceMappingDestination"],
        description: "Records an event source mapping cannot process end somewhere: an on-failure destination, or for SQS the source queue's redrive policy.",
        remediation: "For SQS, give the source queue a redrivePolicy to a DLQ; for streams, set destinationConfig.onFailure.",
    }, (stack) => stack.ofType(T.eventSourceMapping).flatMap((mapping): StackProblem[] => {
        if (asString(get(mapping.props, "destinationConfig", "onFailure", "destinationArn"))) return [];
        const source = asString(mapping.props.eventSourceArn) ?? "";
        if (source.includes(":sqs:")) {
            const queues = stack.find(T.queue, source);
            const redriven = queues.some((q) => hasRedrive(q.props)) ||
                stack.ofType(T.queueRedrivePolicy).some((r) => queues.some((q) => stack.find(T.queue, r.props.queueUrl).includes(q)));
            return redriven ? [] : [{ resource: mapping, problem: `its source queue ${source} has no redrive policy, so a poison message is retried until it expires and is then lost`, fix: "give the source queue a redrivePolicy with a dead-letter queue and a maxReceiveCount" }];
        }
        return [{ resource: mapping, problem: "records that keep failing are dropped once they expire from the stream", fix: "set destinationConfig.onFailure.destinationArn to an SQS queue or SNS topic" }];
    })),

    stackPolicy({
        name: "lambda-log-group-retention", pillar: "Operational Excellence",
        sources: ["Serverless-CloudWatchLogGroupRetentionPeriod", "event-driven"],
        description: "Every function logs to a log group the stack creates with a retention period, so logs neither vanish nor accumulate forever (Lambda's implicit group never expires).",
        remediation: "Create an aws.cloudwatch.LogGroup with retentionInDays and point loggingConfig.logGroup at it (HandlerFunction does this).",
    }, (stack) => stack.ofType(T.function).flatMap((fn): StackProblem[] => {
        const configured = asString(get(fn.props, "loggingConfig", "logGroup"));
        const groupName = configured ?? `/aws/lambda/${physicalName(fn)}`;
        const groups = stack.find(T.logGroup, groupName);
        if (groups.length === 0) {
            return [{ resource: fn, problem: `no log group in the stack receives its logs (${groupName}), so Lambda creates one that never expires`, fix: "create an aws.cloudwatch.LogGroup with retentionInDays and set loggingConfig.logGroup to its name" }];
        }
        return groups.some((g) => (asNumber(g.props.retentionInDays) ?? 0) > 0) ? [] :
            [{ resource: fn, problem: `its log group ${groupName} has no retention, so logs are kept (and billed) forever`, fix: "set retentionInDays on the log group (logRetentionDays in the stack config)" }];
    })),

    stackPolicy({
        name: "lambda-eventbridge-invoke-permission", pillar: "Security",
        sources: ["event-driven"],
        description: "Every EventBridge rule that targets a function has its own invoke permission, scoped by sourceArn to that rule (without it, delivery fails into the DLQ; a broader one lets any rule invoke).",
        remediation: "Add an aws.lambda.Permission with principal events.amazonaws.com and sourceArn set to the rule's ARN (EventSubscription does this).",
    }, (stack) => stack.ofType(T.eventTarget).flatMap((target): StackProblem[] => {
        const functions = stack.find(T.function, target.props.arn);
        if (functions.length === 0) return [];
        const rules = stack.ofType(T.eventRule).filter((r) => physicalName(r) === asString(target.props.rule) || r.props.arn === target.props.rule);
        const permitted = stack.ofType(T.permission).some((p) =>
            asString(p.props.principal) === "events.amazonaws.com" &&
            functions.some((f) => stack.find(T.function, p.props.function).includes(f)) &&
            rules.some((r) => stack.find(T.eventRule, p.props.sourceArn).includes(r)));
        return permitted ? [] : [{
            resource: target,
            problem: `no lambda.Permission lets rule ${asString(target.props.rule)} (and only that rule) invoke function ${physicalName(functions[0])}`,
            fix: "add an aws.lambda.Permission with action lambda:InvokeFunction, principal events.amazonaws.com and sourceArn set to this rule's ARN",
        }];
    })),
];

export function hasRedrive(props: Record<string, unknown>): boolean {
    const redrive = asRecord(typeof props.redrivePolicy === "string" ? safeParse(props.redrivePolicy) : props.redrivePolicy);
    return !!asString(redrive?.deadLetterTargetArn);
}

function safeParse(text: string): unknown {
    try {
        return JSON.parse(text);
    } catch {
        return undefined;
    }
}
