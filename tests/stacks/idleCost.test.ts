/**
 * "Does it cost nothing when idle?" dev: nothing billed by the hour or month. prod: only the key, the alarms and
 * the dashboard, each justified. The list of what is billed while idle is pricing/hourlyBilled.ts, shared
 * with the policy pack and the offline plan; pricing/freeWhileIdle.ts names every other type the stacks create.
 */
import { expect } from "chai";
import { billedPerInstead, FREE_WHILE_IDLE } from "../../pricing/freeWhileIdle";
import { billedFor, HOURLY_BILLED, IDLE_PRICE_KEYS, idleCharges, isHourlyBilled } from "../../pricing/hourlyBilled";
import { PRICES } from "../../pricing/prices";
import { MockResource } from "../harness";
import { deadLetterQueues, RecordedRun, stackRun } from "./stackRuns";

/** Whether a type token names a real @pulumi/aws resource class. */
function realType(type: string): boolean {
    const [, modulePath, className] = type.split(":");
    const [module, file] = modulePath.split("/");
    return require(`@pulumi/aws/${module}/${file}`)[className]?.__pulumiType === type;
}

describe("hourlyBilled: the resource types billed while idle", () => {
    it("GIVEN every type of both lists THEN it is a real @pulumi/aws type token, listed once per list", () => {
        for (const list of [HOURLY_BILLED, FREE_WHILE_IDLE]) {
            const seen = new Set<string>();
            for (const { type } of list) {
                expect(seen.has(type), `${type} listed twice`).to.equal(false);
                seen.add(type);
                expect(realType(type), type).to.equal(true);
            }
        }
    });

    it("GIVEN a type on both lists THEN only because its configuration decides (a provisioned table is billed, an on-demand one is not)", () => {
        const billed = new Set(HOURLY_BILLED.map((e) => e.type));
        expect(FREE_WHILE_IDLE.map((e) => e.type).filter((t) => billed.has(t))).to.deep.equal(["aws:dynamodb/table:Table"]);
    });

    it("GIVEN the types the policy pack used to list on its own THEN each is billed here, with a price", () => {
        for (const [type, inputs] of [
            ["aws:eks/cluster:Cluster", {}], ["aws:eks/nodeGroup:NodeGroup", {}], ["aws:ec2/dedicatedHost:DedicatedHost", {}],
            ["aws:batch/computeEnvironment:ComputeEnvironment", { computeResources: { minVcpus: 4 } }], ["aws:rds/proxy:Proxy", {}],
            ["aws:keyspaces/table:Table", { capacitySpecification: { throughputMode: "PROVISIONED" } }], ["aws:route53/healthCheck:HealthCheck", {}],
            ["aws:transfer/server:Server", { protocols: ["SFTP", "FTPS"] }], ["aws:waf/webAcl:WebAcl", {}], ["aws:wafregional/webAcl:WebAcl", {}],
        ] as const) {
            expect(isHourlyBilled(type, inputs), type).to.equal(true);
            for (const charge of idleCharges(type, inputs)) expect((PRICES as Record<string, { usd: number }>)[charge.priceKey]?.usd, `${type} ${charge.priceKey}`).to.be.above(0);
        }
        expect(idleCharges("aws:transfer/server:Server", { protocols: ["SFTP", "FTPS"] })).to.deep.equal([{ priceKey: "transfer.protocolEndpoint", units: 2 }]);
        expect(isHourlyBilled("aws:batch/computeEnvironment:ComputeEnvironment", { computeResources: { minVcpus: 0 } })).to.equal(false);
        expect(isHourlyBilled("aws:keyspaces/table:Table", { capacitySpecification: { throughputMode: "PAY_PER_REQUEST" } })).to.equal(false);
    });

    it("GIVEN an EventBridge pipe THEN polling a DynamoDB stream is billed every month (a Lambda trigger's polling is free); an SQS source is not", () => {
        const stream = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-12-01T00:00:00.000";
        expect(idleCharges("aws:pipes/pipe:Pipe", { source: stream })).to.deep.equal([{ priceKey: "pipes.streamShardPolling", units: 1 }]);
        expect(idleCharges("aws:pipes/pipe:Pipe", {})).to.deep.equal([{ priceKey: "pipes.streamShardPolling", units: 1 }]);
        expect(isHourlyBilled("aws:pipes/pipe:Pipe", { source: "arn:aws:sqs:us-east-1:123456789012:queue" })).to.equal(false);
        expect(isHourlyBilled("aws:lambda/eventSourceMapping:EventSourceMapping", { eventSourceArn: stream })).to.equal(false);
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

    it("GIVEN the serverless services the platform uses THEN none is billed while idle, and each says what it is billed for instead", () => {
        for (const type of [
            "aws:lambda/function:Function", "aws:apigatewayv2/api:Api", "aws:apigatewayv2/stage:Stage", "aws:cloudwatch/eventBus:EventBus",
            "aws:cloudwatch/eventRule:EventRule", "aws:sfn/stateMachine:StateMachine", "aws:sqs/queue:Queue", "aws:sns/topic:Topic",
            "aws:s3/bucket:Bucket", "aws:cloudwatch/logGroup:LogGroup", "aws:cloudwatch/eventArchive:EventArchive", "aws:iot/authorizer:Authorizer",
            "aws:cloudfront/distribution:Distribution", "aws:cognito/userPool:UserPool", "aws:cloudwatch/logDelivery:LogDelivery",
        ]) {
            expect(isHourlyBilled(type, {}), type).to.equal(false);
            expect(billedFor(type, {}), type).to.equal(undefined);
            expect(billedPerInstead(type), type).to.be.a("string");
        }
        expect(billedPerInstead("aws:cloudfront/distribution:Distribution")).to.match(/no monthly fee/);
        expect(billedPerInstead("aws:cognito/userPool:UserPool")).to.match(/monthly active user/);
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

/** Types a run creates that neither list classifies. */
function unclassified(run: RecordedRun): string[] {
    return [...new Set(run.resources.filter((r) => !r.type.startsWith("orders:") && !isHourlyBilled(r.type, r.inputs) && billedPerInstead(r.type) === undefined).map((r) => r.type))].sort();
}

describe("GIVEN the dev stack", () => {
    let dev: RecordedRun;
    before(async () => {
        dev = await stackRun("dev");
    });

    it("THEN every type it creates is classified: billed while idle, or free with what it is billed for instead", () => {
        expect(unclassified(dev)).to.deep.equal([]);
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

    it("THEN every type it creates is classified: billed while idle, or free with what it is billed for instead", () => {
        expect(unclassified(prod)).to.deep.equal([]);
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
