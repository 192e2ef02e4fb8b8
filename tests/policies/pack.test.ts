import type { ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { CATALOG } from "../../policies/catalog";
import { analyzerInfo, startPolicyPack } from "../support/policyPackProcess";

const ROOT = path.resolve(__dirname, "../..");
const POLICIES_DIR = path.join(ROOT, "policies");

describe("policy pack entry point (policies/start.cjs)", () => {
    let child: ChildProcess | undefined;
    after(() => {
        if (child && child.exitCode === null) child.kill();
    });

    // tests/config/policyPackInstall.test.ts starts it through the CLI's runner; this is the entry point alone.
    it("GIVEN the entry point run on its own (cwd policies/) THEN it serves the analyzer on a loopback port, which names every policy of the catalogue with its description", async function () {
        this.timeout(60_000);
        const started = startPolicyPack(["start.cjs"], POLICIES_DIR);
        child = started.child;
        const info = await analyzerInfo(await started.port);
        expect(info.name).to.equal("order-platform-policies");
        expect(info.policies).to.deep.equal(CATALOG.map((p) => ({ name: p.name, description: p.description })));
    });
});

describe("policy pack documentation (docs/policy-pack.md)", () => {
    it("GIVEN the notes THEN they list every policy of the catalogue", () => {
        const notes = fs.readFileSync(path.join(ROOT, "docs/policy-pack.md"), "utf8");
        const missing = CATALOG.filter((p) => !notes.includes(`\`${p.name}\``)).map((p) => p.name);
        expect(missing).to.deep.equal([]);
    });
});
