import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import * as random from "@pulumi/random";
import { createIotAuthorizerHandler } from "../functions/iotAuthorizer";
import { createNotifierHandler, NOTIFIED_EVENTS } from "../functions/notifier";
import { EventBus } from "./eventBus";
import { EMAIL_ADDRESS, EmailSubscriptions } from "./emailSubscriptions";
import { EventSubscription, InputTransformer, RetryPolicy, validateRetryPolicy } from "./eventSubscription";
import { HandlerFunction } from "./handlerFunction";

export interface FrontendNotifierArgs {
    /** The orders bus: OrderProcessed, OrderFailed and ReceiptStored are heard here. */
    readonly eventBus: EventBus;
    /** Addresses subscribed (by email) to the readable OrderFailed notifications. @default none */
    readonly notificationEmails?: string[];
    /** Customer-managed key for the topic, the token-secret parameter and the log groups. @default AWS-managed or no SSE on the topic (see docs) */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /** The IoT data endpoint host (iot:Data-ATS). @default looked up with aws.iot.getEndpoint */
    readonly iotDataEndpoint?: pulumi.Input<string>;
    /** Length of the generated token-signing secret, 32 to 128 characters. @default 64 */
    readonly tokenSecretLength?: number;
    /** Retry policy of the notifier and email subscriptions. @default the bus default */
    readonly retry?: RetryPolicy;
    /** Log retention of both functions, a CloudWatch retention value. */
    readonly logRetentionDays: number;
    /** Log level of both functions. @default "INFO" */
    readonly logLevel?: "DEBUG" | "INFO" | "WARN" | "ERROR";
    /** Memory of both functions in MB. @default 256 */
    readonly memorySize?: number;
}

export const FRONTEND_NOTIFIER_DEFAULTS = {
    notificationEmails: [] as string[],
    tokenSecretLength: 64,
    /** IoT Core gives a custom authorizer at most 5 seconds. */
    authorizerTimeout: 5,
    notifierTimeout: 10,
} as const;


/** Checks the arguments before anything is created; throws naming every wrong argument and its value. */
export function validateFrontendNotifierArgs(name: string, args: FrontendNotifierArgs): void {
    const problems: string[] = [];
    for (const email of args.notificationEmails ?? []) {
        if (!EMAIL_ADDRESS.test(email)) problems.push(`notificationEmails must hold email addresses, but "${email}" was provided`);
    }
    const length = args.tokenSecretLength ?? FRONTEND_NOTIFIER_DEFAULTS.tokenSecretLength;
    if (!Number.isInteger(length) || length < 32 || length > 128) {
        problems.push(`tokenSecretLength must be an integer from 32 to 128, but ${length} was provided`);
    }
    if (args.retry) problems.push(...validateRetryPolicy(args.retry));
    if (problems.length > 0) throw new Error(`FrontendNotifier ${name}: ${problems.join("; ")}`);
}

/** The readable email EventBridge renders for an OrderFailed event (SNS email shows the text as it is). */
export const ORDER_FAILED_EMAIL: InputTransformer = {
    inputPaths: {
        orderId: "$.detail.orderId",
        customerId: "$.detail.customerId",
        error: "$.detail.error",
        cause: "$.detail.cause",
        correlationId: "$.detail.correlationId",
        occurredAt: "$.detail.occurredAt",
    },
    inputTemplate: "\"Order <orderId> of customer <customerId> failed at <occurredAt>. Error: <error>. Cause: <cause>. " +
        "Search the logs for correlation id <correlationId>.\"",
};

/**
 * Tells the frontend what happened to its order. OrderProcessed, OrderFailed and ReceiptStored go to a Lambda that
 * publishes to the customer's IoT Core topic `orders/<stack>/<customerId>`; browsers connect with MQTT over WebSockets
 * through a custom authorizer that verifies a signed customer token and grants only that customer's topic.
 * OrderFailed also goes, as readable text, to an SNS topic with email subscriptions.
 */
export class FrontendNotifier extends pulumi.ComponentResource {
    readonly notifier: HandlerFunction;
    readonly notifierSubscription: EventSubscription;
    readonly authorizerFunction: HandlerFunction;
    readonly authorizer: aws.iot.Authorizer;
    readonly authorizerPermission: aws.lambda.Permission;
    readonly tokenSecret: random.RandomPassword;
    readonly tokenSecretParameter: aws.ssm.Parameter;
    readonly topic: aws.sns.Topic;
    readonly emailSubscription: EventSubscription;
    /** Mail subscriptions, with a DLQ for undeliverable mail. */
    readonly emailSubscriptions: EmailSubscriptions;
    /** `orders/<stack>`: a customer's topic is `<topicPrefix>/<customerId>`. */
    readonly topicPrefix: string;
    readonly iotDataEndpoint: pulumi.Output<string>;
    readonly authorizerName: pulumi.Output<string>;
    readonly topicArn: pulumi.Output<string>;

    constructor(name: string, args: FrontendNotifierArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:FrontendNotifier", name, {}, opts);
        validateFrontendNotifierArgs(name, args);
        const d = FRONTEND_NOTIFIER_DEFAULTS;
        const stack = pulumi.getStack();
        this.topicPrefix = `orders/${stack}`;
        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this });
        const iotArnPrefix = pulumi.interpolate`arn:aws:iot:${region.region}:${identity.accountId}`;
        this.iotDataEndpoint = pulumi.output(args.iotDataEndpoint
            ?? aws.iot.getEndpointOutput({ endpointType: "iot:Data-ATS" }, { parent: this }).endpointAddress);
        const functionDefaults = { logRetentionDays: args.logRetentionDays, logLevel: args.logLevel, memorySize: args.memorySize, kmsKeyArn: args.kmsKeyArn };

        // Notifier: contract events → the customer's IoT topic.
        this.notifier = new HandlerFunction(`${name}-notifier`, {
            ...functionDefaults,
            handler: createNotifierHandler,
            description: "Publishes order progress to the customer's IoT Core topic",
            timeout: d.notifierTimeout,
            environment: { IOT_DATA_ENDPOINT: this.iotDataEndpoint, TOPIC_PREFIX: this.topicPrefix },
            permissions: [{ Sid: "PublishToCustomerTopics", Action: ["iot:Publish"], Resource: pulumi.interpolate`${iotArnPrefix}:topic/${this.topicPrefix}/*` }],
        }, { parent: this });
        this.notifierSubscription = args.eventBus.subscribe(`${name}-notifier`, [...NOTIFIED_EVENTS], { kind: "lambda", function: this.notifier.function }, {
            retry: args.retry,
            description: "Order progress to the frontend over IoT Core",
        });

        // Browser auth: the token-signing secret lives only in SSM (SecureString), read by the authorizer at cold start.
        this.tokenSecret = new random.RandomPassword(`${name}-token-secret`, {
            length: args.tokenSecretLength ?? d.tokenSecretLength,
            special: false,
        }, { parent: this });
        this.tokenSecretParameter = new aws.ssm.Parameter(`${name}-token-secret`, {
            name: `/${pulumi.getProject()}/${stack}/${name}/iot-token-secret`,
            description: "HMAC-SHA256 key that signs the customer tokens the IoT authorizer accepts",
            type: "SecureString",
            value: this.tokenSecret.result,
            keyId: args.kmsKeyArn,
        }, { parent: this });

        this.authorizerFunction = new HandlerFunction(`${name}-authorizer`, {
            ...functionDefaults,
            handler: createIotAuthorizerHandler,
            description: "IoT Core custom authorizer: a signed customer token grants that customer's topic only",
            timeout: d.authorizerTimeout,
            environment: {
                // The parameter's name, never its value.
                SIGNING_PARAMETER_NAME: this.tokenSecretParameter.name,
                IOT_ARN_PREFIX: iotArnPrefix,
                TOPIC_PREFIX: this.topicPrefix,
            },
            permissions: [
                { Sid: "ReadSigningSecret", Action: ["ssm:GetParameter"], Resource: this.tokenSecretParameter.arn },
                ...(args.kmsKeyArn ? [{ Sid: "DecryptSigningSecret", Action: ["kms:Decrypt"], Resource: args.kmsKeyArn }] : []),
            ],
        }, { parent: this });
        this.authorizer = new aws.iot.Authorizer(`${name}-authorizer`, {
            authorizerFunctionArn: this.authorizerFunction.arn,
            // The function verifies its own HMAC token; IoT's signature check would need an RSA key pair instead.
            signingDisabled: true,
            status: "ACTIVE",
            enableCachingForHttp: false,
        }, { parent: this });
        this.authorizerName = this.authorizer.name;
        this.authorizerPermission = new aws.lambda.Permission(`${name}-authorizer-invoke`, {
            action: "lambda:InvokeFunction",
            function: this.authorizerFunction.name,
            principal: "iot.amazonaws.com",
            sourceArn: this.authorizer.arn,
        }, { parent: this });

        // Humans: OrderFailed as readable email.
        this.topic = new aws.sns.Topic(`${name}-emails`, {
            displayName: "Order platform notifications",
            kmsMasterKeyId: args.kmsKeyArn,
        }, { parent: this });
        this.topicArn = this.topic.arn;
        this.emailSubscription = args.eventBus.subscribe(`${name}-order-failed-email`, ["OrderFailed"], {
            kind: "sns",
            topic: this.topic,
            inputTransformer: ORDER_FAILED_EMAIL,
        }, { retry: args.retry, description: "OrderFailed as a readable email" });
        this.emailSubscriptions = new EmailSubscriptions(`${name}-email`, {
            topic: this.topic, emails: args.notificationEmails ?? d.notificationEmails, kmsKeyArn: args.kmsKeyArn,
        }, { parent: this });

        this.registerOutputs({
            topicArn: this.topicArn,
            authorizerName: this.authorizerName,
            iotDataEndpoint: this.iotDataEndpoint,
            tokenSecretParameterName: this.tokenSecretParameter.name,
        });
    }
}
