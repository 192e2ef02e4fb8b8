import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { LOG_RETENTION_DAYS } from "../config";
import { putEventsStatement } from "./eventBus";
import { createGetOrderHandler } from "../functions/getOrder";
import { createPlaceOrderHandler } from "../functions/placeOrder";
import { HandlerFunction } from "./handlerFunction";
import { tableKeyStatement } from "./orderTables";

/** A table (or anything shaped like one) the functions use: its name for the environment, its ARN for the role. */
export interface TableRef {
    readonly name: pulumi.Input<string>;
    readonly arn: pulumi.Input<string>;
}

export interface OrderApiArgs {
    /** The orders table (key `orderId`): placeOrder writes PLACED records, getOrder reads them. */
    readonly ordersTable: TableRef;
    /** The idempotency table (key `id`, TTL `expiration`) where placeOrder claims Idempotency-Keys. */
    readonly idempotencyTable: TableRef;
    /** The bus that receives OrderPlaced. */
    readonly eventBus: { readonly name: pulumi.Input<string>; readonly arn: pulumi.Input<string> };
    /** Origins allowed to call the API from a browser: `https://host[:port]`, `http://...` or `"*"` alone. At least one. */
    readonly corsAllowOrigins: string[];
    /** Default route throttling burst (requests), 1 to 5000. @default 20 */
    readonly throttlingBurstLimit?: number;
    /** Default route throttling steady-state rate (requests per second), 1 to 10000. @default 10 */
    readonly throttlingRateLimit?: number;
    /** Retention of the access log group and of both functions' log groups; a CloudWatch retention value. @default 7 */
    readonly logRetentionDays?: number;
    /** Application log level of both functions. @default "INFO" */
    readonly functionLogLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
    /** Memory of both functions in MB, 128 to 10240. @default 256 */
    readonly memorySize?: number;
    /** Timeout of both functions in seconds, 1 to 29 (the HTTP API waits at most 30 seconds). @default 10 */
    readonly functionTimeout?: number;
    /**
     * Customer-managed key of the tables and the log groups. The functions' roles get kms:Decrypt (and
     * kms:GenerateDataKey for placeOrder) on exactly this key. @default AWS-owned encryption
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

export const ORDER_API_DEFAULTS = {
    throttlingBurstLimit: 20,
    throttlingRateLimit: 10,
    logRetentionDays: 7,
    functionLogLevel: "INFO",
    memorySize: 256,
    functionTimeout: 10,
} as const;

/** Request headers a browser may send: the body type, idempotency and correlation. */
export const CORS_ALLOW_HEADERS = ["content-type", "idempotency-key", "x-correlation-id"];
/** Response headers a browser may read. */
export const CORS_EXPOSE_HEADERS = ["location", "retry-after", "x-correlation-id"];

const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/** Checks the arguments before anything is created; throws naming the argument and what is allowed. */
export function validateOrderApiArgs(name: string, args: OrderApiArgs): void {
    const problems: string[] = [];
    const origins = args.corsAllowOrigins ?? [];
    if (origins.length === 0) problems.push("corsAllowOrigins must name at least one origin (or \"*\")");
    for (const origin of origins) {
        if (origin === "*" ? origins.length > 1 : !ORIGIN.test(origin)) {
            problems.push(`corsAllowOrigins must hold origins like https://shop.example.com[:port], or "*" alone, but "${origin}" was provided`);
        }
    }
    const integer = (arg: string, value: number, min: number, max: number, unit: string) => {
        if (!Number.isInteger(value) || value < min || value > max) problems.push(`${arg} must be an integer from ${min} to ${max} ${unit}, but ${value} was provided`);
    };
    integer("throttlingBurstLimit", args.throttlingBurstLimit ?? ORDER_API_DEFAULTS.throttlingBurstLimit, 1, 5000, "requests");
    integer("throttlingRateLimit", args.throttlingRateLimit ?? ORDER_API_DEFAULTS.throttlingRateLimit, 1, 10000, "requests per second");
    integer("functionTimeout", args.functionTimeout ?? ORDER_API_DEFAULTS.functionTimeout, 1, 29, "seconds");
    const retention = args.logRetentionDays ?? ORDER_API_DEFAULTS.logRetentionDays;
    if (!(LOG_RETENTION_DAYS as readonly number[]).includes(retention)) {
        problems.push(`logRetentionDays must be one of ${LOG_RETENTION_DAYS.join(", ")}, but ${retention} was provided`);
    }
    if (problems.length > 0) throw new Error(`OrderApi ${name}: ${problems.join("; ")}`);
}

/** The fields of every access log line (JSON), all HTTP API context variables. */
export const ACCESS_LOG_FORMAT = JSON.stringify({
    requestId: "$context.requestId",
    extendedRequestId: "$context.extendedRequestId",
    requestTime: "$context.requestTime",
    sourceIp: "$context.identity.sourceIp",
    userAgent: "$context.identity.userAgent",
    httpMethod: "$context.httpMethod",
    routeKey: "$context.routeKey",
    path: "$context.path",
    protocol: "$context.protocol",
    status: "$context.status",
    responseLength: "$context.responseLength",
    responseLatency: "$context.responseLatency",
    integrationStatus: "$context.integrationStatus",
    integrationLatency: "$context.integrationLatency",
    integrationError: "$context.integrationErrorMessage",
    error: "$context.error.message",
});

/**
 * The order intake HTTP API (API Gateway v2): `POST /orders` → placeOrder and `GET /orders/{orderId}` → getOrder,
 * Lambda proxy integrations with payload format 2.0, a `$default` stage with auto-deploy, JSON access logs,
 * default route throttling and CORS. Each function has its own least-privilege role and an invoke permission
 * scoped to its route on this API.
 *
 * X-Ray: HTTP APIs do not support X-Ray tracing (only REST APIs do), so traces start at the functions,
 * which run with active tracing. The access log's requestId and the x-correlation-id header connect the two.
 */
export class OrderApi extends pulumi.ComponentResource {
    readonly api: aws.apigatewayv2.Api;
    readonly stage: aws.apigatewayv2.Stage;
    readonly accessLogs: aws.cloudwatch.LogGroup;
    readonly placeOrder: HandlerFunction;
    readonly getOrder: HandlerFunction;
    /** The base URL of the API (the `$default` stage serves at the root). */
    readonly url: pulumi.Output<string>;

    constructor(name: string, args: OrderApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:OrderApi", name, {}, opts);
        validateOrderApiArgs(name, args);
        const burst = args.throttlingBurstLimit ?? ORDER_API_DEFAULTS.throttlingBurstLimit;
        const rate = args.throttlingRateLimit ?? ORDER_API_DEFAULTS.throttlingRateLimit;
        const logRetentionDays = args.logRetentionDays ?? ORDER_API_DEFAULTS.logRetentionDays;
        const timeout = args.functionTimeout ?? ORDER_API_DEFAULTS.functionTimeout;
        const common = {
            logRetentionDays,
            logLevel: args.functionLogLevel ?? ORDER_API_DEFAULTS.functionLogLevel,
            memorySize: args.memorySize ?? ORDER_API_DEFAULTS.memorySize,
            timeout,
            kmsKeyArn: args.kmsKeyArn,
        };

        this.placeOrder = new HandlerFunction(`${name}-place-order`, {
            ...common,
            handler: createPlaceOrderHandler,
            description: "POST /orders: validates, claims the Idempotency-Key, publishes OrderPlaced",
            environment: {
                BUS_NAME: args.eventBus.name,
                ORDERS_TABLE: args.ordersTable.name,
                IDEMPOTENCY_TABLE: args.idempotencyTable.name,
            },
            permissions: [
                putEventsStatement(args.eventBus.arn, ["OrderPlaced"], "PublishOrderPlaced"),
                {
                    Sid: "ClaimIdempotencyKeys",
                    Action: ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"],
                    Resource: args.idempotencyTable.arn,
                },
                { Sid: "RecordPlacedOrders", Action: ["dynamodb:PutItem"], Resource: args.ordersTable.arn },
                ...(args.kmsKeyArn ? [tableKeyStatement(args.kmsKeyArn, "readWrite")] : []),
            ],
        }, { parent: this });

        this.getOrder = new HandlerFunction(`${name}-get-order`, {
            ...common,
            handler: createGetOrderHandler,
            description: "GET /orders/{orderId}: the order's status",
            environment: { ORDERS_TABLE: args.ordersTable.name },
            permissions: [
                { Sid: "ReadOrders", Action: ["dynamodb:GetItem"], Resource: args.ordersTable.arn },
                ...(args.kmsKeyArn ? [tableKeyStatement(args.kmsKeyArn, "read")] : []),
            ],
        }, { parent: this });

        this.api = new aws.apigatewayv2.Api(`${name}-api`, {
            protocolType: "HTTP",
            description: `Order intake (${pulumi.getStack()})`,
            corsConfiguration: {
                allowOrigins: args.corsAllowOrigins,
                allowMethods: ["GET", "POST", "OPTIONS"],
                allowHeaders: CORS_ALLOW_HEADERS,
                exposeHeaders: CORS_EXPOSE_HEADERS,
                maxAge: 3600,
            },
        }, { parent: this });

        const routes: { role: string; routeKey: string; fn: HandlerFunction; sourcePath: string }[] = [
            { role: "place-order", routeKey: "POST /orders", fn: this.placeOrder, sourcePath: "POST/orders" },
            // `*` stands for the {orderId} segment.
            { role: "get-order", routeKey: "GET /orders/{orderId}", fn: this.getOrder, sourcePath: "GET/orders/*" },
        ];
        const created: pulumi.Resource[] = [];
        for (const { role, routeKey, fn, sourcePath } of routes) {
            const integration = new aws.apigatewayv2.Integration(`${name}-${role}-integration`, {
                apiId: this.api.id,
                integrationType: "AWS_PROXY",
                integrationMethod: "POST",
                integrationUri: fn.function.arn,
                payloadFormatVersion: "2.0",
                // The API gives up 1 s after the function would, at most 30 s.
                timeoutMilliseconds: Math.min(30_000, (timeout + 1) * 1000),
            }, { parent: this });
            const route = new aws.apigatewayv2.Route(`${name}-${role}-route`, {
                apiId: this.api.id,
                routeKey,
                target: pulumi.interpolate`integrations/${integration.id}`,
            }, { parent: this });
            // Any stage of this API, only this method and path.
            const permission = new aws.lambda.Permission(`${name}-${role}-invoke`, {
                action: "lambda:InvokeFunction",
                function: fn.function.name,
                principal: "apigateway.amazonaws.com",
                sourceArn: pulumi.interpolate`${this.api.executionArn}/*/${sourcePath}`,
            }, { parent: this });
            created.push(route, permission);
        }

        this.accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
            namePrefix: `/aws/apigateway/${name}-`,
            retentionInDays: logRetentionDays,
            kmsKeyId: args.kmsKeyArn,
        }, { parent: this });

        this.stage = new aws.apigatewayv2.Stage(`${name}-stage`, {
            apiId: this.api.id,
            name: "$default",
            autoDeploy: true,
            accessLogSettings: { destinationArn: this.accessLogs.arn, format: ACCESS_LOG_FORMAT },
            defaultRouteSettings: { throttlingBurstLimit: burst, throttlingRateLimit: rate },
        }, { parent: this, dependsOn: created });

        this.url = this.api.apiEndpoint;
        this.registerOutputs({ url: this.url, apiId: this.api.id });
    }
}
