import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { LAMBDA_TIMEOUT_SECONDS } from "../constants/aws";
import type { HandlerDescriptor } from "../functions/handlers";
import { bundleHandler } from "./bundle";
import { PolicyStatement, serviceRole } from "./iam";
import { FunctionSettings, functionSettingsProblems, logRetentionProblems, resolveFunctionSettings, resolveLogRetentionDays } from "./settings";
import { transform, Transform } from "./transform";

/** The variables a descriptor asks for, as Pulumi inputs: every required one, any optional one. */
export type EnvironmentInputs<D> = D extends HandlerDescriptor<infer Env, infer Optional>
    ? { readonly [K in Env]: pulumi.Input<string> } & { readonly [K in Optional]?: pulumi.Input<string> }
    : never;

export interface HandlerFunctionArgs<D extends HandlerDescriptor<string, string> = HandlerDescriptor<string, string>> {
    /** What runs: a descriptor from functions/handlers.ts. Its factory is bundled with what it imports. */
    readonly handler: D;
    /** What the function does, shown in the console. */
    readonly description: string;
    /** The environment variables the descriptor names (names of tables, buses, ...). Never secrets. */
    readonly environment: EnvironmentInputs<D>;
    /** Exactly the actions the handler calls, on exactly the resources it touches. Logs and X-Ray are added. @default none */
    readonly permissions?: PolicyStatement[];
    /** Timeout in seconds, 1 to 900. @default 10 */
    readonly timeout?: number;
    /** Memory and log level. @default FUNCTION_SETTINGS_DEFAULTS */
    readonly functions?: FunctionSettings;
    /** Retention of the function's log group, a CloudWatch retention value in days. @default 7 */
    readonly logRetentionDays?: number;
    /** Customer-managed key for the log group. @default AWS-owned encryption */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** Changes to the children's args. @default none */
    readonly transform?: {
        readonly function?: Transform<aws.lambda.FunctionArgs>;
        readonly role?: Transform<aws.iam.RoleArgs>;
        readonly logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
    };
}

export const FUNCTION_DEFAULTS = { timeout: 10 } as const;
export const FUNCTION_RUNTIME = "nodejs22.x";
export const FUNCTION_ARCHITECTURE = "arm64";
/** Environment variable names that look like secrets, which belong in a secret store, never in configuration. */
const SECRET_LIKE = /SECRET|PASSWORD|PRIVATE_KEY/i;

/** Checks the arguments before anything is created; throws naming every bad argument and what is allowed. */
export function validateHandlerFunctionArgs(name: string, args: HandlerFunctionArgs): void {
    const problems = [...functionSettingsProblems(resolveFunctionSettings(args.functions)), ...logRetentionProblems(resolveLogRetentionDays(args.logRetentionDays))];
    const timeout = args.timeout ?? FUNCTION_DEFAULTS.timeout;
    if (!Number.isInteger(timeout) || timeout < LAMBDA_TIMEOUT_SECONDS.min || timeout > LAMBDA_TIMEOUT_SECONDS.max) {
        problems.push(`timeout must be an integer from ${LAMBDA_TIMEOUT_SECONDS.min} to ${LAMBDA_TIMEOUT_SECONDS.max} seconds, but ${timeout} was provided`);
    }
    const given = Object.keys(args.environment ?? {});
    const known = new Set<string>([...args.handler.environment, ...args.handler.optionalEnvironment]);
    const missing = args.handler.environment.filter((key) => !given.includes(key));
    const unknown = given.filter((key) => !known.has(key));
    const handler = `${args.handler.module}#${args.handler.exportName}`;
    if (missing.length > 0) problems.push(`environment lacks ${missing.join(", ")}, which ${handler} requires`);
    if (unknown.length > 0) {
        problems.push(`environment sets ${unknown.join(", ")}, which ${handler} does not read (it reads ${[...known].join(", ") || "nothing"})`);
    }
    for (const key of given.filter((k) => SECRET_LIKE.test(k))) {
        problems.push(`environment.${key} looks like a secret; read secrets from a secret store at cold start instead`);
    }
    if (problems.length > 0) throw new Error(`HandlerFunction ${name}: ${problems.join("; ")}`);
}

/**
 * A Lambda function from a handler descriptor: bundled into one small file, with its own least-privilege role,
 * its own log group with retention, JSON logs, X-Ray tracing, arm64 and nodejs22.x.
 * Every function of the platform is one of these.
 */
// Generic in the descriptor only so that `environment` is checked against it where the function is created.
export class HandlerFunction<D extends HandlerDescriptor<string, string> = HandlerDescriptor<string, string>> extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly arn: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;
    /** The timeout in seconds, known at deployment time (consumers size their queues from it). */
    readonly timeout: number;
    readonly bundleBytes: number;
    /** What monitoring watches: this function. */
    readonly monitoring: { readonly functions: HandlerFunction[] };

    constructor(name: string, args: HandlerFunctionArgs<D>, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:HandlerFunction", name, {}, opts);
        validateHandlerFunctionArgs(name, args as HandlerFunctionArgs);
        const settings = resolveFunctionSettings(args.functions);
        this.timeout = args.timeout ?? FUNCTION_DEFAULTS.timeout;
        const bundle = bundleHandler(args.handler);
        this.bundleBytes = Buffer.byteLength(bundle.code);

        this.logGroup = new aws.cloudwatch.LogGroup(...transform(args.transform?.logGroup, `${name}-logs`, {
            namePrefix: `/aws/lambda/${name}-`,
            retentionInDays: resolveLogRetentionDays(args.logRetentionDays),
            kmsKeyId: args.kmsKeyArn,
        }, { parent: this }));

        const { role, policy } = serviceRole(`${name}-role`, "lambda.amazonaws.com", [
            { Sid: "WriteOwnLogs", Action: ["logs:CreateLogStream", "logs:PutLogEvents"], Resource: pulumi.interpolate`${this.logGroup.arn}:*` },
            // X-Ray's trace APIs accept no resource-level permissions, so "*" is the only valid resource.
            { Sid: "Tracing", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
            ...(args.permissions ?? []),
        ], { parent: this }, undefined, args.transform?.role);
        this.role = role;

        this.function = new aws.lambda.Function(...transform(args.transform?.function, name, {
            description: args.description,
            runtime: FUNCTION_RUNTIME,
            architectures: [FUNCTION_ARCHITECTURE],
            handler: "index.handler",
            code: new pulumi.asset.AssetArchive({ "index.js": new pulumi.asset.StringAsset(bundle.code) }),
            memorySize: settings.memoryMb,
            timeout: this.timeout,
            role: role.arn,
            tracingConfig: { mode: "Active" },
            loggingConfig: {
                logFormat: "JSON",
                logGroup: this.logGroup.name,
                applicationLogLevel: settings.logLevel,
                systemLogLevel: "WARN",
            },
            environment: {
                variables: {
                    POWERTOOLS_SERVICE_NAME: name,
                    ...(args.environment as Record<string, pulumi.Input<string>>),
                },
            },
        }, { parent: this, dependsOn: [policy] }));

        this.arn = this.function.arn;
        this.name = this.function.name;
        this.monitoring = { functions: [this as HandlerFunction] };
        this.registerOutputs({ arn: this.arn, name: this.name });
    }
}
