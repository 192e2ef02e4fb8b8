import { ChildProcess, spawn } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import { CATALOG } from "../../policies/catalog";

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
        child = spawn(process.execPath, ["-r", path.join(ROOT, "tools", "transpile.cjs"), "index.ts"], {
            cwd: POLICIES_DIR,
            stdio: ["ignore", "pipe", "pipe"],
        });
        const port = await new Promise<number>((resolve, reject) => {
            let out = "";
            let err = "";
            child!.stdout!.on("data", (d: Buffer) => {
                out += d.toString();
                const match = /^(\d+)\s*$/m.exec(out);
                if (match) resolve(Number(match[1]));
            });
            child!.stderr!.on("data", (d: Buffer) => { err += d.toString(); });
            child!.on("exit", (code) => reject(new Error(`the pack exited with ${code}: ${err}`)));
        });
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
