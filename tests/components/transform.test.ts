/**
 * The escape hatch: a user changes a child of a building block (a tag, a setting) through `transform`, without
 * editing the component. One case per building block, plus the helper itself.
 */
import { expect } from "chai";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { transform } from "../../components/transform";
import { HANDLERS } from "../../functions/handlers";
import { MockResource, Recording, settle, useMocks } from "../harness";

const exact = (rec: Recording, type: string, name: string): MockResource => {
    const found = rec.ofType(type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
};
const TAGS = { team: "checkout" };

/** Modules are required per test: a stack test elsewhere may have cleared components/ from the module cache. */
const components = () => ({
    ...(require("../../components/handlerFunction") as typeof import("../../components/handlerFunction")),
    ...(require("../../components/eventBus") as typeof import("../../components/eventBus")),
    ...(require("../../components/bufferedConsumer") as typeof import("../../components/bufferedConsumer")),
    ...(require("../../components/receiptsBucket") as typeof import("../../components/receiptsBucket")),
    ...(require("../../components/customerIdentity") as typeof import("../../components/customerIdentity")),
});

describe("transform", () => {
    describe("the helper", () => {
        it("GIVEN no transform THEN name, args and options pass through unchanged", () => {
            const args = { memorySize: 256 };
            const opts = {};
            expect(transform(undefined, "fn", args, opts)).to.deep.equal(["fn", args, opts]);
        });
        it("GIVEN partial args THEN they are merged over the component's own", () => {
            const [, args] = transform<{ memorySize?: number; timeout?: number }>({ timeout: 30 }, "fn", { memorySize: 256, timeout: 10 }, {});
            expect(args).to.deep.equal({ memorySize: 256, timeout: 30 });
        });
        it("GIVEN a function THEN it may change args and options in place, and sees the child's name", () => {
            const seen: string[] = [];
            const [, args, opts] = transform<{ memorySize?: number }>((a, o, name) => { a.memorySize = 1024; o.protect = true; seen.push(name); }, "fn", { memorySize: 256 }, {});
            expect(args.memorySize).to.equal(1024);
            expect(opts.protect).to.equal(true);
            expect(seen).to.deep.equal(["fn"]);
        });
    });

    describe("GIVEN each building block with a transform on one child", () => {
        let rec: Recording;
        before(async () => {
            rec = useMocks("dev");
            const { HandlerFunction, EventBus, BufferedConsumer, ReceiptsBucket, CustomerIdentity } = components();
            new HandlerFunction("tagged-fn", {
                handler: HANDLERS.priceOrder, description: "d", environment: {},
                transform: { function: { tags: TAGS }, logGroup: (args) => { args.tags = TAGS; } },
            });
            const bus = new EventBus("orders");
            const queue = new aws.sqs.Queue("buffer", {});
            bus.subscribe("tagged-sub", ["OrderPlaced"], { kind: "sqs", queue }, {
                transform: { rule: { tags: TAGS }, deadLetterQueue: (args) => { args.messageRetentionSeconds = 86_400; } },
            });
            new BufferedConsumer("tagged-consumer", {
                eventBus: bus, events: ["OrderProcessed"],
                functionArgs: { handler: HANDLERS.receiptWriter, description: "d", environment: { RECEIPTS_BUCKET: "b" } },
                transform: { queue: { tags: TAGS }, eventSourceMapping: { batchSize: 5 } },
            });
            new ReceiptsBucket("tagged-receipts", { eventBus: bus, transform: { bucket: (args, opts) => { args.tags = TAGS; opts.retainOnDelete = true; } } });
            new CustomerIdentity("tagged-customers", {
                redirectUrls: ["http://localhost:3000/"],
                transform: { userPool: { tags: TAGS }, client: { idTokenValidity: 60 } },
            });
            await settle();
        });

        it("THEN the function and its log group carry the tag", () => {
            expect(exact(rec, "aws:lambda/function:Function", "tagged-fn").inputs.tags).to.deep.equal(TAGS);
            expect(exact(rec, "aws:cloudwatch/logGroup:LogGroup", "tagged-fn-logs").inputs.tags).to.deep.equal(TAGS);
        });
        it("THEN the subscription's rule carries the tag and its DLQ the changed retention", () => {
            expect(exact(rec, "aws:cloudwatch/eventRule:EventRule", "orders-tagged-sub-rule").inputs.tags).to.deep.equal(TAGS);
            expect(exact(rec, "aws:sqs/queue:Queue", "orders-tagged-sub-dlq").inputs.messageRetentionSeconds).to.equal(86_400);
        });
        it("THEN the buffered consumer's queue carries the tag and its mapping the changed batch size", () => {
            expect(exact(rec, "aws:sqs/queue:Queue", "tagged-consumer-queue").inputs.tags).to.deep.equal(TAGS);
            expect(exact(rec, "aws:lambda/eventSourceMapping:EventSourceMapping", "tagged-consumer-mapping").inputs.batchSize).to.equal(5);
        });
        it("THEN the receipts bucket carries the tag", () => {
            expect(exact(rec, "aws:s3/bucket:Bucket", "tagged-receipts-bucket").inputs.tags).to.deep.equal(TAGS);
        });
        it("THEN the user pool carries the tag and the app client the changed token lifetime", () => {
            expect(exact(rec, "aws:cognito/userPool:UserPool", "tagged-customers-users").inputs.tags).to.deep.equal(TAGS);
            expect(exact(rec, "aws:cognito/userPoolClient:UserPoolClient", "tagged-customers-storefront").inputs.idTokenValidity).to.equal(60);
        });
    });

    it("GIVEN a transform that changes options THEN the child is created with them", async () => {
        useMocks("dev");
        const { HandlerFunction } = components();
        const fn = new HandlerFunction("protected-fn", {
            handler: HANDLERS.priceOrder, description: "d", environment: {},
            transform: { function: (_args, opts) => { opts.protect = true; } },
        });
        await settle();
        expect((fn.function as unknown as { __protect?: boolean }).__protect).to.equal(true);
        expect(pulumi.Resource.isInstance(fn.function)).to.equal(true);
    });
});
