import { expect } from "chai";
import { ChildProcess, spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { ROOT } from "../harness";
import { CATALOG } from "../../policies/catalog";
import { analyzerInfo, startPolicyPack } from "../support/policyPackProcess";

const POLICIES = path.join(ROOT, "policies");

/** Where Node resolves `specifier` from `dir`: what pulumi-analyzer-policy does (require.resolve, run in the pack's folder). */
function resolvedFrom(dir: string, specifier: string): string {
    const result = spawnSync(process.execPath, ["-e", `console.log(require.resolve(${JSON.stringify(specifier)}))`], { cwd: dir, encoding: "utf8" });
    expect(result.status, result.stderr).to.equal(0);
    return result.stdout.trim();
}

/** Whether `version` satisfies a caret range `^X.Y.Z` (the only form policies/package.json uses). */
function satisfiesCaret(version: string, range: string): boolean {
    const [v, r] = [version, range].map((s) => s.replace(/^[v^]/, "").split(".").map(Number));
    return /^\^\d+\.\d+\.\d+$/.test(range) && v[0] === r[0] && (v[1] > r[1] || (v[1] === r[1] && v[2] >= r[2]));
}

function filesUnder(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe("the policy pack needs no install of its own", () => {
    let pack: ChildProcess | undefined;
    after(() => {
        if (pack && pack.exitCode === null) pack.kill();
    });

    it("GIVEN only the root `npm ci` THEN everything the pack loads resolves from policies/ into the root node_modules, at versions policies/package.json admits", () => {
        for (const specifier of ["@pulumi/pulumi/cmd/run-policy-pack", "@pulumi/policy", "ts-node", "typescript", "esbuild"]) {
            expect(resolvedFrom(POLICIES, specifier), specifier).to.match(new RegExp(`^${ROOT.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}/node_modules/`));
        }
        const wanted = JSON.parse(fs.readFileSync(path.join(POLICIES, "package.json"), "utf8")).dependencies as Record<string, string>;
        for (const [name, range] of Object.entries(wanted)) {
            const installed = JSON.parse(fs.readFileSync(path.join(ROOT, "node_modules", name, "package.json"), "utf8")).version as string;
            expect(satisfiesCaret(installed, range), `${name} ${installed} against ${range}`).to.equal(true);
        }
        const root = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8"));
        expect({ ...root.dependencies, ...root.devDependencies }, "the root installs what the pack needs").to.include.keys(Object.keys(wanted));
    });

    it("WHEN the pack starts the way the CLI starts it (run-policy-pack from policies/) THEN its analyzer lists every policy and it leaves no new file in policies/", async function () {
        this.timeout(60_000);
        const before = filesUnder(POLICIES);
        const started = startPolicyPack([resolvedFrom(POLICIES, "@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", "."], POLICIES);
        pack = started.child;
        const info = await analyzerInfo(await started.port);
        expect(info.policies.map((p) => p.name)).to.deep.equal(CATALOG.map((p) => p.name));
        pack.kill();
        const added = filesUnder(POLICIES).filter((f) => !before.includes(f)).map((f) => path.relative(ROOT, f));
        expect(added).to.deep.equal([]);
        expect(fs.existsSync(path.join(POLICIES, "node_modules")) || fs.existsSync(path.join(POLICIES, "package-lock.json"))).to.equal(false);
    });

    it("GIVEN a copy of the project whose pack has a type error WHEN the CLI's runner starts it THEN it serves all the same: its ts-node checks nothing, the pack is transpiled as the whole project is and `npm run typecheck` checks its types", async function () {
        this.timeout(60_000);
        const copy = fs.mkdtempSync(path.join(os.tmpdir(), "policy-pack-copy-"));
        try {
            // What the pack reads from the project: its folder, the prices it imports, the transpiler and its settings.
            for (const part of ["policies", "pricing", "tools", "tsconfig.json"]) fs.cpSync(path.join(ROOT, part), path.join(copy, part), { recursive: true });
            // The packages linked one by one, so the transpiler's cache of the copy's files stays in the copy.
            fs.mkdirSync(path.join(copy, "node_modules"));
            for (const entry of fs.readdirSync(path.join(ROOT, "node_modules")).filter((name) => name !== ".cache")) {
                fs.symlinkSync(path.join(ROOT, "node_modules", entry), path.join(copy, "node_modules", entry));
            }
            fs.appendFileSync(path.join(copy, "policies", "index.ts"), '\nexport const notANumber: number = "a string";\n');
            const dir = path.join(copy, "policies");
            const started = startPolicyPack([resolvedFrom(dir, "@pulumi/pulumi/cmd/run-policy-pack"), "127.0.0.1:1", "."], dir);
            pack = started.child;
            expect((await analyzerInfo(await started.port)).policies).to.have.length(CATALOG.length);
            pack.kill();
        } finally {
            fs.rmSync(copy, { recursive: true, force: true });
        }
    });
});
