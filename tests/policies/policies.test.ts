import * as fs from "fs";
import * as path from "path";
import { expect } from "chai";
import * as aws from "@pulumi/aws";
import { PolicyPackConfig, validateResourceOfType, validateStackResourcesOfType } from "@pulumi/policy";
import { byPillar, CATALOG, policyNamed } from "../../policies/catalog";
import { PILLARS } from "../../policies/core";
import { evaluatePack, loadPolicyConfig, NotApplicable, resolvePolicyConfig, resourceArgs, stackArgs } from "../../policies/evaluate";
import { RESOURCE_WILDCARD_ACTIONS } from "../../policies/iam";
import { taskStates } from "../../policies/stepfunctions";
import { CASES } from "./cases";
import { fn, queue, res, T, violations } from "./fixtures";

const POLICIES_DIR = path.resolve(__dirname, "../../policies");

describe("policy pack: catalogue", () => {
    it("GIVEN the catalogue THEN it holds at least 100 uniquely named policies, none named 'all'", () => {
        const names = CATALOG.map((p) => p.name);
        expect(names.length).to.be.at.least(100);
        expect(new Set(names).size).to.equal(names.length);
        expect(names).not.to.include("all");
    });

    for (const policy of CATALOG) {
        it(`GIVEN ${policy.name} THEN it names its pillar, describes itself, says how to fix, and has a configurable level`, () => {
            expect(PILLARS).to.include(policy.pillar);
            expect(policy.description).to.match(new RegExp(`^\\[${policy.pillar}\\] .{20,}`));
            expect(policy.remediationSteps ?? "").to.have.length.greaterThan(10);
            expect(policy.sources.length).to.be.greaterThan(0);
            expect(policy.enforcementLevel).to.equal("mandatory");
            expect(Object.keys(policy.configSchema?.properties ?? {})).not.to.include("enforcementLevel");
            expect(policy.tags).to.include(`pillar:${policy.pillar}`);
        });
    }

    it("GIVEN the pillars THEN every pillar has at least one policy", () => {
        for (const [pillar, names] of Object.entries(byPillar())) expect(names.length, pillar).to.be.greaterThan(0);
    });
});

describe("policy pack: fixtures", () => {
    it("GIVEN the catalogue THEN every policy has a passing and a failing fixture, and no fixture names an unknown policy", () => {
        const missing = CATALOG.filter((p) => !CASES[p.name] || CASES[p.name].pass.length === 0 || CASES[p.name].fail.length === 0).map((p) => p.name);
        expect(missing, "policies without a fixture pair").to.deep.equal([]);
        for (const name of Object.keys(CASES)) expect(() => policyNamed(name)).not.to.throw();
    });

    for (const [name, { pass, fail }] of Object.entries(CASES)) {
        describe(name, () => {
            pass.forEach((c, i) => it(`GIVEN passing fixture ${i + 1} WHEN checked THEN no violation`, () => {
                expect(violations(name, c.resources, c.config)).to.deep.equal([]);
            }));
            fail.forEach((c, i) => it(`GIVEN failing fixture ${i + 1} WHEN checked THEN a violation names the resource, the problem and the fix`, () => {
                const messages = violations(name, c.resources, c.config);
                expect(messages.length, "violations").to.be.greaterThan(0);
                for (const message of messages) {
                    expect(c.resources.some((r) => message.includes(`"${r.name}"`)), `${message} names a fixture resource`).to.equal(true);
                    expect(message).to.match(/: .+\. Fix: .+\.$/);
                    if (c.expect) expect(message).to.match(c.expect);
                }
            }));
        });
    }

    it("GIVEN a dev stack with four idle-billed resources WHEN scale-to-zero runs THEN each is reported", () => {
        const messages = violations("scale-to-zero", [
            res(T.metricAlarm, "dlq-depth", {}), res(T.dashboard, "flow", {}),
            res(T.table, "orders", { billingMode: "PROVISIONED" }), res("aws:ec2/natGateway:NatGateway", "nat", {}),
        ], { stackClass: "dev" });
        expect(messages).to.have.length(4);
        expect(messages.join("\n")).to.match(/billed as a dashboard, per month/).and.match(/NAT gateway/);
    });

    it("GIVEN nested Map and Parallel states WHEN tasks are listed THEN every Task is found with its path", () => {
        const tasks = taskStates({
            StartAt: "A",
            States: {
                A: { Type: "Task", Next: "P" },
                P: { Type: "Parallel", Next: "M", Branches: [{ StartAt: "B", States: { B: { Type: "Task", End: true } } }] },
                M: { Type: "Map", End: true, Iterator: { StartAt: "C", States: { C: { Type: "Pass", Next: "D" }, D: { Type: "Task", End: true } } } },
            },
        });
        expect(tasks.map((t) => t.path)).to.deep.equal(["A", "P/branch 0/B", "M/item/D"]);
    });

    it("GIVEN the IAM allow-list THEN it holds exactly the actions without resource-level permissions", () => {
        expect(RESOURCE_WILDCARD_ACTIONS).to.include.members(["xray:PutTraceSegments", "xray:PutTelemetryRecords", "logs:CreateLogDelivery", "logs:DescribeLogGroups"]);
        expect(RESOURCE_WILDCARD_ACTIONS.every((a) => /^(xray|logs):[A-Z]\w+$/.test(a))).to.equal(true);
    });
});

describe("policy pack: fake arguments behave like @pulumi/policy's", () => {
    it("GIVEN validateResourceOfType from @pulumi/policy WHEN given our ResourceValidationArgs THEN it runs for its type and is not applicable otherwise", () => {
        const seen: string[] = [];
        const validate = validateResourceOfType(aws.sqs.Queue, (props, args) => { seen.push(`${args.name}:${String(props.sqsManagedSseEnabled)}`); });
        void validate(resourceArgs(queue("q"), "test"), () => undefined);
        expect(seen).to.deep.equal(["q:true"]);
        expect(() => validate(resourceArgs(fn("f"), "test"), () => undefined)).to.throw(/not applicable|aws:sqs/i);
        const args = resourceArgs(fn("f"), "test");
        expect(args.isType(aws.lambda.Function)).to.equal(true);
        expect(args.asType(aws.lambda.Function)?.runtime).to.equal("nodejs22.x");
        expect(args.stackTags.size).to.equal(0);
        expect(() => args.notApplicable("why")).to.throw(NotApplicable, /why/);
    });

    it("GIVEN validateStackResourcesOfType WHEN given our StackValidationArgs THEN it sees only resources of its type, with outputs merged into props", () => {
        const names: string[] = [];
        const validate = validateStackResourcesOfType(aws.sqs.Queue, (queues, args) => {
            names.push(...args.resources.map((r, i) => `${r.name}:${String((queues[i] as { url?: unknown }).url)}`));
        });
        void validate(stackArgs([queue("q"), fn("f")], "test"), () => undefined);
        expect(names).to.deep.equal(["q:https://sqs.us-east-1.amazonaws.com/123456789012/q"]);
    });
});

describe("policy pack: configuration", () => {
    const readJson = (file: string) => JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, file), "utf8")) as PolicyPackConfig;

    it("GIVEN policies/dev.json THEN every policy is advisory and scale-to-zero applies to the stack as dev", () => {
        const config = loadPolicyConfig("dev");
        for (const policy of CATALOG) expect(resolvePolicyConfig(config, policy).enforcementLevel, policy.name).to.equal("advisory");
        expect(resolvePolicyConfig(config, policyNamed("scale-to-zero")).properties).to.deep.equal({ stackClass: "dev" });
    });

    it("GIVEN the settings that cost money while idle THEN neither stack requires them (prod's idle budget is the key, alarms and dashboard)", () => {
        const dev = loadPolicyConfig("dev");
        const prod = loadPolicyConfig("prod");
        for (const config of [dev, prod]) {
            expect(resolvePolicyConfig(config, policyNamed("waf-web-acl")).properties).to.deep.equal({ webAclRequired: false });
            expect(resolvePolicyConfig(config, policyNamed("cloudfront-viewer-tls")).properties).to.include({ allowDefaultCertificate: true, minimumProtocolVersion: "TLSv1.2_2021" });
        }
        expect(resolvePolicyConfig(dev, policyNamed("cognito-deletion-protection")).properties).to.deep.equal({ stackClass: "dev" });
        expect(resolvePolicyConfig(prod, policyNamed("cognito-deletion-protection")).properties).to.deep.equal({ stackClass: "prod" });
    });

    it("GIVEN a policy whose check a config property switches off WHEN the property is set THEN it reports nothing, and without the file it applies", () => {
        const site = res(T.distribution, "site", { viewerCertificate: { cloudfrontDefaultCertificate: true }, restrictions: { geoRestriction: { restrictionType: "none" } } });
        expect(evaluatePack([site], "dev").filter((f) => ["waf-web-acl", "cloudfront-viewer-tls", "cloudfront-geo-restriction"].includes(f.policy))).to.deep.equal([]);
        expect(evaluatePack([site], "test", {}).map((f) => f.policy)).to.include.members(["waf-web-acl", "cloudfront-viewer-tls", "cloudfront-geo-restriction"]);
    });

    it("GIVEN policies/prod.json THEN every policy is mandatory and prod-only checks apply", () => {
        const config = loadPolicyConfig("prod");
        for (const policy of CATALOG) expect(resolvePolicyConfig(config, policy).enforcementLevel, policy.name).to.equal("mandatory");
        expect(resolvePolicyConfig(config, policyNamed("sqs-dlq-alarm")).properties).to.deep.equal({ stackClass: "prod" });
    });

    it("GIVEN both config files THEN every key is `all` or a policy, and every property is declared in that policy's schema (the CLI validates it)", () => {
        for (const file of ["dev.json", "prod.json"]) {
            for (const [key, value] of Object.entries(readJson(file))) {
                if (key === "all") { expect(["advisory", "mandatory"]).to.include(value); continue; }
                const policy = policyNamed(key);
                const declared = Object.keys(policy.configSchema?.properties ?? {});
                for (const property of Object.keys(typeof value === "object" ? value : {}).filter((k) => k !== "enforcementLevel")) {
                    expect(declared, `${file}: ${key}.${property}`).to.include(property);
                }
            }
        }
    });

    it("GIVEN a per-policy level WHEN resolved THEN it overrides `all`, and a disabled policy reports nothing", () => {
        const config: PolicyPackConfig = { all: "mandatory", "lambda-arm64": "disabled", "logs-retention": { enforcementLevel: "advisory", maximumDays: 14 } };
        expect(resolvePolicyConfig(config, policyNamed("lambda-tracing-active")).enforcementLevel).to.equal("mandatory");
        expect(resolvePolicyConfig(config, policyNamed("logs-retention"))).to.deep.equal({ enforcementLevel: "advisory", properties: { maximumDays: 14 } });
        expect(resolvePolicyConfig({}, policyNamed("lambda-current-runtime")).properties).to.deep.equal({ maxVersionsBehind: 1 });
        const findings = evaluatePack([fn("f", { architectures: ["x86_64"] })], "test", config);
        expect(findings.map((f) => f.policy)).to.include("lambda-log-group-retention").and.not.include("lambda-arm64");
        expect(findings.find((f) => f.policy === "lambda-log-group-retention")).to.include({ enforcementLevel: "mandatory", pillar: "Operational Excellence", resourceName: "f", resourceType: T.function });
    });
});

describe("policy pack: packaging", () => {
    it("GIVEN policies/ THEN it is a self-sufficient CrossGuard pack: PulumiPolicy.yaml, a versioned package.json, no lockfile", () => {
        expect(fs.readFileSync(path.join(POLICIES_DIR, "PulumiPolicy.yaml"), "utf8")).to.match(/^runtime: nodejs$/m).and.match(/^name: order-platform-policies$/m).and.match(/^description: .+/m);
        const pkg = JSON.parse(fs.readFileSync(path.join(POLICIES_DIR, "package.json"), "utf8"));
        expect(pkg.name).to.equal("order-platform-policies");
        expect(pkg.version).to.match(/^\d+\.\d+\.\d+$/);
        expect(pkg.dependencies).to.deep.equal({ "@pulumi/policy": "^1.21.0", "@pulumi/pulumi": "^3.0.0" });
        expect(fs.existsSync(path.join(POLICIES_DIR, "package-lock.json"))).to.equal(false);
    });

    it("GIVEN the policy modules THEN only index.ts constructs the PolicyPack, and they import nothing outside the pack but @pulumi/policy and the shared idle-cost list", () => {
        // pricing/hourlyBilled.ts is shared with the stack tests and the plan; it imports nothing, so the pack's
        // own dependencies still suffice when the CLI installs them in policies/.
        const shared = fs.readFileSync(path.join(POLICIES_DIR, "../pricing/hourlyBilled.ts"), "utf8");
        expect([...shared.matchAll(/^import /gm)]).to.have.length(0);
        for (const file of fs.readdirSync(POLICIES_DIR).filter((f) => f.endsWith(".ts"))) {
            const source = fs.readFileSync(path.join(POLICIES_DIR, file), "utf8");
            expect(/new PolicyPack\(/.test(source), file).to.equal(file === "index.ts");
            const imports = [...source.matchAll(/from "([^"]+)"/g)].map((m) => m[1]);
            const allowed = [...(file === "evaluate.ts" ? ["fs", "path"] : []), ...(file === "scaleToZero.ts" ? ["../pricing/hourlyBilled"] : [])];
            for (const spec of imports) expect(spec.startsWith("./") || spec === "@pulumi/policy" || allowed.includes(spec), `${file} imports ${spec}`).to.equal(true);
        }
    });
});
