import type { MockResource } from "../../tools/mockProgram";
import { ASSUMPTIONS, Assumptions, scalableAssumptions, scaled } from "../../pricing/assumptions";
import { totalCost, UsageLine } from "../../pricing/costModel";
import { DECISIONS, NAIVE_BUILD, STACK_BUILD, withNaive } from "./build";
import { orderUsage, Resolved } from "./usage";

/** Services billed per customer rather than per order: the same in every build, so kept out of the build comparison. */
export const PER_CUSTOMER_SERVICES = new Set(["Cognito"]);

/** The cost of `orders` orders split into the order flow (what the design decisions change) and the customers' identity. */
export function split(lines: UsageLine[], orders: number): { flowUsd: number; identityUsd: number } {
    const identity = lines.filter((l) => PER_CUSTOMER_SERVICES.has(l.service));
    const flow = lines.filter((l) => !PER_CUSTOMER_SERVICES.has(l.service));
    return { flowUsd: totalCost(flow, orders), identityUsd: totalCost(identity, orders) };
}

export interface DecisionSaving {
    readonly decision: string;
    readonly stack: string;
    readonly naive: string;
    /** Order-flow cost per `orders` with only this decision made naive, minus the stack's (negative: the stack pays more). */
    readonly savingUsd: number;
}

/** The saving of each design decision: the stack with that one decision made naive, against the stack. */
export function decisionSavings(resources: MockResource[], resolved: Resolved, orders: number, assumptions: Assumptions = ASSUMPTIONS): DecisionSaving[] {
    const base = split(orderUsage(resources, STACK_BUILD, assumptions, resolved).lines, orders).flowUsd;
    return DECISIONS.map((d) => ({
        decision: d.name, stack: d.stack, naive: d.naive,
        savingUsd: split(orderUsage(resources, withNaive(d.key), assumptions, resolved).lines, orders).flowUsd - base,
    }));
}

export interface Sensitivity {
    readonly assumption: string;
    readonly source: string;
    /** Total cost per `orders` (flow and identity) with this assumption doubled, minus the total as assumed. */
    readonly deltaUsd: number;
    /** The same for the order flow alone. */
    readonly flowDeltaUsd: number;
}

/** What doubling each numeric assumption (shares capped at 1) does to the totals, largest change first. */
export function sensitivities(resources: MockResource[], resolved: Resolved, orders: number, assumptions: Assumptions = ASSUMPTIONS): Sensitivity[] {
    const base = split(orderUsage(resources, STACK_BUILD, assumptions, resolved).lines, orders);
    return scalableAssumptions(assumptions).map((name) => {
        const after = split(orderUsage(resources, STACK_BUILD, scaled(name, 2, assumptions), resolved).lines, orders);
        return {
            assumption: name, source: (assumptions as Record<string, { source: string }>)[name].source,
            deltaUsd: after.flowUsd + after.identityUsd - base.flowUsd - base.identityUsd, flowDeltaUsd: after.flowUsd - base.flowUsd,
        };
    }).sort((a, b) => Math.abs(b.deltaUsd) - Math.abs(a.deltaUsd) || Math.abs(b.flowDeltaUsd) - Math.abs(a.flowDeltaUsd));
}

export { NAIVE_BUILD, STACK_BUILD };
