/**
 * The one place that installs Pulumi mocks (setMocks is global) and evaluates the program without the Pulumi CLI
 * or credentials. The tests, the offline plan and the local runtime all evaluate the program through here.
 */
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import * as pulumi from "@pulumi/pulumi";
import type { Bundle } from "../components/bundle";
import { HANDLERS } from "../functions/handlers";

export const PROJECT = "order-platform";
export const ROOT = path.resolve(__dirname, "..");
export const ACCOUNT_ID = "123456789012";
export const REGION = "us-east-1";

export interface MockResource {
    type: string;
    name: string;
    /** Inputs as the program passed them, after resolution. */
    inputs: Record<string, any>;
    /** The state the mock returned (inputs plus computed attributes). */
    state: Record<string, any>;
    id: string;
}

export interface Recording {
    resources: MockResource[];
    ofType(type: string): MockResource[];
    named(type: string, nameFragment: string): MockResource;
}

function arnFor(type: string, name: string, inputs: Record<string, any>): string | undefined {
    const a = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT_ID}:${resource}`;
    switch (type) {
        case "aws:sqs/queue:Queue": return a("sqs", inputs.name ?? name);
        case "aws:lambda/function:Function": return a("lambda", `function:${inputs.name ?? name}`);
        case "aws:sfn/stateMachine:StateMachine": return a("states", `stateMachine:${inputs.name ?? name}`);
        case "aws:cloudwatch/eventBus:EventBus": return a("events", `event-bus/${inputs.name ?? name}`);
        case "aws:cloudwatch/eventRule:EventRule":
            return a("events", `rule/${inputs.eventBusName && inputs.eventBusName !== "default" ? `${inputs.eventBusName}/` : ""}${inputs.name ?? name}`);
        case "aws:cloudwatch/eventArchive:EventArchive": return a("events", `archive/${inputs.name ?? name}`);
        case "aws:iam/role:Role": return `arn:aws:iam::${ACCOUNT_ID}:role/${inputs.name ?? name}`;
        case "aws:sns/topic:Topic": return a("sns", inputs.name ?? name);
        case "aws:dynamodb/table:Table": return a("dynamodb", `table/${inputs.name ?? name}`);
        case "aws:s3/bucket:Bucket": return `arn:aws:s3:::${inputs.bucket ?? name}`;
        case "aws:kms/key:Key": return a("kms", `key/${name}`);
        case "aws:cloudwatch/logGroup:LogGroup": return a("logs", `log-group:${inputs.name ?? name}`);
        case "aws:iot/authorizer:Authorizer": return a("iot", `authorizer/${inputs.name ?? name}`);
        case "aws:ssm/parameter:Parameter": return a("ssm", `parameter${String(inputs.name ?? name).startsWith("/") ? "" : "/"}${inputs.name ?? name}`);
        case "aws:cloudwatch/metricAlarm:MetricAlarm": return a("cloudwatch", `alarm:${inputs.name ?? name}`);
        case "aws:schemas/registry:Registry": return a("schemas", `registry/${inputs.name ?? name}`);
        case "aws:cloudfront/distribution:Distribution": return `arn:aws:cloudfront::${ACCOUNT_ID}:distribution/${mockId(type, name)}`;
        case "aws:wafv2/webAcl:WebAcl": return `arn:aws:wafv2:us-east-1:${ACCOUNT_ID}:global/webacl/${inputs.name ?? name}/${mockId(type, name)}`;
        case "aws:cloudwatch/logDeliverySource:LogDeliverySource": return `arn:aws:logs:us-east-1:${ACCOUNT_ID}:delivery-source:${inputs.name ?? name}`;
        case "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": return `arn:aws:logs:us-east-1:${ACCOUNT_ID}:delivery-destination:${inputs.name ?? name}`;
        default: return undefined;
    }
}

function computed(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
    const arn = arnFor(type, name, inputs);
    const extra: Record<string, any> = {};
    if (arn) extra.arn = arn;
    switch (type) {
        case "aws:sqs/queue:Queue":
            extra.url = `https://sqs.${REGION}.amazonaws.com/${ACCOUNT_ID}/${inputs.name ?? name}`;
            break;
        case "aws:lambda/function:Function":
            extra.invokeArn = `arn:aws:apigateway:${REGION}:lambda:path/2015-03-31/functions/${arn}/invocations`;
            extra.qualifiedArn = `${arn}:$LATEST`;
            break;
        case "aws:apigatewayv2/api:Api":
            extra.apiEndpoint = `https://${name}.execute-api.${REGION}.amazonaws.com`;
            extra.executionArn = `arn:aws:execute-api:${REGION}:${ACCOUNT_ID}:${name}`;
            break;
        case "aws:s3/bucket:Bucket":
            extra.bucket = inputs.bucket ?? `${name}-bucket`;
            extra.bucketRegionalDomainName = `${extra.bucket}.s3.${REGION}.amazonaws.com`;
            break;
        case "aws:cloudfront/distribution:Distribution":
            extra.domainName = `${mockId(type, name).toLowerCase()}.cloudfront.net`;
            break;
        case "aws:kms/key:Key":
            extra.keyId = `${name}-key-id`;
            break;
        case "aws:dynamodb/table:Table":
            // A fixed label: the stream ARN of a real table ends with the time the stream was enabled.
            if (inputs.streamEnabled) extra.streamArn = `${arn}/stream/2026-01-01T00:00:00.000`;
            break;
        case "aws:cognito/userPool:UserPool":
            extra.endpoint = `cognito-idp.${REGION}.amazonaws.com/${mockId(type, name)}`;
            break;
    }
    return { name: inputs.name ?? name, ...inputs, ...extra };
}

/** The physical id the mock engine gives a resource: like AWS's where a component reads it (a user pool's id). */
export function mockId(type: string, name: string): string {
    if (type === "aws:cognito/userPool:UserPool") return `${REGION}_${name.replace(/[^A-Za-z0-9]/g, "")}`;
    if (type === "aws:cloudfront/distribution:Distribution") return `E${name.replace(/[^A-Za-z0-9]/g, "").toUpperCase()}`;
    return `${name}-id`;
}

let current: MockResource[] = [];

/** What the mocks recorded since the last useMocks/runProgram (also when the program threw). */
export function recordedResources(): MockResource[] {
    return current;
}

function recording(resources: MockResource[]): Recording {
    return {
        resources,
        ofType: (type) => resources.filter((r) => r.type === type),
        named(type, fragment) {
            const found = resources.filter((r) => r.type === type && r.name.includes(fragment));
            if (found.length !== 1) {
                throw new Error(`expected one ${type} named like "${fragment}", found ${found.length}: ${resources.filter((r) => r.type === type).map((r) => r.name).join(", ")}`);
            }
            return found[0];
        },
    };
}

/** Installs the project's mocks for a stack and clears what earlier tests recorded. */
export function useMocks(stack: string): Recording {
    withoutSourcePositions();
    current = [];
    const resources = current;
    void pulumi.runtime.setMocks({
        newResource(args: pulumi.runtime.MockResourceArgs) {
            const state = computed(args.type, args.name, args.inputs);
            const id = mockId(args.type, args.name);
            resources.push({ type: args.type, name: args.name, inputs: args.inputs, state, id });
            return { id, state };
        },
        call(args: pulumi.runtime.MockCallArgs) {
            switch (args.token) {
                case "aws:index/getCallerIdentity:getCallerIdentity":
                    return { accountId: ACCOUNT_ID, arn: `arn:aws:iam::${ACCOUNT_ID}:user/test`, userId: "test" };
                case "aws:index/getRegion:getRegion":
                    return { name: REGION, region: REGION, id: REGION };
                case "aws:index/getPartition:getPartition":
                    return { partition: "aws", dnsSuffix: "amazonaws.com" };
                case "aws:iot/getEndpoint:getEndpoint":
                    return { endpointAddress: "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com" };
                default:
                    throw new Error(`the mock engine does not implement ${args.token}; add it to tools/mockProgram.ts`);
            }
        },
    }, PROJECT, stack, false);
    return recording(resources);
}

/**
 * Pulumi captures a full-depth stack trace for every resource, to send the engine its source position, and one for
 * every promise it tracks, for a leak report at exit; mocks have no engine to send them to and report no leaks, and
 * the capture cost more than the rest of an evaluation (mapped through source maps, more than that). Installed with the
 * mocks, so it covers whole-program evaluations and the components a test constructs itself alike.
 * ORDER_PLATFORM_STACK_TRACES=1 keeps them, to debug.
 */
let tracesOff = false;
function withoutSourcePositions(): void {
    if (process.env.ORDER_PLATFORM_STACK_TRACES === "1" || tracesOff) return;
    tracesOff = true;
    (pulumi.Resource as unknown as { callsites(): unknown[] }).callsites = () => [];
    const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise<T>(p: Promise<T>, ctx: unknown): Promise<T> };
    const track = debuggable.debuggablePromise;
    debuggable.debuggablePromise = (promise, ctx) => {
        const limit = Error.stackTraceLimit;
        Error.stackTraceLimit = 0;
        try {
            return track(promise, ctx);
        } finally {
            Error.stackTraceLimit = limit;
        }
    };
}

/** The real Pulumi.<stack>.yaml, in the shape setAllConfig expects (JSON-string values). */
export function stackConfigFile(stack: string): Record<string, string> {
    const file = path.join(ROOT, `Pulumi.${stack}.yaml`);
    const doc = yaml.load(fs.readFileSync(file, "utf8")) as { config?: Record<string, unknown> };
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(doc.config ?? {})) {
        out[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return out;
}

/** Sets the whole configuration; values are given as plain JSON values and encoded the way the engine does. */
export function setConfig(values: Record<string, unknown>): void {
    const encoded: Record<string, string> = {};
    for (const [key, value] of Object.entries(values)) {
        encoded[key.includes(":") ? key : `${PROJECT}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(encoded);
}

/** Waits until every pending resource registration and output has settled. */
export async function settle(): Promise<void> {
    // Not part of the typed API, but it is what `pulumi.runtime.disconnect` awaits.
    const settings = require("@pulumi/pulumi/runtime/settings") as { waitForRPCs(): Promise<void> };
    await settings.waitForRPCs();
}

/**
 * Forgets the composition (index.ts, config.ts, components/), so the next require evaluates the program afresh.
 * functions/, contracts/ and workflows/ stay cached: they hold no per-stack state.
 */
function forgetProgram(program: string): void {
    const fresh = [program, path.join(ROOT, "index.ts"), path.join(ROOT, "config.ts"), path.join(ROOT, "components") + path.sep];
    for (const file of Object.keys(require.cache)) {
        if (fresh.some((prefix) => file === prefix || (prefix.endsWith(path.sep) && file.startsWith(prefix)))) {
            delete require.cache[file];
        }
    }
}

export interface ProgramRun extends Recording {
    stack: string;
    exports: Record<string, unknown>;
    /** The handler bundles the evaluation's functions were given (its own instance of components/bundle.ts). */
    bundles: Bundle[];
}

/** The program the Pulumi CLI runs (Pulumi.yaml's `main`). */
export const PROGRAM = path.join(ROOT, "index.ts");

/**
 * Evaluates the whole program (index.ts, or another program file) for a stack, with that stack's real config file
 * plus optional overrides, and returns every resource it registered.
 */
export async function runProgram(stack: string, overrides: Record<string, unknown> = {}, programFile: string = PROGRAM): Promise<ProgramRun> {
    const rec = useMocks(stack);
    const config: Record<string, unknown> = { ...stackConfigFile(stack) };
    for (const [key, value] of Object.entries(overrides)) {
        config[key.includes(":") ? key : `${PROJECT}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
    pulumi.runtime.setAllConfig(config as Record<string, string>);
    forgetProgram(programFile);
    // Every handler built side by side first; the program then finds each bundle ready as it creates its function.
    const bundler = require(path.join(ROOT, "components", "bundle")) as typeof import("../components/bundle");
    bundler.prebuildHandlers(Object.values(HANDLERS));
    const program = require(programFile) as Record<string, unknown>;
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) {
        outputs[key] = pulumi.Output.isInstance(value) ? await promiseOf(value) : value;
    }
    await settle();
    return { ...rec, stack, exports: outputs, bundles: bundler.bundledHandlers() };
}

/** Resolves an Output in a test. */
export function promiseOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
    return new Promise((resolve) => pulumi.output(output).apply((value) => { resolve(value as T); return value; }));
}

/** The parsed policy document of an IAM role policy / queue policy / bus policy (given as JSON text). */
export function policyDocument(resource: MockResource, field = "policy"): { Statement: any[] } {
    const raw = resource.inputs[field];
    return typeof raw === "string" ? JSON.parse(raw) : raw;
}
