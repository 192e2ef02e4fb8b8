import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { DynamoTable } from "../../components/dynamoTable";
import { EventBus } from "../../components/eventBus";
import { ACCESS_LOG_FORMAT, CORS_ALLOW_HEADERS, OrderApi, OrderApiArgs, validateOrderApiArgs } from "../../components/orderApi";
import { ACCOUNT_ID, MockResource, policyDocument, Recording, REGION, settle, useMocks } from "../harness";
import { stackRun } from "../stacks/stackRuns";

const T = {
    api: "aws:apigatewayv2/api:Api",
    integration: "aws:apigatewayv2/integration:Integration",
    route: "aws:apigatewayv2/route:Route",
    authorizer: "aws:apigatewayv2/authorizer:Authorizer",
    stage: "aws:apigatewayv2/stage:Stage",
    permission: "aws:lambda/permission:Permission",
    fn: "aws:lambda/function:Function",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
};

const arn = (service: string, resource: string) => `arn:aws:${service}:${REGION}:${ACCOUNT_ID}:${resource}`;
const ORDERS = { name: "orders-table", arn: arn("dynamodb", "table/orders-table") };
const IDEMPOTENCY = { name: "idem-table", arn: arn("dynamodb", "table/idem-table") };
const BUS = { name: "orders-bus", arn: arn("events", "event-bus/orders-bus") };
const KEY_ARN = arn("kms", "key/1234abcd-12ab-34cd-56ef-1234567890ab");
const EXECUTION_ARN = arn("execute-api", "orders-api");
const ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_customers";
const TOKEN_ISSUER = { issuer: ISSUER, audience: "storefront-client" };

/** The tables and the bus the API is given, as real (mocked) resources, so their grants are the real ones. */
function dependencies(kmsKeyArn?: string): Pick<OrderApiArgs, "ordersTable" | "idempotencyTable" | "eventBus" | "tokenIssuer"> {
    const table = (name: string) => new DynamoTable(new aws.dynamodb.Table(name, { hashKey: "id", attributes: [{ name: "id", type: "S" }] }), kmsKeyArn);
    return { ordersTable: table(ORDERS.name), idempotencyTable: table(IDEMPOTENCY.name), eventBus: new EventBus("orders"), tokenIssuer: TOKEN_ISSUER };
}

function statements(rec: Recording, fragment: string): any[] {
    return policyDocument(rec.named(T.rolePolicy, fragment)).Statement;
}

function ownStatements(rec: Recording, fragment: string): any[] {
    return statements(rec, fragment).filter((s) => s.Sid !== "WriteOwnLogs" && s.Sid !== "Tracing");
}

describe("OrderApi", () => {
    describe("GIVEN an API with CORS, throttling and no customer-managed key", () => {
        let rec: Recording;
        before(async () => {
            rec = useMocks("dev");
            new OrderApi("orders", {
                ...dependencies(),
                corsAllowOrigins: ["https://shop.example.com", "http://localhost:3000"],
                throttlingBurstLimit: 40, throttlingRateLimit: 15, logRetentionDays: 14, functions: { logLevel: "DEBUG", memoryMb: 512 },
            });
            await settle();
        });

        it("THEN it is an HTTP API with CORS from the args, allowing the Authorization, Idempotency-Key, Content-Type and X-Correlation-Id headers", () => {
            const api = rec.named(T.api, "orders-api").inputs;
            expect(api.protocolType).to.equal("HTTP");
            expect(api.corsConfiguration.allowOrigins).to.deep.equal(["https://shop.example.com", "http://localhost:3000"]);
            expect(api.corsConfiguration.allowMethods).to.include.members(["GET", "POST"]);
            expect(api.corsConfiguration.allowHeaders).to.include.members(["authorization", "content-type", "idempotency-key", "x-correlation-id"]);
            expect(api.corsConfiguration.allowHeaders).to.deep.equal(CORS_ALLOW_HEADERS);
        });

        it("THEN one JWT authorizer trusts only the customers' issuer and audience, reading the Authorization header, and every route uses it", () => {
            const authorizers = rec.ofType(T.authorizer);
            expect(authorizers).to.have.length(1);
            expect(authorizers[0].inputs).to.deep.include({
                apiId: "orders-api-id", authorizerType: "JWT", identitySources: ["$request.header.Authorization"],
                jwtConfiguration: { issuer: ISSUER, audiences: ["storefront-client"] },
            });
            const routes = rec.ofType(T.route);
            expect(routes).to.have.length(2);
            for (const route of routes) {
                expect(route.inputs, route.inputs.routeKey).to.include({ authorizationType: "JWT", authorizerId: authorizers[0].id });
            }
        });

        it("THEN POST /orders and GET /orders/{orderId} route to their functions through AWS_PROXY payload 2.0 integrations", () => {
            const routes = rec.ofType(T.route);
            expect(routes.map((r) => r.inputs.routeKey).sort()).to.deep.equal(["GET /orders/{orderId}", "POST /orders"]);
            for (const [routeKey, fnName] of [["POST /orders", "orders-place-order"], ["GET /orders/{orderId}", "orders-get-order"]]) {
                const route = routes.find((r) => r.inputs.routeKey === routeKey)!;
                const integrationId = route.inputs.target.replace(/^integrations\//, "");
                const integration = rec.ofType(T.integration).find((i) => i.id === integrationId)!;
                expect(integration, routeKey).to.not.equal(undefined);
                expect(integration.inputs).to.include({ apiId: "orders-api-id", integrationType: "AWS_PROXY", payloadFormatVersion: "2.0", integrationMethod: "POST" });
                expect(integration.inputs.integrationUri).to.equal(arn("lambda", `function:${fnName}`));
                expect(integration.inputs.timeoutMilliseconds).to.be.at.most(30_000);
            }
        });

        it("THEN the $default stage auto-deploys, throttles the default route and writes JSON access logs to its own log group with retention", () => {
            const stage = rec.named(T.stage, "orders-stage").inputs;
            expect(stage).to.include({ name: "$default", autoDeploy: true, apiId: "orders-api-id" });
            expect(stage.defaultRouteSettings).to.include({ throttlingBurstLimit: 40, throttlingRateLimit: 15 });
            const accessLogs = rec.named(T.logGroup, "orders-access-logs");
            expect(stage.accessLogSettings.destinationArn).to.equal(accessLogs.state.arn);
            expect(accessLogs.inputs.retentionInDays).to.equal(14);
            const format = JSON.parse(stage.accessLogSettings.format);
            expect(format).to.include({ requestId: "$context.requestId", status: "$context.status", routeKey: "$context.routeKey" });
            expect(stage.accessLogSettings.format).to.equal(ACCESS_LOG_FORMAT);
        });

        it("THEN each function may be invoked only by API Gateway, only from its own method and path on this API", () => {
            const permissions = rec.ofType(T.permission);
            expect(permissions).to.have.length(2);
            const byFunction = Object.fromEntries(permissions.map((p) => [p.inputs.function, p.inputs]));
            expect(byFunction["orders-place-order"]).to.include({ action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", sourceArn: `${EXECUTION_ARN}/*/POST/orders` });
            expect(byFunction["orders-get-order"]).to.include({ action: "lambda:InvokeFunction", principal: "apigateway.amazonaws.com", sourceArn: `${EXECUTION_ARN}/*/GET/orders/*` });
        });

        it("THEN both functions are bundled, arm64 nodejs22.x with X-Ray, JSON logs, the given memory, and the environment they read", () => {
            const place = rec.named(T.fn, "orders-place-order").inputs;
            const get = rec.named(T.fn, "orders-get-order").inputs;
            for (const fn of [place, get]) {
                expect(fn).to.include({ runtime: "nodejs22.x", memorySize: 512, timeout: 10 });
                expect(fn.architectures).to.deep.equal(["arm64"]);
                expect(fn.tracingConfig).to.deep.equal({ mode: "Active" });
                expect(fn.loggingConfig).to.include({ logFormat: "JSON", applicationLogLevel: "DEBUG" });
            }
            expect(place.environment.variables).to.deep.equal({
                POWERTOOLS_SERVICE_NAME: "orders-place-order", EVENT_BUS_NAME: BUS.name, ORDERS_TABLE: ORDERS.name, IDEMPOTENCY_TABLE: IDEMPOTENCY.name,
            });
            expect(get.environment.variables).to.deep.equal({ POWERTOOLS_SERVICE_NAME: "orders-get-order", ORDERS_TABLE: ORDERS.name });
            expect(rec.named(T.logGroup, "orders-place-order-logs").inputs.retentionInDays).to.equal(14);
        });

        it("THEN placeOrder's role allows exactly PutEvents of OrderPlaced on the bus and the item actions it uses on its two tables", () => {
            expect(ownStatements(rec, "place-order")).to.deep.equal([
                {
                    Sid: "PublishOrderPlaced", Effect: "Allow", Action: ["events:PutEvents"], Resource: BUS.arn,
                    Condition: { StringEquals: { "events:source": ["orders.api"], "events:detail-type": ["OrderPlaced"] } },
                },
                { Sid: "ClaimIdempotencyKeys", Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:GetItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem"], Resource: IDEMPOTENCY.arn },
                { Sid: "RecordPlacedOrders", Effect: "Allow", Action: ["dynamodb:GetItem", "dynamodb:PutItem"], Resource: ORDERS.arn },
            ]);
        });

        it("THEN getOrder's role allows exactly GetItem on the orders table", () => {
            expect(ownStatements(rec, "get-order")).to.deep.equal([
                { Sid: "ReadOrders", Effect: "Allow", Action: ["dynamodb:GetItem"], Resource: ORDERS.arn },
            ]);
        });

        it("THEN no role statement has a wildcard action or resource, except X-Ray's, which accepts no other resource", () => {
            const all = [...statements(rec, "place-order"), ...statements(rec, "get-order")];
            for (const statement of all) {
                const actions: string[] = [statement.Action].flat();
                const resources: string[] = [statement.Resource].flat();
                for (const action of actions) expect(action, statement.Sid).to.not.include("*");
                if (statement.Sid === "Tracing") {
                    expect(actions.every((a) => a.startsWith("xray:"))).to.equal(true);
                    continue;
                }
                for (const resource of resources) expect(resource, statement.Sid).to.not.equal("*");
            }
        });
    });

    describe("GIVEN a customer-managed key", () => {
        let rec: Recording;
        before(async () => {
            rec = useMocks("prod");
            new OrderApi("orders", { ...dependencies(KEY_ARN), corsAllowOrigins: ["https://shop.example.com"], kmsKeyArn: KEY_ARN });
            await settle();
        });

        it("THEN placeOrder may Decrypt and GenerateDataKey, getOrder only Decrypt, on exactly that key via DynamoDB", () => {
            const viaDynamoDb = { StringLike: { "kms:ViaService": "dynamodb.*.amazonaws.com" } };
            const keyStatements = (fn: string) => ownStatements(rec, fn).filter((s) => [s.Action].flat().some((a: string) => a.startsWith("kms:")));
            const place = keyStatements("place-order");
            expect(place.map((s) => s.Sid)).to.deep.equal(["ClaimIdempotencyKeysKey", "RecordPlacedOrdersKey"]);
            for (const statement of place) expect(statement).to.deep.include({ Action: ["kms:Decrypt", "kms:GenerateDataKey"], Resource: KEY_ARN, Condition: viaDynamoDb });
            expect(keyStatements("get-order")).to.deep.equal([{ Sid: "ReadOrdersKey", Effect: "Allow", Action: ["kms:Decrypt"], Resource: KEY_ARN, Condition: viaDynamoDb }]);
        });

        it("THEN the access log group and the functions' log groups are encrypted with it", () => {
            for (const group of rec.ofType(T.logGroup)) expect(group.inputs.kmsKeyId, group.name).to.equal(KEY_ARN);
            expect(rec.ofType(T.logGroup)).to.have.length(3);
        });

        it("THEN the defaults apply: burst 20, rate 10, 7 days of logs", () => {
            expect(rec.named(T.stage, "orders-stage").inputs.defaultRouteSettings).to.include({ throttlingBurstLimit: 20, throttlingRateLimit: 10 });
            expect(rec.named(T.logGroup, "orders-access-logs").inputs.retentionInDays).to.equal(7);
        });
    });

    describe("validation", () => {
        const base = { ...({} as Pick<OrderApiArgs, "ordersTable" | "idempotencyTable" | "eventBus">), tokenIssuer: TOKEN_ISSUER, corsAllowOrigins: ["https://shop.example.com"] };

        it("GIVEN no CORS origin WHEN validated THEN it throws naming corsAllowOrigins", () => {
            expect(() => validateOrderApiArgs("orders", { ...base, corsAllowOrigins: [] })).to.throw(/OrderApi orders: corsAllowOrigins must name at least one origin/);
        });

        it("GIVEN a malformed origin or \"*\" mixed with origins WHEN validated THEN it throws repeating the value", () => {
            expect(() => validateOrderApiArgs("orders", { ...base, corsAllowOrigins: ["shop.example.com/"] })).to.throw(/corsAllowOrigins .* but "shop.example.com\/" was provided/);
            expect(() => validateOrderApiArgs("orders", { ...base, corsAllowOrigins: ["*", "https://a.example.com"] })).to.throw(/"\*" alone, but "\*" was provided/);
            expect(() => validateOrderApiArgs("orders", { ...base, corsAllowOrigins: ["*"] })).to.not.throw();
        });

        it("GIVEN throttling, timeout or retention out of range WHEN validated THEN every problem is named with its value", () => {
            expect(() => validateOrderApiArgs("orders", { ...base, throttlingBurstLimit: 0, throttlingRateLimit: 10001, functionTimeout: 30, logRetentionDays: 8 }))
                .to.throw(/throttlingBurstLimit must be an integer from 1 to 5000 requests, but 0 was provided; throttlingRateLimit must be an integer from 1 to 10000 requests per second, but 10001 was provided; functionTimeout must be an integer from 1 to 29 seconds, but 30 was provided; logRetentionDays must be a CloudWatch retention value \(1, 3, .* but 8 was provided/);
        });

        it("GIVEN no token issuer WHEN validated THEN it says every route needs one", () => {
            expect(() => validateOrderApiArgs("orders", { ...base, tokenIssuer: undefined as never })).to.throw(/tokenIssuer is required/);
        });

        it("GIVEN an origin that is not known yet (another resource's output) WHEN validated THEN only the known ones are checked", () => {
            const later = new Promise<string>(() => undefined);
            expect(() => validateOrderApiArgs("orders", { ...base, corsAllowOrigins: ["https://shop.example.com", later] })).to.not.throw();
        });

        it("GIVEN an invalid arg WHEN the component is constructed THEN no child is created", () => {
            const rec = useMocks("dev");
            expect(() => new OrderApi("bad", { ...base, ...dependencies(), throttlingRateLimit: -1 })).to.throw(/throttlingRateLimit/);
            expect(rec.ofType(T.api)).to.have.length(0);
            expect(rec.ofType(T.fn)).to.have.length(0);
            expect(rec.ofType(T.authorizer)).to.have.length(0);
        });
    });

    describe("in the program", () => {
        for (const stack of ["dev", "prod"] as const) {
            it(`GIVEN the ${stack} stack config WHEN evaluated THEN apiUrl is exported and the stage and CORS follow the config`, async () => {
                const run = await stackRun(stack);
                expect(run.exports.apiUrl).to.match(/^https:\/\/.+\.execute-api\..+\.amazonaws\.com$/);
                const stage = run.named(T.stage, "orders-stage").inputs;
                const api = run.named(T.api, "orders-api").inputs;
                if (stack === "prod") {
                    expect(stage.defaultRouteSettings).to.include({ throttlingBurstLimit: 500, throttlingRateLimit: 200 });
                    expect(api.corsConfiguration.allowOrigins).to.deep.equal(["https://shop.example.com", String(run.exports.storefrontUrl).replace(/\/$/, "")]);
                    expect(run.named(T.logGroup, "orders-access-logs").inputs.retentionInDays).to.equal(90);
                } else {
                    expect(stage.defaultRouteSettings).to.include({ throttlingBurstLimit: 20, throttlingRateLimit: 10 });
                    expect(api.corsConfiguration.allowOrigins).to.deep.equal(["http://localhost:3000", String(run.exports.storefrontUrl).replace(/\/$/, "")]);
                    expect(run.named(T.logGroup, "orders-access-logs").inputs.retentionInDays).to.equal(7);
                }
                const place: MockResource = run.named(T.fn, "orders-place-order");
                expect(place.inputs.memorySize).to.equal(stack === "prod" ? 512 : 256);
            });
        }
    });
});
