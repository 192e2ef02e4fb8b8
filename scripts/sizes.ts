/**
 * Prints every Lambda package of both stacks against the package budget (SPEC §7): one file, at most 512 KB
 * unzipped, the AWS SDK inside. Fast (no timing; `npm run bench:cold` measures cold starts). Exits non-zero when a
 * package is over the budget or is not one file. `npm run sizes -- --write` also rewrites the size table that
 * docs/packaging.md quotes and the README's range of sizes (a test holds them equal to the bundles).
 */
import * as path from "path";
import { gzipSync } from "zlib";
import { bundleHandler, PROJECT_ROOT } from "../components/bundle";
import { HANDLERS } from "../functions/handlers";
import { runProgram } from "../tools/mockProgram";
import { PACKAGE_BUDGET_BYTES as BUDGET_BYTES } from "../constants/budgets";
import { PACKAGING_DOC, README, writePackageSizes } from "./bench/packageTable";
const STACKS = ["dev", "prod"];

const num = (n: number) => n.toLocaleString("en-US");

/** The handler whose bundle is exactly `code`, if any. */
function handlerOf(code: string): string | undefined {
    const descriptor = Object.values(HANDLERS).find((d) => bundleHandler(d).code === code);
    return descriptor && `${descriptor.module}#${descriptor.exportName}`;
}

async function main(): Promise<void> {
    let failures = 0;
    console.log(`| stack | function | handler | files | bytes | gzip bytes | share of ${num(BUDGET_BYTES)} | within budget |`);
    console.log("| --- | --- | --- | ---: | ---: | ---: | ---: | --- |");
    for (const stack of STACKS) {
        const run = await runProgram(stack);
        const functions = run.ofType("aws:lambda/function:Function").sort((a, b) => a.name.localeCompare(b.name));
        for (const fn of functions) {
            const assets = await fn.inputs.code.assets;
            const entries = Object.keys(assets);
            const code: string = (await assets["index.js"]?.text) ?? "";
            const bytes = Buffer.byteLength(code);
            const ok = entries.length === 1 && entries[0] === "index.js" && bytes <= BUDGET_BYTES;
            if (!ok) failures += 1;
            console.log(`| ${stack} | ${fn.name} | ${handlerOf(code) ?? "not a HandlerFunction bundle"} | ${entries.length} | ${num(bytes)} | ` +
                `${num(gzipSync(code, { level: 9 }).length)} | ${((bytes / BUDGET_BYTES) * 100).toFixed(0)} % | ${ok ? "yes" : "**no**"} |`);
        }
    }
    if (process.argv.includes("--write")) {
        writePackageSizes();
        console.log(`\nrewrote the package table in ${path.relative(PROJECT_ROOT, PACKAGING_DOC)} and the range of sizes in ${path.relative(PROJECT_ROOT, README)}`);
    }
    if (failures > 0) {
        console.error(`${failures} package(s) over ${num(BUDGET_BYTES)} bytes or not exactly one file (index.js)`);
        process.exitCode = 1;
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
