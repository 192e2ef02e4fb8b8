/**
 * "Does it cost nothing when idle?" dev: nothing billed by the hour or month. prod: only the key, the alarms and
 * the dashboard, each justified. The list of what is billed while idle is pricing/hourlyBilled.ts, shared
 * with the policy pack and the offline plan.
 */
import { expect } from "chai";
import { billedFor, HOURLY_BILLED, IDLE_PRICE_KEYS, idleCharges, isHourlyBilled } from "../../pricing/hourlyBilled";
import { PRICES } from "../../pricing/prices";
import { MockResource } from "../harness";
import { deadLetterQueues, RecordedRun, stackRun } from "./stackRuns";

describe("hourlyBilled: the resource types billed while idle", () => {
    it("GIVEN every listed type THEN it is a real @pulumi/aws type token, listed once", () => {
        const seen = new Set<string>();
        for (const { type } of HOURLY_BILLED) {
            expect(seen.has(type), `${type} listed twice`).to.equal(false);
            seen.add(type);
            const [, modulePath, className] = type.split(":");
            const [module, file] = modulePath.split("/");
            const resourceClass = require(`@pulumi/aws/${module}/${file}`)[className];
            expect(resourceClass?.__pulumiType, type).to.equal(type);
        }
    });

    it("GIVEN every price key the list can produce THEN pricing/prices.ts has a monthly price for it", () => {
        expect(IDLE_PRICE_KEYS.length).to.be.greaterThan(30);
        const prices = PRICES as Record<string, { usd: number }>;
        const missing = IDLE_PRICE_KEYS.filter((key) => !(prices[key]?.usd > 0));
        expect(missing).to.deep.equal([]);
    });

    it("GIVEN the resources the brief names THEN each is billed while idle", () => {
        for (const type of [
            "aws:kms/key:Key", "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/compositeAlarm:CompositeAlarm",
            "aws:cloudwatch/dashboard:Dashboard", "aws:lambda/provisionedConcurrencyConfig:ProvisionedConcurrencyConfig",
            "aws:ec2/natGateway:NatGateway", "aws:ec2/instance:Instance", "aws:rds/instance:Instance",
            "aws:elasticache/cluster:Cluster", "aws:opensearch/domain:Domain", "aws:secretsmanager/secret:Secret", "aws:ec2/eip:Eip",
        ]) {
            expect(isHourlyBilled(type, {}), type).to.equal(true);
            expect(billedFor(type, {}), type).to.be.a("string");
        }
    });

    it("GIVEN the serverless services the platform uses THEN none is billed while idle", () => {
        for (const type of [
            "aws:lambda/function:Function", "aws:apigatewayv2/api:Api", "aws:apigatewayv2/stage:Stage", "aws:cloudwatch/eventBus:EventBus",
            "aws:cloudwatch/eventRule:EventRule", "aws:sfn/stateMachine:StateMachine", "aws:sqs/queue:Queue", "aws:sns/topic:Topic",
            "aws:s3/bucket:Bucket", "aws:cloudwatch/logGroup:LogGroup", "aws:cloudwatch/eventArchive:EventArchive", "aws:iot/authorizer:Authorizer",
        ]) {
            expect(isHourlyBilled(type, {}), type).to.equal(false);
            expect(billedFor(type, {}), type).to.equal(undefined);
        }
    });

    it("GIVEN a DynamoDB table THEN only on-demand is free when idle (PROVISIONED is the provider's default)", () => {
        expect(isHourlyBilled("aws:dynamodb/table:Table", { billingMode: "PAY_PER_REQUEST" })).to.equal(false);
        expect(idleCharges("aws:dynamodb/table:Table", {})).to.deep.equal([
            { priceKey: "dynamodb.provisionedWcu", units: 1 }, { priceKey: "dynamodb.provisionedRcu", units: 1 },
        ]);
        expect(idleCharges("aws:dynamodb/table:Table", { billingMode: "PROVISIONED", readCapacity: 5, writeCapacity: 2 })).to.deep.equal([
            { priceKey: "dynamodb.provisionedWcu", units: 2 }, { priceKey: "dynamodb.provisionedRcu", units: 5 },
        ]);
    });

    it("GIVEN configurations that decide the bill THEN the charges follow them", () => {
        expect(isHourlyBilled("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Gateway" })).to.equal(false);
        expect(isHourlyBilled("aws:ec2/vpcEndpoint:VpcEndpoint", {})).to.equal(false); // Gateway is the default type
        expect(idleCharges("aws:ec2/vpcEndpoint:VpcEndpoint", { vpcEndpointType: "Interface", subnetIds: ["a", "b", "c"] }))
            .to.deep.equal([{ priceKey: "vpc.interfaceEndpoint", units: 3 }]);
        expect(isHourlyBilled("aws:apigateway/stage:Stage", { cacheClusterEnabled: false })).to.equal(false);
        expect(isHourlyBilled("aws:apigateway/stage:Stage", { cacheClusterEnabled: true })).to.equal(true);
        expect(isHourlyBilled("aws:ssm/parameter:Parameter", { tier: "Standard" })).to.equal(false);
        expect(isHourlyBilled("aws:ssm/parameter:Parameter", { tier: "Advanced" })).to.equal(true);
        expect(isHourlyBilled("aws:ecs/service:Service", { desiredCount: 0 })).to.equal(false);
        expect(idleCharges("aws:kinesis/stream:Stream", { streamModeDetails: { streamMode: "ON_DEMAND" } })).to.deep.equal([{ priceKey: "kinesis.onDemandStream", units: 1 }]);
        expect(idleCharges("aws:kinesis/stream:Stream", { shardCount: 4 })).to.deep.equal([{ priceKey: "kinesis.shard", units: 4 }]);
    });

    it("GIVEN alarms THEN a math alarm bills each metric it reads and a sub-minute period is high resolution", () => {
        expect(idleCharges("aws:cloudwatch/metricAlarm:MetricAlarm", { period: 300 })).to.deep.equal([{ priceKey: "cloudwatch.alarm.standard", units: 1 }]);
        expect(idleCharges("aws:cloudwatch/metricAlarm:MetricAlarm", { period: 10 })).to.deep.equal([{ priceKey: "cloudwatch.alarm.highResolution", units: 1 }]);
        const math = { metricQueries: [{ id: "a", metric: { period: 60 } }, { id: "b", metric: { period: 60 } }, { id: "e", expression: "a+b" }] };
        expect(idleCharges("aws:cloudwatch/metricAlarm:MetricAlarm", math)).to.deep.equal([{ priceKey: "cloudwatch.alarm.standard", units: 2 }]);
    });
});

/** Monthly idle cost of a run, from the shared list and the price table. */
function idleBill(run: RecordedRun): { resource: MockResource; priceKey: string; units: number; usd: number }[] {
    const prices = PRICES as Record<string, { usd: number }>;
    return run.resources.flatMap((resource) => idleCharges(resource.type, resource.inputs)
        .map(({ priceKey, units }) => ({ resource, priceKey, units, usd: units * prices[priceKey].usd })));
}

describe("GIVEN the dev stack", () => {
    let dev: RecordedRun;
    before(async () => {
        dev = await stackRun("dev");
    });

    it("THEN nothing in it is billed by the hour or month: its idle cost is exactly $0.00", () => {
        const billed = idleBill(dev).map((line) => `${line.resource.type} ${line.resource.name}: ${billedFor(line.resource.type, line.resource.inputs)}`);
        expect(billed).to.deep.equal([]);
        expect(dev.resources.length).to.be.greaterThan(50);
    });
});

describe("GIVEN the prod stack", () => {
    let prod: RecordedRun;
    before(async () => {
        prod = await stackRun("prod");
    });

    it("THEN only the key, the alarms and the dashboard are billed while idle", () => {
        const types = new Set(idleBill(prod).map((line) => line.resource.type));
        expect([...types].sort()).to.deep.equal([
            "aws:cloudwatch/dashboard:Dashboard", "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:kms/key:Key",
        ]);
        expect(prod.ofType("aws:kms/key:Key")).to.have.length(1);
        expect(prod.ofType("aws:cloudwatch/dashboard:Dashboard")).to.have.length(1);
    });

    it("THEN every alarm is justified: it watches a resource of this stack, notifies the ops topic, and no two alarms watch the same metric", () => {
        const names = new Set<string>([
            ...prod.ofType("aws:sqs/queue:Queue").map((q) => q.state.name),
            ...prod.ofType("aws:lambda/function:Function").map((f) => f.state.name),
            ...prod.ofType("aws:sfn/stateMachine:StateMachine").map((m) => m.state.arn),
            ...prod.ofType("aws:cloudwatch/eventRule:EventRule").map((r) => r.state.name),
            ...prod.ofType("aws:cloudwatch/eventBus:EventBus").map((b) => b.state.name),
            ...prod.ofType("aws:apigatewayv2/api:Api").map((a) => a.id),
            ...prod.ofType("aws:apigatewayv2/stage:Stage").map((s) => s.inputs.name),
        ]);
        const seen = new Set<string>();
        for (const alarm of prod.ofType("aws:cloudwatch/metricAlarm:MetricAlarm")) {
            const dims: Record<string, string> = alarm.inputs.dimensions ?? {};
            expect(Object.keys(dims), alarm.name).to.have.length.greaterThan(0);
            for (const value of Object.values(dims)) expect(names.has(value), `${alarm.name} watches ${value}`).to.equal(true);
            expect(alarm.inputs.alarmActions, alarm.name).to.deep.equal([prod.exports.alarmTopicArn]);
            const metric = `${alarm.inputs.namespace} ${alarm.inputs.metricName} ${JSON.stringify(dims)}`;
            expect(seen.has(metric), `${metric} has two alarms`).to.equal(false);
            seen.add(metric);
        }
    });

    it("THEN the alarm count is exactly what the flow needs: per DLQ, per work queue, per function, per state machine, per rule, for the API", () => {
        const count = (type: string) => prod.ofType(type).length;
        const dlqs = deadLetterQueues(prod).length;
        const workQueues = count("aws:sqs/queue:Queue") - dlqs;
        const expected = dlqs + workQueues + 2 * count("aws:lambda/function:Function") + 2 * count("aws:sfn/stateMachine:StateMachine") +
            2 * count("aws:cloudwatch/eventRule:EventRule") + count("aws:apigatewayv2/stage:Stage");
        expect(count("aws:cloudwatch/metricAlarm:MetricAlarm")).to.equal(expected);
    });

    it("THEN its idle cost is the key plus $0.10 per alarm plus the dashboard, itemised from the price table", () => {
        const bill = idleBill(prod);
        const total = bill.reduce((sum, line) => sum + line.usd, 0);
        const alarms = prod.ofType("aws:cloudwatch/metricAlarm:MetricAlarm").length;
        expect(total).to.be.closeTo(PRICES["kms.customerManagedKey"].usd + alarms * PRICES["cloudwatch.alarm.standard"].usd + PRICES["cloudwatch.dashboard"].usd, 1e-9);
        expect(bill.every((line) => line.units >= 1)).to.equal(true);
    });
});
