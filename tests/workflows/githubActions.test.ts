import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

const WORKFLOWS = path.join(__dirname, "..", "..", ".github", "workflows");
const text = (file: string): string => fs.readFileSync(path.join(WORKFLOWS, file), "utf8");
const load = (file: string): any => yaml.load(text(file));
const uses = (job: any, action: string): any[] => job.steps.filter((s: any) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
const runs = (job: any): string[] => job.steps.filter((s: any) => s.run).map((s: any) => s.run);
const secretsIn = (value: unknown): string[] => [...JSON.stringify(value).matchAll(/secrets\.(\w+)/g)].map((m) => m[1]);
const needsOidc = (job: any): boolean => uses(job, "aws-actions/configure-aws-credentials").length > 0;

describe("GitHub Actions workflows", () => {
    for (const file of fs.readdirSync(WORKFLOWS).filter((f) => f.endsWith(".yml"))) {
        it(`GIVEN ${file} THEN the workflow grants only contents: read, and id-token: write only to the jobs that assume an AWS role`, () => {
            const wf = load(file);
            expect(wf.permissions).to.deep.equal({ contents: "read" });
            for (const [name, job] of Object.entries<any>(wf.jobs)) {
                expect(job.permissions?.["id-token"], `${file} ${name}`).to.equal(needsOidc(job) ? "write" : undefined);
            }
        });

        it(`GIVEN ${file} THEN nothing installs the policy pack on its own: the root npm ci provides @pulumi/policy`, () => {
            expect(text(file)).not.to.match(/--prefix policies|npm (install|ci) .*policies/);
        });
    }

    describe("pull-request.yml", () => {
        const wf = load("pull-request.yml");

        it("GIVEN a pull request WHEN the workflow runs THEN it is the pull_request trigger (never pull_request_target, which hands secrets to a fork's code)", () => {
            expect(Object.keys(wf.on)).to.deep.equal(["pull_request"]);
        });

        it("GIVEN any pull request, forks included, WHEN testing THEN npm ci, npm test and both offline plans run on Node 20 and 22 with no secret, token or environment", () => {
            const test = wf.jobs.test;
            expect(test.strategy.matrix.node).to.deep.equal([20, 22]);
            expect(uses(test, "actions/setup-node")[0].with).to.deep.include({ "node-version": "${{ matrix.node }}", cache: "npm" });
            expect(runs(test)).to.deep.equal(["npm ci", "npm test", "npm run plan -- dev", "npm run plan -- prod"]);
            expect(test.if, "the offline check runs for forks too").to.equal(undefined);
            expect(secretsIn(test)).to.deep.equal([]);
            expect(test.environment).to.equal(undefined);
            expect(test.permissions).to.equal(undefined);
        });

        it("GIVEN the tests passed WHEN previewing THEN each stack runs pulumi/actions@v6 preview with the pack and its config, commenting on the PR", () => {
            const preview = wf.jobs.preview;
            expect(preview.needs).to.equal("test");
            expect(preview.strategy.matrix.stack).to.deep.equal(["dev", "prod"]);
            const [pulumi] = uses(preview, "pulumi/actions");
            expect(pulumi.uses).to.equal("pulumi/actions@v6");
            expect(pulumi.with).to.deep.include({
                command: "preview",
                "stack-name": "${{ matrix.stack }}",
                policyPacks: "policies",
                policyPackConfigs: "policies/${{ matrix.stack }}.json",
                "comment-on-pr": true,
            });
            expect(pulumi.with.upsert, "a read-only token cannot create a stack").to.equal(undefined);
            const steps = preview.steps.map((s: any) => s.uses ?? s.run);
            const order = ["npm ci", "aws-actions/configure-aws-credentials@v4", "pulumi/actions@v6"].map((s) => steps.indexOf(s));
            expect(order.every((i) => i >= 0)).to.equal(true);
            expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
        });

        it("GIVEN the preview job WHEN it gets credentials THEN only the read-only preview role and preview token, by OIDC, outside every environment, and never for forks", () => {
            const preview = wf.jobs.preview;
            expect(preview.if).to.match(/github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
            expect(preview.permissions).to.deep.equal({ contents: "read", "id-token": "write", "pull-requests": "write" });
            // In an environment the OIDC subject would be ...:environment:<name>, not ...:pull_request.
            expect(preview.environment).to.equal(undefined);
            expect(uses(preview, "aws-actions/configure-aws-credentials")[0].with["role-to-assume"]).to.equal("${{ secrets.AWS_PREVIEW_ROLE_ARN }}");
            expect(uses(preview, "pulumi/actions")[0].env.PULUMI_ACCESS_TOKEN).to.equal("${{ secrets.PULUMI_PREVIEW_TOKEN }}");
            expect([...new Set(secretsIn(wf))].sort()).to.deep.equal(["AWS_PREVIEW_ROLE_ARN", "GITHUB_TOKEN", "PULUMI_PREVIEW_TOKEN"]);
        });
    });

    describe("deploy.yml", () => {
        const wf = load("deploy.yml");

        it("GIVEN a push to main WHEN deploying THEN dev goes up first in `development` and prod needs it, in `production` with required reviewers", () => {
            expect(Object.keys(wf.on)).to.deep.equal(["push"]);
            expect(wf.on.push.branches).to.deep.equal(["main"]);
            expect(wf.jobs.dev.environment).to.equal("development");
            expect(wf.jobs.prod.environment).to.equal("production");
            expect(wf.jobs.prod.needs).to.equal("dev");
            expect(text("deploy.yml")).to.match(/required reviewers/i);
        });

        it("GIVEN each stack's job WHEN it runs THEN it has its own concurrency group and runs pulumi up of that stack with the pack, creating the stack on the first run", () => {
            for (const stack of ["dev", "prod"]) {
                const job = wf.jobs[stack];
                expect(job.concurrency).to.deep.equal({ group: `deploy-${stack}`, "cancel-in-progress": false });
                const [pulumi] = uses(job, "pulumi/actions");
                expect(pulumi.uses).to.equal("pulumi/actions@v6");
                expect(pulumi.with).to.deep.include({ command: "up", "stack-name": stack, upsert: true, policyPacks: "policies", policyPackConfigs: `policies/${stack}.json` });
                expect(runs(job)).to.deep.equal(["npm ci"]);
                expect(uses(job, "actions/setup-node")[0].with).to.deep.include({ "node-version-file": ".nvmrc", cache: "npm" });
            }
        });

        it("GIVEN each stack's job WHEN it gets credentials THEN from its own environment's secrets: the deploy role (trusted only for that environment) and the deploy token", () => {
            for (const stack of ["dev", "prod"]) {
                const job = wf.jobs[stack];
                expect(uses(job, "aws-actions/configure-aws-credentials")[0].with["role-to-assume"]).to.equal("${{ secrets.AWS_DEPLOY_ROLE_ARN }}");
                expect(uses(job, "pulumi/actions")[0].env.PULUMI_ACCESS_TOKEN).to.equal("${{ secrets.PULUMI_ACCESS_TOKEN }}");
                expect([...new Set(secretsIn(job))].sort()).to.deep.equal(["AWS_DEPLOY_ROLE_ARN", "PULUMI_ACCESS_TOKEN"]);
            }
        });
    });

    describe("the Node version", () => {
        it("GIVEN .nvmrc THEN it names a major version that package.json's engines admits and the pull-request tests cover", () => {
            const root = path.join(__dirname, "..", "..");
            const major = Number(fs.readFileSync(path.join(root, ".nvmrc"), "utf8").trim());
            const engines = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")).engines.node as string;
            expect(engines.split("||").map((r) => r.trim().replace(/^\^/, "").split(".")[0]).map(Number)).to.include(major);
            expect(load("pull-request.yml").jobs.test.strategy.matrix.node).to.include(major);
        });
    });
});
