import { ASSUMPTIONS } from "../../pricing/assumptions";
import { formatUsd, savingsRatio } from "../../pricing/costModel";
import { PRICE_REGION, PRICES } from "../../pricing/prices";
import { table } from "./inventory";
import type { PlanResult } from "./result";

const perOrder = (n: number): string => (n !== 0 && Math.abs(n) < 0.001 ? n.toExponential(2) : String(Number(n.toFixed(4))));
const signed = (usd: number): string => (usd < 0 ? `-${formatUsd(-usd)}` : formatUsd(usd));
const valueText = (value: unknown): string => (typeof value === "number" ? value.toLocaleString("en-US") : typeof value === "object" ? "(table, see pricing/)" : String(value));

/** The plan as the text the command prints. */
export function render(result: PlanResult, flowWritten: string | undefined): string {
    const out: string[] = [];
    const section = (title: string) => out.push("", `== ${title} ==`, "");
    out.push(`Offline plan of stack "${result.stack}" (mock engine, Pulumi.${result.stack}.yaml, no credentials)`);

    section(`1. Resources (${result.resources.length})`);
    out.push(table(["type", "name", "key settings"], result.resources.map((r) => [r.type, r.name, r.settings])));

    section(`2. Policy findings (policies/${result.stack}.json)`);
    if (result.findings.length === 0) out.push("No findings.");
    else out.push(table(["level", "policy", "resource", "message"], result.findings.map((f) => [f.enforcementLevel.toUpperCase(), f.policy, f.resource, f.message])));

    section(`3. Event flow${flowWritten ? ` (written to ${flowWritten})` : " (docs/flow.md holds both stacks': --write-flow updates it)"}`);
    out.push("```mermaid", result.mermaid, "```");

    section("4. Idle cost per month (billed by the hour or month, or polling on its own, whether or not an order flows)");
    if (result.idle.length === 0) out.push("Nothing is billed while idle.");
    else {
        out.push(table(["resource", "billed for", "units", "unit price", "per month"], result.idle.map((i) =>
            [i.resource, i.billedFor, String(i.quantity), `${formatUsd(PRICES[i.price].usd)} ${PRICES[i.price].unit}`, formatUsd(i.monthlyUsd)])));
        out.push("", "By kind: " + result.idleByKind.map((k) => `${k.kind} ${formatUsd(k.monthlyUsd)} (${k.count})`).join(", ") + ".");
    }
    out.push(`Total: ${formatUsd(result.idleMonthlyUsd)} per month.`);
    for (const note of result.idleNotes) out.push(`Not in the total: ${note}`);

    const c = result.perMillionOrders;
    section(`5. Cost per 1M orders (${PRICE_REGION} list prices, no free tier; pricing/prices.ts)`);
    const naiveBy = new Map(c.naive.map((s) => [s.service, s.usd]));
    out.push(table(["service", "this stack", "naive build", "ratio"], [
        ...c.stack.map((s) => [s.service, formatUsd(s.usd), formatUsd(naiveBy.get(s.service) ?? 0), `${savingsRatio(s.usd, naiveBy.get(s.service) ?? 0).toFixed(1)}x`]),
        ["order flow", formatUsd(c.flowUsd), formatUsd(c.naiveFlowUsd), `${c.ratio.toFixed(1)}x`],
        ["identity (Cognito, per customer)", formatUsd(c.identityUsd), formatUsd(c.identityUsd), "1.0x"],
        ["total", formatUsd(c.totalUsd), formatUsd(c.naiveTotalUsd), `${savingsRatio(c.totalUsd, c.naiveTotalUsd).toFixed(1)}x`],
    ]));
    out.push("", "Largest items: " + c.largest.map((l) => `${l.item} ${formatUsd(l.usd)}`).join("; ") + ".");

    out.push("", "Saving per design decision (the stack with that one decision made naive; order flow per 1M orders):");
    out.push(table(["decision", "this stack", "naive", "saving"], c.decisions.map((d) => [d.decision, d.stack, d.naive, signed(d.savingUsd)])));
    out.push(`Sum of the single savings: ${signed(c.decisions.reduce((s, d) => s + d.savingUsd, 0))}; all at once (the naive build): ${signed(c.naiveFlowUsd - c.flowUsd)} (the decisions compound).`);

    out.push("", "What the total rests on (each numeric assumption doubled):");
    out.push(table(["assumption", "value", "total changes by", "order flow changes by"], c.sensitivities.slice(0, 6).map((s) =>
        [s.assumption, valueText((ASSUMPTIONS as Record<string, { value: unknown }>)[s.assumption].value), signed(s.deltaUsd), signed(s.flowDeltaUsd)])));
    out.push(`Dominant assumption: ${c.dominant}.`);

    out.push("", "Per-order drivers of this stack:");
    out.push(table(["service", "item", "per order", "per 1M orders"], c.lines.map((l) => [l.service, l.item, perOrder(l.perOrder), formatUsd(l.usd)])));
    for (const note of c.notes) out.push(`Note: ${note}`);

    section("6. Assumptions (pricing/assumptions.ts) and unconfirmed prices");
    out.push(table(["assumption", "value", "source"], Object.entries(ASSUMPTIONS).map(([k, v]) => [k, valueText(v.value), v.source])));
    out.push("", "Prices not confirmed on the AWS page: " + (result.unconfirmedPrices.map((p) => `${p.key} (${p.note})`).join("; ") || "none") + ".");

    section("Summary");
    out.push(...result.summary);
    return out.join("\n") + "\n";
}
