import { expect } from "chai";
import { ProgramRun } from "../harness";
import { stackRun } from "../stacks/stackRuns";

/** The frontend notifier, receipts bucket and receipts consumer as index.ts wires them, in both stacks. */
describe("frontend and receipts in the stacks", () => {
    let dev: ProgramRun;
    let prod: ProgramRun;
    before(async () => {
        dev = await stackRun("dev");
        prod = await stackRun("prod");
    });

    /** Alarms on the receipt writer's queues (index.ts lets the monitoring block own them), as "metric on queue". */
    const alarmsOf = (run: ProgramRun) => run.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")
        .filter((a) => String(a.inputs.dimensions?.QueueName ?? "").startsWith("receipt-writer-"))
        .map((a) => `${a.inputs.metricName} on ${a.inputs.dimensions.QueueName}`)
        .sort();

    it("GIVEN dev WHEN evaluated THEN the receipts consumer has no alarms; GIVEN prod THEN DLQ depth and oldest-message alarms exist", () => {
        expect(alarmsOf(dev)).to.deep.equal([]);
        expect(alarmsOf(prod)).to.include.members([
            "ApproximateAgeOfOldestMessage on receipt-writer-queue",
            "ApproximateNumberOfMessagesVisible on receipt-writer-dlq",
        ]);
    });

    it("GIVEN both stacks WHEN evaluated THEN the receipt writer writes to the receipts bucket and is bounded by consumerMaxConcurrency", () => {
        for (const run of [dev, prod]) {
            const fn = run.named("aws:lambda/function:Function", "receipt-writer-fn");
            expect(fn.inputs.environment.variables.RECEIPTS_BUCKET).to.equal(run.exports.receiptsBucketName);
            const mapping = run.named("aws:lambda/eventSourceMapping:EventSourceMapping", "receipt-writer-mapping");
            expect(mapping.inputs.functionResponseTypes).to.deep.equal(["ReportBatchItemFailures"]);
            expect(mapping.inputs.scalingConfig.maximumConcurrency).to.be.within(2, 1000);
        }
    });

    it("GIVEN dev WHEN evaluated THEN the bucket uses SSE-S3 and is destroyable; GIVEN prod THEN SSE-KMS with the stack key", () => {
        const sse = (run: ProgramRun) => run.named("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "receipts-encryption").inputs.rules[0];
        expect(sse(dev).applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("AES256");
        expect(sse(prod).applyServerSideEncryptionByDefault.sseAlgorithm).to.equal("aws:kms");
        expect(sse(prod).applyServerSideEncryptionByDefault.kmsMasterKeyId).to.match(/^arn:aws:kms:/);
        expect(dev.named("aws:s3/bucket:Bucket", "receipts-bucket").inputs.forceDestroy).to.equal(true);
    });

    it("GIVEN both stacks WHEN evaluated THEN the IoT topic prefix is per stack and the outputs a browser needs are exported", () => {
        expect(dev.exports.iotTopicPrefix).to.equal("orders/dev");
        expect(prod.exports.iotTopicPrefix).to.equal("orders/prod");
        for (const run of [dev, prod]) {
            expect(run.exports.iotDataEndpoint).to.match(/-ats\.iot\./);
            expect(run.exports.iotAuthorizerName).to.be.a("string");
            expect(run.exports.tokenIssuer).to.match(/^https:\/\/cognito-idp\.us-east-1\.amazonaws\.com\/us-east-1_/);
            expect(run.exports.userPoolClientId).to.be.a("string");
            expect(run.exports).to.not.have.property("iotTokenSecretParameter");
        }
    });
});
