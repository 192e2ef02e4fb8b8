/**
 * The local Lambda engine: real bundles in worker threads with their own environment, Lambda's error and timeout
 * reports, warm reuse within a concurrency bound, and asynchronous invocation with retries and an on-failure
 * destination (an SQS queue of the local SQS engine).
 */
import { expect } from "chai";
import { CONTRACTS } from "../../contracts";
import { LambdaEngine } from "../../local/lambda";
import { CollectingLog } from "../../local/log";
import { SqsEngine } from "../../local/sqs";
import { arn, bundleOf, orderPlacedDetail } from "./support/local";

const COUNTER = "let n = 0; exports.handler = async () => ++n;";

describe("local Lambda engine", function () {
    this.timeout(30_000);
    const engines: LambdaEngine[] = [];
    afterEach(async () => {
        await Promise.all(engines.splice(0).map((e) => e.stop()));
    });

    function engine(options: ConstructorParameters<typeof LambdaEngine>[0] = {}): LambdaEngine {
        const created = new LambdaEngine(options);
        engines.push(created);
        return created;
    }

    it("GIVEN the priceOrder bundle WHEN invoked synchronously THEN it answers the priced order, and an unknown SKU is reported as Lambda reports a function error", async () => {
        const lambda = engine();
        lambda.addFunction({ name: "price", code: bundleOf("priceOrder"), timeout: 10, memorySize: 256 });

        const priced = await lambda.invoke("price", CONTRACTS.OrderPlaced.example);
        expect(priced.statusCode).to.equal(200);
        expect(priced.functionError).to.equal(undefined);
        expect(priced.payload).to.include({ totalCents: 2598, itemCount: 2 });

        const failed = await lambda.invoke(arn("lambda", "function:price"), orderPlacedDetail({ items: [{ sku: "NOPE-1", quantity: 1 }] }));
        expect(failed.statusCode).to.equal(200);
        expect(failed.functionError).to.equal("Unhandled");
        expect(failed.payload).to.deep.include({ errorType: "PricingError" });
        expect((failed.payload as { errorMessage: string }).errorMessage).to.match(/unknown sku NOPE-1/);
        expect((failed.payload as { trace: string[] }).trace).to.be.an("array");
    });

    it("GIVEN two functions WHEN they read process.env THEN each sees its own variables, the region, dummy credentials and the local endpoints, and the host's env is untouched", async () => {
        const lambda = engine({ endpoints: { DYNAMODB: "http://127.0.0.1:4567", S3: "http://127.0.0.1:4568" } });
        const code = "exports.handler = async () => { const e = process.env; return { table: e.TABLE, region: e.AWS_REGION, key: e.AWS_ACCESS_KEY_ID, " +
            "dynamo: e.AWS_ENDPOINT_URL_DYNAMODB, s3: e.AWS_ENDPOINT_URL_S3, name: e.AWS_LAMBDA_FUNCTION_NAME, level: e.AWS_LAMBDA_LOG_LEVEL }; };";
        lambda.addFunction({ name: "a", code, environment: { variables: { TABLE: "orders" } }, loggingConfig: { applicationLogLevel: "DEBUG" } });
        lambda.addFunction({ name: "b", code, environment: { variables: { TABLE: "customers" } } });

        const [a, b] = await Promise.all([lambda.invoke("a", {}), lambda.invoke("b", {})]);
        expect(a.payload).to.deep.equal({ table: "orders", region: "us-east-1", key: "local", dynamo: "http://127.0.0.1:4567", s3: "http://127.0.0.1:4568", name: "a", level: "DEBUG" });
        expect(b.payload).to.include({ table: "customers", name: "b" });
        expect(process.env.TABLE).to.equal(undefined);
    });

    it("GIVEN a handler that never returns WHEN its timeout passes THEN the invocation reports Task timed out, and the next one gets a fresh environment", async () => {
        const lambda = engine();
        lambda.addFunction({ name: "slow", timeout: 1, code: `${COUNTER.replace("async () => ++n", "async (e) => { ++n; if (e.hang) await new Promise(() => undefined); return n; }")}` });

        expect((await lambda.invoke("slow", {})).payload).to.equal(1);
        const timedOut = await lambda.invoke("slow", { hang: true });
        expect(timedOut.functionError).to.equal("Unhandled");
        expect(timedOut.payload).to.include({ errorType: "Sandbox.Timedout" });
        expect((timedOut.payload as { errorMessage: string }).errorMessage).to.match(/^RequestId: \S+ Error: Task timed out after 1\.00 seconds$/);
        // The timed-out environment was destroyed: its module state is gone.
        expect((await lambda.invoke("slow", {})).payload).to.equal(1);
    });

    it("GIVEN an environment that served a call WHEN the next call comes THEN it is reused warm (module state survives)", async () => {
        const lambda = engine();
        lambda.addFunction({ name: "count", code: COUNTER });
        expect((await lambda.invoke("count", {})).payload).to.equal(1);
        expect((await lambda.invoke("count", {})).payload).to.equal(2);
    });

    it("GIVEN a reserved concurrency of 1 WHEN a second synchronous call arrives while the first runs THEN it is throttled with TooManyRequestsException", async () => {
        const lambda = engine();
        lambda.addFunction({ name: "busy", reservedConcurrentExecutions: 1, code: "exports.handler = async () => { await new Promise((r) => setTimeout(r, 200)); return 'done'; };" });
        const first = lambda.invoke("busy", {});
        let throttled: Error | undefined;
        await lambda.invoke("busy", {}).catch((error: Error) => { throttled = error; });
        expect(throttled?.name).to.equal("TooManyRequestsException");
        expect((await first).payload).to.equal("done");
    });

    it("GIVEN an unreserved function and a local bound of 1 WHEN two calls arrive at once THEN the second waits for the environment and reuses it", async () => {
        const lambda = engine({ concurrency: 1 });
        lambda.addFunction({ name: "count", code: COUNTER });
        const results = await Promise.all([lambda.invoke("count", {}), lambda.invoke("count", {})]);
        expect(results.map((r) => r.payload).sort()).to.deep.equal([1, 2]);
    });

    it("GIVEN a failing function with maximumRetryAttempts 1 and an SQS on-failure destination WHEN invoked asynchronously THEN it is answered 202, tried twice, and Lambda's invocation record reaches the queue", async () => {
        const log = new CollectingLog();
        const sqs = new SqsEngine({ log });
        sqs.addQueue({ name: "failures" });
        const lambda = engine({ destinations: sqs, log, timeScale: 0.001 });
        lambda.addFunction({ name: "flaky", code: "let n = 0; exports.handler = async () => { n += 1; const e = new Error('attempt ' + n); e.name = 'DownstreamError'; throw e; };" });
        lambda.putEventInvokeConfig({ functionName: "flaky", maximumRetryAttempts: 1, destinationConfig: { onFailure: { destination: arn("sqs", "failures") } } });

        const accepted = await lambda.invokeAsync("flaky", { detail: { correlationId: "corr-async-1" } });
        expect(accepted.statusCode).to.equal(202);
        await lambda.idle();

        const [message] = sqs.listMessages("failures");
        const record = JSON.parse(message.body);
        expect(record.requestContext).to.deep.include({ requestId: accepted.requestId, functionArn: `${arn("lambda", "function:flaky")}:$LATEST`, condition: "RetriesExhausted", approximateInvokeCount: 2 });
        expect(record.requestPayload).to.deep.equal({ detail: { correlationId: "corr-async-1" } });
        expect(record.responseContext).to.deep.equal({ statusCode: 200, executedVersion: "$LATEST", functionError: "Unhandled" });
        expect(record.responsePayload).to.include({ errorType: "DownstreamError", errorMessage: "attempt 2" });
        expect(log.ofKind("retry", "flaky")).to.have.length(1);
        expect(log.ofKind("dlq", "flaky")[0].correlationId).to.equal("corr-async-1");
    });

    it("GIVEN maximumRetryAttempts 0 WHEN the function fails asynchronously THEN it is tried once; a successful event reaches the on-success destination", async () => {
        const sqs = new SqsEngine();
        sqs.addQueue({ name: "failures" });
        sqs.addQueue({ name: "successes" });
        const lambda = engine({ destinations: sqs, timeScale: 0.001 });
        lambda.addFunction({ name: "picky", code: "exports.handler = async (e) => { if (e.bad) throw new Error('bad event'); return { ok: true }; };" });
        lambda.putEventInvokeConfig({
            functionName: arn("lambda", "function:picky"),
            maximumRetryAttempts: 0,
            destinationConfig: { onFailure: { destination: arn("sqs", "failures") }, onSuccess: { destination: arn("sqs", "successes") } },
        });
        await lambda.invokeAsync("picky", { bad: true });
        await lambda.invokeAsync("picky", { bad: false });
        await lambda.idle();

        expect(JSON.parse(sqs.listMessages("failures")[0].body).requestContext.approximateInvokeCount).to.equal(1);
        const success = JSON.parse(sqs.listMessages("successes")[0].body);
        expect(success.requestContext.condition).to.equal("Success");
        expect(success.responsePayload).to.deep.equal({ ok: true });
        expect(success.responseContext).to.not.have.property("functionError");
    });

    it("GIVEN a bundle that requires a package the runtime lacks WHEN invoked THEN it fails like Lambda: Runtime.ImportModuleError (only built-ins and @aws-sdk resolve)", async () => {
        const lambda = engine();
        lambda.addFunction({ name: "needs-chai", code: "const chai = require('chai'); exports.handler = async () => typeof chai;" });
        lambda.addFunction({ name: "uses-sdk", code: "const { S3Client } = require('@aws-sdk/client-s3'); const fs = require('node:fs'); exports.handler = async () => [typeof S3Client, typeof fs.readFileSync];" });
        const failed = await lambda.invoke("needs-chai", {});
        expect(failed.payload).to.include({ errorType: "Runtime.ImportModuleError" });
        expect((failed.payload as { errorMessage: string }).errorMessage).to.match(/Cannot find module 'chai'/);
        expect((await lambda.invoke("uses-sdk", {})).payload).to.deep.equal(["function", "function"]);
    });

    it("GIVEN a function that logs a JSON line with a correlation id WHEN invoked THEN the line is reported as the function's, with that correlation id", async () => {
        const log = new CollectingLog();
        const lambda = engine({ log });
        lambda.addFunction({ name: "talker", code: "exports.handler = async () => { console.log(JSON.stringify({ level: 'INFO', message: 'hello', correlationId: 'corr-talker-1' })); return null; };" });
        await lambda.invoke("talker", {});
        const line = await log.waitFor((e) => e.kind === "function" && e.source === "talker");
        expect(line.correlationId).to.equal("corr-talker-1");
        expect(line.message).to.contain("hello");
    });

    it("GIVEN inputs Lambda would refuse WHEN the function or its invoke config is added THEN the error names the function and the input", () => {
        const lambda = engine();
        expect(() => lambda.addFunction({ name: "t", code: COUNTER, timeout: 0 })).to.throw(/function t: timeout must be an integer from 1 to 900 seconds, but 0 was provided/);
        expect(() => lambda.addFunction({ name: "p", code: COUNTER, runtime: "python3.12" })).to.throw(/function p: runtime python3.12 cannot run locally/);
        lambda.addFunction({ name: "ok", code: COUNTER });
        expect(() => lambda.putEventInvokeConfig({ functionName: "ok", maximumRetryAttempts: 3 })).to.throw(/function ok: maximumRetryAttempts must be an integer from 0 to 2, but 3/);
        expect(() => lambda.putEventInvokeConfig({ functionName: "ok", destinationConfig: { onFailure: { destination: arn("sns", "topic") } } })).to.throw(/must be an SQS queue ARN locally/);
        return lambda.invoke("missing", {}).then(() => expect.fail("invoked a missing function"), (error: Error) => {
            expect(error.name).to.equal("ResourceNotFoundException");
            expect(error.message).to.match(/Function not found: missing \(functions: ok\)/);
        });
    });
});
