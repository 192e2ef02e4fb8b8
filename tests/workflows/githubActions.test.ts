import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";

const load = (file: string): any => yaml.load(fs.readFileSync(path.join(__dirname, "..", "..", ".github", "workflows", file), "utf8"));
const uses = (job: any, action: string): any[] => job.steps.filter((s: any) => typeof s.uses === "string" && s.uses.startsWith(`${action}@`));
const runs = (job: any): string[] => job.steps.filter((s: any) => s.run).map((s: any) => s.run);

describe("GitHub Actions workflows", () => {
    describe("pull-request.yml", () => {
        const wf = load("pull-request.yml");

        it("GIVEN a pull request WHEN the workflow runs THEN the test job installs with npm ci, tests, and plans both stacks offline", () => {
            expect(wf.on).to.have.property("pull_request");
            const test = wf.jobs.test;
            expect(uses(test, "actions/checkout")).to.have.length(1);
            expect(uses(test, "actions/setup-node")[0].with).to.deep.include({ "node-version": 20, cache: "npm" });
            expect(runs(test)).to.deep.equal(["npm ci", "npm test", "npm run plan -- dev", "npm run plan -- prod"]);
            expect(test.if, "the offline plan runs for forks too").to.equal(undefined);
        });

        it("GIVEN the tests passed WHEN previewing THEN each stack of the matrix runs pulumi/actions@v6 preview with the pack and its config, commenting on the PR", () => {
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
            expect(pulumi.env.PULUMI_ACCESS_TOKEN).to.match(/secrets\.PULUMI_ACCESS_TOKEN/);
        });

        it("GIVEN the preview job WHEN it gets AWS credentials THEN through OIDC, after installing the pack's dependencies, and never for forks", () => {
            const preview = wf.jobs.preview;
            expect(preview.permissions).to.deep.include({ "id-token": "write", "pull-requests": "write" });
            expect(preview.if).to.match(/github\.event\.pull_request\.head\.repo\.full_name == github\.repository/);
            const steps = preview.steps.map((s: any) => s.uses ?? s.run);
            const order = ["npm ci", "npm install --prefix policies", "aws-actions/configure-aws-credentials@v4", "pulumi/actions@v6"].map((s) => steps.indexOf(s));
            expect(order.every((i) => i >= 0)).to.equal(true);
            expect([...order].sort((a, b) => a - b)).to.deep.equal(order);
            expect(uses(preview, "aws-actions/configure-aws-credentials")[0].with["role-to-assume"]).to.match(/\$\{\{ secrets\.\w+ \}\}/);
        });
    });

    describe("deploy.yml", () => {
        const wf = load("deploy.yml");

        it("GIVEN a push to main WHEN deploying THEN dev goes up first and prod needs it, in the production environment", () => {
            expect(wf.on.push.branches).to.deep.equal(["main"]);
            expect(wf.permissions["id-token"]).to.equal("write");
            expect(wf.jobs.prod.needs).to.equal("dev");
            expect(wf.jobs.prod.environment).to.equal("production");
            expect(fs.readFileSync(path.join(__dirname, "..", "..", ".github", "workflows", "deploy.yml"), "utf8")).to.match(/required reviewers/i);
        });

        it("GIVEN each stack's job WHEN it runs THEN it has its own concurrency group and runs pulumi up of that stack with the pack", () => {
            for (const stack of ["dev", "prod"]) {
                const job = wf.jobs[stack];
                expect(job.concurrency).to.deep.equal({ group: `deploy-${stack}`, "cancel-in-progress": false });
                const [pulumi] = uses(job, "pulumi/actions");
                expect(pulumi.uses).to.equal("pulumi/actions@v6");
                expect(pulumi.with).to.deep.include({ command: "up", "stack-name": stack, policyPacks: "policies", policyPackConfigs: `policies/${stack}.json` });
                expect(runs(job)).to.include.members(["npm ci", "npm install --prefix policies"]);
                expect(uses(job, "aws-actions/configure-aws-credentials")).to.have.length(1);
            }
        });
    });
});
