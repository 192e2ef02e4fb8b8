/** What every workflow execution test file sets up once: dynalite, the orders stream, the outbox and the pricing bundle. */
import { expect } from "chai";
import { loadBundle, LoadedBundle } from "../../support/awsLoopback";
import { LocalDynamo, startLocalDynamo } from "../../support/localDynamo";
import { LocalOutbox } from "./localOutbox";
import { BUS, LocalPlatform } from "./localPlatform";
import { OrderStream } from "./orderStream";
import { ObservedPaths } from "./paths";

type Json = any;

export interface WorkflowHarness {
    readonly dynamo: LocalDynamo;
    readonly stream: OrderStream;
    readonly outbox: LocalOutbox;
    readonly paths: ObservedPaths;
    /** A platform over the shared services; `dedupeNames` for STANDARD (execution names kept), false for EXPRESS. */
    platform(dedupeNames: boolean): LocalPlatform;
}

/** Registers before/afterEach/after hooks in the calling describe and returns the harness they fill. */
export function useWorkflowHarness(): WorkflowHarness {
    const state: { dynamo?: LocalDynamo; stream?: OrderStream; outbox?: LocalOutbox; pricing?: LoadedBundle } = {};
    const harness: WorkflowHarness = {
        get dynamo() { return state.dynamo!; },
        get stream() { return state.stream!; },
        get outbox() { return state.outbox!; },
        paths: new ObservedPaths(),
        platform(dedupeNames) {
            return new LocalPlatform(state.dynamo!, state.stream!, state.outbox!, state.pricing!.handler as (event: Json) => Promise<Json>, dedupeNames);
        },
    };

    before(async () => {
        state.dynamo = await startLocalDynamo();
        state.stream = new OrderStream(state.dynamo);
        // The exact files Lambda would run: bundled, written out, required, so a bundling bug fails here.
        state.pricing = loadBundle("functions/priceOrder.ts", "createPriceOrderHandler", {});
        state.outbox = await LocalOutbox.start(state.stream, BUS);
    });

    afterEach(() => {
        const violations = LocalPlatform.created.splice(0).flatMap((platform) => platform.violations);
        expect(violations, "checks that failed inside the local AWS services").to.deep.equal([]);
    });

    after(async () => {
        await state.outbox?.stop();
        state.pricing?.cleanup();
        await state.dynamo?.stop();
        harness.paths.print();
    });

    return harness;
}
