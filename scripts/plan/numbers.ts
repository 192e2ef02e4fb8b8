/**
 * The figures the documentation quotes, rendered from the plans of both stacks as markdown blocks between markers
 * (`<!-- plan:<name> -->` ... `<!-- /plan:<name> -->`), so a test can hold every quoted number to what the plan
 * computes, and scripts/planDocs.ts can rewrite them.
 */
import { formatUsd, savingsRatio } from "../../pricing/costModel";
import { ASSUMPTIONS } from "../../pricing/assumptions";
import type { PlanResult } from "./result";

const row = (cells: string[]) => `| ${cells.join(" | ")} |`;
const header = (cells: string[], right: number[]) => [row(cells), row(cells.map((_, i) => (right.includes(i) ? "---:" : "---")))];
const signed = (usd: number): string => (usd < 0 ? `-${formatUsd(-usd)}` : formatUsd(usd));

export type BlockName = "summary" | "services" | "decisions" | "idle" | "assumptions";

/** Every block, rendered from the dev and prod plans. */
export function docBlocks(dev: PlanResult, prod: PlanResult): Record<BlockName, string> {
    const usd = (plan: PlanResult, service: string, naive = false) =>
        formatUsd((naive ? plan.perMillionOrders.naive : plan.perMillionOrders.stack).find((s) => s.service === service)?.usd ?? 0);
    const services = [...new Set([...prod.perMillionOrders.stack, ...dev.perMillionOrders.stack].map((s) => s.service))];
    const p = prod.perMillionOrders;
    const d = dev.perMillionOrders;
    const kinds = [...new Set([...prod.idleByKind, ...dev.idleByKind].map((k) => k.kind))];
    const idleOf = (plan: PlanResult, kind: string) => {
        const k = plan.idleByKind.find((x) => x.kind === kind);
        return k ? `${formatUsd(k.monthlyUsd)} (${k.count})` : "$0.00 (0)";
    };
    return {
        summary: ["```text", "dev", ...dev.summary, "", "prod", ...prod.summary, "```"].join("\n"),
        services: [
            ...header(["service", "dev", "prod", "naive build (prod sizing)", "prod vs naive"], [1, 2, 3, 4]),
            ...services.map((s) => {
                const naive = p.naive.find((x) => x.service === s)?.usd ?? 0;
                const ours = p.stack.find((x) => x.service === s)?.usd ?? 0;
                return row([s, usd(dev, s), usd(prod, s), usd(prod, s, true), `${savingsRatio(ours, naive).toFixed(1)}x`]);
            }),
            row(["**order flow**", formatUsd(d.flowUsd), formatUsd(p.flowUsd), formatUsd(p.naiveFlowUsd), `${p.ratio.toFixed(1)}x`]),
            row(["identity (Cognito, per customer)", formatUsd(d.identityUsd), formatUsd(p.identityUsd), formatUsd(p.identityUsd), "1.0x"]),
            row(["total", formatUsd(d.totalUsd), formatUsd(p.totalUsd), formatUsd(p.naiveTotalUsd), `${savingsRatio(p.totalUsd, p.naiveTotalUsd).toFixed(1)}x`]),
        ].join("\n"),
        decisions: [
            ...header(["decision", "this stack", "naive build", "saving in dev", "saving in prod"], [3, 4]),
            ...p.decisions.map((x, i) => row([x.decision, x.stack, x.naive, signed(d.decisions[i].savingUsd), signed(x.savingUsd)])),
            row(["all at once (the naive build)", "", "", signed(d.naiveFlowUsd - d.flowUsd), signed(p.naiveFlowUsd - p.flowUsd)]),
        ].join("\n"),
        idle: [
            ...header(["billed while idle", "dev", "prod"], [1, 2]),
            ...kinds.map((k) => row([k, idleOf(dev, k), idleOf(prod, k)])),
            row(["total per month", formatUsd(dev.idleMonthlyUsd), formatUsd(prod.idleMonthlyUsd)]),
        ].join("\n"),
        assumptions: [
            ...header(["assumption (doubled)", "value", "prod total changes by", "prod order flow changes by"], [1, 2, 3]),
            ...p.sensitivities.slice(0, 6).map((s) => row([`\`${s.assumption}\``,
                String((ASSUMPTIONS as Record<string, { value: unknown }>)[s.assumption].value), signed(s.deltaUsd), signed(s.flowDeltaUsd)])),
        ].join("\n"),
    };
}

const MARKER = /<!-- plan:([a-z]+) -->\n([\s\S]*?)<!-- \/plan:\1 -->/g;

/** The blocks a document holds, by name. */
export function blocksIn(markdown: string): Record<string, string> {
    return Object.fromEntries([...markdown.matchAll(MARKER)].map((m) => [m[1], m[2].replace(/\n$/, "")]));
}

/** The document with each block it holds replaced by the rendered one. */
export function replaceBlocks(markdown: string, blocks: Record<string, string>): string {
    return markdown.replace(MARKER, (whole, name: string) => (name in blocks ? `<!-- plan:${name} -->\n${blocks[name]}\n<!-- /plan:${name} -->` : whole));
}

/** Dollar amounts in a text outside its blocks (prose must quote prices, or figures inside blocks). */
export function amountsOutsideBlocks(markdown: string): string[] {
    return [...markdown.replace(MARKER, "").matchAll(/\$[0-9][0-9,]*(\.[0-9]+)?/g)].map((m) => m[0]);
}
