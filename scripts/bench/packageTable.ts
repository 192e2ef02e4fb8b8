/**
 * The package sizes the documentation quotes, rendered from the bundles themselves so they cannot drift from the code
 * (tests/packaging/docs.test.ts compares them; `npm run sizes -- --write` rewrites them): docs/packaging.md's table,
 * between two markers, and the README's range of sizes.
 */
import * as fs from "fs";
import * as path from "path";
import { gzipSync } from "zlib";
import { bundleHandler, PROJECT_ROOT } from "../../components/bundle";
import { PACKAGE_BUDGET_BYTES } from "../../constants/budgets";
import { HANDLERS, HandlerName } from "../../functions/handlers";

export const PACKAGING_DOC = path.join(PROJECT_ROOT, "docs", "packaging.md");
export const README = path.join(PROJECT_ROOT, "README.md");
const START = "<!-- package sizes: start (npm run sizes -- --write) -->";
const END = "<!-- package sizes: end -->";

const num = (n: number) => n.toLocaleString("en-US");
const share = (bytes: number) => ((bytes / PACKAGE_BUDGET_BYTES) * 100).toFixed(0);

/** One row per handler: bytes and gzip bytes of its bundle, and the share of the budget. */
export function packageTable(): string {
    const rows = (Object.keys(HANDLERS) as HandlerName[]).map((name) => {
        const { code, packages } = bundleHandler(HANDLERS[name]);
        const sdk = packages.filter((p) => p.startsWith("@aws-sdk/client-")).join(", ") || "none";
        const bytes = Buffer.byteLength(code);
        return `| ${name} | ${sdk} | ${num(bytes)} | ${num(gzipSync(code, { level: 9 }).length)} | ${share(bytes)} % |`;
    });
    return [`| handler | SDK clients inside | bytes | gzip bytes | share of ${num(PACKAGE_BUDGET_BYTES)} |`, "| --- | --- | ---: | ---: | ---: |", ...rows].join("\n");
}

/** How the README quotes the sizes: the smallest and the largest package, in bytes and as shares of the budget. */
const SIZE_RANGE = /\d[\d,]*–\d[\d,]* bytes \(\d+–\d+ % of the [\d,]+-byte budget\)/g;

/** The smallest and the largest package as the README quotes them. */
export function packageSizeRange(): string {
    const sizes = (Object.keys(HANDLERS) as HandlerName[]).map((name) => Buffer.byteLength(bundleHandler(HANDLERS[name]).code));
    const [least, most] = [Math.min(...sizes), Math.max(...sizes)];
    return `${num(least)}–${num(most)} bytes (${share(least)}–${share(most)} % of the ${num(PACKAGE_BUDGET_BYTES)}-byte budget)`;
}

/** Every range of package sizes `doc` quotes (the README has exactly one). */
export function quotedSizeRanges(doc: string): string[] {
    return [...doc.matchAll(SIZE_RANGE)].map((m) => m[0]);
}

/** The table between the markers of `doc`, or undefined when the markers are missing. */
export function quotedPackageTable(doc: string): string | undefined {
    const start = doc.indexOf(START);
    const end = doc.indexOf(END);
    return start < 0 || end < start ? undefined : doc.slice(start + START.length, end).trim();
}

/** Rewrites the block in docs/packaging.md with the current table, and the README's range of sizes. */
export function writePackageSizes(file: string = PACKAGING_DOC, readme: string = README): void {
    const doc = fs.readFileSync(file, "utf8");
    if (quotedPackageTable(doc) === undefined) throw new Error(`${file} has no "${START}" … "${END}" block to rewrite`);
    const start = doc.indexOf(START) + START.length;
    fs.writeFileSync(file, `${doc.slice(0, start)}\n${packageTable()}\n${doc.slice(doc.indexOf(END))}`);
    const text = fs.readFileSync(readme, "utf8");
    if (quotedSizeRanges(text).length !== 1) throw new Error(`${readme} must quote the package sizes once, as "${packageSizeRange()}"`);
    fs.writeFileSync(readme, text.replace(SIZE_RANGE, packageSizeRange()));
}
