/**
 * Prints each Lambda package of both stacks: bytes of the one bundled file and its deflated (zip) size, against the
 * 200 KB budget. Fast (no timing); `npm run bench:cold` adds cold-require times and the CallbackFunction comparison.
 */
import * as zlib from "zlib";
import { runProgram } from "../tools/mockProgram";

const BUDGET_BYTES = 200 * 1024;

async function main(): Promise<void> {
    console.log("| stack | function | bytes | zipped | within 200 KB |");
    console.log("| --- | --- | ---: | ---: | --- |");
    for (const stack of ["dev", "prod"]) {
        const run = await runProgram(stack);
        for (const fn of run.ofType("aws:lambda/function:Function")) {
            const assets = await fn.inputs.code.assets;
            const code: string = await assets["index.js"].text;
            const bytes = Buffer.byteLength(code);
            const zipped = zlib.deflateRawSync(code, { level: 9 }).length;
            console.log(`| ${stack} | ${fn.name} | ${bytes.toLocaleString("en")} | ${zipped.toLocaleString("en")} | ${bytes <= BUDGET_BYTES ? "yes" : "NO"} |`);
        }
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
