import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { bundleHandler, HandlerFactory } from "./bundle";
import { PolicyStatement, serviceRole } from "./iam";

export interface HandlerFunctionArgs {
    /** The handler factory, a named export of a module under `functions/`. It is bundled with what it imports. */
    readonly handler: HandlerFactory;
    /** What the function does, shown in the console. */
    readonly description: string;
    /** Environment variables the handler reads (names of tables, buses, ...). Never secrets. @default none */
    readonly environment?: Record<string, pulumi.Input<string>>;
    /** Exactly the actions the handler calls, on exactly the resources it touches. Logs and X-Ray are added. @default none */
    readonly permissions?: PolicyStatement[];
    /** Memory in MB, 128 to 10240. CPU scales with it. @default 256 */
    readonly memorySize?: number;
    /** Timeout in seconds, 1 to 900. @default 10 */
    readonly timeout?: number;
    /** Retention of the function's log group. Must be a CloudWatch retention value. */
    readonly logRetentionDays: number;
    /** Application log level. @default "INFO" */
    readonly logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
    /** Customer-managed key for the log group. @default AWS-owned encryption */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

export const FUNCTION_DEFAULTS = { memorySize: 256, timeout: 10, logLevel: "INFO" } as const;
export const FUNCTION_RUNTIME = "nodejs22.x";
export const FUNCTION_ARCHITECTURE = "arm64";

/** Checks the arguments before anything is created; throws naming the argument and the allowed range. */
export function validateHandlerFunctionArgs(name: string, args: HandlerFunctionArgs): void {
    const memory = args.memorySize ?? FUNCTION_DEFAULTS.memorySize;
    if (!Number.isInteger(memory) || memory < 128 || memory > 10240) {
        throw new Error(`HandlerFunction ${name}: memorySize must be an integer from 128 to 10240 MB, but ${memory} was provided`);
    }
    const timeout = args.timeout ?? FUNCTION_DEFAULTS.timeout;
    if (!Number.isInteger(timeout) || timeout < 1 || timeout > 900) {
        throw new Error(`HandlerFunction ${name}: timeout must be an integer from 1 to 900 seconds, but ${timeout} was provided`);
    }
    for (const key of Object.keys(args.environment ?? {})) {
        if (/SECRET|PASSWORD|TOKEN|PRIVATE_KEY/i.test(key)) {
            throw new Error(`HandlerFunction ${name}: environment.${key} looks like a secret; read secrets from SSM Parameter Store at cold start instead`);
        }
    }
}

/**
 * A Lambda function from an inline handler factory: bundled into one small file, with its own least-privilege
 * role, its own log group with retention, JSON logs, X-Ray tracing, arm64 and nodejs22.x.
 * Every function of the platform is one of these.
 */
export class HandlerFunction extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly arn: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;
    /** The timeout in seconds, known at deployment time (consumers size their queues from it). */
    readonly timeout: number;
    readonly bundleBytes: number;

    constructor(name: string, args: HandlerFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:HandlerFunction", name, {}, opts);
        validateHandlerFunctionArgs(name, args);
        this.timeout = args.timeout ?? FUNCTION_DEFAULTS.timeout;
        const bundle = bundleHandler(args.handler);
        this.bundleBytes = Buffer.byteLength(bundle.code);

        this.logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            namePrefix: `/aws/lambda/${name}-`,
            retentionInDays: args.logRetentionDays,
            kmsKeyId: args.kmsKeyArn,
        }, { parent: this });

        const { role, policy } = serviceRole(`${name}-role`, "lambda.amazonaws.com", [
            { Sid: "WriteOwnLogs", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${this.logGroup.arn}:*` },
            // X-Ray's trace APIs accept no resource-level permissions, so "*" is the only valid resource.
            { Sid: "Tracing", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
            ...(args.permissions ?? []),
        ], { parent: this });
        this.role = role;

        this.function = new aws.lambda.Function(name, {
            description: args.description,
            runtime: FUNCTION_RUNTIME,
            architectures: [FUNCTION_ARCHITECTURE],
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.code) }),
            memorySize: args.memorySize ?? FUNCTION_DEFAULTS.memorySize,
            timeout: this.timeout,
            role: role.arn,
            tracingConfig: { mode: "Active" },
            loggingConfig: {
                logFormat: "JSON",
                logGroup: this.logGroup.name,
                applicationLogLevel: args.logLevel ?? FUNCTION_DEFAULTS.logLevel,
                systemLogLevel: "WARN",
            },
            environment: {
                variables: {
                    POWERTOOLS_SERVICE_NAME: name,
                    ...args.environment,
                },
            },
        }, { parent: this, dependsOn: [policy] });

        this.arn = this.function.arn;
        this.name = this.function.name;
        this.registerOutputs({ arn: this.arn, name: this.name });
    }
}
