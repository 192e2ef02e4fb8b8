import { expect } from "chai";
import * as fc from "fast-check";
import { CONTRACTS, parseDetail, patternFor } from "../../contracts";
import type { EventBus } from "../../components/eventBus";
import type { FrontendNotifierArgs } from "../../components/frontendNotifier";
import { ORDER_FAILED_EMAIL, validateFrontendNotifierArgs } from "../../components/frontendNotifier";
import { ACCOUNT_ID, MockResource, policyDocument, Recording, REGION, settle, useMocks } from "../harness";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/k1";
const IOT = `arn:aws:iot:${REGION}:${ACCOUNT_ID}`;

function exact(rec: Recording, type: string, name: string): MockResource {
    const found = rec.ofType(type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
}
const ownStatements = (rec: Recording, fn: string) =>
    policyDocument(exact(rec, "aws:iam/rolePolicy:RolePolicy", `${fn}-role-policy`)).Statement.filter((s: { Sid: string }) => !["WriteOwnLogs", "Tracing"].includes(s.Sid));

const ISSUER = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_pool";
const TOKEN_ISSUER = { issuer: ISSUER, audience: "storefront-client" };

/**
 * Modules are required when a test builds, not imported once: a stack test's runProgram() clears components/ from
 * require.cache, and a component must be built from the same module instance as the resources it is handed.
 */
async function build(args: Partial<FrontendNotifierArgs> = {}, stack = "dev"): Promise<Recording> {
    const rec = useMocks(stack);
    const { EventBus } = require("../../components/eventBus") as typeof import("../../components/eventBus");
    const { FrontendNotifier } = require("../../components/frontendNotifier") as typeof import("../../components/frontendNotifier");
    const bus = new EventBus("orders", {});
    new FrontendNotifier("frontend", { eventBus: bus, tokenIssuer: TOKEN_ISSUER, ...args });
    await settle();
    return rec;
}

describe("FrontendNotifier", () => {
    it("GIVEN the notifier WHEN wired THEN a rule on OrderProcessed, OrderFailed and ReceiptStored invokes it, scoped to that rule", async () => {
        const rec = await build();
        const rule = exact(rec, "aws:cloudwatch/eventRule:EventRule", "orders-frontend-notifier-rule");
        expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal(patternFor(["OrderProcessed", "OrderFailed", "ReceiptStored"]));
        expect(exact(rec, "aws:cloudwatch/eventTarget:EventTarget", "orders-frontend-notifier-target").inputs.arn)
            .to.equal(`arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:frontend-notifier`);
        expect(exact(rec, "aws:lambda/permission:Permission", "orders-frontend-notifier-invoke").inputs.sourceArn)
            .to.equal(`arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/orders-bus/orders-frontend-notifier-rule`);
    });

    it("GIVEN the notifier WHEN created THEN it gets the iot:Data-ATS endpoint and the stack's topic prefix, and may publish only under orders/<stack>/", async () => {
        const rec = await build();
        expect(exact(rec, "aws:lambda/function:Function", "frontend-notifier").inputs.environment.variables).to.include({
            IOT_DATA_ENDPOINT: "a1b2c3d4e5f6g7-ats.iot.us-east-1.amazonaws.com", TOPIC_PREFIX: "orders/dev",
        });
        expect(ownStatements(rec, "frontend-notifier")).to.deep.equal([
            { Effect: "Allow", Sid: "PublishToCustomerTopics", Action: ["iot:Publish"], Resource: `${IOT}:topic/orders/dev/*` },
        ]);
        const prod = await build({}, "prod");
        expect(ownStatements(prod, "frontend-notifier")[0].Resource).to.equal(`${IOT}:topic/orders/prod/*`);
    });

    it("GIVEN browser auth WHEN created THEN the authorizer verifies the customers' ID tokens: issuer and audience in its environment, no secret anywhere", async () => {
        const rec = await build();
        expect(rec.ofType("random:index/randomPassword:RandomPassword")).to.have.length(0);
        expect(rec.ofType("aws:ssm/parameter:Parameter")).to.have.length(0);
        const fn = exact(rec, "aws:lambda/function:Function", "frontend-authorizer");
        expect(fn.inputs.timeout).to.equal(5);
        expect(fn.inputs.environment.variables).to.deep.equal({
            POWERTOOLS_SERVICE_NAME: "frontend-authorizer",
            JWT_ISSUER: ISSUER,
            JWT_AUDIENCE: "storefront-client",
            IOT_ARN_PREFIX: IOT,
            TOPIC_PREFIX: "orders/dev",
        });
        expect(ownStatements(rec, "frontend-authorizer"), "the keys are public: the authorizer calls no AWS API").to.deep.equal([]);
        const explicit = await build({ tokenIssuer: { ...TOKEN_ISSUER, jwksUri: "http://127.0.0.1:9999/jwks.json" } });
        expect(exact(explicit, "aws:lambda/function:Function", "frontend-authorizer").inputs.environment.variables.JWT_JWKS_URI)
            .to.equal("http://127.0.0.1:9999/jwks.json");
    });

    it("GIVEN browser auth WHEN created THEN an active IoT authorizer (own token check) may invoke the function, scoped to its ARN", async () => {
        const rec = await build();
        const authorizer = exact(rec, "aws:iot/authorizer:Authorizer", "frontend-authorizer");
        expect(authorizer.inputs).to.deep.include({
            authorizerFunctionArn: `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:frontend-authorizer`, signingDisabled: true, status: "ACTIVE",
        });
        expect(exact(rec, "aws:lambda/permission:Permission", "frontend-authorizer-invoke").inputs).to.deep.include({
            action: "lambda:InvokeFunction", function: "frontend-authorizer", principal: "iot.amazonaws.com", sourceArn: `${IOT}:authorizer/frontend-authorizer`,
        });
    });

    it("GIVEN a customer-managed key WHEN created THEN the topic and both functions' log groups use it", async () => {
        const rec = await build({ kmsKeyArn: KEY });
        expect(exact(rec, "aws:sns/topic:Topic", "frontend-emails").inputs.kmsMasterKeyId).to.equal(KEY);
        for (const fn of ["frontend-notifier", "frontend-authorizer"]) {
            expect(exact(rec, "aws:cloudwatch/logGroup:LogGroup", `${fn}-logs`).inputs.kmsKeyId).to.equal(KEY);
        }
    });

    it("GIVEN notification emails WHEN created THEN OrderFailed reaches the topic as readable text and each address is subscribed", async () => {
        const rec = await build({ notificationEmails: ["ops@example.com", "lead@example.com"] });
        const rule = exact(rec, "aws:cloudwatch/eventRule:EventRule", "orders-frontend-order-failed-email-rule");
        expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal(patternFor(["OrderFailed"]));
        const target = exact(rec, "aws:cloudwatch/eventTarget:EventTarget", "orders-frontend-order-failed-email-target");
        expect(target.inputs.arn).to.equal(`arn:aws:sns:${REGION}:${ACCOUNT_ID}:frontend-emails`);
        expect(target.inputs.inputTransformer).to.deep.equal(ORDER_FAILED_EMAIL);
        expect(ORDER_FAILED_EMAIL.inputTemplate).to.match(/^"Order <orderId> failed at <occurredAt> with <error>\..*<correlationId>.*"$/);
        expect(policyDocument(exact(rec, "aws:sns/topicPolicy:TopicPolicy", "orders-frontend-order-failed-email-topic-policy"), "policy").Statement[0].Condition)
            .to.deep.equal({ ArnEquals: { "aws:SourceArn": `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/orders-bus/orders-frontend-order-failed-email-rule` } });
        expect(rec.ofType("aws:sns/topicSubscription:TopicSubscription").map((s) => [s.inputs.protocol, s.inputs.endpoint]))
            .to.deep.equal([["email", "ops@example.com"], ["email", "lead@example.com"]]);
    });

    describe("GIVEN the OrderFailed email, which EventBridge renders into a quoted string without escaping anything", () => {
        /** What EventBridge does: each <variable> replaced by the value's text, as it is. */
        const render = (detail: Record<string, unknown>) => ORDER_FAILED_EMAIL.inputTemplate.replace(/<([A-Za-z]+)>/g, (_, variable: string) => {
            const path = ORDER_FAILED_EMAIL.inputPaths[variable];
            expect(path, variable).to.match(/^\$\.detail\.[A-Za-z]+$/);
            return String(detail[path.slice("$.detail.".length)]);
        });

        it("THEN it never carries the internal cause (free text: a Lambda's message and trace), nor the customer", () => {
            const paths = Object.values(ORDER_FAILED_EMAIL.inputPaths);
            expect(paths).to.not.include("$.detail.cause");
            expect(paths).to.not.include("$.detail.customerId");
            expect(ORDER_FAILED_EMAIL.inputTemplate).to.not.match(/<cause>|<customerId>/);
        });

        it("THEN for every detail the contract accepts, however hostile its cause, the mail is one valid JSON string that names the order, the error, the correlation id and where to look (property)", () => {
            const example = CONTRACTS.OrderFailed.example;
            const name = fc.stringMatching(/^[A-Za-z][A-Za-z0-9._:-]{0,40}$/);
            const correlation = fc.stringMatching(/^[A-Za-z0-9._:-]{8,40}$/);
            fc.assert(fc.property(name, correlation, fc.string(), (error, correlationId, cause) => {
                const detail = parseDetail("OrderFailed", { ...example, error, correlationId, cause: `"}\n${cause}` });
                const text = JSON.parse(render(detail));
                expect(text).to.be.a("string");
                expect(text).to.include(detail.orderId).and.include(`with ${error}.`).and.include(correlationId).and.include("orders table");
                expect(text).to.not.include(detail.cause);
            }), { numRuns: 200 });
        });
    });

    it("GIVEN an explicit IoT endpoint WHEN created THEN it is used instead of the lookup", async () => {
        const rec = await build({ iotDataEndpoint: "custom-ats.iot.eu-west-1.amazonaws.com" });
        expect(exact(rec, "aws:lambda/function:Function", "frontend-notifier").inputs.environment.variables.IOT_DATA_ENDPOINT)
            .to.equal("custom-ats.iot.eu-west-1.amazonaws.com");
    });

    describe("validation", () => {
        const base = { eventBus: {} as EventBus, tokenIssuer: TOKEN_ISSUER };
        const table: { args: Partial<FrontendNotifierArgs>; error: RegExp }[] = [
            { args: { notificationEmails: ["not-an-email"] }, error: /notificationEmails must hold email addresses, but "not-an-email" was provided/ },
            { args: { tokenIssuer: undefined }, error: /tokenIssuer is required/ },
            { args: { retry: { maximumRetryAttempts: -1, maximumEventAgeInSeconds: 60 } }, error: /retry\.maximumRetryAttempts must be an integer from 0 to 185, but -1 was provided/ },
        ];
        for (const { args, error } of table) {
            it(`GIVEN ${JSON.stringify(args)} WHEN validated THEN it throws naming the argument and value`, () => {
                expect(() => validateFrontendNotifierArgs("frontend", { ...base, ...args })).to.throw(new RegExp(`FrontendNotifier frontend: .*${error.source}`));
            });
        }
    });
});
