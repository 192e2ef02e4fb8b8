/**
 * The execution environments of one function: created on demand up to a concurrency bound, reused warm, and
 * destroyed after a timeout or a crash (as Lambda does), so the next invocation gets a fresh cold start.
 */
import { InvocationContext, InvocationOutcome, LambdaWorker, WorkerSpec } from "./lambdaWorker";

export class TooManyRequestsError extends Error {
    readonly reason = "ReservedFunctionConcurrentInvocationLimitExceeded";
    constructor(functionName: string, limit: number) {
        super(`Rate Exceeded. ${functionName} is at its reserved concurrency of ${limit}`);
        this.name = "TooManyRequestsException";
    }
}

export interface PoolOptions {
    /** How many environments may run at once. */
    readonly concurrency: number;
    /**
     * true: a synchronous invocation over the bound is throttled (TooManyRequestsException), as Lambda does at a
     * function's reserved concurrency. false: it waits for an environment (the bound is only this machine's).
     */
    readonly throttle: boolean;
}

export class FunctionPool {
    private readonly idle: LambdaWorker[] = [];
    private busy = 0;
    private readonly waiting: (() => void)[] = [];
    private stopped = false;

    constructor(
        private readonly functionName: string,
        private readonly spec: () => WorkerSpec,
        private readonly options: PoolOptions,
        private readonly output: (line: string, stream: "stdout" | "stderr") => void,
    ) {}

    /** Runs one invocation; `mayWait` false applies the throttle (synchronous calls), true queues (asynchronous ones). */
    async run(payload: string, context: InvocationContext, timeoutSeconds: number, mayWait: boolean): Promise<InvocationOutcome> {
        await this.acquire(mayWait);
        let worker = this.idle.pop();
        try {
            if (!worker || !worker.alive) worker = new LambdaWorker(this.spec(), this.output);
            const outcome = await worker.invoke(payload, context, timeoutSeconds);
            if (!outcome.ok && outcome.fatal) {
                await worker.terminate();
            } else if (this.stopped) {
                await worker.terminate();
            } else {
                this.idle.push(worker);
            }
            return outcome;
        } finally {
            this.busy -= 1;
            this.waiting.shift()?.();
        }
    }

    /** Environments that exist (warm or running). */
    get size(): { warm: number; running: number } {
        return { warm: this.idle.length, running: this.busy };
    }

    async stop(): Promise<void> {
        this.stopped = true;
        await Promise.all(this.idle.splice(0).map((worker) => worker.terminate()));
    }

    private async acquire(mayWait: boolean): Promise<void> {
        if (this.options.concurrency === 0) throw new TooManyRequestsError(this.functionName, 0);
        while (this.busy >= this.options.concurrency) {
            if (!mayWait && this.options.throttle) throw new TooManyRequestsError(this.functionName, this.options.concurrency);
            await new Promise<void>((resolve) => this.waiting.push(resolve));
        }
        this.busy += 1;
    }
}
