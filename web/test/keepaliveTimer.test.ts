import { describe, expect, it } from "vitest";
import { workerIntervals, type IntervalPort, type IntervalRequest, type NativeIntervals } from "../src/keepaliveTimer";

/** A worker that records what the page asks and lets the test tick an interval or make the worker fail. */
class FakeWorker implements IntervalPort {
    readonly requests: IntervalRequest[] = [];
    private onMessage: ((event: { data: unknown }) => void) | undefined;
    private onError: (() => void) | undefined;
    postMessage(request: IntervalRequest): void {
        this.requests.push(request);
    }
    addEventListener(type: "message" | "error", listener: ((event: { data: unknown }) => void) | (() => void)): void {
        if (type === "message") this.onMessage = listener as (event: { data: unknown }) => void;
        else this.onError = listener as () => void;
    }
    tick(data: unknown): void {
        this.onMessage?.({ data });
    }
    fail(): void {
        this.onError?.();
    }
}

/** The page's timers, recorded: which intervals run there and which were cleared. */
function nativeTimers() {
    const running = new Map<number, { callback: () => void; ms: number }>();
    let next = 100;
    const native: NativeIntervals = {
        setInterval: (callback, ms) => {
            running.set(next, { callback, ms });
            return next++;
        },
        clearInterval: (handle) => void running.delete(handle as number),
    };
    return { native, running };
}

describe("keepalive intervals", () => {
    it("GIVEN a worker WHEN an interval is set THEN the worker ticks it and the page's timers stay unused", () => {
        const worker = new FakeWorker();
        const { native, running } = nativeTimers();
        const timer = workerIntervals(() => worker, native);
        let ticks = 0;
        const id = timer.set(() => ticks++, 30_000);
        expect(worker.requests).toEqual([{ kind: "set", id, ms: 30_000 }]);
        worker.tick(id);
        worker.tick(id);
        expect(ticks).toBe(2);
        expect(running.size).toBe(0);
    });

    it("GIVEN a cleared interval WHEN the worker still ticks it THEN the callback does not run again", () => {
        const worker = new FakeWorker();
        const timer = workerIntervals(() => worker, nativeTimers().native);
        let ticks = 0;
        const id = timer.set(() => ticks++, 30_000);
        timer.clear(id);
        worker.tick(id);
        expect(ticks).toBe(0);
        expect(worker.requests.at(-1)).toEqual({ kind: "clear", id });
    });

    it("GIVEN messages that name no interval THEN nothing runs", () => {
        const worker = new FakeWorker();
        const timer = workerIntervals(() => worker, nativeTimers().native);
        let ticks = 0;
        timer.set(() => ticks++, 30_000);
        for (const data of [999, "1", null, { id: 1 }]) worker.tick(data);
        expect(ticks).toBe(0);
    });

    it("GIVEN no worker can start (the Worker constructor throws) THEN intervals run on the page's timers", () => {
        const { native, running } = nativeTimers();
        const timer = workerIntervals(() => {
            throw new Error("SecurityError: the worker was refused");
        }, native);
        let ticks = 0;
        const id = timer.set(() => ticks++, 30_000);
        const [only] = [...running.values()];
        expect(only.ms).toBe(30_000);
        only.callback();
        expect(ticks).toBe(1);
        timer.clear(id);
        expect(running.size).toBe(0);
    });

    it("GIVEN the worker fails after intervals were set THEN they move to the page's timers, and later ones start there", () => {
        const worker = new FakeWorker();
        const { native, running } = nativeTimers();
        const timer = workerIntervals(() => worker, native);
        let ticks = 0;
        const first = timer.set(() => ticks++, 30_000);
        worker.fail();
        expect(running.size).toBe(1);
        worker.tick(first);
        expect(ticks, "the failed worker's ticks are ignored once the page ticks the interval").toBe(0);
        timer.set(() => ticks++, 10_000);
        expect([...running.values()].map((r) => r.ms)).toEqual([30_000, 10_000]);
        expect(worker.requests).toHaveLength(1);
        timer.clear(first);
        expect([...running.values()].map((r) => r.ms)).toEqual([10_000]);
    });
});
