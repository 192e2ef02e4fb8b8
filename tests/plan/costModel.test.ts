import { expect } from "chai";
import { ASSUMPTIONS } from "../../pricing/assumptions";
import { PRICES, PriceKey, STREAM_POLLS_PER_SHARD_MONTH } from "../../pricing/prices";
import {
    costByService, dynamoUnits, expressGbSeconds, formatUsd, idlePollingRequests, idleTotal, isPriceKey, lambdaDurationMs, lambdaGbSeconds,
    lambdaLines, lineCost, sampledShare, savingsRatio, totalCost, workflowLines,
} from "../../pricing/costModel";
import { IDLE_PRICE_KEYS } from "../../pricing/hourlyBilled";

const M = 1_000_000;
const close = (actual: number, expected: number) => expect(actual).to.be.closeTo(expected, 1e-9 * Math.max(1, Math.abs(expected)));

describe("cost model (pricing/costModel.ts)", () => {
    describe("Lambda", () => {
        it("GIVEN 10 ms of CPU at one vCPU and 40 ms of waiting WHEN run at 256 MB THEN the CPU stretches by 1769/256 and the wait does not", () => {
            close(lambdaDurationMs(10, 40, 256), 10 * 1769 / 256 + 40);
            close(lambdaDurationMs(10, 40, 1769), 50);
            close(lambdaDurationMs(10, 40, 3008), 50); // above one vCPU a single-threaded handler gets no faster
        });

        it("GIVEN 256 MB for 100 ms WHEN GB-seconds are computed THEN they are 0.25 GB x 0.1 s = 0.025, billed per 1 ms", () => {
            close(lambdaGbSeconds(256, 100), 0.025);
            close(lambdaGbSeconds(1024, 0.2), 0.001);
        });

        it("GIVEN 2 invocations per order of 50 ms at 512 MB on arm64 WHEN priced for 1M orders THEN requests are $0.40 and compute $0.67", () => {
            const [requests, compute] = lambdaLines("f", 2, 512, "arm64", 50);
            close(lineCost(requests, M), 0.40);
            close(compute.perOrder, 0.05);
            close(lineCost(compute, M), 0.05 * M * 0.0000133334);
            expect(compute.price).to.equal("lambdaArmGbSecond");
            expect(lambdaLines("f", 1, 128, "x86_64", 10)[1].price).to.equal("lambdaX86GbSecond");
        });

        it("GIVEN memory outside 128-10240 MB WHEN the duration is derived THEN it throws naming the value", () => {
            expect(() => lambdaDurationMs(1, 1, 64)).to.throw(/memoryMb must be from 128 to 10240, but 64/);
        });
    });

    describe("Step Functions", () => {
        it("GIVEN an Express execution of 130 ms at 64 MB WHEN billed THEN 200 ms x 0.0625 GB = 0.0125 GB-s", () => {
            close(expressGbSeconds(130, 64), 0.0125);
            close(expressGbSeconds(10, 64), 0.00625);
            close(expressGbSeconds(100, 65), 0.0125);
        });

        it("GIVEN 10 transitions per execution WHEN Standard THEN 1M orders cost $250; WHEN Express THEN $1 per 1M executions plus duration", () => {
            close(totalCost(workflowLines("w", "STANDARD", 1, 10, 130), M), 250);
            close(totalCost(workflowLines("w", "EXPRESS", 1, 10, 130), M), 1 + 0.0125 * M * 0.00001667);
        });
    });

    describe("X-Ray sampling (1 request a second plus 5% of the rest)", () => {
        it("GIVEN few requests a second WHEN sampled THEN nearly all are kept; GIVEN many THEN the share falls toward 5%", () => {
            close(sampledShare(0.001, 1, 0.05), (1 - Math.exp(-0.001) + 0.05 * (0.001 - 1 + Math.exp(-0.001))) / 0.001);
            expect(sampledShare(0.001, 1, 0.05)).to.be.above(0.99);
            expect(sampledShare(100, 1, 0.05)).to.be.closeTo(0.05 + 0.95 / 100, 1e-6);
            expect(sampledShare(0, 1, 0.05)).to.equal(1);
        });

        it("GIVEN 0.76 requests a second (1M a month over 12 hours a day) THEN about 72% are sampled", () => {
            expect(sampledShare(0.76, 1, 0.05)).to.be.closeTo(0.715, 0.005);
        });
    });

    describe("DynamoDB, totals and idle", () => {
        it("GIVEN operations WHEN converted to request units THEN writes, reads and transactions (double) are counted", () => {
            expect(dynamoUnits("PutItem")).to.deep.equal({ writes: 1, reads: 0 });
            expect(dynamoUnits("getitem")).to.deep.equal({ writes: 0, reads: 1 });
            expect(dynamoUnits("TransactWriteItems")).to.deep.equal({ writes: 2, reads: 0 });
            expect(dynamoUnits("DescribeTable")).to.deep.equal({ writes: 0, reads: 0 });
        });

        it("GIVEN lines of two services WHEN summed THEN each service and the total are hand-checked", () => {
            const lines = [
                { service: "DynamoDB", item: "w", perOrder: 3, price: "dynamoWriteUnit" as PriceKey },
                { service: "DynamoDB", item: "r", perOrder: 2, price: "dynamoReadUnit" as PriceKey },
                { service: "SQS", item: "q", perOrder: 3, price: "sqsRequest" as PriceKey },
            ];
            const by = costByService(lines, M);
            close(by.get("DynamoDB")!, 3 * 0.625 + 2 * 0.125);
            close(by.get("SQS")!, 1.2);
            close(totalCost(lines, M), 3.325);
            close(savingsRatio(10, 25), 2.5);
            expect(savingsRatio(0, 0)).to.equal(1);
        });

        it("GIVEN a key, two alarms and a dashboard WHEN idle THEN $1 + 2 x $0.10 + $3 = $4.20 a month", () => {
            close(idleTotal([
                { resource: "k", type: "aws:kms/key:Key", billedFor: "", price: "kms.customerManagedKey", quantity: 1 },
                { resource: "a", type: "aws:cloudwatch/metricAlarm:MetricAlarm", billedFor: "", price: "cloudwatch.alarm.standard", quantity: 2 },
                { resource: "d", type: "aws:cloudwatch/dashboard:Dashboard", billedFor: "", price: "cloudwatch.dashboard", quantity: 1 },
            ]), 4.2);
            expect(idleTotal([])).to.equal(0);
        });

        it("GIVEN one idle SQS event source WHEN Lambda long-polls it THEN 5 pollers x 180 polls/h x 730 h = 657,000 requests a month", () => {
            expect(idlePollingRequests(1)).to.equal(657_000);
        });

        it("GIVEN a pipe polling one stream shard THEN 4 GetRecords a second for 730 hours cost $2.10 a month at list price", () => {
            expect(STREAM_POLLS_PER_SHARD_MONTH).to.equal(10_512_000);
            close(PRICES["pipes.streamShardPolling"].usd, 2.10);
        });

        it("GIVEN amounts WHEN formatted THEN cents, or two significant digits below a cent", () => {
            expect(formatUsd(0)).to.equal("$0.00");
            expect(formatUsd(1234.5)).to.equal("$1,234.50");
            expect(formatUsd(0.00095)).to.equal("$0.00095");
        });
    });

    describe("the price table (pricing/prices.ts)", () => {
        it("GIVEN every price WHEN read THEN it is positive, in us-east-1, with an AWS https source, a unit and how it was confirmed", () => {
            for (const [key, price] of Object.entries(PRICES)) {
                expect(price.usd, key).to.be.greaterThan(0);
                expect(price.region, key).to.equal("us-east-1");
                expect(price.source, key).to.match(/^https:\/\/aws\.amazon\.com\//);
                expect(price.unit, key).to.match(/^per /);
                expect(["aws-page", "transcriptions", "derived", "unconfirmed"], key).to.include(price.confirmation);
            }
        });

        it("GIVEN the prices the platform uses WHEN read THEN each carries the ISO date it was checked, and an unconfirmed one says what is missing", () => {
            const catalogue = Object.entries(PRICES).filter(([, p]) => p.checked === "not re-checked").map(([k]) => k);
            for (const [key, price] of Object.entries(PRICES).filter(([k]) => !catalogue.includes(k))) {
                expect(price.checked, key).to.match(/^\d{4}-\d{2}-\d{2}$/);
                if (price.confirmation === "unconfirmed") expect(price.note, key).to.match(/not|standard/);
            }
            for (const key of catalogue) expect(PRICES[key as PriceKey].confirmation, key).to.equal("unconfirmed");
        });

        it("GIVEN the hourly-billed list (pricing/hourlyBilled.ts) WHEN its price keys are looked up THEN the table prices every one", () => {
            expect(IDLE_PRICE_KEYS.filter((key) => !isPriceKey(key))).to.deep.equal([]);
        });
    });

    describe("the assumptions (pricing/assumptions.ts)", () => {
        it("GIVEN every assumption THEN it names its source: a URL, a measurement command, the code that decides it, or says it is an assumption", () => {
            for (const [name, { source }] of Object.entries(ASSUMPTIONS)) {
                expect(source, name).to.match(/https:\/\/|measured by |web\/src\/|^assumption: |^the plan's unit/);
            }
        });
    });
});
