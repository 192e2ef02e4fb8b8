import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { MockResource } from "../harness";
import { PlanResult, main, updateFlowDocument } from "../../scripts/plan";
import type { Evaluate } from "../../scripts/plan/policy";

interface Run { code: number; out: string; err: string; flow: string }

async function runPlan(argv: string[], extra: Parameters<typeof main>[1] = {}): Promise<Run> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plan-"));
    const flowFile = path.join(dir, "flow.md");
    let out = "";
    let err = "";
    const code = await main(argv, { out: (t) => { out += t; }, err: (t) => { err += t; }, flowFile, ...extra });
    const flow = fs.existsSync(flowFile) ? fs.readFileSync(flowFile, "utf8") : "";
    fs.rmSync(dir, { recursive: true, force: true });
    return { code, out, err, flow };
}

const section = (out: string, title: string): string => {
    const start = out.indexOf(`== ${title}`);
    expect(start, `section ${title}`).to.be.greaterThan(-1);
    const end = out.indexOf("\n== ", start + 1);
    return out.slice(start, end === -1 ? undefined : end);
};

describe("offline plan (scripts/plan.ts)", function () {
    this.timeout(180_000);
    let dev: Run;
    let prod: Run;
    let prodJson: PlanResult;

    const recorded: Record<string, MockResource[]> = {};
    // The real path (runProgram with the stack's Pulumi.<stack>.yaml), keeping what it recorded for the cheaper reruns.
    const recording = async (stack: string) => {
        const { runProgram } = await import("../harness");
        recorded[stack] = (await runProgram(stack)).resources;
        return recorded[stack];
    };

    before(async () => {
        dev = await runPlan(["dev"], { program: recording });
        prod = await runPlan(["prod"], { program: recording });
        prodJson = JSON.parse((await runPlan(["prod", "--json"], { program: async () => recorded.prod })).out) as PlanResult;
    });

    it("GIVEN dev WHEN planned THEN it prints the resource table with each function's runtime, architecture and memory", () => {
        const table = section(dev.out, "1. Resources");
        expect(table).to.match(/lambda:Function\s+orders-place-order\s+nodejs22\.x arm64 256 MB/);
        expect(table).to.match(/dynamodb:Table\s+orders-orders\s+PAY_PER_REQUEST/);
        expect(table).to.match(/sfn:StateMachine\s+orders-customer-router\s+EXPRESS, log ALL/);
        expect(table).to.match(/cloudwatch:LogGroup\s+\S+\s+retention 7 d/);
    });

    it("GIVEN dev WHEN planned THEN the findings section shows the pack's advisory findings and the command exits 0", () => {
        expect(section(dev.out, "2. Policy findings")).to.include("policies/dev.json");
        expect(dev.out).to.match(/findings: 0 mandatory, \d+ advisory/);
        expect(dev.code).to.equal(0);
    });

    it("GIVEN dev WHEN planned THEN the diagram has the bus and every rule's target has its DLQ edge, and docs/flow.md gets the same text", () => {
        const diagram = section(dev.out, "3. Event flow");
        expect(diagram).to.include(`bus_orders_bus(["bus orders-bus"])`);
        const rules = [...diagram.matchAll(/^\s+(rule_\w+)\{\{/gm)].map((m) => m[1]);
        expect(rules.length).to.be.greaterThan(3);
        for (const rule of rules) expect(diagram, rule).to.match(new RegExp(`${rule} -\\.->\\|"undeliverable"\\| dlq_\\w+`));
        expect(diagram).to.match(/rule_orders_customer_router_rule\{\{"orders-customer-router-rule<br\/>OrderPlaced"\}\}/);
        const mermaid = /```mermaid\n([\s\S]*?)\n```/.exec(diagram)![1];
        expect(dev.flow).to.include(`## dev\n\n\`\`\`mermaid\n${mermaid}\n\`\`\``);
    });

    it("GIVEN the same resources in another order WHEN planned THEN the diagram is identical (no churn in docs/flow.md)", async () => {
        const again = await runPlan(["dev"], { program: async () => [...recorded.dev].reverse() });
        expect(again.flow).to.equal(dev.flow);
    });

    it("GIVEN dev WHEN planned THEN nothing is billed by the hour: idle cost $0.00", () => {
        expect(section(dev.out, "4. Idle cost")).to.include("Nothing is billed by the hour or month.");
        expect(dev.out).to.match(/idle cost: \$0\.00 per month \(0 billed items\)/);
    });

    it("GIVEN prod WHEN planned THEN the idle cost itemises the key, the alarms and the dashboard", () => {
        const types = new Set(prodJson.idle.map((i) => i.type));
        expect([...types].sort()).to.deep.equal(["aws:cloudwatch/dashboard:Dashboard", "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:kms/key:Key"]);
        const idle = section(prod.out, "4. Idle cost");
        expect(idle).to.match(/customer-managed KMS key.*\$1\.00/);
        expect(idle).to.match(/dashboard.*\$3\.00/);
        const alarms = prodJson.idle.filter((i) => i.type === "aws:cloudwatch/metricAlarm:MetricAlarm").length;
        expect(prodJson.idleMonthlyUsd).to.be.closeTo(1 + 3 + alarms * 0.1, 1e-9);
    });

    it("GIVEN dev (Express, arm64) WHEN priced per 1M orders THEN it is at least 2x cheaper than the naive build", () => {
        const m = /cost per 1M orders: \$([\d,.]+) vs naive \$([\d,.]+) \(([\d.]+)x cheaper\)/.exec(dev.out)!;
        expect(m, "summary line").to.not.equal(null);
        const [ours, naive] = [Number(m[1].replace(/,/g, "")), Number(m[2].replace(/,/g, ""))];
        expect(naive / ours).to.be.at.least(2);
        expect(section(dev.out, "5. Cost per 1M orders")).to.match(/Step Functions\s+\$[\d.]+\s+\$[\d.]+\s+\d+\.\dx/);
    });

    it("GIVEN prod WHEN priced THEN each service has a line from its own config (Express workflows, 512 MB arm64) and is at least 2x below naive (SPEC 7)", () => {
        const c = prodJson.perMillionOrders;
        expect(c.stack.map((s) => s.service)).to.include.members(["API Gateway", "EventBridge", "Step Functions", "Lambda", "DynamoDB", "SQS", "S3", "IoT Core", "CloudWatch Logs", "X-Ray"]);
        expect(c.lines.some((l) => /orders-process-order executions \(Express\)/.test(l.item))).to.equal(true);
        expect(c.lines.some((l) => /GB-s \(arm64, 512 MB\)/.test(l.item))).to.equal(true);
        expect(c.ratio).to.be.at.least(2);
        expect(c.notes).to.deep.equal([]);
    });

    describe("exit code", () => {
        const fake: MockResource[] = [{ type: "aws:sqs/queue:Queue", name: "q", inputs: {}, state: { arn: "arn:aws:sqs:us-east-1:1:q" }, id: "q-id" }];
        const program = async () => fake;

        it("GIVEN a mandatory finding WHEN planned THEN it exits 1 and names the policy on stderr", async () => {
            const evaluate: Evaluate = () => [{ policy: "sqs-tls-only", enforcementLevel: "mandatory", resourceName: "q", message: "deny non-TLS" }];
            const run = await runPlan(["prod"], { program, evaluate });
            expect(run.code).to.equal(1);
            expect(run.err).to.match(/1 mandatory policy violation: sqs-tls-only/);
            expect(run.out).to.match(/MANDATORY\s+sqs-tls-only\s+q\s+deny non-TLS/);
        });

        it("GIVEN only advisory (and disabled) findings WHEN planned THEN it exits 0", async () => {
            const evaluate: Evaluate = () => [
                { policy: "p", enforcementLevel: "advisory", resourceName: "q", message: "m" },
                { policy: "off", enforcementLevel: "disabled", resourceName: "q", message: "m" },
            ];
            const run = await runPlan(["dev"], { program, evaluate });
            expect(run.code).to.equal(0);
            expect(run.out).to.match(/findings: 0 mandatory, 1 advisory/);
        });

        it("GIVEN no stack, an unknown stack or an unknown flag WHEN run THEN it exits 2 with the usage", async () => {
            for (const argv of [[], ["staging"], ["dev", "--verbose"]]) {
                const run = await runPlan(argv, { program });
                expect(run.code, argv.join(" ")).to.equal(2);
                expect(run.err).to.match(/usage: npm run plan -- <stack> \[--json\]/);
            }
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
