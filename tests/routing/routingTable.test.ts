/**
 * Routing-table test (SPEC §5 "Contract tests", issue 2 item 8): every rule's actual event pattern, as the
 * program registered it, is evaluated against every contract example published on the orders bus. The table
 * event → targets must be exactly the one below; a new subscription, or a pattern that drifts, changes it.
 */
import { expect } from "chai";
import { CONTRACTS, EVENT_NAMES, EventName, malformedPatternFor, parseDetail, requiredLeavesOf } from "../../contracts";
import { ProgramRun } from "../harness";
import { matches } from "../../local/eventPattern";
import { contractEvent, matchingRules, ordersBusName, routedRules, routingTable, RULE_TYPE, sourcesOf, TARGET_TYPE, targetsFor } from "../support/routing";
import { stackRun } from "../stacks/stackRuns";

/** Target labels are the EventTarget resource names without "-target" (EventBus.subscribe names them `orders-<name>`). */
const EXPECTED: Record<"dev" | "prod", Record<EventName, string[]>> = {
    dev: {
        OrderPlaced: ["orders-customer-router"],
        CustomerRegistered: [],
        OrderProcessed: ["orders-frontend-notifier", "orders-receipt-writer"],
        OrderFailed: ["orders-frontend-notifier", "orders-frontend-order-failed-email"],
        ReceiptStored: ["orders-frontend-notifier"],
    },
    prod: {
        OrderPlaced: ["orders-customer-router"],
        CustomerRegistered: [],
        // Forwarding (Pulumi.prod.yaml): OrderProcessed and OrderFailed to the analytics buses in us-east-1 and eu-west-1.
        OrderProcessed: ["orders-forward-0", "orders-forward-1", "orders-frontend-notifier", "orders-receipt-writer"],
        OrderFailed: ["orders-forward-0", "orders-forward-1", "orders-frontend-notifier", "orders-frontend-order-failed-email"],
        ReceiptStored: ["orders-frontend-notifier"],
    },
};

/** The receipts bucket as the mocks name it (resource "receipts-bucket" → bucket "receipts-bucket-bucket"). */
const RECEIPTS_BUCKET = "receipts-bucket-bucket";

/** An S3 "Object Created" event (EventBridge notifications of the receipts bucket), as S3 puts it on the default bus. */
function objectCreated(bucket: string, key: string): Record<string, unknown> {
    return {
        version: "0",
        id: "17793124-05d4-b198-2fde-7ededc63b103",
        "detail-type": "Object Created",
        source: "aws.s3",
        account: "123456789012",
        time: "2026-11-26T10:00:01Z",
        region: "us-east-1",
        resources: [`arn:aws:s3:::${bucket}`],
        detail: {
            version: "0",
            bucket: { name: bucket },
            object: { key, size: 512, etag: "b1946ac92492d2347c6235b4d2611184", sequencer: "00617F08299329D189" },
            "request-id": "N4N7GDK58NMKJ12R",
            requester: "123456789012",
            reason: "PutObject",
        },
    };
}

/** Where the receipts bucket's S3 events go: forwarded from the default bus, then turned into ReceiptStored on the orders bus. */
const EXPECTED_S3: Record<"default" | "orders", string[]> = {
    default: ["orders-receipts-forward"],
    orders: ["orders-receipts-publish"],
};

const sorted = (names: readonly string[]) => [...names].sort();

/** The contract events whose rules take only well-formed details, each with its malformed-event pattern. */
const GUARDED = EVENT_NAMES.filter((name) => CONTRACTS[name].guarded);
const canonical = (value: unknown): string => JSON.stringify(value, (_key, v) => (v && typeof v === "object" && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).sort()) : v));
const isMalformedPattern = (pattern: unknown) => GUARDED.some((name) => canonical(malformedPatternFor(name)) === canonical(pattern));

/** Every source a pattern names: at its top level and in a top-level `$or`. */
function namedSources(pattern: Record<string, unknown>): string[] {
    const own = Array.isArray(pattern.source) ? pattern.source.filter((s): s is string => typeof s === "string") : [];
    return [...own, ...sourcesOf(pattern)];
}

/** A copy of the event with the detail field at `path` (dots; a list's fields are its first item's) removed. */
function without(event: Record<string, unknown>, path: string): Record<string, unknown> {
    const copy = JSON.parse(JSON.stringify(event));
    const keys = path.split(".");
    let node = copy.detail;
    for (const key of keys.slice(0, -1)) node = Array.isArray(node[key]) ? node[key][0] : node[key];
    delete node[keys.at(-1)!];
    return copy;
}

/** Where the malformed examples of guarded events go: their own quarantine subscription (EventBus.subscribePattern names it `orders-<name>`). */
const QUARANTINE: Record<string, string[]> = { OrderPlaced: ["orders-order-placed-quarantine"] };

for (const stack of ["dev", "prod"] as const) {
    describe(`Routing table of the ${stack} stack`, () => {
        let run: ProgramRun;
        before(async () => {
            run = await stackRun(stack);
        });

        it("GIVEN every contract example WHEN it is wrapped as an orders-bus event THEN it is a valid event of its contract", () => {
            const bus = ordersBusName(run);
            expect(bus).to.be.a("string").and.not.equal("default");
            for (const name of EVENT_NAMES) {
                const event = contractEvent(name);
                expect(() => parseDetail(name, event.detail), name).not.to.throw();
            }
        });

        it("GIVEN the program's rules and targets WHEN each contract example is matched THEN it reaches exactly the expected targets", () => {
            const table = routingTable(run);
            // Every example is routed to zero or more targets: the table has a row, possibly empty, for each.
            expect(Object.keys(table).sort()).to.deep.equal(sorted(EVENT_NAMES));
            expect(table).to.deep.equal(EXPECTED[stack]);
        });

        it("GIVEN every rule WHEN its pattern is read THEN one naming a contract source is derived from the contracts (patternFor, or malformedPatternFor for a guarded event), never hand-written", () => {
            const contractSources = new Set<string>(EVENT_NAMES.map((name) => CONTRACTS[name].source));
            const rules = routedRules(run).filter((rule) => namedSources(rule.pattern).some((source) => contractSources.has(source)));
            const handWritten = rules.filter((rule) => rule.asksFor === undefined && !isMalformedPattern(rule.pattern));
            expect(handWritten.map((rule) => `${rule.resource}: ${JSON.stringify(rule.pattern)}`)).to.deep.equal([]);
            expect(rules.filter((rule) => isMalformedPattern(rule.pattern)).map((rule) => rule.resource)).to.deep.equal(["orders-order-placed-quarantine-rule"]);
        });

        it("GIVEN a guarded event's example without any one required field WHEN routed THEN it reaches its quarantine only, never the workflow", () => {
            const bus = ordersBusName(run);
            for (const name of GUARDED) {
                for (const path of requiredLeavesOf(CONTRACTS[name].detail)) {
                    expect(targetsFor(run, without(contractEvent(name), path), bus), `${name} without ${path}`).to.deep.equal(QUARANTINE[name]);
                }
            }
        });

        it("GIVEN an S3 Object Created event of the receipts bucket WHEN routed THEN it is forwarded from the default bus and published from the orders bus", () => {
            const bus = ordersBusName(run);
            const receipt = objectCreated(RECEIPTS_BUCKET, "receipts/ord_0123456789abcdef0123456789abcdef.json");
            expect(targetsFor(run, receipt, "default")).to.deep.equal(EXPECTED_S3.default);
            expect(targetsFor(run, receipt, bus)).to.deep.equal(EXPECTED_S3.orders);
            // Other keys and other buckets go nowhere.
            for (const other of [objectCreated(RECEIPTS_BUCKET, "tmp/upload.json"), objectCreated("someone-elses-bucket", "receipts/x.json")]) {
                expect(targetsFor(run, other, "default")).to.deep.equal([]);
                expect(targetsFor(run, other, bus)).to.deep.equal([]);
            }
        });

        it("GIVEN every rule WHEN matched against all contract examples THEN it takes exactly the events it asked for and no other", () => {
            const rules = routedRules(run);
            expect(rules.length, "the program registers at least the forwarding rules").to.be.greaterThan(0);
            for (const rule of rules) {
                // Rules for AWS service events (S3 "Object Created", on either bus) ask for no contract event.
                const taken = EVENT_NAMES.filter((event) => matches(rule.pattern, contractEvent(event)));
                expect(sorted(taken), `${rule.resource} on ${rule.bus} with ${JSON.stringify(rule.pattern)}`).to.deep.equal(sorted(rule.asksFor ?? []));
            }
            const byEvent = matchingRules(run);
            for (const event of EVENT_NAMES) {
                for (const rule of byEvent[event]) {
                    expect(rules.find((r) => r.resource === rule)?.asksFor, `${rule} matched ${event}`).to.include(event);
                }
            }
        });

        it("GIVEN every rule and target WHEN wired THEN each rule has a target and each target belongs to exactly one rule on its bus", () => {
            const rules = routedRules(run);
            for (const rule of rules) expect(rule.targets.length, `${rule.resource} has no target`).to.be.greaterThan(0);
            const targets = run.ofType(TARGET_TYPE);
            const ruleKeys = run.ofType(RULE_TYPE).map((r) => `${r.inputs.eventBusName ?? "default"}/${r.state.name}`);
            for (const target of targets) {
                const key = `${target.inputs.eventBusName ?? "default"}/${target.inputs.rule}`;
                expect(ruleKeys.filter((k) => k === key), `${target.name} → ${key}`).to.have.length(1);
            }
            expect(rules.flatMap((rule) => rule.targets)).to.have.length(targets.length);
        });
    });
}
