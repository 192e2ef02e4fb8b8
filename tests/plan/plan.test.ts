import { expect } from "chai";
import { execFile } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { MockResource } from "../harness";
import { EVENT_NAMES } from "../../contracts";
import { FLOW_FILE, main, PlanResult, render, ROOT, updateFlowDocument } from "../../scripts/plan";
import { flowDocument } from "../../scripts/plan/flow";
import type { Evaluate } from "../../scripts/plan/policy";
import { planOf } from "./planRuns";

interface Run { code: number; out: string; err: string }

async function runMain(argv: string[], extra: Parameters<typeof main>[1] = {}): Promise<Run> {
    let out = "";
    let err = "";
    const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; }, ...extra });
    return { code, out, err };
}

const section = (out: string, title: string): string => {
    const start = out.indexOf(`== ${title}`);
    expect(start, `section ${title}`).to.be.greaterThan(-1);
    const end = out.indexOf("\n== ", start + 1);
    return out.slice(start, end === -1 ? undefined : end);
};

describe("offline plan (scripts/plan.ts)", function () {
    this.timeout(180_000);
    let dev: PlanResult;
    let prod: PlanResult;
    let devText: string;
    let documentedCommand: Promise<string>;
    before(async () => {
        // The documented command runs in its own process, which evaluates the program again: started first, it runs
        // while this process plans.
        documentedCommand = new Promise<string>((resolve, reject) => execFile("npm", ["run", "-s", "plan", "--", "dev", "--json"],
            { cwd: ROOT, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" } },
            (error, out) => (error ? reject(error) : resolve(out))));
        documentedCommand.catch(() => undefined); // awaited, with its error, by its test
        [dev, prod] = [await planOf("dev"), await planOf("prod")];
        devText = render(dev, undefined);
    });

    it("GIVEN dev WHEN planned THEN it prints the resource table with each function's runtime, architecture and memory", () => {
        const table = section(devText, "1. Resources");
        expect(table).to.match(/lambda:Function\s+orders-place-order\s+nodejs22\.x arm64 256 MB/);
        expect(table).to.match(/dynamodb:Table\s+orders-orders\s+PAY_PER_REQUEST/);
        expect(table).to.match(/sfn:StateMachine\s+orders-customer-router\s+EXPRESS, log ALL/);
        expect(table).to.match(/cloudwatch:LogGroup\s+\S+\s+retention 7 d/);
    });

    it("GIVEN both stacks WHEN planned THEN no policy finding is mandatory", () => {
        expect(section(devText, "2. Policy findings")).to.include("policies/dev.json");
        for (const plan of [dev, prod]) expect(plan.findings.filter((f) => f.enforcementLevel === "mandatory")).to.deep.equal([]);
    });

    describe("the event flow", () => {
        it("GIVEN dev THEN the bus is there and every rule's target has its DLQ edge", () => {
            expect(dev.mermaid).to.include(`bus_orders_bus(["bus orders-bus"])`);
            const rules = [...dev.mermaid.matchAll(/^\s+(rule_\w+)\{\{/gm)].map((m) => m[1]);
            expect(rules.length).to.be.greaterThan(3);
            for (const rule of rules) expect(dev.mermaid, rule).to.match(new RegExp(`${rule} -\\.->\\|"undeliverable"\\| dlq_\\w+`));
        });

        it("GIVEN both stacks THEN every contract event, OrderFailed included, has a producer edge into the bus labelled with it", () => {
            for (const plan of [dev, prod]) {
                const produced = new Set([...plan.mermaid.matchAll(/-->\|"([^"]+)"\| bus_orders_bus/g)].flatMap((m) => m[1].split(", ")));
                expect(EVENT_NAMES.filter((e) => !produced.has(e)), plan.stack).to.deep.equal([]);
            }
        });

        it("GIVEN the receipts bucket THEN it is labelled with its logical name, not a mock id", () => {
            expect(dev.mermaid).to.match(/s3_receipts_bucket\[\("S3 receipts-bucket"\)\]/);
            expect(dev.mermaid).to.not.match(/-id\b/);
        });

        it("GIVEN docs/flow.md THEN it holds exactly the diagrams the plan derives for both stacks (regenerate with --write-flow)", () => {
            expect(fs.readFileSync(FLOW_FILE, "utf8")).to.equal(flowDocument({ dev: dev.mermaid, prod: prod.mermaid }));
        });
    });

    describe("idle cost", () => {
        it("GIVEN dev THEN nothing is billed while idle: $0.00", () => {
            expect(dev.idle).to.deep.equal([]);
            expect(dev.idleMonthlyUsd).to.equal(0);
            expect(dev.summary).to.include("idle cost: $0.00 per month (0 billed items)");
        });

        it("GIVEN prod THEN only the key, the alarms and the dashboard, itemised by kind", () => {
            expect(prod.idleByKind.map((k) => k.kind).sort()).to.deep.equal(["cloudwatch:Dashboard", "cloudwatch:MetricAlarm", "kms:Key"]);
            const alarms = prod.idle.filter((i) => i.type === "aws:cloudwatch/metricAlarm:MetricAlarm").length;
            expect(prod.idleMonthlyUsd).to.be.closeTo(1 + 3 + alarms * 0.1, 1e-9);
            expect(section(render(prod, undefined), "4. Idle cost")).to.match(/customer-managed KMS key.*\$1\.00/).and.match(/dashboard.*\$3\.00/);
        });
    });

    describe("cost per 1M orders", () => {
        it("GIVEN both stacks THEN the order flow is at least 2x below the naive build, and the headline says by how much", () => {
            for (const plan of [dev, prod]) {
                const c = plan.perMillionOrders;
                expect(c.ratio, plan.stack).to.be.at.least(2);
                expect(c.ratio).to.be.closeTo(c.naiveFlowUsd / c.flowUsd, 1e-9);
                const m = /cost per 1M orders: \$([\d,.]+) vs naive \$([\d,.]+) \(([\d.]+)x cheaper\), plus Cognito \$([\d,.]+)/.exec(plan.summary.join("\n"))!;
                expect(m, "summary line").to.not.equal(null);
                expect(Number(m[3])).to.equal(Number(c.ratio.toFixed(1)));
            }
        });

        it("GIVEN prod THEN every service of the flow has lines from its own config and the sum of the lines is the total", () => {
            const c = prod.perMillionOrders;
            expect(c.stack.map((s) => s.service)).to.include.members(["API Gateway", "EventBridge", "Step Functions", "Lambda", "DynamoDB", "SQS", "S3",
                "IoT Core", "CloudWatch Logs", "X-Ray", "CloudFront", "Cognito"]);
            expect(c.lines.some((l) => /orders-process-order executions \(Express\)/.test(l.item))).to.equal(true);
            expect(c.lines.some((l) => /GB-s \(arm64, 512 MB/.test(l.item))).to.equal(true);
            expect(c.lines.reduce((s, l) => s + l.usd, 0)).to.be.closeTo(c.totalUsd, 1e-6);
            expect(c.notes.filter((n) => !/CORS preflights/.test(n))).to.deep.equal([]);
        });

        it("GIVEN the design decisions THEN each has its saving, Express vs Standard saves most, and the naive build costs their compound", () => {
            for (const plan of [dev, prod]) {
                const c = plan.perMillionOrders;
                expect(c.decisions.map((d) => d.decision)).to.deep.equal(["workflow type", "service calls in workflows", "function architecture",
                    "function memory", "log levels", "AWS SDK", "X-Ray"]);
                const best = [...c.decisions].sort((a, b) => b.savingUsd - a.savingUsd)[0];
                expect(best.decision).to.equal("workflow type");
                expect(c.decisions.find((d) => d.decision === "function architecture")!.savingUsd).to.be.above(0);
                expect(c.decisions.find((d) => d.decision === "X-Ray")!.savingUsd).to.be.above(0);
            }
            expect(section(render(prod, undefined), "5. Cost per 1M orders")).to.include("Saving per design decision");
        });

        it("GIVEN the assumptions doubled one at a time THEN the orders a customer places a month (Cognito's MAU) dominates", () => {
            expect(prod.perMillionOrders.sensitivities[0].assumption).to.equal("ordersPerCustomerPerMonth");
            expect(prod.perMillionOrders.dominant).to.match(/^ordersPerCustomerPerMonth \(doubling it changes the total by -\$/);
        });
    });

    describe("the command", () => {
        const fake: MockResource[] = [{ type: "aws:sqs/queue:Queue", name: "q", inputs: {}, state: { arn: "arn:aws:sqs:us-east-1:1:q" }, id: "q-id" }];
        const program = async () => fake;

        it("GIVEN a mandatory finding WHEN planned THEN it exits 1 and names the policy on stderr", async () => {
            const evaluate: Evaluate = () => [{ policy: "sqs-tls-only", enforcementLevel: "mandatory", resourceName: "q", message: "deny non-TLS" }];
            const run = await runMain(["prod"], { program, evaluate });
            expect(run.code).to.equal(1);
            expect(run.err).to.match(/1 mandatory policy violation: sqs-tls-only/);
            expect(run.out).to.match(/MANDATORY\s+sqs-tls-only\s+q\s+deny non-TLS/);
        });

        it("GIVEN only advisory (and disabled) findings WHEN planned THEN it exits 0", async () => {
            const evaluate: Evaluate = () => [
                { policy: "p", enforcementLevel: "advisory", resourceName: "q", message: "m" },
                { policy: "off", enforcementLevel: "disabled", resourceName: "q", message: "m" },
            ];
            const run = await runMain(["dev"], { program, evaluate });
            expect(run.code).to.equal(0);
            expect(run.out).to.match(/findings: 0 mandatory, 1 advisory/);
        });

        it("GIVEN no stack, an unknown stack, two stacks, an unknown flag or --out without a file THEN it exits 2 with the usage", async () => {
            for (const argv of [[], ["staging"], ["dev", "prod"], ["dev", "--verbose"], ["dev", "--out"]]) {
                const run = await runMain(argv, { program });
                expect(run.code, argv.join(" ")).to.equal(2);
                expect(run.err).to.match(/usage: npm run plan -- <stack> \[--json\] \[--out <file>\] \[--write-flow\]/);
            }
        });

        it("GIVEN a plan without --write-flow THEN no flow file is written; WITH it THEN only that stack's diagram changes", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
            const flowFile = path.join(dir, "flow.md");
            try {
                await runMain(["dev"], { program, flowFile, evaluate: () => [] });
                expect(fs.existsSync(flowFile)).to.equal(false);
                fs.writeFileSync(flowFile, updateFlowDocument(undefined, "prod", "flowchart LR\n    a --> b"));
                const run = await runMain(["dev", "--write-flow"], { program, flowFile, evaluate: () => [] });
                expect(run.out).to.include("(written to ");
                const written = fs.readFileSync(flowFile, "utf8");
                expect(written).to.include("## prod\n\n```mermaid\nflowchart LR\n    a --> b\n```");
                expect(written).to.include("## dev\n\n```mermaid\nflowchart LR");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("GIVEN --json --out <file> THEN the file holds the JSON and stdout nothing", async () => {
            const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
            try {
                const file = path.join(dir, "plan.json");
                const run = await runMain(["dev", "--json", "--out", file], { program, evaluate: () => [] });
                expect(run.out).to.equal("");
                expect(JSON.parse(fs.readFileSync(file, "utf8")).stack).to.equal("dev");
            } finally {
                fs.rmSync(dir, { recursive: true, force: true });
            }
        });

        it("GIVEN the documented `npm run -s plan -- dev --json` in a child process THEN stdout is exactly the plan as JSON", async () => {
            const stdout = await documentedCommand;
            const parsed = JSON.parse(stdout) as PlanResult;
            expect(parsed.summary).to.deep.equal(dev.summary);
            expect(parsed.perMillionOrders.flowUsd).to.be.closeTo(dev.perMillionOrders.flowUsd, 1e-9);
        });
    });

    it("GIVEN a flow document with both stacks WHEN one stack is updated THEN the other's diagram is kept", () => {
        const both = updateFlowDocument(updateFlowDocument(undefined, "prod", "flowchart LR\n    a --> b"), "dev", "flowchart LR\n    c --> d");
        const updated = updateFlowDocument(both, "dev", "flowchart LR\n    e --> f");
        expect(updated).to.include("## prod\n\n```mermaid\nflowchart LR\n    a --> b\n```");
        expect(updated).to.include("## dev\n\n```mermaid\nflowchart LR\n    e --> f\n```");
        expect(updated).to.not.include("c --> d");
        expect(updated.indexOf("## dev")).to.be.lessThan(updated.indexOf("## prod"));
    });
});
