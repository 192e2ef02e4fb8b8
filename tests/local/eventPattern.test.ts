/**
 * The routing-table test is only as good as its matcher, so the matcher is checked against the examples
 * in AWS's own EventBridge documentation. Each example's pattern is copied as published; the events are the
 * published ones where the page gives one, otherwise the smallest event that exercises the rule, plus one
 * that must not match.
 *
 * Sources (Amazon EventBridge User Guide):
 * - EVENT_PATTERNS: "Amazon EventBridge event patterns" / "Matching events on event field values"
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns.html
 * - CONTENT_FILTERING: "Content filtering in Amazon EventBridge event patterns"
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-content-based-filtering.html
 * - OPERATORS: "Comparison operators for use in event patterns in Amazon EventBridge"
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-create-pattern-operators.html
 * - NULL_VALUES: "Matching events on null values and empty strings in Amazon EventBridge"
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-null-values.html
 * - ARRAYS: "Arrays in Amazon EventBridge event patterns"
 *   https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-event-patterns-arrays.html
 */
import { expect } from "chai";
import { InvalidPatternError, matches, parsePattern } from "../../local/eventPattern";

const EVENT_PATTERNS = "eb-event-patterns.html";
const CONTENT_FILTERING = "eb-event-patterns-content-based-filtering.html";
const OPERATORS = "eb-create-pattern-operators.html";
const NULL_VALUES = "eb-event-patterns-null-values.html";
const ARRAYS = "eb-event-patterns-arrays.html";

interface DocExample {
    page: string;
    title: string;
    pattern: Record<string, unknown>;
    matching: unknown[];
    notMatching: unknown[];
}

/** The EC2 state-change event from "Amazon EventBridge event patterns". */
const ec2Terminated = {
    version: "0",
    id: "6a7e8feb-b491-4cf7-a9f1-bf3703467718",
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account: "111122223333",
    time: "2017-12-22T18:43:48Z",
    region: "us-west-1",
    resources: ["arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0"],
    detail: { "instance-id": "i-1234567890abcdef0", state: "terminated" },
};

/** The Auto Scaling event from "Matching events on null values and empty strings". */
const autoscalingLaunch = {
    version: "0",
    id: "3e3c153a-8339-4e30-8c35-687ebef853fe",
    "detail-type": "EC2 Instance Launch Successful",
    source: "aws.autoscaling",
    account: "123456789012",
    time: "2015-11-11T21:31:47Z",
    region: "us-east-1",
    resources: [],
    detail: { eventVersion: "", responseElements: null },
};

/** The (truncated) Macie alert from "Matching events on event field values". */
const macieAlert = {
    version: "0",
    id: "3e355723-fca9-4de3-9fd7-154c289d6b59",
    "detail-type": "Macie Alert",
    source: "aws.macie",
    account: "123456789012",
    time: "2017-04-24T22:28:49Z",
    region: "us-east-1",
    resources: [
        "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id/alert/alert_id",
        "arn:aws:macie:us-east-1:123456789012:trigger/trigger_id",
    ],
    detail: {
        "notification-type": "ALERT_CREATED",
        name: "Scanning bucket policies",
        tags: ["Custom_Alert", "Insider"],
        "risk-score": 80,
        trigger: { "alert-type": "basic", risk: 8 },
    },
};

/** The EC2 pending event from the exists-matching section of "Content filtering". */
const ec2Pending = {
    version: "0",
    id: "7bf73129-1428-4cd3-a780-95db273d1602",
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account: "123456789012",
    time: "2015-11-11T21:29:54Z",
    region: "us-east-1",
    resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-abcd1111"],
    detail: { "instance-id": "i-abcd1111", state: "pending" },
};

const detail = (fields: Record<string, unknown>) => ({ source: "test", "detail-type": "t", detail: fields });

const DOC_EXAMPLES: DocExample[] = [
    // --- Amazon EventBridge event patterns / field values ---
    {
        page: EVENT_PATTERNS, title: "all EC2 instance-termination events",
        pattern: { source: ["aws.ec2"], "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["terminated"] } },
        matching: [ec2Terminated],
        notMatching: [ec2Pending, { ...ec2Terminated, source: "aws.autoscaling" }],
    },
    {
        page: EVENT_PATTERNS, title: "match values: source is aws.ec2 or aws.fargate",
        pattern: { source: ["aws.ec2", "aws.fargate"] },
        matching: [ec2Terminated, { ...ec2Terminated, source: "aws.fargate" }],
        notMatching: [autoscalingLaunch],
    },
    {
        page: EVENT_PATTERNS, title: "field matching on a null responseElements",
        pattern: { source: ["aws.autoscaling"], "detail-type": ["EC2 Instance Launch Successful"], detail: { responseElements: [null] } },
        matching: [autoscalingLaunch],
        notMatching: [{ ...autoscalingLaunch, detail: { eventVersion: "", responseElements: {} } }, { ...autoscalingLaunch, detail: { eventVersion: "" } }],
    },
    {
        page: EVENT_PATTERNS, title: "value matching: risk score 80 and trigger risk 8 (nested objects, numbers)",
        pattern: { source: ["aws.macie"], "detail-type": ["Macie Alert"], detail: { "risk-score": [80], trigger: { risk: [8] } } },
        matching: [macieAlert],
        notMatching: [
            { ...macieAlert, detail: { ...macieAlert.detail, trigger: { "alert-type": "basic", risk: 7 } } },
            { ...macieAlert, detail: { ...macieAlert.detail, "risk-score": "80" } },
            { ...macieAlert, detail: { ...macieAlert.detail, trigger: undefined } },
        ],
    },
    // --- Matching null values and empty strings ---
    {
        page: NULL_VALUES, title: "eventVersion is an empty string",
        pattern: { detail: { eventVersion: [""] } },
        matching: [autoscalingLaunch],
        notMatching: [{ ...autoscalingLaunch, detail: { eventVersion: null } }, { ...autoscalingLaunch, detail: { eventVersion: "1.0" } }],
    },
    {
        page: NULL_VALUES, title: "responseElements is null (null and empty string are not interchangeable)",
        pattern: { detail: { responseElements: [null] } },
        matching: [autoscalingLaunch],
        notMatching: [{ ...autoscalingLaunch, detail: { responseElements: "" } }, { ...autoscalingLaunch, detail: {} }],
    },
    // --- Arrays ---
    {
        page: ARRAYS, title: "an array in the event matches when it intersects the pattern's array",
        pattern: {
            resources: [
                "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
                "arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f",
                "arn:aws:ec2:us-east-1:444455556666:instance/i-b188560f",
            ],
        },
        matching: [{
            resources: [
                "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate",
                "arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f",
            ],
        }],
        notMatching: [
            { resources: ["arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:eb56d16b-bbf0-401d-b893-d5978ed4a025:autoScalingGroupName/ASGTerminate"] },
            { resources: [] },
        ],
    },
    // --- Content filtering ---
    {
        page: CONTENT_FILTERING, title: "prefix: time starts with 2017-10-02",
        pattern: { time: [{ prefix: "2017-10-02" }] },
        matching: [{ time: "2017-10-02T18:43:48Z" }],
        notMatching: [{ time: "2017-10-03T18:43:48Z" }, { time: "x2017-10-02" }, {}],
    },
    {
        page: CONTENT_FILTERING, title: "prefix ignoring case: service starts with EventB",
        pattern: { detail: { service: [{ prefix: { "equals-ignore-case": "EventB" } }] } },
        matching: [detail({ service: "EventBridge" }), detail({ service: "EVENTBRIDGE" }), detail({ service: "eventbus" })],
        notMatching: [detail({ service: "Lambda" }), detail({ service: "xEventB" })],
    },
    {
        page: CONTENT_FILTERING, title: "suffix: FileName ends with .png",
        pattern: { FileName: [{ suffix: ".png" }] },
        matching: [{ FileName: "image.png" }],
        notMatching: [{ FileName: "image.PNG" }, { FileName: "image.png.txt" }],
    },
    {
        page: CONTENT_FILTERING, title: "suffix ignoring case: FileName ends with .png or .PNG",
        pattern: { detail: { FileName: [{ suffix: { "equals-ignore-case": ".png" } }] } },
        matching: [detail({ FileName: "image.png" }), detail({ FileName: "IMAGE.PNG" })],
        notMatching: [detail({ FileName: "image.jpg" })],
    },
    {
        page: CONTENT_FILTERING, title: "anything-but a string",
        pattern: { detail: { state: [{ "anything-but": "initializing" }] } },
        matching: [detail({ state: "running" })],
        notMatching: [detail({ state: "initializing" }), detail({})],
    },
    {
        page: CONTENT_FILTERING, title: "anything-but a number",
        pattern: { detail: { "x-limit": [{ "anything-but": 123 }] } },
        matching: [detail({ "x-limit": 124 })],
        notMatching: [detail({ "x-limit": 123 })],
    },
    {
        page: CONTENT_FILTERING, title: "anything-but a list of strings",
        pattern: { detail: { state: [{ "anything-but": ["stopped", "overloaded"] }] } },
        matching: [detail({ state: "running" })],
        notMatching: [detail({ state: "stopped" }), detail({ state: "overloaded" })],
    },
    {
        page: CONTENT_FILTERING, title: "anything-but a list of numbers",
        pattern: { detail: { "x-limit": [{ "anything-but": [100, 200, 300] }] } },
        matching: [detail({ "x-limit": 150 })],
        notMatching: [detail({ "x-limit": 200 })],
    },
    {
        page: CONTENT_FILTERING, title: "anything-but a prefix",
        pattern: { detail: { state: [{ "anything-but": { prefix: "init" } }] } },
        matching: [detail({ state: "running" })],
        notMatching: [detail({ state: "initializing" })],
    },
    {
        page: CONTENT_FILTERING, title: "anything-but a suffix",
        pattern: { detail: { FileName: [{ "anything-but": { suffix: ".txt" } }] } },
        matching: [detail({ FileName: "notes.md" })],
        notMatching: [detail({ FileName: "notes.txt" })],
    },
    {
        page: CONTENT_FILTERING, title: "anything-but ignoring case, with a list",
        pattern: { detail: { state: [{ "anything-but": { "equals-ignore-case": ["Stopped", "OverLoaded"] } }] } },
        matching: [detail({ state: "running" })],
        notMatching: [detail({ state: "STOPPED" }), detail({ state: "overloaded" })],
    },
    {
        page: CONTENT_FILTERING, title: "numeric: every field's range must hold",
        pattern: {
            detail: {
                "c-count": [{ numeric: [">", 0, "<=", 5] }],
                "d-count": [{ numeric: ["<", 10] }],
                "x-limit": [{ numeric: ["=", 3.018e2] }],
            },
        },
        matching: [detail({ "c-count": 5, "d-count": 9.5, "x-limit": 301.8 })],
        notMatching: [
            detail({ "c-count": 0, "d-count": 9.5, "x-limit": 301.8 }),
            detail({ "c-count": 5, "d-count": 10, "x-limit": 301.8 }),
            detail({ "c-count": 5, "d-count": 9.5, "x-limit": 302 }),
            detail({ "c-count": "5", "d-count": 9.5, "x-limit": 301.8 }),
        ],
    },
    {
        page: CONTENT_FILTERING, title: "IP address: sourceIPAddress in 10.0.0.0/24",
        pattern: { detail: { sourceIPAddress: [{ cidr: "10.0.0.0/24" }] } },
        matching: [detail({ sourceIPAddress: "10.0.0.255" }), detail({ sourceIPAddress: "10.0.0.0" })],
        notMatching: [detail({ sourceIPAddress: "10.0.1.0" }), detail({ sourceIPAddress: "not-an-ip" })],
    },
    {
        page: CONTENT_FILTERING, title: "exists true: detail.state is present",
        pattern: { detail: { state: [{ exists: true }] } },
        matching: [ec2Pending],
        notMatching: [{
            "detail-type": ["EC2 Instance State-change Notification"],
            resources: ["arn:aws:ec2:us-east-1:123456789012:instance/i-02ebd4584a2ebd341"],
            detail: { "c-count": { c1: 100 } },
        }],
    },
    {
        page: CONTENT_FILTERING, title: "exists false: no detail.c-count leaf (an object is not a leaf)",
        pattern: { detail: { "c-count": [{ exists: false }] } },
        matching: [
            { "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["initializing", "running"] } },
            { "detail-type": ["EC2 Instance State-change Notification"], detail: { state: ["initializing", "running"], "c-count": { c1: 100 } } },
        ],
        notMatching: [detail({ "c-count": 3 })],
    },
    {
        page: CONTENT_FILTERING, title: "complex example: prefix, anything-but and numeric combined",
        pattern: {
            time: [{ prefix: "2017-10-02" }],
            detail: {
                state: [{ "anything-but": "initializing" }],
                "c-count": [{ numeric: [">", 0, "<=", 5] }],
                "d-count": [{ numeric: ["<", 10] }],
                "x-limit": [{ "anything-but": [100, 200, 300] }],
            },
        },
        matching: [{ time: "2017-10-02T18:43:48Z", detail: { state: "running", "c-count": 3, "d-count": -1, "x-limit": 150 } }],
        notMatching: [
            { time: "2017-10-02T18:43:48Z", detail: { state: "initializing", "c-count": 3, "d-count": -1, "x-limit": 150 } },
            { time: "2017-10-02T18:43:48Z", detail: { state: "running", "c-count": 3, "d-count": -1, "x-limit": 300 } },
        ],
    },
    {
        page: CONTENT_FILTERING, title: "$or: c-count in range, or d-count below 10, or x-limit 301.8",
        pattern: {
            detail: {
                $or: [
                    { "c-count": [{ numeric: [">", 0, "<=", 5] }] },
                    { "d-count": [{ numeric: ["<", 10] }] },
                    { "x-limit": [{ numeric: ["=", 3.018e2] }] },
                ],
            },
        },
        matching: [detail({ "c-count": 1 }), detail({ "d-count": 3 }), detail({ "x-limit": 301.8 })],
        notMatching: [detail({ "c-count": 9, "d-count": 30, "x-limit": 1 }), detail({})],
    },
    {
        page: CONTENT_FILTERING, title: "$or at the top level with another field",
        pattern: { source: ["aws.ec2"], $or: [{ metricType: ["MetricType"] }, { namespace: ["AWS/EC2", "AWS/Config"] }] },
        matching: [{ source: "aws.ec2", metricType: "MetricType" }, { source: "aws.ec2", namespace: "AWS/Config" }],
        notMatching: [{ source: "aws.ec2", namespace: "AWS/S3" }, { source: "aws.s3", metricType: "MetricType" }],
    },
    // --- Comparison operators table ---
    {
        page: OPERATORS, title: "And: Location is New York and Day is Monday",
        pattern: { Location: ["New York"], Day: ["Monday"] },
        matching: [{ Location: "New York", Day: "Monday" }],
        notMatching: [{ Location: "New York", Day: "Tuesday" }, { Location: "New York" }],
    },
    {
        page: OPERATORS, title: "Anything-but (begins with): Region is not in the US",
        pattern: { Region: [{ "anything-but": { prefix: "us-" } }] },
        matching: [{ Region: "eu-west-1" }],
        notMatching: [{ Region: "us-east-1" }, {}],
    },
    {
        page: OPERATORS, title: "Anything-but (ends with): FileName does not end with .png",
        pattern: { FileName: [{ "anything-but": { suffix: ".png" } }] },
        matching: [{ FileName: "a.jpg" }],
        notMatching: [{ FileName: "a.png" }],
    },
    {
        page: OPERATORS, title: "Anything-but (ignore case): state is not initializing in any casing",
        pattern: { state: [{ "anything-but": { "equals-ignore-case": "initializing" } }] },
        matching: [{ state: "running" }],
        notMatching: [{ state: "INITIALIZING" }, { state: "Initializing" }],
    },
    {
        page: OPERATORS, title: "Anything-but using a wildcard: FilePath does not include /lib/",
        pattern: { FilePath: [{ "anything-but": { wildcard: "*/lib/*" } }] },
        matching: [{ FilePath: "/usr/bin/node" }],
        notMatching: [{ FilePath: "/usr/lib/node" }],
    },
    {
        page: OPERATORS, title: "Begins with: Region is in the US",
        pattern: { Region: [{ prefix: "us-" }] },
        matching: [{ Region: "us-west-2" }],
        notMatching: [{ Region: "eu-west-1" }, { Region: "US-west-2" }],
    },
    {
        page: OPERATORS, title: "Empty: LastName is empty",
        pattern: { LastName: [""] },
        matching: [{ LastName: "" }],
        notMatching: [{ LastName: null }, { LastName: "Lovelace" }, {}],
    },
    {
        page: OPERATORS, title: "Equals: Name is Alice",
        pattern: { Name: ["Alice"] },
        matching: [{ Name: "Alice" }],
        notMatching: [{ Name: "alice" }, { Name: "Alice " }],
    },
    {
        page: OPERATORS, title: "Equals (ignore case): Name is alice in any casing",
        pattern: { Name: [{ "equals-ignore-case": "alice" }] },
        matching: [{ Name: "Alice" }, { Name: "ALICE" }],
        notMatching: [{ Name: "Alicia" }],
    },
    {
        page: OPERATORS, title: "Ends with (ignore case): service ends with tBridge",
        pattern: { service: [{ suffix: { "equals-ignore-case": "tBridge" } }] },
        matching: [{ service: "EventBridge" }, { service: "EVENTBRIDGE" }],
        notMatching: [{ service: "EventBus" }],
    },
    {
        page: OPERATORS, title: "Exists: ProductName exists",
        pattern: { ProductName: [{ exists: true }] },
        matching: [{ ProductName: "Widget" }, { ProductName: null }],
        notMatching: [{}, { ProductName: { en: "Widget" } }],
    },
    {
        page: OPERATORS, title: "Does not exist: ProductName does not exist",
        pattern: { ProductName: [{ exists: false }] },
        matching: [{}, { Other: "x" }],
        notMatching: [{ ProductName: "Widget" }, { ProductName: "" }],
    },
    {
        page: OPERATORS, title: "Not: Weather is anything but Raining",
        pattern: { Weather: [{ "anything-but": ["Raining"] }] },
        matching: [{ Weather: "Sunny" }],
        notMatching: [{ Weather: "Raining" }, {}],
    },
    {
        page: OPERATORS, title: "Null: UserID is null",
        pattern: { UserID: [null] },
        matching: [{ UserID: null }],
        notMatching: [{ UserID: "null" }, { UserID: "" }, {}],
    },
    {
        page: OPERATORS, title: "Numeric (equals): Price is 100",
        pattern: { Price: [{ numeric: ["=", 100] }] },
        matching: [{ Price: 100 }],
        notMatching: [{ Price: 100.5 }, { Price: "100" }],
    },
    {
        page: OPERATORS, title: "Numeric (range): Price is more than 10 and at most 20",
        pattern: { Price: [{ numeric: [">", 10, "<=", 20] }] },
        matching: [{ Price: 20 }, { Price: 10.01 }],
        notMatching: [{ Price: 10 }, { Price: 20.01 }],
    },
    {
        page: OPERATORS, title: "Or: PaymentType is Credit or Debit",
        pattern: { PaymentType: ["Credit", "Debit"] },
        matching: [{ PaymentType: "Credit" }, { PaymentType: "Debit" }],
        notMatching: [{ PaymentType: "Cash" }],
    },
    {
        page: OPERATORS, title: "Or (multiple fields): Location is New York, or Day is Monday",
        pattern: { $or: [{ Location: ["New York"] }, { Day: ["Monday"] }] },
        matching: [{ Location: "New York", Day: "Friday" }, { Location: "Paris", Day: "Monday" }],
        notMatching: [{ Location: "Paris", Day: "Friday" }],
    },
    {
        page: OPERATORS, title: "Wildcard: any .png file within the folder dir",
        pattern: { FileName: [{ wildcard: "dir/*.png" }] },
        matching: [{ FileName: "dir/a.png" }, { FileName: "dir/sub/b.png" }, { FileName: "dir/.png" }],
        notMatching: [{ FileName: "other/a.png" }, { FileName: "dir/a.jpg" }],
    },
];

describe("eventPattern matcher against the examples in AWS's EventBridge documentation", () => {
    for (const example of DOC_EXAMPLES) {
        describe(`GIVEN the ${example.page} example "${example.title}"`, () => {
            example.matching.forEach((event, i) => {
                it(`WHEN matching event #${i + 1} ${JSON.stringify(event).slice(0, 80)} THEN it matches`, () => {
                    expect(matches(example.pattern, event)).to.equal(true);
                });
            });
            example.notMatching.forEach((event, i) => {
                it(`WHEN matching counter-example #${i + 1} ${JSON.stringify(event).slice(0, 80)} THEN it does not match`, () => {
                    expect(matches(example.pattern, event)).to.equal(false);
                });
            });
        });
    }
});

describe("eventPattern matcher: behaviour the routing test relies on", () => {
    it("GIVEN a pattern field the event lacks WHEN matched THEN it fails, for every operator but exists:false", () => {
        for (const spec of [["x"], [{ prefix: "" }], [{ "anything-but": "x" }], [{ numeric: [">", 0] }], [{ exists: true }], [{ wildcard: "*" }]]) {
            expect(matches({ detail: { field: spec } }, { detail: {} }), JSON.stringify(spec)).to.equal(false);
        }
        expect(matches({ detail: { field: [{ exists: false }] } }, { detail: {} })).to.equal(true);
        expect(matches({ detail: { field: [{ exists: false }] } }, {})).to.equal(true);
    });

    it("GIVEN exact values of every JSON type WHEN matched THEN type and value must both agree", () => {
        expect(matches({ a: [true] }, { a: true })).to.equal(true);
        expect(matches({ a: [true] }, { a: "true" })).to.equal(false);
        expect(matches({ a: [false] }, { a: null })).to.equal(false);
        expect(matches({ a: [0] }, { a: false })).to.equal(false);
        expect(matches({ a: [5] }, { a: "5" })).to.equal(false);
    });

    it("GIVEN $or nested inside a $or alternative WHEN matched THEN each level needs one matching alternative", () => {
        const pattern = {
            source: ["orders.workflow"],
            $or: [
                { "detail-type": ["OrderFailed"] },
                { detail: { $or: [{ totalCents: [{ numeric: [">=", 10000] }] }, { currency: ["GBP"] }] } },
            ],
        };
        expect(matches(pattern, { source: "orders.workflow", "detail-type": "OrderFailed", detail: {} })).to.equal(true);
        expect(matches(pattern, { source: "orders.workflow", "detail-type": "OrderProcessed", detail: { totalCents: 12000 } })).to.equal(true);
        expect(matches(pattern, { source: "orders.workflow", "detail-type": "OrderProcessed", detail: { currency: "GBP" } })).to.equal(true);
        expect(matches(pattern, { source: "orders.workflow", "detail-type": "OrderProcessed", detail: { totalCents: 5, currency: "EUR" } })).to.equal(false);
        expect(matches(pattern, { source: "orders.api", "detail-type": "OrderFailed", detail: {} })).to.equal(false);
    });

    it("GIVEN an array of objects in the event WHEN a nested pattern is matched THEN one element must match all of its fields", () => {
        const pattern = { detail: { items: { sku: ["BOOK-001"], quantity: [{ numeric: [">", 1] }] } } };
        expect(matches(pattern, { detail: { items: [{ sku: "PEN-1", quantity: 5 }, { sku: "BOOK-001", quantity: 2 }] } })).to.equal(true);
        expect(matches(pattern, { detail: { items: [{ sku: "PEN-1", quantity: 5 }, { sku: "BOOK-001", quantity: 1 }] } })).to.equal(false);
    });

    it("GIVEN an S3 Object Created pattern WHEN matched against S3 events THEN bucket and key operators apply to nested fields", () => {
        const pattern = {
            source: ["aws.s3"],
            "detail-type": ["Object Created"],
            detail: { bucket: { name: ["order-platform-receipts"] }, object: { key: [{ prefix: "receipts/" }] } },
        };
        const event = { source: "aws.s3", "detail-type": "Object Created", detail: { bucket: { name: "order-platform-receipts" }, object: { key: "receipts/ord_1.json", size: 10 } } };
        expect(matches(pattern, event)).to.equal(true);
        expect(matches(pattern, { ...event, "detail-type": "Object Deleted" })).to.equal(false);
        expect(matches(pattern, { ...event, detail: { ...event.detail, object: { key: "tmp/x" } } })).to.equal(false);
    });

    it("GIVEN a cidr block for IPv6 WHEN matched THEN addresses inside match and IPv4 ones do not", () => {
        const pattern = { ip: [{ cidr: "2001:db8::/32" }] };
        expect(matches(pattern, { ip: "2001:db8::1" })).to.equal(true);
        expect(matches(pattern, { ip: "2001:db9::1" })).to.equal(false);
        expect(matches(pattern, { ip: "10.0.0.1" })).to.equal(false);
    });

    it("GIVEN a wildcard with an escaped star WHEN matched THEN the star is literal", () => {
        expect(matches({ a: [{ wildcard: "a\\*b" }] }, { a: "a*b" })).to.equal(true);
        expect(matches({ a: [{ wildcard: "a\\*b" }] }, { a: "axxb" })).to.equal(false);
        expect(matches({ a: [{ wildcard: "a.b*" }] }, { a: "aXb" })).to.equal(false);
    });

    it("GIVEN patterns EventBridge would reject WHEN matched THEN an InvalidPatternError names the field", () => {
        expect(() => matches({ detail: { a: [{ prefx: "x" }] } }, {})).to.throw(InvalidPatternError, /detail\.a: unknown operator "prefx"/);
        expect(() => matches({ a: [{ numeric: ["<", 5, ">", 1] }] }, { a: 2 })).to.throw(InvalidPatternError, /^invalid event pattern at a: a numeric range/);
        expect(() => matches({ a: [{ numeric: ["=", 5, "<", 9] }] }, { a: 5 })).to.throw(InvalidPatternError, /"=" cannot be combined/);
        expect(() => matches({ a: "x" }, { a: "x" })).to.throw(InvalidPatternError, /at a: a field must be an array/);
        expect(() => matches({ a: [] }, { a: "x" })).to.throw(InvalidPatternError, /must not be empty/);
        expect(() => matches({ $or: [{ a: ["x"] }] }, { a: "x" })).to.throw(InvalidPatternError, /\$or must be an array of at least two/);
        expect(() => matches({ a: [{ "anything-but": ["x", 1] }] }, { a: "y" })).to.throw(InvalidPatternError, /only strings or only numbers/);
        expect(() => matches({ a: [{ cidr: "10.0.0.0/33" }] }, { a: "10.0.0.1" })).to.throw(InvalidPatternError, /cidr takes/);
        expect(() => matches({ a: [{ exists: "yes" }] }, {})).to.throw(InvalidPatternError, /exists takes exactly true or false/);
    });

    it("GIVEN a rule's eventPattern as the EventRule resource holds it (JSON text) WHEN parsed THEN every part is checked, even fields a short-circuiting match would never reach", () => {
        expect(parsePattern('{"source":["orders.api"],"detail-type":["OrderPlaced"]}')).to.deep.equal({ source: ["orders.api"], "detail-type": ["OrderPlaced"] });
        // matches() stops at the first field that fails; loading a rule must not.
        expect(matches({ source: ["x"], detail: { a: [{ prefx: "y" }] } }, { source: "z" })).to.equal(false);
        expect(() => parsePattern({ source: ["x"], detail: { a: [{ prefx: "y" }] } })).to.throw(InvalidPatternError, /at detail\.a: unknown operator "prefx"/);
        expect(() => parsePattern({ $or: [{ a: ["x"] }, { b: [{ numeric: [">", "1"] }] }] })).to.throw(InvalidPatternError, /at b: numeric takes operators/);
        expect(() => parsePattern('{"source": [')).to.throw(InvalidPatternError, /the pattern is not JSON/);
        expect(() => parsePattern("[]")).to.throw(InvalidPatternError, /a pattern must be a JSON object/);
    });
});
