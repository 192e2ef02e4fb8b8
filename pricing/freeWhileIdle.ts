/**
 * The resource types the platform creates that cost nothing while no order flows, each with what it is billed for
 * instead. With pricing/hourlyBilled.ts this classifies every type both stacks create (tests/stacks/idleCost.test.ts),
 * so adding a type means deciding, here or there, whether it costs money idle.
 *
 * Stored data is billed per GB-month (S3 objects, log groups, archives, tables): it is not idle cost, since it
 * grows with orders, and an empty stack stores next to nothing (the plan prints the storefront's few kilobytes).
 * Imports nothing, like pricing/hourlyBilled.ts.
 */

export interface FreeWhileIdle {
    readonly type: string;
    /** What it is billed for instead ("nothing" for configuration resources). */
    readonly billedPer: string;
}

const free = (billedPer: string) => (type: string): FreeWhileIdle => ({ type, billedPer });
const configuration = free("nothing: configuration of another resource");

export const FREE_WHILE_IDLE: readonly FreeWhileIdle[] = [
    ...["aws:apigatewayv2/api:Api", "aws:apigatewayv2/stage:Stage", "aws:apigatewayv2/route:Route"].map(free("request (HTTP API)")),
    ...["aws:apigatewayv2/authorizer:Authorizer", "aws:apigatewayv2/integration:Integration"].map(configuration),
    free("request and GB to the internet; no monthly fee unless a flat-rate plan is chosen")("aws:cloudfront/distribution:Distribution"),
    ...["aws:cloudfront/originAccessControl:OriginAccessControl", "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy"].map(configuration),
    free("custom event published, archived GB and stored GB-month")("aws:cloudwatch/eventBus:EventBus"),
    free("GB archived and GB-month stored")("aws:cloudwatch/eventArchive:EventArchive"),
    ...["aws:cloudwatch/eventRule:EventRule", "aws:cloudwatch/eventTarget:EventTarget", "aws:cloudwatch/eventBusPolicy:EventBusPolicy"].map(free("nothing: delivery is part of the event's price")),
    free("GB ingested and GB-month stored")("aws:cloudwatch/logGroup:LogGroup"),
    ...["aws:cloudwatch/logDelivery:LogDelivery", "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination", "aws:cloudwatch/logDeliverySource:LogDeliverySource"]
        .map(free("GB of vended logs delivered")),
    free("monthly active user (no MAU, no charge)")("aws:cognito/userPool:UserPool"),
    ...["aws:cognito/userPoolClient:UserPoolClient", "aws:cognito/userPoolDomain:UserPoolDomain", "aws:cognito/managedLoginBranding:ManagedLoginBranding"].map(configuration),
    free("request unit when on-demand (PROVISIONED is in pricing/hourlyBilled.ts), GB-month stored, Streams read request")("aws:dynamodb/table:Table"),
    ...["aws:iam/role:Role", "aws:iam/rolePolicy:RolePolicy", "aws:kms/alias:Alias", "aws:lambda/permission:Permission",
        "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "aws:sns/topicPolicy:TopicPolicy", "aws:sqs/queuePolicy:QueuePolicy",
        "aws:sqs/redrivePolicy:RedrivePolicy", "aws:kms/keyPolicy:KeyPolicy"].map(configuration),
    free("message metered and connection minute")("aws:iot/authorizer:Authorizer"),
    free("request and GB-second")("aws:lambda/function:Function"),
    free("the queue's requests (its pollers' empty receives, which the plan prints)")("aws:lambda/eventSourceMapping:EventSourceMapping"),
    free("request and GB-month stored")("aws:s3/bucket:Bucket"),
    free("GB-month stored")("aws:s3/bucketObjectv2:BucketObjectv2"),
    ...["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
        "aws:s3/bucketPolicy:BucketPolicy", "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
        "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "aws:s3/bucketNotification:BucketNotification"].map(configuration),
    free("the log objects it writes (PUTs and GB-month)")("aws:s3/bucketLogging:BucketLogging"),
    ...["aws:schemas/registry:Registry", "aws:schemas/schema:Schema"].map(free("nothing (schema discovery, which bills per event, is not used)")),
    free("state transition (Standard) or execution and GB-second (Express)")("aws:sfn/stateMachine:StateMachine"),
    free("publish and delivery")("aws:sns/topic:Topic"),
    free("delivery (email)")("aws:sns/topicSubscription:TopicSubscription"),
    free("request")("aws:sqs/queue:Queue"),
];

const BY_TYPE: ReadonlyMap<string, FreeWhileIdle> = new Map(FREE_WHILE_IDLE.map((entry) => [entry.type, entry]));

/** What a type that costs nothing idle is billed for instead, or undefined when the list does not name it. */
export function billedPerInstead(type: string): string | undefined {
    return BY_TYPE.get(type)?.billedPer;
}
