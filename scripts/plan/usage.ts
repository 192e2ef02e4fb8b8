import type { MockResource } from "../../tools/mockProgram";
import { ASSUMPTIONS, Assumptions } from "../../pricing/assumptions";
import type { UsageLine } from "../../pricing/costModel";
import { Build, STACK_BUILD } from "./build";
import { candidateHandlers, FunctionCode } from "./handlerOf";
import { ResourceIndex } from "./resources";
import type { SiteFile } from "./siteFiles";
import { Tally } from "./tally";
import { apiUsage } from "./usageApi";
import { browserUsage } from "./usageBrowser";
import { eventUsage } from "./usageEvents";
import { functionUsage } from "./usageFunctions";
import { streamUsage } from "./usagePipes";
import { workflowUsage } from "./usageWorkflows";

/** What the plan resolves once per recording (file assets, uploaded code), before pricing any build. */
export interface Resolved {
    readonly site: readonly SiteFile[];
    readonly code: ReadonlyMap<MockResource, FunctionCode>;
}

export const NOTHING_RESOLVED: Resolved = { site: [], code: new Map() };

const single = <T>(values: T[]): T | undefined => (values.length === 1 ? values[0] : undefined);

/**
 * The usage per order of every service, derived from the resources: what each route invokes, which rules each event
 * matches and what their targets are, the path through each workflow definition, the pipes, what the browser loads
 * and connects to, and each function's settings and measured behaviour. The order matters: every walker before the
 * last counts invocations that the functions walker then prices.
 */
export function orderUsage(resources: MockResource[], build: Build = STACK_BUILD, assumptions: Assumptions = ASSUMPTIONS,
    resolved: Resolved = NOTHING_RESOLVED): { lines: UsageLine[]; notes: string[] } {
    const ctx = {
        idx: new ResourceIndex(resources), build, assumptions, site: resolved.site,
        // Without the uploaded code (a hand-made recording), the environment alone may still tell the handler.
        code: (fn: MockResource): FunctionCode => resolved.code.get(fn) ?? { handler: single(candidateHandlers(fn)), runtimeSdk: false },
    };
    const tally = new Tally();
    apiUsage(ctx, tally);
    eventUsage(ctx, tally);
    browserUsage(ctx, tally);
    streamUsage(ctx, tally);
    workflowUsage(ctx, tally);
    functionUsage(ctx, tally);
    return { lines: tally.lines, notes: tally.notes() };
}

export { alternatives, eventsPerOrder, matchesContract } from "./usageEvents";
