/**
 * The local runtime runs what the program registers and nothing else: a rule changed in a program changes the
 * local routing with no second edit, and a resource it cannot run stops the start, naming it.
 */
import { expect } from "chai";
import * as path from "path";
import { CONTRACTS } from "../../contracts";
import { CollectingLog } from "../../local/log";
import { UnsupportedResourcesError } from "../../local/program";
import { LocalRuntime, startLocalRuntime } from "../../local/runtime";

const FIXTURES = path.join(__dirname, "fixtures");

async function withProgram(file: string, env: Record<string, string>, body: (runtime: LocalRuntime) => Promise<void>): Promise<void> {
    const saved = { ...process.env };
    Object.assign(process.env, env);
    let runtime: LocalRuntime | undefined;
    try {
        runtime = await startLocalRuntime({ port: 0, program: path.join(FIXTURES, file), log: new CollectingLog() });
        await body(runtime);
    } finally {
        process.env = saved;
        await runtime?.stop();
    }
}

/** Puts one contract event on the fixture's bus through the runtime's PutEvents, and lists the inbox after delivery. */
async function deliver(runtime: LocalRuntime, name: keyof typeof CONTRACTS): Promise<string[]> {
    const { source, detailType, example } = CONTRACTS[name];
    const result = await runtime.engines.bus.putEvents([{ EventBusName: String(runtime.program.exports.busName), Source: source, DetailType: detailType, Detail: JSON.stringify(example) }]);
    expect(result.FailedEntryCount).to.equal(0);
    await runtime.engines.bus.idle();
    return runtime.engines.sqs.listMessages(String(runtime.program.exports.inboxArn)).map((m) => JSON.parse(m.body)["detail-type"]);
}

describe("the local runtime follows the program", function () {
    this.timeout(60_000);

    it("GIVEN a subscription to OrderPlaced WHEN OrderPlaced and OrderFailed are put THEN only OrderPlaced reaches the queue", async () => {
        await withProgram("routingProgram.ts", { FIXTURE_EVENTS: "OrderPlaced" }, async (runtime) => {
            expect(await deliver(runtime, "OrderPlaced")).to.deep.equal(["OrderPlaced"]);
            expect(await deliver(runtime, "OrderFailed")).to.deep.equal(["OrderPlaced"]);
        });
    });

    it("GIVEN the same program with the rule changed to OrderFailed THEN the local routing follows, with no other edit", async () => {
        await withProgram("routingProgram.ts", { FIXTURE_EVENTS: "OrderFailed" }, async (runtime) => {
            expect(await deliver(runtime, "OrderPlaced")).to.deep.equal([]);
            expect(await deliver(runtime, "OrderFailed")).to.deep.equal(["OrderFailed"]);
        });
    });

    it("GIVEN a program without customers or an API THEN the origin says there is no storefront, and the runtime's own endpoints still answer", async () => {
        await withProgram("routingProgram.ts", {}, async (runtime) => {
            expect(runtime.issuer).to.equal(undefined);
            const page = await fetch(`${runtime.url}/`);
            expect(page.status).to.equal(404);
            expect(await page.text()).to.match(/no storefront/);
            const dlq = await (await fetch(`${runtime.url}/_local/dlq`)).json() as { queues: { name: string }[] };
            expect(dlq.queues.map((q) => q.name)).to.deep.equal(["fixture-inbox-dlq"]);
        });
    });

    it("GIVEN a resource the runtime cannot run WHEN it starts THEN it stops with one message naming the resource (and only it)", async () => {
        let error: unknown;
        try {
            await startLocalRuntime({ port: 0, program: path.join(FIXTURES, "unsupportedProgram.ts"), log: new CollectingLog() });
        } catch (e) {
            error = e;
        }
        expect(error).to.be.instanceOf(UnsupportedResourcesError);
        expect((error as Error).message).to.match(/cannot run this resource of the program: aws:ec2\/instance:Instance "always-on"; .*local\/program\.ts/);
        expect((error as Error).message).to.not.include("fine-queue");
    });
});
