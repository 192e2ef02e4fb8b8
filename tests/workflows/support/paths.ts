/**
 * The paths the workflow tests observe, printed on request (PRINT_STATE_SEQUENCES=1) for the README's list of
 * workflow paths: each path's executions with their states, and what the outbox did with the stored changes.
 */
import type { LocalOutbox } from "./localOutbox";
import type { Run } from "./localPlatform";

interface Observed {
    readonly path: string;
    readonly runs: Run[];
    readonly outbox: string[];
}

export class ObservedPaths {
    private readonly observed: Observed[] = [];
    private readonly seen = new Map<LocalOutbox, number>();

    /** Remembers a path: its runs, and the outbox lines written since this outbox's last remembered path. */
    remember(path: string, runs: Run[], outbox?: LocalOutbox): void {
        const from = outbox ? this.seen.get(outbox) ?? 0 : 0;
        if (outbox) this.seen.set(outbox, outbox.log.length);
        this.observed.push({ path, runs: runs.filter((run) => run !== undefined), outbox: outbox ? outbox.log.slice(from) : [] });
    }

    print(): void {
        if (!process.env.PRINT_STATE_SEQUENCES) return;
        console.log("\n    Observed state sequences:");
        for (const { path, runs, outbox } of this.observed) {
            console.log(`    ${path}`);
            for (const run of runs) console.log(`      ${run.machine} [${run.status}${run.status === "FAILED" ? `: ${run.failure}` : ""}]: ${run.states.join(" → ")}`);
            for (const line of outbox) console.log(`      outbox: ${line}`);
        }
    }
}
