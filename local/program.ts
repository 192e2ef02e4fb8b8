/**
 * The program, as the local runtime sees it: evaluated under the mock engine for the `local` stack (like the offline
 * plan), then every registered resource sorted into what the runtime runs, what it knowingly leaves out (with the
 * reason), and what it cannot run, which stops the start with one message naming each resource. Nothing here
 * describes the architecture: a rule, target, state machine or function changed in components/ changes this model.
 */
import type * as pulumi from "@pulumi/pulumi";
import { MockResource, PROGRAM, runProgram } from "../tools/mockProgram";

/** The resource types the runtime runs, and the engine that runs each. */
export const RUNS: Readonly<Record<string, string>> = {
    "aws:lambda/function:Function": "functions in worker threads, from their real bundles",
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": "asynchronous retries and on-failure destinations",
    "aws:lambda/eventSourceMapping:EventSourceMapping": "SQS pollers (batch size, window, partial batch failures, concurrency) and DynamoDB stream readers (filters, retries, bisection, on-failure destination)",
    "aws:dynamodb/table:Table": "DynamoDB tables on dynalite (keys, TTL, streams)",
    "aws:cloudwatch/eventBus:EventBus": "EventBridge buses",
    "aws:cloudwatch/eventRule:EventRule": "rules, matched with the EventBridge pattern matcher",
    "aws:cloudwatch/eventTarget:EventTarget": "targets with their retry policy, DLQ and input transformer",
    "aws:sqs/queue:Queue": "SQS queues with visibility timeouts, receive counts and redrive",
    "aws:sqs/redrivePolicy:RedrivePolicy": "a queue's redrive policy, set apart from the queue",
    "aws:sfn/stateMachine:StateMachine": "state machines on aws-local-stepfunctions",
    "aws:s3/bucket:Bucket": "S3 buckets on a loopback S3 API",
    "aws:s3/bucketNotification:BucketNotification": "S3's EventBridge notifications (Object Created, Object Deleted)",
    "aws:sns/topic:Topic": "SNS topics",
    "aws:sns/topicSubscription:TopicSubscription": "SNS subscriptions (email is a log line)",
    "aws:pipes/pipe:Pipe": "EventBridge Pipes from DynamoDB streams",
    "aws:apigatewayv2/api:Api": "the HTTP API's CORS, on the one local origin",
    "aws:apigatewayv2/route:Route": "routes",
    "aws:apigatewayv2/integration:Integration": "Lambda proxy integrations, payload format 2.0",
    "aws:apigatewayv2/authorizer:Authorizer": "JWT authorizers, against the local issuer",
    "aws:apigatewayv2/stage:Stage": "the stage's throttling",
    "aws:iot/authorizer:Authorizer": "the IoT custom authorizer, deciding MQTT connections",
    "aws:cognito/userPool:UserPool": "customers' sign-in, on the local OpenID Connect issuer",
    "aws:cognito/userPoolClient:UserPoolClient": "the storefront's app client on the local issuer",
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": "the storefront's security headers",
};

/** Types the runtime leaves out on purpose: nothing in a local run depends on them. */
export const LEAVES_OUT: Readonly<Record<string, string>> = {
    "aws:iam/role:Role": "IAM is not enforced locally",
    "aws:iam/rolePolicy:RolePolicy": "IAM is not enforced locally",
    "aws:lambda/permission:Permission": "IAM is not enforced locally",
    "aws:sqs/queuePolicy:QueuePolicy": "resource policies are not enforced locally",
    "aws:sns/topicPolicy:TopicPolicy": "resource policies are not enforced locally",
    "aws:s3/bucketPolicy:BucketPolicy": "resource policies are not enforced locally",
    "aws:cloudwatch/eventBusPolicy:EventBusPolicy": "resource policies are not enforced locally",
    "aws:kms/key:Key": "nothing is encrypted locally",
    "aws:kms/alias:Alias": "nothing is encrypted locally",
    "aws:kms/keyPolicy:KeyPolicy": "nothing is encrypted locally",
    "aws:cloudwatch/logGroup:LogGroup": "logs are printed, one line per event",
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": "logs are printed, one line per event",
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": "logs are printed, one line per event",
    "aws:cloudwatch/logDelivery:LogDelivery": "logs are printed, one line per event",
    "aws:cloudwatch/metricAlarm:MetricAlarm": "no metrics locally",
    "aws:cloudwatch/dashboard:Dashboard": "no metrics locally",
    "aws:cloudwatch/eventArchive:EventArchive": "no replay locally",
    "aws:schemas/registry:Registry": "the contracts validate every event already",
    "aws:schemas/schema:Schema": "the contracts validate every event already",
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": "the local S3 API is loopback only",
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": "the local S3 API has no ACLs",
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": "nothing is encrypted locally",
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": "nothing expires within a local run",
    "aws:s3/bucketLogging:BucketLogging": "logs are printed, one line per event",
    "aws:s3/bucketObjectv2:BucketObjectv2": "the storefront is served from web/dist on the local origin",
    "aws:cloudfront/distribution:Distribution": "the storefront is served on the local origin",
    "aws:cloudfront/originAccessControl:OriginAccessControl": "the storefront is served on the local origin",
    "aws:cognito/userPoolDomain:UserPoolDomain": "the local issuer serves its own sign-in pages",
    "aws:cognito/managedLoginBranding:ManagedLoginBranding": "the local issuer serves its own sign-in pages",
};

/** Thrown when the program has resources the runtime can neither run nor safely leave out. */
export class UnsupportedResourcesError extends Error {
    constructor(readonly resources: readonly { type: string; name: string }[]) {
        super(`the local runtime cannot run ${resources.length === 1 ? "this resource" : "these resources"} of the program: ` +
            resources.map((r) => `${r.type} "${r.name}"`).join(", ") +
            `; it runs ${Object.keys(RUNS).length} resource types and leaves out ${Object.keys(LEAVES_OUT).length} more, ` +
            "listed with the reason for each in local/program.ts (RUNS, LEAVES_OUT): teach it the new type there");
        this.name = "UnsupportedResourcesError";
    }
}

/** Provider inputs, resolved: loosely typed, as every resource type has its own. */
// oxlint-disable-next-line typescript/no-explicit-any
type Inputs = Record<string, any>;

/** A resource as the runtime reads it: its resolved inputs and the attributes the mock engine computed. */
export interface ProgramResource {
    readonly type: string;
    readonly name: string;
    readonly id: string;
    readonly inputs: Inputs;
    readonly state: Inputs;
}

export interface LocalProgram {
    readonly stack: string;
    readonly resources: readonly ProgramResource[];
    readonly exports: Record<string, unknown>;
    ofType(type: string): ProgramResource[];
    /** The resource of `type` whose id is `id` (resources refer to each other by id, e.g. a route to its integration). */
    byId(id: string, type: string): ProgramResource | undefined;
    /** The resource (of one of `types`) whose ARN is `arn`. */
    byArn(arn: string, ...types: string[]): ProgramResource | undefined;
}

export interface EvaluateOptions {
    /** The program file. @default index.ts (the program `pulumi up` deploys) */
    readonly program?: string;
    /** The stack whose Pulumi.<stack>.yaml is read. @default "local" */
    readonly stack?: string;
    /** Config values over the file's (e.g. the origin's URLs for another port). */
    readonly overrides?: Record<string, unknown>;
}

/** Evaluates the program and checks that every resource is one the runtime runs or leaves out. */
export async function evaluateProgram(options: EvaluateOptions = {}): Promise<LocalProgram> {
    const stack = options.stack ?? "local";
    const run = await runProgram(stack, options.overrides ?? {}, options.program ?? PROGRAM);
    // Component resources (orders:platform:*) only group the others.
    const resources = run.resources.filter((r) => !r.type.startsWith("orders:")) as MockResource[];
    const unsupported = resources.filter((r) => !(r.type in RUNS) && !(r.type in LEAVES_OUT)).map((r) => ({ type: r.type, name: r.name }));
    if (unsupported.length > 0) throw new UnsupportedResourcesError(unsupported);
    return {
        stack,
        resources,
        exports: run.exports,
        ofType: (type) => resources.filter((r) => r.type === type),
        byId: (id, type) => resources.find((r) => r.id === id && r.type === type),
        byArn: (arn, ...types) => resources.find((r) => r.state.arn === arn && (types.length === 0 || types.includes(r.type))),
    };
}

/** The bundle a function runs: its archive's index.js, as the deployment uploads it. */
export async function functionCode(fn: ProgramResource): Promise<string> {
    const archive = fn.inputs.code as pulumi.asset.AssetArchive | undefined;
    const assets = archive ? await archive.assets : undefined;
    const index = assets?.["index.js"] as pulumi.asset.StringAsset | undefined;
    const text = index ? await index.text : undefined;
    if (typeof text !== "string") {
        throw new Error(`function "${fn.name}" has no inline index.js in its code archive; the local runtime runs HandlerFunction bundles`);
    }
    return text;
}
