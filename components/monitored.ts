import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import type { EventSubscription } from "./eventSubscription";
import type { HandlerFunction } from "./handlerFunction";

/** A stage of an API Gateway v2 (HTTP) API. */
export interface ApiStage {
    readonly apiId: pulumi.Input<string>;
    /** The stage name, e.g. "$default". */
    readonly stageName: pulumi.Input<string>;
}

/**
 * What a component wants watched. Every component of the platform exposes one as its `monitoring` property, so
 * monitoring is wired as data: pass the components, not lists of their resources.
 */
export interface Monitored {
    /** Functions: Errors and Throttles alarm; their errors are listed on the dashboard with their correlation id. */
    readonly functions?: HandlerFunction[];
    /** State machines: ExecutionsFailed and ExecutionsTimedOut alarm. */
    readonly stateMachines?: aws.sfn.StateMachine[];
    /** Rules with their DLQs: FailedInvocations and InvocationsFailedToBeSentToDlq per rule, depth per DLQ. */
    readonly subscriptions?: EventSubscription[];
    /** Further dead-letter queues (e.g. a consumer's redrive DLQ): an alarm when any message is in one. */
    readonly deadLetterQueues?: aws.sqs.Queue[];
    /** Work queues with a consumer: an alarm on the age of the oldest message. */
    readonly workQueues?: aws.sqs.Queue[];
    /** An HTTP API stage whose 5xx responses alarm. */
    readonly apis?: ApiStage[];
}

/** Anything that says what it wants watched. */
export interface Watchable {
    readonly monitoring: Monitored;
}

/** Everything the watched components asked for, each resource once (a component may report a child's resources too). */
export function collectMonitored(watch: readonly Watchable[]): Required<Monitored> {
    const unique = <T>(items: T[]): T[] => [...new Set(items)];
    const all = <K extends keyof Monitored>(key: K) => unique(watch.flatMap((w) => (w.monitoring[key] ?? []) as NonNullable<Monitored[K]>[number][]));
    return {
        functions: all("functions"), stateMachines: all("stateMachines"), subscriptions: all("subscriptions"),
        deadLetterQueues: all("deadLetterQueues"), workQueues: all("workQueues"), apis: all("apis"),
    } as Required<Monitored>;
}
