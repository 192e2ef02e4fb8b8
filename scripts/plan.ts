/**
 * The offline plan: `npm run plan -- <stack> [--json] [--out <file>] [--write-flow]`.
 *
 * Evaluates the program under the mock engine with the stack's real Pulumi.<stack>.yaml (no credentials, no CLI)
 * and prints the resources, the policy pack's findings, the event flow, the idle cost per month and the cost per
 * 1M orders against the naive build, with the saving of each design decision. Exits 1 on a mandatory policy violation.
 * `--json` prints the same as JSON (use `npm run -s` so npm prints no banner); `--out` writes the output to a file
 * instead of stdout; `--write-flow` updates this stack's diagram in docs/flow.md.
 */
import * as fs from "fs";
import * as path from "path";
import type { MockResource } from "../tools/mockProgram";
import { PRICES } from "../pricing/prices";
import { costByService, formatUsd, idleItemCost, idlePollingRequests, idleTotal, lineCost, savingsRatio, UsageLine } from "../pricing/costModel";
import { NAIVE_BUILD, STACK_BUILD } from "./plan/build";
import { decisionSavings, sensitivities, split } from "./plan/decisions";
import { buildFlow, flowDocument, mermaid } from "./plan/flow";
import { resolveFunctions } from "./plan/handlerOf";
import { idleItems } from "./plan/idle";
import { resourceRows } from "./plan/inventory";
import { Evaluate, evaluateWithPack, findings as evaluateFindings, policyConfig } from "./plan/policy";
import { render } from "./plan/render";
import { shortType, T } from "./plan/resources";
import type { PlanResult } from "./plan/result";
import { siteFiles } from "./plan/siteFiles";
import { orderUsage, Resolved } from "./plan/usage";

export type { PlanResult };
export { render };

export const ROOT = path.resolve(__dirname, "..");
export const ORDERS = 1_000_000;
export const FLOW_FILE = path.join(ROOT, "docs", "flow.md");

export interface PlanOptions {
    /** Where output goes. @default process.stdout / process.stderr */
    readonly out?: (text: string) => void;
    readonly err?: (text: string) => void;
    /** The policy evaluator. @default evaluatePack from policies/evaluate.ts */
    readonly evaluate?: Evaluate;
    /** The diagram file `--write-flow` updates. @default docs/flow.md */
    readonly flowFile?: string;
    /** Evaluates the program. @default runProgram from tools/mockProgram.ts */
    readonly program?: (stack: string) => Promise<MockResource[]>;
}

/** Everything the plan shows, as data. */
export async function plan(stack: string, options: PlanOptions = {}): Promise<PlanResult> {
    const program = options.program ?? (async (s: string) => (await (require("../tools/mockProgram") as typeof import("../tools/mockProgram")).runProgram(s)).resources);
    const all = await program(stack);
    // Component resources (orders:platform:*) group the others; only the provider's resources are deployed and billed.
    const resources = all.filter((r) => !r.type.startsWith("orders:"));
    const found = await evaluateFindings(options.evaluate ?? evaluateWithPack, resources, stack, policyConfig(ROOT, stack));
    const resolved: Resolved = { site: await siteFiles(resources), code: await resolveFunctions(resources) };

    const idle = idleItems(resources).map((item) => ({ ...item, monthlyUsd: idleItemCost(item) }));
    const byKind = new Map<string, { count: number; monthlyUsd: number }>();
    for (const item of idle) {
        const kind = shortType(item.type);
        const k = byKind.get(kind) ?? { count: 0, monthlyUsd: 0 };
        byKind.set(kind, { count: k.count + 1, monthlyUsd: k.monthlyUsd + item.monthlyUsd });
    }
    const polls = idlePollingRequests(resources.filter((r) => r.type === T.mapping).length);
    const storedBytes = resolved.site.reduce((sum, f) => sum + f.bytes, 0);
    const idleNotes = [
        ...(polls > 0 ? [`Lambda's SQS pollers make ~${Math.round(polls).toLocaleString("en-US")} empty receives a month (${formatUsd(polls * PRICES.sqsRequest.usd)} at list price; inside the 1M free SQS requests per account).`] : []),
        ...(storedBytes > 0 ? [`the storefront's ${resolved.site.length} files (${(storedBytes / 1024).toFixed(0)} KB) are stored in S3 Standard: ${formatUsd(storedBytes / 1024 ** 3 * PRICES.s3StandardGbMonth.usd)} a month; stored data grows with orders and is not idle cost.`] : []),
    ];

    const ours = orderUsage(resources, STACK_BUILD, undefined, resolved);
    const naive = orderUsage(resources, NAIVE_BUILD, undefined, resolved);
    const services = (lines: UsageLine[]) => [...costByService(lines, ORDERS)].map(([service, usd]) => ({ service, usd }));
    const priced = ours.lines.map((line) => ({ ...line, usd: lineCost(line, ORDERS) }));
    const o = split(ours.lines, ORDERS);
    const n = split(naive.lines, ORDERS);
    const ratio = savingsRatio(o.flowUsd, n.flowUsd);
    const sens = sensitivities(resources, resolved, ORDERS);
    const top = sens[0];
    const dominant = top ? `${top.assumption} (doubling it changes the total by ${top.deltaUsd < 0 ? "-" : "+"}${formatUsd(Math.abs(top.deltaUsd))} per 1M orders)` : "none";
    const mandatory = found.filter((f) => f.enforcementLevel === "mandatory").length;
    const idleMonthlyUsd = idleTotal(idle);
    const largest = [...priced].sort((a, b) => b.usd - a.usd).slice(0, 5);

    return {
        stack,
        resources: resourceRows(resources),
        findings: found,
        mermaid: mermaid(buildFlow(resources)),
        idle,
        idleMonthlyUsd,
        idleByKind: [...byKind].map(([kind, k]) => ({ kind, ...k })).sort((a, b) => b.monthlyUsd - a.monthlyUsd || a.kind.localeCompare(b.kind)),
        idleNotes,
        perMillionOrders: {
            stack: services(ours.lines),
            naive: services(naive.lines),
            lines: priced.sort((a, b) => a.service.localeCompare(b.service) || a.item.localeCompare(b.item)),
            flowUsd: o.flowUsd, naiveFlowUsd: n.flowUsd, ratio, identityUsd: o.identityUsd,
            totalUsd: o.flowUsd + o.identityUsd, naiveTotalUsd: n.flowUsd + n.identityUsd,
            largest,
            decisions: decisionSavings(resources, resolved, ORDERS),
            sensitivities: sens,
            dominant,
            notes: ours.notes,
        },
        unconfirmedPrices: Object.entries(PRICES).filter(([, p]) => p.confirmation === "unconfirmed" && p.checked !== "not re-checked").map(([key, p]) => ({ key, note: p.note ?? "" })),
        summary: [
            `resources: ${resources.length} (in ${all.length - resources.length} components)`,
            `findings: ${mandatory} mandatory, ${found.length - mandatory} advisory`,
            `idle cost: ${formatUsd(idleMonthlyUsd)} per month (${idle.length} billed item${idle.length === 1 ? "" : "s"})`,
            `cost per 1M orders: ${formatUsd(o.flowUsd)} vs naive ${formatUsd(n.flowUsd)} (${ratio.toFixed(1)}x cheaper), plus Cognito ${formatUsd(o.identityUsd)} for the customers who place them`,
            `largest: ${largest.slice(0, 3).map((l) => `${l.item} ${formatUsd(l.usd)}`).join(", ")}; dominant assumption: ${dominant}`,
        ],
    };
}

/** Replaces (or adds) one stack's diagram in the flow document, keeping the other stacks' diagrams. */
export function updateFlowDocument(existing: string | undefined, stack: string, diagram: string): string {
    const diagrams: Record<string, string> = {};
    for (const m of (existing ?? "").matchAll(/^## (\S+)\n\n```mermaid\n([\s\S]*?)\n```$/gm)) diagrams[m[1]] = m[2];
    diagrams[stack] = diagram;
    return flowDocument(diagrams);
}

const USAGE = "usage: npm run plan -- <stack> [--json] [--out <file>] [--write-flow]   (stack: a Pulumi.<stack>.yaml in the project root; use npm run -s to keep npm's banner out of stdout)";

interface Args { stack?: string; json: boolean; out?: string; writeFlow: boolean; problems: string[] }

function parseArgs(argv: string[]): Args {
    const args: Args = { json: false, writeFlow: false, problems: [] };
    for (let i = 0; i < argv.length; i++) {
        const a = argv[i];
        if (a === "--json") args.json = true;
        else if (a === "--write-flow") args.writeFlow = true;
        else if (a === "--out") {
            const file = argv[++i];
            if (!file || file.startsWith("--")) args.problems.push("--out needs a file name");
            else args.out = file;
        } else if (a.startsWith("--")) args.problems.push(`unknown option ${a}`);
        else if (args.stack === undefined) args.stack = a;
        else args.problems.push(`one stack only, but ${args.stack} and ${a} were given`);
    }
    if (args.stack === undefined && args.problems.length === 0) args.problems.push("no stack given");
    return args;
}

/** Runs the plan for the arguments after `--`; returns the exit code (0 ok, 1 mandatory violations, 2 usage error). */
export async function main(argv: string[], options: PlanOptions = {}): Promise<number> {
    const out = options.out ?? ((text: string) => process.stdout.write(text));
    const err = options.err ?? ((text: string) => process.stderr.write(text));
    const args = parseArgs(argv);
    if (args.problems.length > 0) {
        err(`${args.problems.join("; ")}\n${USAGE}\n`);
        return 2;
    }
    const stack = args.stack!;
    if (!/^[A-Za-z0-9_.-]+$/.test(stack) || !fs.existsSync(path.join(ROOT, `Pulumi.${stack}.yaml`))) {
        const stacks = fs.readdirSync(ROOT).map((f) => /^Pulumi\.(.+)\.yaml$/.exec(f)?.[1]).filter(Boolean);
        err(`no stack "${stack}": expected Pulumi.${stack}.yaml; stacks are ${stacks.join(", ")}\n${USAGE}\n`);
        return 2;
    }
    const result = await plan(stack, options);
    let written: string | undefined;
    if (args.writeFlow) {
        const flowFile = options.flowFile ?? FLOW_FILE;
        const existing = fs.existsSync(flowFile) ? fs.readFileSync(flowFile, "utf8") : undefined;
        const updated = updateFlowDocument(existing, stack, result.mermaid);
        if (updated !== existing) {
            fs.mkdirSync(path.dirname(flowFile), { recursive: true });
            fs.writeFileSync(flowFile, updated);
        }
        written = path.relative(ROOT, flowFile);
    }
    const text = args.json ? `${JSON.stringify(result, null, 2)}\n` : render(result, written);
    if (args.out) {
        fs.writeFileSync(args.out, text);
        err(`wrote ${args.out}\n`);
    } else {
        out(text);
    }
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
