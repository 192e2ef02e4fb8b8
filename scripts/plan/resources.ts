import type { MockResource } from "../../tools/mockProgram";

/** The resource type tokens the plan reads. */
export const T = {
    function: "aws:lambda/function:Function",
    mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    bus: "aws:cloudwatch/eventBus:EventBus",
    archive: "aws:cloudwatch/eventArchive:EventArchive",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    queue: "aws:sqs/queue:Queue",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    table: "aws:dynamodb/table:Table",
    bucket: "aws:s3/bucket:Bucket",
    bucketV2: "aws:s3/bucketV2:BucketV2",
    bucketNotification: "aws:s3/bucketNotification:BucketNotification",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    route: "aws:apigatewayv2/route:Route",
    integration: "aws:apigatewayv2/integration:Integration",
    stage: "aws:apigatewayv2/stage:Stage",
    role: "aws:iam/role:Role",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iotAuthorizer: "aws:iot/authorizer:Authorizer",
    api: "aws:apigatewayv2/api:Api",
    distribution: "aws:cloudfront/distribution:Distribution",
    bucketObject: "aws:s3/bucketObjectv2:BucketObjectv2",
    logDelivery: "aws:cloudwatch/logDelivery:LogDelivery",
    userPool: "aws:cognito/userPool:UserPool",
    userPoolClient: "aws:cognito/userPoolClient:UserPoolClient",
    pipe: "aws:pipes/pipe:Pipe",
} as const;

export interface Statement {
    Action: string[];
    Resource: string[];
    /** The detail-types an `events:PutEvents` statement's condition allows, when it names them. */
    DetailTypes?: string[];
}

/** An EventBridge pattern, parsed. */
export interface Pattern {
    source?: string[];
    "detail-type"?: string[];
    [key: string]: unknown;
}

const asList = (value: unknown): string[] => (Array.isArray(value) ? value.map(String) : value === undefined ? [] : [String(value)]);

/** Lookups over one recording of the program: by ARN, by id, by name; a function's grants; a rule's targets. */
export class ResourceIndex {
    private readonly byArnMap = new Map<string, MockResource>();
    private readonly byIdMap = new Map<string, MockResource>();

    constructor(readonly resources: MockResource[]) {
        for (const r of resources) {
            // The mocks echo inputs into state, so an `arn` input (an EventTarget's target, a TopicPolicy's topic) is not the resource's own.
            if (typeof r.state.arn === "string" && r.inputs.arn === undefined) this.byArnMap.set(r.state.arn, r);
            this.byIdMap.set(r.id, r);
        }
    }

    ofType(type: string): MockResource[] {
        return this.resources.filter((r) => r.type === type);
    }

    byArn(arn: unknown): MockResource | undefined {
        return typeof arn === "string" ? this.byArnMap.get(arn) : undefined;
    }

    byId(id: unknown): MockResource | undefined {
        return typeof id === "string" ? this.byIdMap.get(id) : undefined;
    }

    /** A Lambda function by ARN (qualified or not) or by name. */
    lambda(ref: unknown): MockResource | undefined {
        if (typeof ref !== "string") return undefined;
        const arn = ref.replace(/:(\$LATEST|\d+)$/, "");
        return this.ofType(T.function).find((f) => f.state.arn === arn || f.state.name === ref);
    }

    /** The name a bus is addressed by in rules ("default" for the account's default bus). */
    busName(bus: MockResource): string {
        return String(bus.state.name ?? bus.name);
    }

    rulesOn(busName: string): MockResource[] {
        return this.ofType(T.rule).filter((r) => String(r.inputs.eventBusName ?? "default") === busName);
    }

    targetsOf(rule: MockResource): MockResource[] {
        const ruleName = rule.state.name;
        return this.ofType(T.target).filter((t) => t.inputs.rule === ruleName &&
            String(t.inputs.eventBusName ?? "default") === String(rule.inputs.eventBusName ?? "default"));
    }

    pattern(rule: MockResource): Pattern {
        const raw = rule.inputs.eventPattern;
        if (typeof raw !== "string") return {};
        try {
            return JSON.parse(raw) as Pattern;
        } catch {
            return {};
        }
    }

    /** Every statement of the inline policies of the role a function (or state machine) runs as. */
    grants(resource: MockResource): Statement[] {
        const role = this.byArn(resource.inputs.role ?? resource.inputs.roleArn);
        if (!role) return [];
        const out: Statement[] = [];
        for (const policy of this.ofType(T.rolePolicy)) {
            if (policy.inputs.role !== role.id && policy.inputs.role !== role.state.name) continue;
            const doc = typeof policy.inputs.policy === "string" ? JSON.parse(policy.inputs.policy) : policy.inputs.policy;
            const statements: any[] = Array.isArray(doc?.Statement) ? doc.Statement : doc?.Statement ? [doc.Statement] : [];
            for (const s of statements) {
                if ((s.Effect ?? "Allow") !== "Allow") continue;
                const detailTypes = s.Condition?.StringEquals?.["events:detail-type"];
                out.push({ Action: asList(s.Action), Resource: asList(s.Resource), ...(detailTypes ? { DetailTypes: asList(detailTypes) } : {}) });
            }
        }
        return out;
    }

    /** Email subscriptions of a topic. */
    emailSubscriptions(topic: MockResource): number {
        return this.ofType(T.subscription).filter((s) => s.inputs.topic === topic.state.arn && /^email/.test(String(s.inputs.protocol))).length;
    }

    /**
     * The table whose stream an ARN names (a stream ARN is the table's ARN plus /stream/<label>). A stream ARN is known
     * only after deployment, so under the mocks it is missing: then the one table with a stream is the source, if one.
     */
    tableOfStream(arn: unknown): MockResource | undefined {
        if (typeof arn !== "string") {
            const streaming = this.ofType(T.table).filter((t) => t.inputs.streamEnabled === true);
            return arn === undefined && streaming.length === 1 ? streaming[0] : undefined;
        }
        return this.ofType(T.table).find((t) => t.state.streamArn === arn || (typeof t.state.arn === "string" && arn.startsWith(`${t.state.arn}/stream/`)));
    }

    /** The function an API route invokes, through its integration. */
    routeFunction(route: MockResource): MockResource | undefined {
        const integrationId = /^integrations\/(.+)$/.exec(String(route.inputs.target ?? ""))?.[1];
        const integration = this.byId(integrationId);
        return integration ? this.lambda(integration.inputs.integrationUri) : undefined;
    }
}

/** Short form of a type token for tables: "aws:lambda/function:Function" → "lambda:Function". */
export function shortType(type: string): string {
    const m = /^aws:([^/]+)\/[^:]+:(.+)$/.exec(type);
    return m ? `${m[1]}:${m[2]}` : type;
}

export { asList };
