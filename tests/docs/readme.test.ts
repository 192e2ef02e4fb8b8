import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CONFIG_SPEC } from "../../config";
import { CATALOG } from "../../policies/catalog";
import { DEV_ACCEPTED_FINDINGS } from "../../policies/devFindings";
import { ROOT, stackConfigFile } from "../harness";

describe("README", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
    const ci = fs.readFileSync(path.join(ROOT, ".ci/run"), "utf8");

    it("THEN it gives the test command that CI runs after npm ci", () => {
        expect(readme).to.match(/```bash\nnpm ci\nnpm test\n```/);
        expect(ci).to.match(/npm ci[^\n]*\nnpm test\n/);
    });

    it("THEN its config table has a row per key with the code's default and both stacks' values", () => {
        for (const [key, spec] of Object.entries(CONFIG_SPEC)) {
            const row = readme.split("\n").find((line) => line.startsWith(`| \`${key}\` |`));
            expect(row, key).to.be.a("string");
            const cells = row!.split(" | ");
            expect(cells[3], `${key} default`).to.equal(`\`${JSON.stringify(spec.default)}\``);
            for (const [i, stack] of [[4, "dev"], [5, "prod"]] as const) {
                const value = stackConfigFile(stack)[`order-platform:${key}`];
                expect(cells[i].replace(/ \|$/, ""), `${key} in ${stack}`).to.equal(value === undefined ? "(default)" : `\`${value}\``);
            }
        }
    });

    it("THEN it lists every policy of the pack, and every advisory finding dev accepts", () => {
        expect(CATALOG.filter((p) => !readme.includes(`\`${p.name}\``)).map((p) => p.name)).to.deep.equal([]);
        expect(DEV_ACCEPTED_FINDINGS.filter((f) => !readme.includes(`| \`${f.policy}\` |`)).map((f) => f.policy)).to.deep.equal([]);
    });

    it("THEN every document it links to exists", () => {
        const links = [...readme.matchAll(/\]\(((?:docs|policies)\/[^)#]+)(?:#[^)]*)?\)/g)].map((m) => m[1]);
        expect(links.length).to.be.greaterThan(5);
        for (const link of links) expect(fs.existsSync(path.join(ROOT, link)), link).to.equal(true);
    });
});
