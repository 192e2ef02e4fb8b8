/**
 * The engines, wired from the program's resources: every table, queue, bus, rule, target, function, mapping, state
 * machine, bucket, topic and pipe the program registered is added to its engine with its own inputs. The only values
 * changed are the few that name AWS endpoints (the issuer, the IoT data endpoint), which point at their local twins.
 */
import { DeadLetters } from "./deadLetters";
import { DynamoEngine } from "./dynamo";
import { startEventBridgeEndpoint } from "./eventBridgeApi";
import { EventBusEngine } from "./eventBus";
import { LambdaEngine } from "./lambda";
import { RuntimeLog } from "./log";
import { Pipe } from "./pipes";
import { functionCode, LocalProgram, ProgramResource } from "./program";
import { S3Engine } from "./s3";
import { SnsEngine } from "./sns";
import { SqsEngine } from "./sqs";
import { SqsEventSource } from "./sqsEventSource";
import { StreamEventSource } from "./streamEventSource";
import { parseArn } from "./arn";
import { StepFunctionsEngine } from "./stepFunctions";

export const T = {
    function: "aws:lambda/function:Function",
    invokeConfig: "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
    mapping: "aws:lambda/eventSourceMapping:EventSourceMapping",
    table: "aws:dynamodb/table:Table",
    bus: "aws:cloudwatch/eventBus:EventBus",
    rule: "aws:cloudwatch/eventRule:EventRule",
    target: "aws:cloudwatch/eventTarget:EventTarget",
    queue: "aws:sqs/queue:Queue",
    redrivePolicy: "aws:sqs/redrivePolicy:RedrivePolicy",
    stateMachine: "aws:sfn/stateMachine:StateMachine",
    bucket: "aws:s3/bucket:Bucket",
    notification: "aws:s3/bucketNotification:BucketNotification",
    topic: "aws:sns/topic:Topic",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    pipe: "aws:pipes/pipe:Pipe",
} as const;

export interface Engines {
    readonly dynamo: DynamoEngine;
    readonly sqs: SqsEngine;
    readonly sns: SnsEngine;
    readonly lambda: LambdaEngine;
    readonly bus: EventBusEngine;
    readonly stepFunctions: StepFunctionsEngine;
    readonly s3: S3Engine;
    readonly deadLetters: DeadLetters;
    /** The SDK endpoints the functions are given, by service id (AWS_ENDPOINT_URL_<id>). */
    readonly endpoints: Record<string, string>;
    stop(): Promise<void>;
}

export interface WiringOptions {
    readonly log: RuntimeLog;
    /** Multiplies every retry and backoff wait. */
    readonly timeScale: number;
    readonly dataDir?: string;
    /** Replacements for values that name AWS endpoints, applied to every function's environment. */
    readonly rewrite: ReadonlyMap<string, string>;
}

/** A value with every AWS endpoint it names (an issuer, or a URL under it such as its JWKS) replaced by its local twin. */
export function rewritten(value: string, rewrite: ReadonlyMap<string, string>): string {
    let result = value;
    for (const [aws, local] of rewrite) result = result.split(aws).join(local);
    return result;
}

const nameOf = (r: ProgramResource): string => String(r.state.name ?? r.inputs.name ?? r.name);

/** Starts the engines and adds every resource of the program to its engine. */
export async function wireEngines(program: LocalProgram, options: WiringOptions): Promise<Engines> {
    const { log, timeScale } = options;
    const stoppers: (() => Promise<void> | void)[] = [];

    const dynamo = await DynamoEngine.start({ dataDir: options.dataDir, log });
    stoppers.push(() => dynamo.stop());
    await dynamo.createTables(program.ofType(T.table).map((t) => ({
        name: nameOf(t), hashKey: t.inputs.hashKey, rangeKey: t.inputs.rangeKey, attributes: t.inputs.attributes ?? [], ttl: t.inputs.ttl,
        globalSecondaryIndexes: t.inputs.globalSecondaryIndexes, streamEnabled: t.inputs.streamEnabled, streamViewType: t.inputs.streamViewType,
        streamArn: t.state.streamArn,
    })));

    const sqs = new SqsEngine({ log, timeScale });
    stoppers.push(() => sqs.stop());
    // A redrive policy may be its own resource (it names its queue by URL), e.g. when it points at a later queue.
    const separateRedrive = new Map(program.ofType(T.redrivePolicy).map((r) => [String(r.inputs.queueUrl), r.inputs.redrivePolicy]));
    for (const q of program.ofType(T.queue)) {
        sqs.addQueue({
            name: nameOf(q), arn: q.state.arn, url: q.state.url, visibilityTimeoutSeconds: q.inputs.visibilityTimeoutSeconds,
            messageRetentionSeconds: q.inputs.messageRetentionSeconds, delaySeconds: q.inputs.delaySeconds,
            redrivePolicy: q.inputs.redrivePolicy ?? separateRedrive.get(String(q.state.url)), fifoQueue: q.inputs.fifoQueue,
        });
    }
    sqs.checkRedriveTargets();

    // Engines that call each other are wired through these late references.
    const late: { bus?: EventBusEngine; stepFunctions?: StepFunctionsEngine; sns?: SnsEngine } = {};
    const lambda = new LambdaEngine({ destinations: sqs, log, timeScale });
    stoppers.push(() => lambda.stop());
    const sns = new SnsEngine({ services: { sqs, lambda }, log });
    late.sns = sns;
    const bus = new EventBusEngine({
        services: {
            lambda,
            sqs,
            stepFunctions: { startExecution: (arn, o) => late.stepFunctions!.startExecution(arn, o) },
            sns: { publish: (arn, message) => late.sns!.publish(arn, message) },
        },
        log,
        timeScale,
    });
    late.bus = bus;
    stoppers.push(() => bus.stop());
    const stepFunctions = new StepFunctionsEngine({
        services: { lambda, dynamodb: dynamo.client, events: { putEvents: (entries) => bus.putEvents(entries as never) }, sqs },
        log,
        timeScale,
    });
    late.stepFunctions = stepFunctions;
    stoppers.push(() => stepFunctions.stop());

    const s3 = new S3Engine({ dataDir: options.dataDir, publish: (event) => bus.emit(event, "default"), log });
    for (const b of program.ofType(T.bucket)) s3.addBucket({ bucket: String(b.state.bucket) });
    for (const n of program.ofType(T.notification)) {
        if (!n.inputs.eventbridge) continue;
        const bucket = program.byId(String(n.inputs.bucket), T.bucket);
        if (!bucket) throw new Error(`bucket notification "${n.name}" names bucket ${n.inputs.bucket}, which the program does not create`);
        s3.enableEventBridge(String(bucket.state.bucket));
    }
    const s3Url = await s3.listen();
    stoppers.push(() => s3.close());
    const eventBridge = await startEventBridgeEndpoint(bus);
    stoppers.push(() => eventBridge.close());

    for (const topic of program.ofType(T.topic)) sns.addTopic({ name: nameOf(topic), arn: topic.state.arn, fifoTopic: topic.inputs.fifoTopic });
    for (const s of program.ofType(T.subscription)) {
        sns.subscribe({ topic: s.inputs.topic, protocol: s.inputs.protocol, endpoint: s.inputs.endpoint, rawMessageDelivery: s.inputs.rawMessageDelivery, redrivePolicy: s.inputs.redrivePolicy });
    }

    for (const b of program.ofType(T.bus)) bus.addBus({ name: nameOf(b), arn: b.state.arn });
    for (const r of program.ofType(T.rule)) {
        bus.addRule({ name: nameOf(r), arn: r.state.arn, eventBusName: r.inputs.eventBusName, eventPattern: r.inputs.eventPattern, scheduleExpression: r.inputs.scheduleExpression, state: r.inputs.state });
    }

    const endpoints = { DYNAMODB: dynamo.endpoint, EVENTBRIDGE: eventBridge.url, S3: s3Url };
    lambda.setEndpoints(endpoints);
    for (const fn of program.ofType(T.function)) {
        const variables = Object.fromEntries(Object.entries((fn.inputs.environment?.variables ?? {}) as Record<string, string>)
            .map(([key, value]) => [key, rewritten(value, options.rewrite)]));
        lambda.addFunction({
            name: nameOf(fn), arn: fn.state.arn, code: await functionCode(fn), handler: fn.inputs.handler, runtime: fn.inputs.runtime,
            timeout: fn.inputs.timeout, memorySize: fn.inputs.memorySize, environment: { variables }, loggingConfig: fn.inputs.loggingConfig,
            reservedConcurrentExecutions: fn.inputs.reservedConcurrentExecutions,
        });
    }
    for (const c of program.ofType(T.invokeConfig)) lambda.putEventInvokeConfig(c.inputs as never);
    // Targets after functions and state machines exist, so a target naming neither fails at start.
    for (const m of program.ofType(T.stateMachine)) {
        stepFunctions.addStateMachine({ name: nameOf(m), arn: m.state.arn, definition: m.inputs.definition, type: m.inputs.type });
    }
    for (const t of program.ofType(T.target)) bus.addTarget(t.inputs as never);

    for (const m of program.ofType(T.mapping)) {
        const fromStream = parseArn(String(m.inputs.eventSourceArn))?.service === "dynamodb";
        const source = fromStream
            ? new StreamEventSource(m.inputs as never, { streams: dynamo, lambda, sqs }, { log, timeScale })
            : new SqsEventSource(m.inputs as never, { sqs, lambda, log });
        source.start();
        stoppers.push(() => source.stop());
    }
    for (const p of program.ofType(T.pipe)) {
        const pipe = new Pipe({ ...(p.inputs as Record<string, unknown>), name: nameOf(p), arn: p.state.arn } as never, {
            streams: dynamo, lambda, events: { putEvents: (entries) => bus.putEvents(entries as never) }, sqs,
        }, { log, timeScale });
        pipe.start();
        stoppers.push(() => pipe.stop());
    }

    const deadLetters = new DeadLetters({ sqs, bus, lambda, log });
    return {
        dynamo, sqs, sns, lambda, bus, stepFunctions, s3, deadLetters, endpoints,
        async stop() {
            for (const stop of stoppers.reverse()) await stop();
        },
    };
}
