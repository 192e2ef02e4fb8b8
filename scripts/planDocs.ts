/**
 * Rewrites the figures docs/plan-and-cost.md and the README quote from the plans of both stacks (the README's
 * "Offline plan and cost" section holds the `summary` and `services` blocks), and prints every block:
 *
 *   npm run plan:docs               # print every block
 *   npm run plan:docs -- --write    # and rewrite them in docs/plan-and-cost.md and README.md
 *
 * tests/docs/numbers.test.ts fails when a quoted figure differs from what the plan computes.
 */
import * as fs from "fs";
import * as path from "path";
import { plan, ROOT } from "./plan";
import { docBlocks, replaceBlocks } from "./plan/numbers";

export const PLAN_DOC = path.join(ROOT, "docs", "plan-and-cost.md");
/** The README quotes the summary and services blocks. */
export const README = path.join(ROOT, "README.md");

async function main(argv: string[]): Promise<number> {
    if (argv.some((a) => a !== "--write")) {
        process.stderr.write(`unknown argument ${argv.filter((a) => a !== "--write").join(" ")}; usage: scripts/planDocs.ts [--write]\n`);
        return 2;
    }
    const blocks = docBlocks(await plan("dev"), await plan("prod"));
    for (const [name, block] of Object.entries(blocks)) process.stdout.write(`<!-- plan:${name} -->\n${block}\n<!-- /plan:${name} -->\n\n`);
    if (argv.includes("--write")) {
        for (const file of [PLAN_DOC, README]) {
            fs.writeFileSync(file, replaceBlocks(fs.readFileSync(file, "utf8"), blocks));
            process.stderr.write(`rewrote the blocks of ${path.relative(ROOT, file)}\n`);
        }
    }
    return 0;
}

if (require.main === module) {
    main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (e: unknown) => {
        process.stderr.write(`planDocs failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
        process.exitCode = 2;
    });
}
