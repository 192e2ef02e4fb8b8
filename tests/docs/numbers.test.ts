/**
 * Every figure the documentation quotes from the plan (resource counts, findings, idle cost, alarm counts, cost per
 * 1M orders, savings) is held to what the plan computes for both stacks, so the text cannot drift from the commands.
 * The quoted blocks are rendered by scripts/plan/numbers.ts; `npm run plan:docs`
 * prints them (and `--write` rewrites docs/plan-and-cost.md's).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import type { PlanResult } from "../../scripts/plan";
import { formatUsd } from "../../pricing/costModel";
import { PRICES } from "../../pricing/prices";
import { amountsOutsideBlocks, blocksIn, docBlocks } from "../../scripts/plan/numbers";
import { ROOT } from "../harness";
import { planOf } from "../plan/planRuns";

const read = (file: string) => fs.readFileSync(path.join(ROOT, file), "utf8");
const money = (text: string) => Number(text.replace(/[$,]/g, ""));

/** Figures quoted inline anywhere: summary lines, "N alarms ($X)", "prod ... $X per month", the README's idle-cost row. */
function inlineProblems(text: string, dev: PlanResult, prod: PlanResult): string[] {
    const problems: string[] = [];
    const summaries = [...dev.summary, ...prod.summary];
    for (const m of text.matchAll(/^(resources: .*|findings: .*|idle cost: .*|cost per 1M orders: .*|largest: .*)$/gm)) {
        if (!summaries.includes(m[1])) problems.push(`"${m[1]}" is not a summary line the plan prints`);
    }
    const alarms = prod.idle.filter((i) => i.type === "aws:cloudwatch/metricAlarm:MetricAlarm").length;
    for (const m of text.matchAll(/(\d+) alarms \((\$[\d.,]+)\)/g)) {
        if (Number(m[1]) !== alarms) problems.push(`"${m[0]}": prod has ${alarms} alarms`);
        if (money(m[2]) !== Number((alarms * PRICES["cloudwatch.alarm.standard"].usd).toFixed(2))) problems.push(`"${m[0]}": they cost ${formatUsd(alarms * 0.1)}`);
    }
    for (const m of text.matchAll(/prod[^$\n|]{0,12}(\$[\d.,]+) per month/g)) {
        if (money(m[1]) !== Number(prod.idleMonthlyUsd.toFixed(2))) problems.push(`"${m[0]}": prod's idle cost is ${formatUsd(prod.idleMonthlyUsd)}`);
    }
    for (const m of text.matchAll(/^\| idle cost \|([^|]*)\|([^|]*)\|/gm)) {
        const [devCell, prodCell] = [m[1], m[2]].map((c) => /\$([\d.,]+)/.exec(c)?.[0]);
        if (devCell && money(devCell) !== Number(dev.idleMonthlyUsd.toFixed(2))) problems.push(`idle cost row: dev's is ${formatUsd(dev.idleMonthlyUsd)}, not ${devCell}`);
        if (prodCell && money(prodCell) !== Number(prod.idleMonthlyUsd.toFixed(2))) problems.push(`idle cost row: prod's is ${formatUsd(prod.idleMonthlyUsd)}, not ${prodCell}`);
    }
    return problems;
}

/** Prose may quote prices (per unit, per thousand, per million...), never a figure the plan computes outside a block. */
function strayAmounts(text: string): string[] {
    const prices = new Set(Object.values(PRICES).flatMap((p) => [1, 10, 100, 1e3, 1e4, 1e5, 1e6].map((f) => Number((p.usd * f).toFixed(6)))));
    return amountsOutsideBlocks(text).filter((a) => !prices.has(Number(money(a).toFixed(6))));
}

describe("the figures the documentation quotes from the plan", function () {
    this.timeout(180_000);
    let dev: PlanResult;
    let prod: PlanResult;
    let blocks: Record<string, string>;
    before(async () => {
        [dev, prod] = [await planOf("dev"), await planOf("prod")];
        blocks = docBlocks(dev, prod);
    });

    describe("docs/plan-and-cost.md", () => {
        const doc = read("docs/plan-and-cost.md");

        it("THEN it holds every block (summary, per-service costs, savings per decision, idle cost, assumptions) exactly as the plan renders it", () => {
            const held = blocksIn(doc);
            expect(Object.keys(held).sort()).to.deep.equal(Object.keys(blocks).sort());
            for (const [name, block] of Object.entries(blocks)) expect(held[name], `block ${name} (rewrite with scripts/planDocs.ts --write)`).to.equal(block);
        });

        it("THEN its prose quotes no figure but prices and what the blocks hold", () => {
            expect(inlineProblems(doc, dev, prod)).to.deep.equal([]);
            expect(strayAmounts(doc)).to.deep.equal([]);
        });
    });

    describe("README.md", () => {
        const readme = read("README.md");

        it("THEN its offline-plan section holds the summary and per-service blocks as the plan renders them", () => {
            const held = blocksIn(readme);
            for (const name of ["summary", "services"]) expect(held[name], `README block ${name}`).to.equal(blocks[name]);
        });

        it("THEN every summary line, alarm count and idle cost it quotes is the plan's", () => {
            expect(inlineProblems(readme, dev, prod)).to.deep.equal([]);
        });
    });

    describe("docs/", () => {
        for (const file of fs.readdirSync(path.join(ROOT, "docs")).filter((f) => f.endsWith(".md") && f !== "plan-and-cost.md" && f !== "flow.md")) {
            it(`THEN docs/${file} quotes the plan's idle cost, alarm count and summary lines where it quotes them`, () => {
                expect(inlineProblems(read(path.join("docs", file)), dev, prod)).to.deep.equal([]);
            });
        }
    });
});
