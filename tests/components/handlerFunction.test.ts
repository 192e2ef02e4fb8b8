import { expect } from "chai";
import { HandlerFunction, HandlerFunctionArgs, validateHandlerFunctionArgs } from "../../components/handlerFunction";
import { HandlerNotFoundError } from "../../components/bundle";
import { HANDLERS } from "../../functions/handlers";
import { MockResource, policyDocument, Recording, settle, useMocks } from "../harness";

const FN = "aws:lambda/function:Function";
const exact = (rec: Recording, type: string, name: string): MockResource => {
    const found = rec.ofType(type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
};

describe("HandlerFunction", () => {
    describe("GIVEN a handler descriptor and its environment", () => {
        let rec: Recording;
        before(async () => {
            rec = useMocks("dev");
            new HandlerFunction("orders-get-order", {
                handler: HANDLERS.getOrder,
                description: "reads orders",
                environment: { ORDERS_TABLE: "orders" },
                permissions: [{ Sid: "ReadOrders", Action: ["dynamodb:GetItem"], Resource: "arn:aws:dynamodb:us-east-1:123456789012:table/orders" }],
                functions: { memoryMb: 512, logLevel: "WARN" },
                logRetentionDays: 30,
            });
            await settle();
        });

        it("THEN the function runs the bundled descriptor on arm64 nodejs22.x with X-Ray, JSON logs and the shared settings", () => {
            const fn = exact(rec, FN, "orders-get-order").inputs;
            expect(fn).to.include({ runtime: "nodejs22.x", handler: "index.handler", memorySize: 512, timeout: 10 });
            expect(fn.architectures).to.deep.equal(["arm64"]);
            expect(fn.loggingConfig).to.include({ logFormat: "JSON", applicationLogLevel: "WARN", systemLogLevel: "WARN" });
            expect(fn.environment.variables).to.deep.equal({ POWERTOOLS_SERVICE_NAME: "orders-get-order", ORDERS_TABLE: "orders" });
        });

        it("THEN its log group keeps the given retention and its role has only its own logs, X-Ray and the given statements", () => {
            expect(exact(rec, "aws:cloudwatch/logGroup:LogGroup", "orders-get-order-logs").inputs.retentionInDays).to.equal(30);
            const sids = policyDocument(exact(rec, "aws:iam/rolePolicy:RolePolicy", "orders-get-order-role-policy")).Statement.map((s: { Sid: string }) => s.Sid);
            expect(sids).to.deep.equal(["WriteOwnLogs", "Tracing", "ReadOrders"]);
        });
    });

    describe("validation", () => {
        const base: HandlerFunctionArgs = { handler: HANDLERS.getOrder, description: "d", environment: { ORDERS_TABLE: "t" } };
        const table: { args: Partial<HandlerFunctionArgs>; error: RegExp }[] = [
            { args: { environment: {} }, error: /environment lacks ORDERS_TABLE, which functions\/getOrder#createGetOrderHandler requires/ },
            { args: { environment: { ORDERS_TABLE: "t", ORDER_TABLE: "typo" } }, error: /environment sets ORDER_TABLE, which functions\/getOrder#createGetOrderHandler does not read \(it reads ORDERS_TABLE\)/ },
            { args: { handler: HANDLERS.priceOrder, environment: { DB_PASSWORD: "x" } }, error: /environment\.DB_PASSWORD looks like a secret/ },
            { args: { functions: { memoryMb: 64 } }, error: /functions\.memoryMb must be an integer from 128 to 10240, but 64 was provided/ },
            { args: { functions: { logLevel: "TRACE" as never } }, error: /functions\.logLevel must be one of DEBUG, INFO, WARN, ERROR, but TRACE was provided/ },
            { args: { timeout: 901 }, error: /timeout must be an integer from 1 to 900 seconds, but 901 was provided/ },
            { args: { logRetentionDays: 8 }, error: /logRetentionDays must be a CloudWatch retention value \(1, 3, 5, 7, .*\), but 8 was provided/ },
        ];
        for (const { args, error } of table) {
            it(`GIVEN ${JSON.stringify(args)} WHEN validated THEN it throws naming the argument`, () => {
                expect(() => validateHandlerFunctionArgs("fn", { ...base, ...args } as HandlerFunctionArgs)).to.throw(new RegExp(`HandlerFunction fn: .*${error.source}`));
            });
        }

        it("GIVEN optional variables WHEN some are set THEN they are accepted, and only the required ones are demanded", () => {
            const required = { JWT_ISSUER: "i", JWT_AUDIENCE: "a", IOT_ARN_PREFIX: "p", TOPIC_PREFIX: "t" };
            expect(() => validateHandlerFunctionArgs("fn", { handler: HANDLERS.iotAuthorizer, description: "d", environment: required })).to.not.throw();
            expect(() => validateHandlerFunctionArgs("fn", { handler: HANDLERS.iotAuthorizer, description: "d", environment: { ...required, JWT_JWKS_URI: "u" } })).to.not.throw();
        });

        it("GIVEN a descriptor whose module or export does not exist WHEN constructed THEN the bundler names it, before any resource", () => {
            const rec = useMocks("dev");
            expect(() => new HandlerFunction("x", { handler: { module: "functions/nope", exportName: "create", environment: [], optionalEnvironment: [] }, description: "d", environment: {} }))
                .to.throw(HandlerNotFoundError, /handler functions\/nope#create: no module functions\/nope\.ts/);
            expect(() => new HandlerFunction("y", { handler: { module: "functions/getOrder", exportName: "createGetOrderHandlr", environment: [], optionalEnvironment: [] }, description: "d", environment: {} }))
                .to.throw(HandlerNotFoundError, /functions\/getOrder has no export named createGetOrderHandlr/);
            expect(rec.ofType(FN)).to.have.length(0);
        });
    });
});
