import type { MockResource } from "../../tools/mockProgram";
import type { Assumptions } from "../../pricing/assumptions";
import type { UsageLine } from "../../pricing/costModel";
import type { Build } from "./build";
import type { FunctionCode } from "./handlerOf";
import type { ResourceIndex } from "./resources";
import type { SiteFile } from "./siteFiles";

/** What the usage walkers read: the resources, the build being priced, the assumptions, and what was resolved ahead. */
export interface UsageContext {
    readonly idx: ResourceIndex;
    readonly build: Build;
    readonly assumptions: Assumptions;
    /** The storefront's files as the StaticSite uploads them. */
    readonly site: readonly SiteFile[];
    /** What the function's uploaded code is: its handler, and whether it leaves the SDK to the runtime. */
    readonly code: (fn: MockResource) => FunctionCode;
}

/**
 * The usage of one order as the walkers find it: priced lines, and the invocations, trace roots and workflow
 * executions that later walkers price (a function's cost is known only once every caller has been counted).
 */
export class Tally {
    readonly lines: UsageLine[] = [];
    private readonly noted = new Set<string>();
    readonly invocations = new Map<MockResource, number>();
    /** Invocations that start a trace (no upstream trace header reaches them). */
    readonly roots = new Map<MockResource, number>();
    readonly executions = new Map<MockResource, number>();

    add(...lines: UsageLine[]): void {
        for (const line of lines) if (line.perOrder > 0) this.lines.push(line);
    }

    note(text: string): void {
        this.noted.add(text);
    }

    notes(): string[] {
        return [...this.noted].sort();
    }

    /** Counts `n` invocations per order of `fn`; `root` when nothing upstream passes a trace header. */
    invoke(fn: MockResource | undefined, n: number, root: boolean, via: string): void {
        if (!fn) {
            this.note(`${via}: target function not found among the resources; not priced`);
            return;
        }
        this.invocations.set(fn, (this.invocations.get(fn) ?? 0) + n);
        if (root) this.roots.set(fn, (this.roots.get(fn) ?? 0) + n);
    }

    execute(sm: MockResource, n: number): void {
        this.executions.set(sm, (this.executions.get(sm) ?? 0) + n);
    }
}

/** Bytes to GB (the unit CloudWatch Logs and EventBridge archives bill). */
export const gb = (bytes: number): number => bytes / 1024 ** 3;
