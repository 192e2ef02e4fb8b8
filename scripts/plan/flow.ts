import type { MockResource } from "../../tools/mockProgram";
import { allTasks, classifyTask } from "../../pricing/asl";
import { ResourceIndex, T, asList } from "./resources";
import { alternatives } from "./usageEvents";
import { filteredStatuses } from "./usagePipes";

/**
 * The event flow as a Mermaid flowchart, derived only from the resources: the API's routes, the buses, each rule
 * with the detail-types of its pattern, each target (resolved by ARN) with its DLQ, queue consumers, what each
 * workflow's Tasks call on any path (its failure handlers included), the pipes from table streams to buses, and who
 * may put events on a bus. Nodes are named by the resources' logical names and sorted with the edges, so the text
 * only changes when the architecture does.
 */
export interface Flow {
    readonly nodes: Map<string, string>;
    readonly edges: Set<string>;
}

const id = (prefix: string, name: string): string => `${prefix}_${name.replace(/[^A-Za-z0-9]+/g, "_")}`;
const text = (label: string): string => label.replace(/"/g, "'");

export function buildFlow(resources: MockResource[]): Flow {
    const idx = new ResourceIndex(resources);
    const nodes = new Map<string, string>();
    const edges = new Set<string>();
    const edge = (from: string, to: string, label?: string, dotted = false) =>
        edges.add(`${from} ${dotted ? "-.->" : "-->"}${label ? `|"${text(label)}"|` : ""} ${to}`);

    const fnNode = (fn: MockResource) => { const n = id("fn", fn.name); nodes.set(n, `${n}("λ ${text(fn.name)}")`); return n; };
    const smNode = (sm: MockResource) => { const n = id("sm", sm.name); nodes.set(n, `${n}[["${text(sm.name)} (${String(sm.inputs.type ?? "STANDARD")})"]]`); return n; };
    const queueNode = (q: MockResource, dlq = false) => { const n = id(dlq ? "dlq" : "q", q.name); nodes.set(n, `${n}[/"${dlq ? "DLQ " : ""}${text(q.name)}"/]`); return n; };
    const topicNode = (t: MockResource) => { const n = id("topic", t.name); nodes.set(n, `${n}>"SNS ${text(t.name)}"]`); return n; };
    const tableNode = (t: MockResource) => { const n = id("table", t.name); nodes.set(n, `${n}[("DynamoDB ${text(t.name)}")]`); return n; };
    const busByName = new Map(idx.ofType(T.bus).map((b) => [idx.busName(b), b]));
    const busNode = (name: string) => {
        const bus = busByName.get(name);
        const n = id("bus", bus ? bus.name : name);
        nodes.set(n, `${n}(["${bus ? `bus ${text(bus.name)}` : `${text(name)} bus`}"])`);
        return n;
    };
    const remoteBusNode = (arn: string) => {
        const short = arn.replace(/^arn:aws[a-z-]*:events:/, "");
        const n = id("remote", short);
        nodes.set(n, `${n}(["remote bus ${text(short)}"])`);
        return n;
    };
    /** The node of whatever an ARN names, or undefined when it is not a resource of the program. */
    const nodeFor = (arn: unknown): string | undefined => {
        const r = idx.byArn(arn) ?? idx.lambda(arn);
        switch (r?.type) {
            case T.function: return fnNode(r);
            case T.stateMachine: return smNode(r);
            case T.queue: return queueNode(r);
            case T.topic: return topicNode(r);
            case T.bus: return busNode(idx.busName(r));
        }
        if (typeof arn === "string" && /:event-bus\//.test(arn)) return remoteBusNode(arn);
        return undefined;
    };

    for (const route of idx.ofType(T.route)) {
        const fn = idx.routeFunction(route);
        if (!fn) continue;
        nodes.set("api", `api(["HTTP API"])`);
        edge("api", fnNode(fn), String(route.inputs.routeKey));
    }

    for (const bus of idx.ofType(T.bus)) busNode(idx.busName(bus));
    for (const rule of idx.ofType(T.rule)) {
        const busName = String(rule.inputs.eventBusName ?? "default");
        const detailTypes = [...new Set(alternatives(idx.pattern(rule)).flatMap((alt) => asList(alt["detail-type"])))].sort();
        const ruleId = id("rule", rule.name);
        nodes.set(ruleId, `${ruleId}{{"${text(rule.name)}<br/>${text(detailTypes.join(", ") || "any event")}"}}`);
        edge(busNode(busName), ruleId);
        for (const target of idx.targetsOf(rule)) {
            const to = nodeFor(target.inputs.arn);
            if (to) edge(ruleId, to, target.inputs.inputTransformer ? "transformed" : undefined);
            const dlq = idx.byArn(target.inputs.deadLetterConfig?.arn);
            if (dlq) edge(ruleId, queueNode(dlq, true), "undeliverable", true);
        }
    }

    for (const mapping of idx.ofType(T.mapping)) {
        const queue = idx.byArn(mapping.inputs.eventSourceArn);
        const fn = idx.lambda(mapping.inputs.functionName);
        const table = queue ? undefined : idx.tableOfStream(mapping.inputs.eventSourceArn);
        if (table && fn) {
            const statuses = filteredStatuses(mapping.inputs.filterCriteria);
            edge(tableNode(table), fnNode(fn), `stream${statuses.length > 0 ? `: status ${statuses.join(", ")}` : ""}`);
        }
        if (queue && fn) edge(queueNode(queue), fnNode(fn), `batch ${mapping.inputs.batchSize ?? 10}`);
        const redrive = queue && typeof queue.inputs.redrivePolicy === "string" ? JSON.parse(queue.inputs.redrivePolicy) : undefined;
        const dlq = idx.byArn(redrive?.deadLetterTargetArn);
        if (queue && dlq) edge(queueNode(queue), queueNode(dlq, true), `after ${redrive.maxReceiveCount} receives`, true);
    }

    // Writes to a table whose stream something consumes: the first link of a change-data flow (an outbox).
    const streamed = new Set(idx.ofType(T.mapping).map((m) => idx.tableOfStream(m.inputs.eventSourceArn)).concat(idx.ofType(T.pipe).map((p) => idx.tableOfStream(p.inputs.source))).filter(Boolean));
    const streamedTable = (name: unknown) => [...streamed].find((t) => t && (t.state.name ?? t.inputs.name) === name);
    for (const sm of idx.ofType(T.stateMachine)) {
        const from = smNode(sm);
        for (const task of allTasks(String(sm.inputs.definition))) {
            const kind = classifyTask(task);
            if (kind.kind === "lambda") {
                const to = nodeFor(kind.functionArn);
                if (to) edge(from, to, task.state);
            } else if (kind.kind === "startExecution") {
                const to = nodeFor(kind.stateMachineArn);
                if (to) edge(from, to, kind.sync ? "starts and waits" : "starts");
            } else if (kind.kind === "dynamodb" && /^(putitem|updateitem|deleteitem|transactwriteitems)$/.test(kind.operation)) {
                const table = streamedTable(task.args.TableName);
                if (table) edge(from, tableNode(table), "writes");
            } else if (kind.kind === "putEvents") {
                for (const entry of asEntries(task.args.Entries)) {
                    const busRef = String(entry.EventBusName ?? "default");
                    const bus = idx.byArn(busRef) ?? busByName.get(busRef);
                    edge(from, bus ? busNode(idx.busName(bus)) : busNode(busRef), String(entry.DetailType ?? "events"));
                }
            }
        }
    }

    for (const fn of idx.ofType(T.function)) {
        for (const statement of idx.grants(fn)) {
            for (const resource of statement.Resource) {
                if (statement.Action.includes("events:PutEvents")) {
                    const bus = idx.byArn(resource);
                    if (bus) edge(fnNode(fn), busNode(idx.busName(bus)), statement.DetailTypes?.join(", ") ?? "PutEvents");
                }
                if (statement.Action.some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(a))) {
                    const table = [...streamed].find((t) => t && (t.state.arn === resource || resource.startsWith(`${t.state.arn}/`)));
                    if (table) edge(fnNode(fn), tableNode(table), "writes");
                }
                if (statement.Action.includes("iot:Publish")) {
                    nodes.set("iot", `iot(["IoT Core MQTT"])`);
                    edge(fnNode(fn), "iot", "publish");
                }
            }
        }
    }
    for (const notification of idx.ofType(T.bucketNotification)) {
        if (!notification.inputs.eventbridge) continue;
        // The notification names its bucket by id; the diagram names it by the bucket's logical name.
        const bucket = idx.byId(notification.inputs.bucket);
        const name = bucket ? bucket.name : String(notification.inputs.bucket);
        const n = id("s3", name);
        nodes.set(n, `${n}[("S3 ${text(name)}")]`);
        edge(n, busNode("default"), "Object Created");
    }
    for (const pipe of idx.ofType(T.pipe)) {
        const n = id("pipe", pipe.name);
        nodes.set(n, `${n}[\\"pipe ${text(pipe.name)}"\\]`);
        const table = idx.tableOfStream(pipe.inputs.source);
        const from = table ? tableNode(table) : nodeFor(pipe.inputs.source);
        if (from) edge(from, n, table ? "stream" : undefined);
        const enrichment = idx.lambda(pipe.inputs.enrichment);
        if (enrichment) edge(n, fnNode(enrichment), "enrichment", true);
        const to = nodeFor(pipe.inputs.target);
        if (to) edge(n, to, String(pipe.inputs.targetParameters?.eventbridgeEventBusParameters?.detailType ?? "events"));
    }
    for (const topic of idx.ofType(T.topic)) {
        const emails = idx.emailSubscriptions(topic);
        if (emails === 0) continue;
        const n = id("email", topic.name);
        nodes.set(n, `${n}["${emails} email subscription${emails === 1 ? "" : "s"}"]`);
        edge(topicNode(topic), n);
    }
    return { nodes, edges };
}

function asEntries(value: unknown): Record<string, unknown>[] {
    return Array.isArray(value) ? value.filter((e): e is Record<string, unknown> => typeof e === "object" && e !== null) : [];
}

/** The flowchart text, nodes then edges, each sorted. */
export function mermaid(flow: Flow): string {
    return [
        "flowchart LR",
        ...[...flow.nodes.keys()].sort().map((key) => `    ${flow.nodes.get(key)}`),
        ...[...flow.edges].sort().map((e) => `    ${e}`),
    ].join("\n");
}

/** The file the README embeds: the diagrams of both stacks, each in a mermaid block. */
export function flowDocument(diagrams: Record<string, string>): string {
    const sections = Object.keys(diagrams).sort().map((stack) =>
        `## ${stack}\n\n\`\`\`mermaid\n${diagrams[stack]}\n\`\`\`\n`);
    return [
        "# Event flow",
        "",
        "Generated by `npm run plan -- <stack> --write-flow` from the resources the program creates under the mock engine; do not edit by hand",
        "(tests/plan/plan.test.ts fails when it differs from what the plan derives).",
        "Buses are stadiums, rules hexagons (with the detail-types of their pattern), functions rounded, workflows framed,",
        "queues slanted, pipes leaning, tables and buckets cylinders; dotted edges lead to dead-letter queues and to a pipe's enrichment.",
        "",
        ...sections,
    ].join("\n");
}
