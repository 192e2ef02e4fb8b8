import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { HTTP_API_MAX_FUNCTION_TIMEOUT_SECONDS, HTTP_API_THROTTLE } from "../constants/aws";
import { corsOriginProblems } from "../constants/patterns";
import { HANDLERS } from "../functions/handlers";
import type { TokenIssuer } from "./customerIdentity";
import { DynamoTable } from "./dynamoTable";
import { EventBus } from "./eventBus";
import { HandlerFunction } from "./handlerFunction";
import { ApiStage } from "./monitored";
import { logRetentionProblems, resolveLogRetentionDays, SharedSettings } from "./settings";

export interface OrderApiArgs extends SharedSettings {
    /** The orders table (key `orderId`): placeOrder writes PLACED records, getOrder reads them. */
    readonly ordersTable: DynamoTable;
    /** The idempotency table (key `id`, TTL `expiration`) where placeOrder claims Idempotency-Keys. */
    readonly idempotencyTable: DynamoTable;
    /** The bus that receives OrderPlaced. */
    readonly eventBus: EventBus;
    /**
     * Who issues the customers' tokens. Every route has a JWT authorizer that accepts only this issuer's tokens for
     * this audience, and the handlers trust only the claims it verified.
     */
    readonly tokenIssuer: TokenIssuer;
    /** Origins allowed to call the API from a browser: `https://host[:port]`, `http://...` or `"*"` alone. At least one. */
    readonly corsAllowOrigins: pulumi.Input<string>[];
    /** Default route throttling burst (requests), 1 to 5000. @default 20 */
    readonly throttlingBurstLimit?: number;
    /** Default route throttling steady-state rate (requests per second), 1 to 10000. @default 10 */
    readonly throttlingRateLimit?: number;
    /** Timeout of both functions in seconds, 1 to 29 (the HTTP API waits at most 30 seconds). @default 10 */
    readonly functionTimeout?: number;
}

export const ORDER_API_DEFAULTS = {
    throttlingBurstLimit: 20,
    throttlingRateLimit: 10,
    functionTimeout: 10,
} as const;

/** Request headers a browser may send: the token, the body type, idempotency and correlation. */
export const CORS_ALLOW_HEADERS = ["authorization", "content-type", "idempotency-key", "x-correlation-id"];
/** Response headers a browser may read. */
export const CORS_EXPOSE_HEADERS = ["location", "retry-after", "x-correlation-id"];

/** Checks the arguments before anything is created; throws naming the argument and what is allowed. */
export function validateOrderApiArgs(name: string, args: OrderApiArgs): void {
    const problems = corsOriginProblems(args.corsAllowOrigins ?? []).map((problem) => `corsAllowOrigins ${problem}`);
    const integer = (arg: string, value: number, min: number, max: number, unit: string) => {
        if (!Number.isInteger(value) || value < min || value > max) problems.push(`${arg} must be an integer from ${min} to ${max} ${unit}, but ${value} was provided`);
    };
    integer("throttlingBurstLimit", args.throttlingBurstLimit ?? ORDER_API_DEFAULTS.throttlingBurstLimit, HTTP_API_THROTTLE.burst.min, HTTP_API_THROTTLE.burst.max, "requests");
    integer("throttlingRateLimit", args.throttlingRateLimit ?? ORDER_API_DEFAULTS.throttlingRateLimit, HTTP_API_THROTTLE.rate.min, HTTP_API_THROTTLE.rate.max, "requests per second");
    integer("functionTimeout", args.functionTimeout ?? ORDER_API_DEFAULTS.functionTimeout, 1, HTTP_API_MAX_FUNCTION_TIMEOUT_SECONDS, "seconds");
    problems.push(...logRetentionProblems(resolveLogRetentionDays(args.logRetentionDays)));
    if (!args.tokenIssuer) problems.push("tokenIssuer is required: every route accepts only the customers' ID tokens");
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
    readonly authorizer: aws.apigatewayv2.Authorizer;
    readonly placeOrder: HandlerFunction;
    readonly getOrder: HandlerFunction;
    /** The base URL of the API (the `$default` stage serves at the root). */
    readonly url: pulumi.Output<string>;
    /** What monitoring watches: both functions and the stage's 5xx. */
    readonly monitoring: { readonly functions: HandlerFunction[]; readonly apis: ApiStage[] };

    constructor(name: string, args: OrderApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:OrderApi", name, {}, opts);
        validateOrderApiArgs(name, args);
        const burst = args.throttlingBurstLimit ?? ORDER_API_DEFAULTS.throttlingBurstLimit;
        const rate = args.throttlingRateLimit ?? ORDER_API_DEFAULTS.throttlingRateLimit;
        const logRetentionDays = resolveLogRetentionDays(args.logRetentionDays);
        const timeout = args.functionTimeout ?? ORDER_API_DEFAULTS.functionTimeout;
        const common = { functions: args.functions, logRetentionDays, timeout, kmsKeyArn: args.kmsKeyArn };

        this.placeOrder = new HandlerFunction(`${name}-place-order`, {
            ...common,
            handler: HANDLERS.placeOrder,
            description: "POST /orders: validates, claims the Idempotency-Key, publishes OrderPlaced",
            environment: {
                EVENT_BUS_NAME: args.eventBus.name,
                ORDERS_TABLE: args.ordersTable.name,
                IDEMPOTENCY_TABLE: args.idempotencyTable.name,
            },
            permissions: [
                ...args.eventBus.grantPublish(["OrderPlaced"], "PublishOrderPlaced"),
                ...args.idempotencyTable.grant(["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], "ClaimIdempotencyKeys"),
                // Reads first: a reused key whose idempotency record expired is answered from the order it placed.
                ...args.ordersTable.grant(["dynamodb:GetItem", "dynamodb:PutItem"], "RecordPlacedOrders"),
            ],
        }, { parent: this });

        this.getOrder = new HandlerFunction(`${name}-get-order`, {
            ...common,
            handler: HANDLERS.getOrder,
            description: "GET /orders/{orderId}: the order's status",
            environment: { ORDERS_TABLE: args.ordersTable.name },
            permissions: args.ordersTable.grant(["dynamodb:GetItem"], "ReadOrders"),
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

        // API Gateway checks the signature (the issuer's JWKS), iss, aud, exp and nbf before any function runs.
        this.authorizer = new aws.apigatewayv2.Authorizer(`${name}-customers`, {
            apiId: this.api.id,
            authorizerType: "JWT",
            identitySources: ["$request.header.Authorization"],
            jwtConfiguration: { issuer: args.tokenIssuer.issuer, audiences: [args.tokenIssuer.audience] },
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
                authorizationType: "JWT",
                authorizerId: this.authorizer.id,
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
        this.monitoring = { functions: [this.placeOrder, this.getOrder], apis: [{ apiId: this.api.id, stageName: this.stage.name }] };
        this.registerOutputs({ url: this.url, apiId: this.api.id });
    }
}
