import { expect } from "chai";
import { PRICES, PriceKey } from "../../pricing/prices";
import {
    ASSUMPTIONS, classifyTask, costByService, dynamoUnits, expectedPath, expressGbSeconds, formatUsd, idlePollingRequests,
    idleTotal, isPriceKey, lambdaDurationMs, lambdaGbSeconds, lambdaLines, lineCost, savingsRatio, totalCost, workflowLines,
} from "../../pricing/costModel";
import { IDLE_PRICE_KEYS } from "../../pricing/hourlyBilled";

const M = 1_000_000;
const close = (actual: number, expected: number) => expect(actual).to.be.closeTo(expected, 1e-9 * Math.max(1, Math.abs(expected)));

describe("cost model (pricing/costModel.ts)", () => {
    describe("Lambda", () => {
        it("GIVEN 256 MB WHEN the duration is derived THEN the 200 ms of work at 128 MB takes 100 ms (CPU scales with memory)", () => {
            expect(ASSUMPTIONS.lambdaWorkMsAt128Mb).to.equal(200);
            close(lambdaDurationMs(256), 100);
            close(lambdaDurationMs(128), 200);
        });

        it("GIVEN 256 MB for 100 ms WHEN GB-seconds are computed THEN they are 0.25 GB x 0.1 s = 0.025", () => {
            close(lambdaGbSeconds(256, 100), 0.025);
            close(lambdaGbSeconds(1024, 0.2), 0.001); // billed per 1 ms, rounded up
        });

        it("GIVEN 2 invocations per order at 512 MB on arm64 WHEN priced for 1M orders THEN requests are $0.40 and compute $0.67", () => {
            const [requests, compute] = lambdaLines("f", 2, 512, "arm64");
            close(lineCost(requests, M), 0.40); // 2M x $0.20/M
            // 2 x 0.5 GB x 0.05 s = 0.05 GB-s per order; x 1M x $0.0000133334
            close(compute.perOrder, 0.05);
            close(lineCost(compute, M), 0.66667);
        });

        it("GIVEN the same work WHEN the naive build runs it on x86 at 128 MB THEN only the price per GB-second differs (1.25x)", () => {
            const ours = totalCost(lambdaLines("f", 1, 512, "arm64").slice(1), M);
            const naive = totalCost(lambdaLines("f", 1, 128, "x86_64").slice(1), M);
            close(naive / ours, 0.0000166667 / 0.0000133334);
        });

        it("GIVEN memory outside 128-10240 MB WHEN the duration is derived THEN it throws naming the value", () => {
            expect(() => lambdaDurationMs(64)).to.throw(/memoryMb must be from 128 to 10240, but 64/);
        });
    });

    describe("Step Functions", () => {
        it("GIVEN an Express execution of 130 ms at 64 MB WHEN billed THEN 200 ms x 0.0625 GB = 0.0125 GB-s", () => {
            close(expressGbSeconds(130, 64), 0.0125);
            close(expressGbSeconds(10, 64), 0.00625); // at least 100 ms
            close(expressGbSeconds(100, 65), 0.0125); // 65 MB bills two 64 MB chunks
        });

        it("GIVEN 10 transitions per execution WHEN Standard THEN 1M orders cost $250; WHEN Express THEN $1 per 1M executions plus duration", () => {
            close(totalCost(workflowLines("w", "STANDARD", 1, 10, 130), M), 250);
            // $1.00 + 0.0125 GB-s x 1M x $0.00001667
            close(totalCost(workflowLines("w", "EXPRESS", 1, 10, 130), M), 1 + 0.0125 * M * 0.00001667);
        });

        it("GIVEN a Choice with two branches WHEN the expected path is walked THEN each branch counts half", () => {
            const path = expectedPath({
                StartAt: "Read",
                States: {
                    Read: { Type: "Task", Resource: "arn:aws:states:::dynamodb:getItem", Next: "Known?" },
                    "Known?": { Type: "Choice", Choices: [{ Next: "Register" }], Default: "Process" },
                    Register: { Type: "Task", Resource: "arn:aws:states:::dynamodb:putItem", Next: "Process" },
                    Process: { Type: "Task", Resource: "arn:aws:states:::lambda:invoke", Parameters: { FunctionName: "arn:aws:lambda:us-east-1:1:function:f" }, Next: "Done" },
                    Done: { Type: "Succeed" },
                },
            });
            // Read, Known?, then half: Register, Process, Done (3) and half: Process, Done (2) = 2 + 1.5 + 1 = 4.5
            close(path.transitions, 4.5);
            const count = Object.fromEntries(path.tasks.map((t) => [t.state, t.count]));
            expect(count).to.deep.equal({ Read: 1, Register: 0.5, Process: 1 });
        });

        it("GIVEN a Parallel state WHEN walked THEN every branch runs once", () => {
            const branch = (name: string) => ({ StartAt: name, States: { [name]: { Type: "Task", Resource: "arn:aws:states:::events:putEvents", End: true } } });
            const path = expectedPath(JSON.stringify({
                StartAt: "Both",
                States: { Both: { Type: "Parallel", Branches: [branch("A"), branch("B")], Next: "End" }, End: { Type: "Pass", End: true } },
            }));
            close(path.transitions, 4);
            expect(path.tasks.map((t) => t.state).sort()).to.deep.equal(["Both/A", "Both/B"]);
        });

        it("GIVEN a definition naming a missing state or looping forever WHEN walked THEN it throws saying which", () => {
            expect(() => expectedPath({ StartAt: "A", States: { A: { Type: "Pass", Next: "Nope" } } })).to.throw(/names state "Nope", which does not exist/);
            expect(() => expectedPath({ StartAt: "A", States: { A: { Type: "Pass", Next: "A" } } })).to.throw(/does not reach an end/);
        });

        it("GIVEN Task resources WHEN classified THEN Lambda, nested executions, DynamoDB and PutEvents are told apart", () => {
            expect(classifyTask({ resource: "arn:aws:states:::lambda:invoke", args: { FunctionName: "arn:aws:lambda:us-east-1:1:function:f" } }))
                .to.deep.equal({ kind: "lambda", functionArn: "arn:aws:lambda:us-east-1:1:function:f" });
            expect(classifyTask({ resource: "arn:aws:lambda:us-east-1:1:function:f:$LATEST", args: {} })).to.deep.equal({ kind: "lambda", functionArn: "arn:aws:lambda:us-east-1:1:function:f" });
            expect(classifyTask({ resource: "arn:aws:states:::states:startExecution.sync:2", args: { StateMachineArn: "arn:sm" } }))
                .to.deep.equal({ kind: "startExecution", stateMachineArn: "arn:sm", sync: true });
            expect(classifyTask({ resource: "arn:aws:states:::states:startExecution", args: { StateMachineArn: "arn:sm" } }))
                .to.deep.equal({ kind: "startExecution", stateMachineArn: "arn:sm", sync: false });
            expect(classifyTask({ resource: "arn:aws:states:::aws-sdk:dynamodb:getItem", args: {} })).to.deep.equal({ kind: "dynamodb", operation: "getitem" });
            expect(classifyTask({ resource: "arn:aws:states:::events:putEvents", args: {} })).to.deep.equal({ kind: "putEvents" });
            expect(classifyTask({ resource: "arn:aws:states:::sns:publish", args: {} })).to.deep.equal({ kind: "other" });
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

        it("GIVEN amounts WHEN formatted THEN cents, or two significant digits below a cent", () => {
            expect(formatUsd(0)).to.equal("$0.00");
            expect(formatUsd(1234.5)).to.equal("$1,234.50");
            expect(formatUsd(0.00095)).to.equal("$0.00095");
        });
    });

    describe("the price table (pricing/prices.ts)", () => {
        it("GIVEN every price WHEN read THEN it is positive, in us-east-1, with an https source and a unit", () => {
            for (const [key, price] of Object.entries(PRICES)) {
                expect(price.usd, key).to.be.greaterThan(0);
                expect(price.region, key).to.equal("us-east-1");
                expect(price.source, key).to.match(/^https:\/\/aws\.amazon\.com\//);
                expect(price.unit, key).to.match(/^per /);
            }
        });

        it("GIVEN the prices the platform uses WHEN read THEN each carries the ISO date it was checked", () => {
            const used: PriceKey[] = ["lambdaRequest", "lambdaArmGbSecond", "lambdaX86GbSecond", "sfnStandardTransition", "sfnExpressRequest",
                "sfnExpressGbSecond", "eventBridgeCustomEvent", "httpApiRequest", "dynamoWriteUnit", "dynamoReadUnit", "sqsRequest", "s3Put",
                "snsPublish", "snsEmail", "iotMessage", "logsIngestGb", "xrayTrace", "kms.customerManagedKey", "cloudwatch.alarm.standard", "cloudwatch.dashboard"];
            for (const key of used) expect(PRICES[key].checked, key).to.match(/^\d{4}-\d{2}-\d{2}$/);
        });

        it("GIVEN the hourly-billed list (pricing/hourlyBilled.ts) WHEN its price keys are looked up THEN the table prices every one", () => {
            const missing = IDLE_PRICE_KEYS.filter((key) => !isPriceKey(key));
            expect(missing).to.deep.equal([]);
        });
    });
});
