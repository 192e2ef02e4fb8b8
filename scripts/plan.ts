/**
 * The offline plan: `npm run plan -- <stack> [--json]`.
 *
 * Evaluates the program under the mock engine with the stack's real Pulumi.<stack>.yaml (no credentials, no CLI)
 * and prints the resources, the policy pack's findings, the event flow (also written to docs/flow.md), the idle
 * cost per month and the cost per 1M orders against the naive build. Exits 1 on a mandatory policy violation.
 */
import * as fs from "fs";
import * as path from "path";
import type { MockResource } from "../tools/mockProgram";
import { PRICES, PRICE_REGION } from "../pricing/prices";
import {
    ASSUMPTIONS, IdleItem, UsageLine, costByService, formatUsd, idleItemCost, idlePollingRequests, idleTotal, lineCost,
    savingsRatio, totalCost,
} from "../pricing/costModel";
import { buildFlow, flowDocument, mermaid } from "./plan/flow";
import { idleItems } from "./plan/idle";
import { resourceRows, table } from "./plan/inventory";
import { Evaluate, Finding, evaluateWithPack, findings as evaluateFindings, policyConfig } from "./plan/policy";
import { T } from "./plan/resources";
import { orderUsage } from "./plan/usage";

export const ROOT = path.resolve(__dirname, "..");
export const ORDERS = 1_000_000;

export interface PlanOptions {
    /** Where output goes. @default process.stdout / process.stderr */
    readonly out?: (text: string) => void;
    readonly err?: (text: string) => void;
    /** The policy evaluator. @default evaluatePack from policies/evaluate.ts */
    readonly evaluate?: Evaluate;
    /** The diagram file to update, or false to write none. @default docs/flow.md */
    readonly flowFile?: string | false;
    /** Evaluates the program. @default runProgram from tools/mockProgram.ts */
    readonly program?: (stack: string) => Promise<MockResource[]>;
}

export interface PlanResult {
    readonly stack: string;
    readonly resources: { type: string; name: string; settings: string }[];
    readonly findings: Finding[];
    readonly mermaid: string;
    readonly idle: (IdleItem & { monthlyUsd: number })[];
    readonly idleMonthlyUsd: number;
    readonly idlePollingRequestsPerMonth: number;
    readonly perMillionOrders: {
        readonly stack: { service: string; usd: number }[];
        readonly naive: { service: string; usd: number }[];
        readonly lines: (UsageLine & { usd: number })[];
        readonly totalUsd: number;
        readonly naiveTotalUsd: number;
        readonly ratio: number;
        readonly notes: string[];
    };
    readonly summary: string[];
}

/** Everything the plan shows, as data. */
export async function plan(stack: string, options: PlanOptions = {}): Promise<PlanResult> {
    const program = options.program ?? (async (s: string) => (await (require("../tools/mockProgram") as typeof import("../tools/mockProgram")).runProgram(s)).resources);
    const all = await program(stack);
    // Component resources (orders:platform:*) group the others; only the provider's resources are deployed and billed.
    const resources = all.filter((r) => !r.type.startsWith("orders:"));

    const found = await evaluateFindings(options.evaluate ?? evaluateWithPack, resources, stack, policyConfig(ROOT, stack));

    const diagram = mermaid(buildFlow(resources));
    const idle = idleItems(resources).map((item) => ({ ...item, monthlyUsd: idleItemCost(item) }));

    const ours = orderUsage(resources, "stack");
    const naive = orderUsage(resources, "naive");
    const services = (lines: UsageLine[]) => [...costByService(lines, ORDERS)].map(([service, usd]) => ({ service, usd }));
    const totalUsd = totalCost(ours.lines, ORDERS);
    const naiveTotalUsd = totalCost(naive.lines, ORDERS);
    const ratio = savingsRatio(totalUsd, naiveTotalUsd);
    const mandatory = found.filter((f) => f.enforcementLevel === "mandatory").length;
    const idleMonthlyUsd = idleTotal(idle);

    return {
        stack,
        resources: resourceRows(resources),
        findings: found,
        mermaid: diagram,
        idle,
        idleMonthlyUsd,
        idlePollingRequestsPerMonth: idlePollingRequests(resources.filter((r) => r.type === T.mapping).length),
        perMillionOrders: {
            stack: services(ours.lines),
            naive: services(naive.lines),
            lines: ours.lines.map((line) => ({ ...line, usd: lineCost(line, ORDERS) }))
                .sort((a, b) => a.service.localeCompare(b.service) || a.item.localeCompare(b.item)),
            totalUsd,
            naiveTotalUsd,
            ratio,
            notes: ours.notes,
        },
        summary: [
            `resources: ${resources.length} (in ${all.length - resources.length} components)`,
            `findings: ${mandatory} mandatory, ${found.length - mandatory} advisory`,
            `idle cost: ${formatUsd(idleMonthlyUsd)} per month (${idle.length} billed item${idle.length === 1 ? "" : "s"})`,
            `cost per 1M orders: ${formatUsd(totalUsd)} vs naive ${formatUsd(naiveTotalUsd)} (${ratio.toFixed(1)}x cheaper)`,
        ],
    };
}

/** The plan as the text the command prints. */
export function render(result: PlanResult, flowFile: string | false): string {
    const out: string[] = [];
    const section = (title: string) => out.push("", `== ${title} ==`, "");
    out.push(`Offline plan of stack "${result.stack}" (mock engine, Pulumi.${result.stack}.yaml, no credentials)`);

    section(`1. Resources (${result.resources.length})`);
    out.push(table(["type", "name", "key settings"], result.resources.map((r) => [r.type, r.name, r.settings])));

    section(`2. Policy findings (policies/${result.stack}.json)`);
    if (result.findings.length === 0) out.push("No findings.");
    else out.push(table(["level", "policy", "resource", "message"], result.findings.map((f) => [f.enforcementLevel.toUpperCase(), f.policy, f.resource, f.message])));

    section(`3. Event flow${flowFile ? ` (written to ${path.relative(ROOT, flowFile)})` : ""}`);
    out.push("```mermaid", result.mermaid, "```");

    section("4. Idle cost per month (billed by the hour or month, whether or not an order flows)");
    if (result.idle.length === 0) out.push("Nothing is billed by the hour or month.");
    else {
        out.push(table(["resource", "billed for", "units", "unit price", "per month"], result.idle.map((i) =>
            [i.resource, i.billedFor, String(i.quantity), `${formatUsd(PRICES[i.price].usd)} ${PRICES[i.price].unit}`, formatUsd(i.monthlyUsd)])));
    }
    out.push(`Total: ${formatUsd(result.idleMonthlyUsd)} per month.`);
    if (result.idlePollingRequestsPerMonth > 0) {
        out.push(`Not hourly, but idle: Lambda's SQS pollers make ~${Math.round(result.idlePollingRequestsPerMonth).toLocaleString("en-US")} empty receives a month ` +
            `(${formatUsd(result.idlePollingRequestsPerMonth * PRICES.sqsRequest.usd)} at list price; inside the 1M free SQS requests per account).`);
    }

    const c = result.perMillionOrders;
    section(`5. Cost per 1M orders (${PRICE_REGION} list prices, no free tier; pricing/prices.ts)`);
    const naiveBy = new Map(c.naive.map((s) => [s.service, s.usd]));
    out.push(table(["service", "this stack", "naive build", "ratio"], [
        ...c.stack.map((s) => [s.service, formatUsd(s.usd), formatUsd(naiveBy.get(s.service) ?? 0), `${savingsRatio(s.usd, naiveBy.get(s.service) ?? 0).toFixed(1)}x`]),
        ["total", formatUsd(c.totalUsd), formatUsd(c.naiveTotalUsd), `${c.ratio.toFixed(1)}x`],
    ]));
    out.push("", "Per-order drivers of this stack:");
    out.push(table(["service", "item", "per order", "per 1M orders"], c.lines.map((l) =>
        [l.service, l.item, l.perOrder < 0.001 ? l.perOrder.toExponential(2) : String(Number(l.perOrder.toFixed(4))), formatUsd(l.usd)])));
    out.push("", "Assumptions (pricing/costModel.ts ASSUMPTIONS): " + [
        `${Object.entries(ASSUMPTIONS.apiRequestsPerRoute).map(([k, v]) => `${v} ${k}`).join(" and ")} per order`,
        `${ASSUMPTIONS.failureShare * 100}% of orders fail`, `${ASSUMPTIONS.newCustomerShare * 100}% new customers (each Choice branch equally likely)`,
        `Lambda work takes ${ASSUMPTIONS.lambdaWorkMsAt128Mb} ms at 128 MB and scales inversely with memory`,
        `SDK tasks ${ASSUMPTIONS.sdkTaskMs} ms`, `Express billed at ${ASSUMPTIONS.expressMemoryMb} MB`,
        `every trace root sampled (${ASSUMPTIONS.traceSampledShare * 100}%)`, `${ASSUMPTIONS.sqsRequestsPerMessage} SQS requests per message`,
        `naive build = ${ASSUMPTIONS.naive.workflowType} workflows, ${ASSUMPTIONS.naive.architecture}, ${ASSUMPTIONS.naive.memoryMb} MB`,
    ].join("; ") + ".");
    for (const note of c.notes) out.push(`Note: ${note}`);

    section("Summary");
    out.push(...result.summary);
    return out.join("\n") + "\n";
}

/** Replaces (or adds) one stack's diagram in the flow document, keeping the other stacks' diagrams. */
export function updateFlowDocument(existing: string | undefined, stack: string, diagram: string): string {
    const diagrams: Record<string, string> = {};
    for (const m of (existing ?? "").matchAll(/^## (\S+)\n\n```mermaid\n([\s\S]*?)\n```$/gm)) diagrams[m[1]] = m[2];
    diagrams[stack] = diagram;
    return flowDocument(diagrams);
}

const USAGE = "usage: npm run plan -- <stack> [--json]   (stack: a Pulumi.<stack>.yaml in the project root)";

/** Runs the plan for the arguments after `--`; returns the exit code (0 ok, 1 mandatory violations, 2 usage error). */
export async function main(argv: string[], options: PlanOptions = {}): Promise<number> {
    const out = options.out ?? ((text: string) => process.stdout.write(text));
    const err = options.err ?? ((text: string) => process.stderr.write(text));
    const json = argv.includes("--json");
    const positional = argv.filter((a) => !a.startsWith("--"));
    const unknown = argv.filter((a) => a.startsWith("--") && a !== "--json");
    if (positional.length !== 1 || unknown.length > 0) {
        err(`${USAGE}\n`);
        return 2;
    }
    const stack = positional[0];
    if (!/^[A-Za-z0-9_.-]+$/.test(stack) || !fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`))) {
        const stacks = fs.readdirSync(ROOT).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter(Boolean);
        err(`no stack "${stack}": expected Pulumi.${stack}.yaml; stacks are ${stacks.join(", ")}\n${USAGE}\n`);
        return 2;
    }
    const result = await plan(stack, options);
    const flowFile = options.flowFile === undefined ? path.join(ROOT, "docs", "flow.md") : options.flowFile;
    if (flowFile) {
        const existing = fs.existsSync(flowFile) ? fs.readFileSync(flowFile, "utf8") : undefined;
        const updated = updateFlowDocument(existing, stack, result.mermaid);
        if (updated !== existing) {
            fs.mkdirSync(path.dirname(flowFile), { recursive: true });
            fs.writeFileSync(flowFile, updated);
        }
    }
    out(json ? `${JSON.stringify(result, null, 2)}\n` : render(result, flowFile));
    const mandatory = result.findings.filter((f) => f.enforcementLevel === "mandatory");
    if (mandatory.length > 0) {
        err(`${mandatory.length} mandatory policy violation${mandatory.length === 1 ? "" : "s"}: ${[...new Set(mandatory.map((f) => f.policy))].join(", ")}\n`);
        return 1;
    }
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
        process.stderr.write(`plan failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        process.exitCode = 2;
    });
}
