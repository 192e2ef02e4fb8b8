/**
 * The routing table of an evaluated program: which rule targets each contract event reaches.
 * Built from what the program really registered (EventRule patterns, EventTarget `rule` inputs), evaluated
 * with the offline EventBridge matcher, so it shows the routing a deployment would have.
 */
import { CONTRACTS, EVENT_NAMES, EventName, patternFor } from "../../contracts";
import { ACCOUNT_ID, MockResource, ProgramRun, REGION } from "../harness";
import { EventPattern, matches } from "../../local/eventPattern";

export const RULE_TYPE = "aws:cloudwatch/eventRule:EventRule";
export const TARGET_TYPE = "aws:cloudwatch/eventTarget:EventTarget";

export interface RoutedRule {
    /** The rule's Pulumi resource name. */
    readonly resource: string;
    /** The rule's AWS name (what EventTarget.rule refers to). */
    readonly name: string;
    /** The bus the rule listens on ("default" when unset). */
    readonly bus: string;
    readonly pattern: EventPattern;
    /** Labels of the rule's targets, sorted. */
    readonly targets: string[];
    /** The contract events whose `patternFor` is exactly this rule's pattern; undefined for any other pattern. */
    readonly asksFor?: EventName[];
}

/** A target's label: its resource name without the "-target" suffix EventSubscription gives it. */
export function targetLabel(target: MockResource): string {
    return target.name.replace(/-target$/, "");
}

const busOf = (resource: MockResource): string => resource.inputs.eventBusName ?? "default";

/** The name of the stack's orders bus (the program's `busName` export). */
export function ordersBusName(run: ProgramRun): string {
    const name = run.exports.busName;
    if (typeof name !== "string") throw new Error(`the program exports no busName (got ${JSON.stringify(name)})`);
    return name;
}

/** A contract's example as the full event EventBridge would match on the orders bus. */
export function contractEvent(name: EventName): Record<string, unknown> {
    const contract = CONTRACTS[name];
    return {
        version: "0",
        id: `00000000-0000-4000-8000-${String(EVENT_NAMES.indexOf(name)).padStart(12, "0")}`,
        "detail-type": contract.detailType,
        source: contract.source,
        account: ACCOUNT_ID,
        time: contract.example.occurredAt.replace(/\.\d{3}Z$/, "Z"),
        region: REGION,
        resources: [],
        detail: contract.example,
    };
}

/** Key-order-independent JSON, to compare patterns. */
function canonical(value: unknown): string {
    if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
    if (value && typeof value === "object") {
        return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(",")}}`;
    }
    return JSON.stringify(value);
}

/** The contract events a pattern was derived from, if it is exactly `patternFor(some events)`. */
export function contractsAskedFor(pattern: EventPattern): EventName[] | undefined {
    const wanted = canonical(pattern);
    for (let mask = 1; mask < 1 << EVENT_NAMES.length; mask++) {
        const subset = EVENT_NAMES.filter((_, i) => mask & (1 << i));
        if (canonical(patternFor(subset)) === wanted) return subset;
    }
    return undefined;
}

/** Every rule the program registered, with its parsed pattern and its targets. */
export function routedRules(run: ProgramRun): RoutedRule[] {
    const targets = run.ofType(TARGET_TYPE);
    return run.ofType(RULE_TYPE).map((rule) => {
        const raw = rule.inputs.eventPattern;
        if (raw === undefined) throw new Error(`rule ${rule.name} has no eventPattern (scheduled rules are not routed events)`);
        const pattern = (typeof raw === "string" ? JSON.parse(raw) : raw) as EventPattern;
        const name: string = rule.state.name;
        const mine = targets.filter((t) => t.inputs.rule === name && busOf(t) === busOf(rule));
        return {
            resource: rule.name,
            name,
            bus: busOf(rule),
            pattern,
            targets: mine.map(targetLabel).sort(),
            asksFor: contractsAskedFor(pattern),
        };
    }).sort((a, b) => a.resource.localeCompare(b.resource));
}

/** For each contract event: the rules (resource names) on the orders bus that match its example. */
export function matchingRules(run: ProgramRun): Record<EventName, string[]> {
    const bus = ordersBusName(run);
    const rules = routedRules(run).filter((rule) => rule.bus === bus);
    return Object.fromEntries(EVENT_NAMES.map((event) => [
        event,
        rules.filter((rule) => matches(rule.pattern, contractEvent(event))).map((rule) => rule.resource),
    ])) as Record<EventName, string[]>;
}

/** The sorted labels of every target an event reaches on a bus ("default" for the account's default bus). */
export function targetsFor(run: ProgramRun, event: Record<string, unknown>, bus: string): string[] {
    return routedRules(run).filter((rule) => rule.bus === bus && matches(rule.pattern, event)).flatMap((rule) => rule.targets).sort();
}

/** Every `source` value a pattern names, at the top level or inside a top-level `$or`. */
export function sourcesOf(pattern: EventPattern): string[] {
    const alternatives = Array.isArray(pattern.$or) ? (pattern.$or as EventPattern[]) : [pattern];
    return alternatives.flatMap((p) => (Array.isArray(p.source) ? p.source.filter((s): s is string => typeof s === "string") : []));
}

/**
 * The routing table: for each contract event published on the orders bus, the sorted labels of every
 * target it reaches (an empty list when no rule takes it).
 */
export function routingTable(run: ProgramRun): Record<EventName, string[]> {
    const bus = ordersBusName(run);
    const rules = routedRules(run).filter((rule) => rule.bus === bus);
    return Object.fromEntries(EVENT_NAMES.map((event) => [
        event,
        rules.filter((rule) => matches(rule.pattern, contractEvent(event))).flatMap((rule) => rule.targets).sort(),
    ])) as Record<EventName, string[]>;
}
