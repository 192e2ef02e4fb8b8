/**
 * The package-size table docs/packaging.md quotes, rendered from the bundles themselves, between two markers, so the
 * documented sizes cannot drift from the code (tests/packaging/docs.test.ts compares them; `npm run sizes -- --write`
 * rewrites the block).
 */
import * as fs from "fs";
import * as path from "path";
import { gzipSync } from "zlib";
import { bundleHandler, PROJECT_ROOT } from "../../components/bundle";
import { PACKAGE_BUDGET_BYTES } from "../../constants/budgets";
import { HANDLERS, HandlerName } from "../../functions/handlers";

export const PACKAGING_DOC = path.join(PROJECT_ROOT, "docs", "packaging.md");
const START = "<!-- package sizes: start (npm run sizes -- --write) -->";
const END = "<!-- package sizes: end -->";

const num = (n: number) => n.toLocaleString("en-US");

/** One row per handler: bytes and gzip bytes of its bundle, and the share of the budget. */
export function packageTable(): string {
    const rows = (Object.keys(HANDLERS) as HandlerName[]).map((name) => {
        const { code, packages } = bundleHandler(HANDLERS[name]);
        const bytes = Buffer.byteLength(code);
        const sdk = packages.filter((p) => p.startsWith("@aws-sdk/client-")).join(", ") || "none";
        return `| ${name} | ${sdk} | ${num(bytes)} | ${num(gzipSync(code, { level: 9 }).length)} | ${((bytes / PACKAGE_BUDGET_BYTES) * 100).toFixed(0)} % |`;
    });
    return [`| handler | SDK clients inside | bytes | gzip bytes | share of ${num(PACKAGE_BUDGET_BYTES)} |`, "| --- | --- | ---: | ---: | ---: |", ...rows].join("\n");
}

/** The table between the markers of `doc`, or undefined when the markers are missing. */
export function quotedPackageTable(doc: string): string | undefined {
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    return start < 0 || end < start ? undefined : doc.slice(start + START.length, end).trim();
}

/** Rewrites the block in docs/packaging.md with the current table. */
export function writePackageTable(file: string = PACKAGING_DOC): void {
    const doc = fs.readFileSync(file, "utf8");
    if (quotedPackageTable(doc) === undefined) throw new Error(`${file} has no "${START}" … "${END}" block to rewrite`);
    const start = doc.indexOf(START) + START.length;
    fs.writeFileSync(file, `${doc.slice(0, start)}\n${packageTable()}\n${doc.slice(doc.indexOf(END))}`);
}
