import type { IdleItem, UsageLine } from "../../pricing/costModel";
import type { DecisionSaving, Sensitivity } from "./decisions";
import type { Finding } from "./policy";

/** Everything the plan shows, as data (what `--json` prints). */
export interface PlanResult {
    readonly stack: string;
    readonly resources: { type: string; name: string; settings: string }[];
    readonly findings: Finding[];
    readonly mermaid: string;
    readonly idle: (IdleItem & { monthlyUsd: number })[];
    readonly idleMonthlyUsd: number;
    /** The idle items by kind of resource (key, alarms, dashboard, ...), for the itemised total. */
    readonly idleByKind: { kind: string; count: number; monthlyUsd: number }[];
    /** Costs that run while idle but are left out of the total, each with why. */
    readonly idleNotes: string[];
    readonly perMillionOrders: {
        readonly stack: { service: string; usd: number }[];
        readonly naive: { service: string; usd: number }[];
        readonly lines: (UsageLine & { usd: number })[];
        /** Everything but the per-customer identity: what the design decisions change. */
        readonly flowUsd: number;
        readonly naiveFlowUsd: number;
        /** naiveFlowUsd / flowUsd: the budget is at least 2. */
        readonly ratio: number;
        /** Cognito, billed per monthly active customer: the same in both builds. */
        readonly identityUsd: number;
        readonly totalUsd: number;
        readonly naiveTotalUsd: number;
        readonly largest: (UsageLine & { usd: number })[];
        readonly decisions: DecisionSaving[];
        readonly sensitivities: Sensitivity[];
        readonly dominant: string;
        readonly notes: string[];
    };
    readonly unconfirmedPrices: { key: string; note: string }[];
    readonly summary: string[];
}
