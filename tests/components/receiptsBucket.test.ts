import { expect } from "chai";
import type { EventBus } from "../../components/eventBus";
import type { ReceiptsBucketArgs } from "../../components/receiptsBucket";
import { validateReceiptsBucketArgs } from "../../components/receiptsBucket";
import { ACCOUNT_ID, MockResource, policyDocument, Recording, REGION, settle, useMocks } from "../harness";
import { recordAliases } from "../support/resourceAliases";

const KEY = "arn:aws:kms:us-east-1:123456789012:key/k1";
const BUS_ARN = `arn:aws:events:${REGION}:${ACCOUNT_ID}:event-bus/orders-bus`;

function exact(rec: Recording, type: string, name: string): MockResource {
    const found = rec.ofType(type).filter((r) => r.name === name);
    expect(found, `${type} ${name}`).to.have.length(1);
    return found[0];
}

/**
 * Modules are required when a test builds, not imported once: a stack test's runProgram() clears components/ from
 * require.cache, and a component must be built from the same module instance as the resources it is handed.
 */
async function build(args: Partial<ReceiptsBucketArgs> = {}): Promise<Recording> {
    const rec = useMocks("dev");
    const { EventBus } = require("../../components/eventBus") as typeof import("../../components/eventBus");
    const { ReceiptsBucket } = require("../../components/receiptsBucket") as typeof import("../../components/receiptsBucket");
    const bus = new EventBus("orders", {});
    new ReceiptsBucket("receipts", { eventBus: bus, ...args });
    await settle();
    return rec;
}

describe("ReceiptsBucket", () => {
    it("GIVEN defaults WHEN created THEN public access is fully blocked, ACLs are off, and plain HTTP is denied", async () => {
        const rec = await build();
        expect(exact(rec, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "receipts-public-access").inputs).to.deep.include({
            bucket: "receipts-bucket-id", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true,
        });
        expect(exact(rec, "aws:s3/bucketOwnershipControls:BucketOwnershipControls", "receipts-ownership").inputs.rule).to.deep.equal({ objectOwnership: "BucketOwnerEnforced" });
        expect(policyDocument(exact(rec, "aws:s3/bucketPolicy:BucketPolicy", "receipts-tls-only")).Statement).to.deep.equal([{
            Effect: "Deny", Sid: "DenyInsecureTransport", Principal: { AWS: "*" }, Action: ["s3:*"],
            Resource: ["arn:aws:s3:::receipts-bucket", "arn:aws:s3:::receipts-bucket/*"],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        }]);
    });

    it("GIVEN dev (no key) WHEN created THEN SSE-S3; GIVEN a key THEN SSE-KMS with that key and a bucket key", async () => {
        const dev = await build();
        expect(exact(dev, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "receipts-encryption").inputs.rules)
            .to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }]);
        const prod = await build({ kmsKeyArn: KEY });
        expect(exact(prod, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "receipts-encryption").inputs.rules)
            .to.deep.equal([{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY }, bucketKeyEnabled: true }]);
    });

    it("GIVEN expiry settings WHEN created THEN receipts expire and incomplete uploads are aborted", async () => {
        const rec = await build({ expireAfterDays: 90, abortIncompleteUploadsAfterDays: 2 });
        expect(exact(rec, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "receipts-lifecycle").inputs.rules).to.deep.equal([
            { id: "expire-receipts", status: "Enabled", filter: { prefix: "receipts/" }, expiration: { days: 90 } },
            { id: "abort-incomplete-uploads", status: "Enabled", filter: {}, abortIncompleteMultipartUpload: { daysAfterInitiation: 2 } },
        ]);
    });

    it("GIVEN the bucket WHEN created THEN it sends its events to EventBridge", async () => {
        const rec = await build();
        expect(exact(rec, "aws:s3/bucketNotification:BucketNotification", "receipts-to-eventbridge").inputs).to.deep.include({ bucket: "receipts-bucket-id", eventbridge: true });
    });

    it("GIVEN S3 as a producer WHEN wired THEN a default-bus rule forwards this bucket's receipts/ Object Created events to the orders bus with a scoped role", async () => {
        const rec = await build();
        const rule = exact(rec, "aws:cloudwatch/eventRule:EventRule", "orders-receipts-forward-rule");
        expect(rule.inputs.eventBusName).to.equal("default");
        expect(JSON.parse(rule.inputs.eventPattern)).to.deep.equal({
            source: ["aws.s3"], "detail-type": ["Object Created"],
            detail: { bucket: { name: ["receipts-bucket-bucket"] }, object: { key: [{ prefix: "receipts/" }] } },
        });
        const target = exact(rec, "aws:cloudwatch/eventTarget:EventTarget", "orders-receipts-forward-target");
        expect(target.inputs).to.deep.include({ eventBusName: "default", arn: BUS_ARN, roleArn: `arn:aws:iam::${ACCOUNT_ID}:role/orders-receipts-forward-target-role` });
        expect(target.inputs.deadLetterConfig.arn).to.equal(`arn:aws:sqs:${REGION}:${ACCOUNT_ID}:orders-receipts-forward-dlq`);
        expect(target.inputs.retryPolicy, "the bus's retry").to.deep.equal({ maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 });
        expect(policyDocument(exact(rec, "aws:iam/rolePolicy:RolePolicy", "orders-receipts-forward-target-role-policy")).Statement)
            .to.deep.equal([{ Effect: "Allow", Action: ["events:PutEvents"], Resource: BUS_ARN }]);
        const trust = JSON.parse(exact(rec, "aws:iam/role:Role", "orders-receipts-forward-target-role").inputs.assumeRolePolicy);
        expect(trust.Statement[0].Condition).to.deep.equal({ ArnLike: { "aws:SourceArn": `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/orders-receipts-forward-rule` } });
    });

    it("GIVEN the forwarded event on the orders bus WHEN wired THEN the same pattern routes it to the ReceiptStored publisher, invoke scoped to that rule", async () => {
        const rec = await build();
        const forward = exact(rec, "aws:cloudwatch/eventRule:EventRule", "orders-receipts-forward-rule");
        const publish = exact(rec, "aws:cloudwatch/eventRule:EventRule", "orders-receipts-publish-rule");
        expect(publish.inputs.eventBusName).to.equal("orders-bus");
        expect(publish.inputs.eventPattern).to.equal(forward.inputs.eventPattern);
        const fnArn = `arn:aws:lambda:${REGION}:${ACCOUNT_ID}:function:receipts-stored`;
        expect(exact(rec, "aws:cloudwatch/eventTarget:EventTarget", "orders-receipts-publish-target").inputs.arn).to.equal(fnArn);
        expect(exact(rec, "aws:lambda/permission:Permission", "orders-receipts-publish-invoke").inputs).to.deep.include({
            principal: "events.amazonaws.com", sourceArn: `arn:aws:events:${REGION}:${ACCOUNT_ID}:rule/orders-bus/orders-receipts-publish-rule`,
        });
    });

    it("GIVEN both rules, now the bus's subscriptions WHEN created THEN each is aliased to its old name and parent, so stacks keep their rules", async () => {
        const aliases = recordAliases();
        try {
            await build();
            for (const role of ["forward", "publish"]) {
                const type = "orders:platform:EventSubscription";
                const name = `orders-receipts-${role}`;
                expect(aliases.parentType(type, name)).to.equal("orders:platform:EventBus");
                const [spec] = aliases.specs(type, name) as { name: string; parent: { __pulumiType?: string } }[];
                expect(spec.name).to.equal(`receipts-${role}`);
                expect(spec.parent.__pulumiType).to.equal("orders:platform:ReceiptsBucket");
                expect(await aliases.urns(type, name)).to.deep.equal([
                    `urn:pulumi:dev::order-platform::orders:platform:ReceiptsBucket$orders:platform:EventSubscription::receipts-${role}`,
                ]);
            }
        } finally {
            aliases.stop();
        }
    });

    it("GIVEN the publisher WHEN its role is read THEN it may only read receipts/* and put events on the orders bus (plus decrypt with the key in prod)", async () => {
        const dev = await build();
        const stmts = (rec: Recording) => policyDocument(exact(rec, "aws:iam/rolePolicy:RolePolicy", "receipts-stored-role-policy")).Statement.filter((s: { Sid: string }) => !["WriteOwnLogs", "Tracing"].includes(s.Sid));
        expect(stmts(dev)).to.deep.equal([
            { Effect: "Allow", Sid: "ReadReceipts", Action: ["s3:GetObject"], Resource: "arn:aws:s3:::receipts-bucket/receipts/*" },
            {
                Effect: "Allow", Sid: "PublishReceiptStored", Action: ["events:PutEvents"], Resource: BUS_ARN,
                Condition: { StringEquals: { "events:source": ["orders.receipts"], "events:detail-type": ["ReceiptStored"] } },
            },
        ]);
        expect(exact(dev, "aws:lambda/function:Function", "receipts-stored").inputs.environment.variables).to.include({ EVENT_BUS_NAME: "orders-bus" });
        const prod = await build({ kmsKeyArn: KEY });
        expect(stmts(prod)[1]).to.deep.equal({ Effect: "Allow", Sid: "DecryptReceipts", Action: ["kms:Decrypt"], Resource: KEY });
    });

    describe("validation", () => {
        const base = { eventBus: {} as EventBus };
        const table: { args: Partial<ReceiptsBucketArgs>; error: RegExp }[] = [
            { args: { expireAfterDays: 0 }, error: /expireAfterDays must be an integer from 1 to 3650, but 0 was provided/ },
            { args: { expireAfterDays: 1.5 }, error: /expireAfterDays must be an integer from 1 to 3650, but 1.5 was provided/ },
            { args: { abortIncompleteUploadsAfterDays: 31 }, error: /abortIncompleteUploadsAfterDays must be an integer from 1 to 30, but 31 was provided/ },
            { args: { retry: { maximumRetryAttempts: 1, maximumEventAgeInSeconds: 10 } }, error: /retry\.maximumEventAgeInSeconds must be an integer from 60 to 86400, but 10 was provided/ },
        ];
        for (const { args, error } of table) {
            it(`GIVEN ${JSON.stringify(args)} WHEN validated THEN it throws naming the argument and value`, () => {
                expect(() => validateReceiptsBucketArgs("receipts", { ...base, ...args })).to.throw(new RegExp(`ReceiptsBucket receipts: .*${error.source}`));
            });
        }
    });
});
