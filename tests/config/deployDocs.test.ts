import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as yaml from "js-yaml";
import { CATALOG } from "../../functions/catalog";
import { evaluatePack } from "../../policies/evaluate";
import { ROOT } from "../harness";
import { RecordedRun, stackRun } from "../stacks/stackRuns";

const read = (file: string): string => fs.readFileSync(path.join(ROOT, file), "utf8");
const blocks = (text: string, lang: string): string[] => [...text.matchAll(new RegExp("```" + lang + "\\n([\\s\\S]*?)```", "g"))].map((m) => m[1]);
interface Statement { Sid: string; Effect: string; Action: string | string[]; Resource: string | string[]; Principal?: unknown; Condition?: Record<string, Record<string, unknown>> }
const policies = (file: string): { Statement: Statement[] }[] => blocks(read(file), "json").map((b) => JSON.parse(b)).filter((d) => Array.isArray(d.Statement));
const withSid = (file: string, sid: string): { Statement: Statement[] } => {
    const found = policies(file).filter((d) => d.Statement.some((s) => s.Sid === sid));
    expect(found, `${file}: one policy document with Sid ${sid}`).to.have.length(1);
    return found[0];
};
const actions = (s: Statement): string[] => (Array.isArray(s.Action) ? s.Action : [s.Action]);

/** The IAM service prefix that manages each Pulumi AWS module's resources. */
function iamServiceOf(type: string): string {
    const [, module, resource] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):/.exec(type) ?? [];
    if (module === "cloudwatch") return /^event/.test(resource) ? "events" : /^log/.test(resource) ? "logs" : "cloudwatch";
    const renamed: Record<string, string> = { apigatewayv2: "apigateway", cognito: "cognito-idp", sfn: "states" };
    return renamed[module] ?? module;
}

describe("docs/deploy.md and docs/ci.md, against the program and the workflows", () => {
    let runs: RecordedRun[];
    before(async function () {
        this.timeout(120_000);
        runs = [await stackRun("dev"), await stackRun("prod")];
    });
    const resources = () => runs.flatMap((r) => r.resources).filter((r) => r.type.startsWith("aws:"));

    it("GIVEN the deployer policy THEN it covers the service of every resource either stack creates, and IAM only for roles", () => {
        const deployer = withSid("docs/deploy.md", "StackServices");
        const services = actions(deployer.Statement.find((s) => s.Sid === "StackServices")!).map((a) => a.replace(/:\*$/, ""));
        const needed = [...new Set(resources().map((r) => iamServiceOf(r.type)))].filter((s) => s !== "iam").sort();
        expect(needed.filter((s) => !services.includes(s)), "services with no permission in docs/deploy.md").to.deep.equal([]);
        expect([...new Set(resources().filter((r) => iamServiceOf(r.type) === "iam").map((r) => r.type))].sort())
            .to.deep.equal(["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy"]);
        expect(deployer.Statement.find((s) => s.Sid === "StackRoles")!.Resource).to.equal("arn:aws:iam::<ACCOUNT_ID>:role/*");
    });

    it("GIVEN the deployer policy THEN it may pass roles to exactly the services that assume the program's roles", () => {
        const pass = withSid("docs/deploy.md", "PassStackRolesToTheirServices").Statement.find((s) => s.Sid === "PassStackRolesToTheirServices")!;
        const allowed = (pass.Condition!.StringEquals["iam:PassedToService"] as string[]).slice().sort();
        const assumedBy = new Set<string>();
        for (const role of resources().filter((r) => r.type === "aws:iam/role:Role")) {
            const doc = typeof role.inputs.assumeRolePolicy === "string" ? JSON.parse(role.inputs.assumeRolePolicy) : role.inputs.assumeRolePolicy;
            for (const s of doc.Statement) for (const service of [s.Principal?.Service ?? []].flat()) assumedBy.add(service);
        }
        expect([...assumedBy].filter((s) => !allowed.includes(s)), "services that assume a role the deployer cannot pass").to.deep.equal([]);
        expect(allowed.filter((s) => s !== "pipes.amazonaws.com" && !assumedBy.has(s)), "services no role of the program needs").to.deep.equal([]);
    });

    it("GIVEN the three trust policies THEN the pack's trust rules pass them, and each names the OIDC subject of the job that uses it", () => {
        const subjects: Record<string, string> = {
            GitHubPullRequestPreviews: "repo:<owner>/<repo>:pull_request",
            GitHubDevelopmentEnvironment: "repo:<owner>/<repo>:environment:development",
            GitHubProductionEnvironment: "repo:<owner>/<repo>:environment:production",
        };
        for (const [sid, subject] of Object.entries(subjects)) {
            const trust = withSid("docs/ci.md", sid);
            expect(trust.Statement, sid).to.have.length(1);
            expect(trust.Statement[0].Condition!.StringEquals).to.deep.equal({ "token.actions.githubusercontent.com:aud": "sts.amazonaws.com", "token.actions.githubusercontent.com:sub": subject });
            // The pack checks real values; the placeholders become a repository name of the same shape.
            const role = { type: "aws:iam/role:Role", name: sid, inputs: { assumeRolePolicy: JSON.stringify(trust).replace(/<owner>\/<repo>/g, "octo/shop").replace(/<ACCOUNT_ID>/g, "123456789012") } };
            const findings = evaluatePack([role], "prod").filter((f) => ["iam-github-oidc-trust-scoped", "iam-trust-not-public"].includes(f.policy));
            expect(findings.map((f) => f.message), sid).to.deep.equal([]);
        }
        const deploy = yaml.load(read(".github/workflows/deploy.yml")) as { jobs: Record<string, { environment?: string }> };
        expect([deploy.jobs.dev.environment, deploy.jobs.prod.environment]).to.deep.equal(["development", "production"]);
        const wildcard = JSON.stringify(withSid("docs/ci.md", "GitHubPullRequestPreviews")).replace("repo:<owner>/<repo>:pull_request", "repo:octo/*:pull_request");
        const loose = { type: "aws:iam/role:Role", name: "loose", inputs: { assumeRolePolicy: wildcard.replace(/<ACCOUNT_ID>/g, "123456789012") } };
        expect(evaluatePack([loose], "prod").map((f) => f.policy), "a wildcard subject is caught").to.include("iam-github-oidc-trust-scoped");
    });

    it("GIVEN the preview role's permissions THEN they allow only lookups, no action that changes anything", () => {
        const preview = withSid("docs/ci.md", "ProgramLookups");
        expect(preview.Statement.flatMap(actions)).to.deep.equal(["iot:DescribeEndpoint"]);
        const invokes = fs.readdirSync(path.join(ROOT, "components")).flatMap((f) => [...read(`components/${f}`).matchAll(/aws\.((?:[a-z0-9]+\.)?get[A-Z]\w*?)(?:Output)?\(/g)].map((m) => m[1]));
        // getCallerIdentity needs no permission, getRegion and getPartition make no call: only the IoT endpoint does.
        expect([...new Set(invokes)].sort()).to.deep.equal(["getCallerIdentity", "getPartition", "getRegion", "iot.getEndpoint"]);
    });

    it("GIVEN the steps THEN each command a newcomer needs is there, in order, and nothing installs the policy pack separately", () => {
        const deploy = read("docs/deploy.md");
        const steps = ["get.pulumi.com", "npm ci", "pulumi login", "pulumi login --local", "PULUMI_CONFIG_PASSPHRASE", "awskms://", "aws iam create-policy",
            "aws sts get-caller-identity", "pulumi stack init dev", "pulumi config set aws:region", "pulumi preview --policy-pack policies --policy-pack-config policies/dev.json",
            "pulumi up --policy-pack policies --policy-pack-config policies/dev.json", "storefrontUrl", "admin-create-user", "admin-set-user-password", "--permanent",
            "admin-initiate-auth", "--auth-flow ADMIN_USER_PASSWORD_AUTH", "Authorization: Bearer $TOKEN", "pulumi stack init prod", "pulumi destroy --stack dev",
            "pulumi config set protectData false --stack prod", "pulumi destroy --stack prod", "pulumi state unprotect"];
        // Each step is looked for after the one before it, so the order is the doc's order.
        let from = 0;
        const missing = steps.filter((step) => {
            const at = deploy.indexOf(step, from);
            if (at >= 0) from = at + step.length;
            return at < 0;
        });
        expect(missing, "missing, or before a step they come after").to.deep.equal([]);
        for (const line of [...blocks(deploy, "bash"), ...blocks(read("docs/ci.md"), "bash")].join("\n").split("\n")) {
            expect(line, "a command that installs into policies/").not.to.match(/--prefix policies|cd policies|npm (install|ci|i) .*policies/);
        }
    });

    it("GIVEN the sign-in commands THEN the outputs they read exist, the client allows their auth flow, and the password and order they send are accepted", () => {
        const deploy = read("docs/deploy.md");
        const outputs = [...deploy.matchAll(/pulumi stack output (\w+)/g)].map((m) => m[1]);
        expect(outputs).to.include.members(["storefrontUrl", "userPoolId", "userPoolClientId", "apiUrl"]);
        for (const run of runs) expect(outputs.filter((o) => !(o in run.exports)), `${run.stack} outputs`).to.deep.equal([]);
        for (const run of runs) {
            expect(run.ofType("aws:cognito/userPoolClient:UserPoolClient")[0].inputs.explicitAuthFlows).to.include("ALLOW_ADMIN_USER_PASSWORD_AUTH");
            const policy = run.ofType("aws:cognito/userPool:UserPool")[0].inputs.passwordPolicy;
            const password = /PASSWORD='([^']+)'/.exec(deploy)![1];
            expect(password.length).to.be.at.least(policy.minimumLength);
            expect([/[a-z]/, /[A-Z]/, /\d/, /[^A-Za-z0-9]/].every((r) => r.test(password))).to.equal(true);
            expect(deploy).to.include(`at least ${policy.minimumLength}\ncharacters`);
        }
        const order = JSON.parse(/-d '(\{[^']+\})'/.exec(deploy)![1]) as { currency: string; items: { sku: string }[] };
        for (const item of order.items) expect(CATALOG[item.sku]?.unitPriceCents, item.sku).to.have.property(order.currency);
    });
});
