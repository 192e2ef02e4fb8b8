import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { CATALOG } from "../../policies/catalog";
import { startPolicyPack } from "../support/policyPackProcess";

const ROOT = path.resolve(__dirname, "../..");
const POLICIES_DIR = path.join(ROOT, "policies");

describe("policy pack entry point (policies/index.ts)", () => {
    let child: ChildProcess | undefined;
    after(() => {
        if (child && child.exitCode === null) child.kill();
    });

    // tests/config/policyPackInstall.test.ts starts it through the CLI's runner, type-checked; this is the entry point alone.
    it("GIVEN the entry point run on its own (cwd policies/) THEN it serves the analyzer on a loopback port", async function () {
        this.timeout(60_000);
        const started = startPolicyPack(["-r", path.join(ROOT, "tools", "transpile.cjs"), "index.ts"], POLICIES_DIR);
        child = started.child;
        const port = await started.port;
        expect(port).to.be.greaterThan(0);
    });
});

describe("policy pack documentation (docs/policy-pack.md)", () => {
    it("GIVEN the notes THEN they list every policy of the catalogue", () => {
        const notes = fs.readFileSync(path.join(ROOT, "docs/policy-pack.md"), "utf8");
        const missing = CATALOG.filter((p) => !notes.includes(`\`${p.name}\``)).map((p) => p.name);
        expect(missing).to.deep.equal([]);
    });
});
