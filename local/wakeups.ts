/** Callers waiting for something to change: each wait ends on `wakeAll`, after its time, or when its signal aborts. */
export class Wakeups {
    private waiters: (() => void)[] = [];

    /** Resolves on the next `wakeAll`, after `ms`, or when `signal` aborts (at once if it already has). */
    wait(ms: number, signal?: AbortSignal): Promise<void> {
        if (signal?.aborted) return Promise.resolve();
        return new Promise((resolve) => {
            const done = () => {
                clearTimeout(timer);
                signal?.removeEventListener("abort", done);
                this.waiters = this.waiters.filter((w) => w !== done);
                resolve();
            };
            const timer = setTimeout(done, ms);
            signal?.addEventListener("abort", done, { once: true });
            this.waiters.push(done);
        });
    }

    wakeAll(): void {
        for (const waiter of [...this.waiters]) waiter();
    }
}
