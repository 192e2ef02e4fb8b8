import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { IOT_AUTHORIZER_MAX_TIMEOUT_SECONDS } from "../constants/aws";
import { EMAIL_ADDRESS } from "../constants/patterns";
import { HANDLERS } from "../functions/handlers";
import { NOTIFIED_EVENTS } from "../functions/notifier";
import { EmailSubscriptions } from "./emailSubscriptions";
import { EventBus } from "./eventBus";
import { EventSubscription, InputTransformer, RetryPolicy, validateRetryPolicy } from "./eventSubscription";
import type { TokenIssuer } from "./customerIdentity";
import { HandlerFunction } from "./handlerFunction";
import { SharedSettings } from "./settings";

export interface FrontendNotifierArgs extends SharedSettings {
    /** The orders bus: OrderProcessed, OrderFailed and ReceiptStored are heard here. */
    readonly eventBus: EventBus;
    /** The issuer of the customers' ID tokens, which the IoT custom authorizer verifies. */
    readonly tokenIssuer: TokenIssuer;
    /** Addresses subscribed (by email) to the readable OrderFailed notifications. @default none */
    readonly notificationEmails?: string[];
    /** The IoT data endpoint host (iot:Data-ATS). @default looked up with aws.iot.getEndpoint */
    readonly iotDataEndpoint?: pulumi.Input<string>;
    /** Retry policy of the notifier and email subscriptions. @default the bus default */
    readonly retry?: RetryPolicy;
}

export const FRONTEND_NOTIFIER_DEFAULTS = {
    notificationEmails: [] as string[],
    authorizerTimeout: IOT_AUTHORIZER_MAX_TIMEOUT_SECONDS,
    notifierTimeout: 10,
} as const;


/** Checks the arguments before anything is created; throws naming every wrong argument and its value. */
export function validateFrontendNotifierArgs(name: string, args: FrontendNotifierArgs): void {
    const problems: string[] = [];
    for (const email of args.notificationEmails ?? []) {
        if (!EMAIL_ADDRESS.test(email)) problems.push(`notificationEmails must hold email addresses, but "${email}" was provided`);
    }
    if (!args.tokenIssuer) problems.push("tokenIssuer is required: the issuer and audience of the customers' ID tokens");
    if (args.retry) problems.push(...validateRetryPolicy(args.retry));
    if (problems.length > 0) throw new Error(`FrontendNotifier ${name}: ${problems.join("; ")}`);
}

/**
 * The readable email EventBridge renders for an OrderFailed event (SNS email shows the text as it is).
 *
 * EventBridge puts each value into the quoted template as it is, without escaping, so only values whose contract
 * allows no quote, backslash or control character may appear: the order and correlation ids, the time and the error
 * name. Never the cause: it is free text (a Lambda's message and trace), which could break the template and would
 * mail internals; operators read it where the order is stored.
 */
export const ORDER_FAILED_EMAIL: InputTransformer = {
    inputPaths: {
        orderId: "$.detail.orderId",
        error: "$.detail.error",
        correlationId: "$.detail.correlationId",
        occurredAt: "$.detail.occurredAt",
    },
    inputTemplate: "\"Order <orderId> failed at <occurredAt> with <error>. The customer was told that it failed, not why. " +
        "Its cause is stored with the order: the orders table, item <orderId>. Every log line about the order carries " +
        "correlation id <correlationId>: search the platform's log groups for it (CloudWatch Logs Insights).\"",
};

/**
 * Tells the frontend what happened to its order. OrderProcessed, OrderFailed and ReceiptStored go to a Lambda that
 * publishes to the customer's IoT Core topic `orders/<stack>/<customerId>`; browsers connect with MQTT over WebSockets
 * through a custom authorizer that verifies the customer's ID token (RS256, the issuer's JWKS) and grants only that
 * customer's topic.
 * OrderFailed also goes, as readable text, to an SNS topic with email subscriptions.
 */
export class FrontendNotifier extends pulumi.ComponentResource {
    readonly notifier: HandlerFunction;
    readonly notifierSubscription: EventSubscription;
    readonly authorizerFunction: HandlerFunction;
    readonly authorizer: aws.iot.Authorizer;
    readonly authorizerPermission: aws.lambda.Permission;
    readonly topic: aws.sns.Topic;
    readonly emailSubscription: EventSubscription;
    /** Mail subscriptions, with a DLQ for undeliverable mail. */
    readonly emailSubscriptions: EmailSubscriptions;
    /** `orders/<stack>`: a customer's topic is `<topicPrefix>/<customerId>`. */
    readonly topicPrefix: string;
    readonly iotDataEndpoint: pulumi.Output<string>;
    readonly authorizerName: pulumi.Output<string>;
    readonly topicArn: pulumi.Output<string>;
    /** What monitoring watches: both functions, both rules and the mail DLQ. */
    readonly monitoring: { functions: HandlerFunction[]; subscriptions: EventSubscription[]; deadLetterQueues: aws.sqs.Queue[] };

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
        const functionDefaults = { functions: args.functions, logRetentionDays: args.logRetentionDays, kmsKeyArn: args.kmsKeyArn };

        // Notifier: contract events → the customer's IoT topic.
        this.notifier = new HandlerFunction(`${name}-notifier`, {
            ...functionDefaults,
            handler: HANDLERS.notifier,
            description: "Publishes order progress to the customer's IoT Core topic",
            timeout: d.notifierTimeout,
            environment: { IOT_DATA_ENDPOINT: this.iotDataEndpoint, TOPIC_PREFIX: this.topicPrefix },
            permissions: [{ Sid: "PublishToCustomerTopics", Action: ["iot:Publish"], Resource: pulumi.interpolate`${iotArnPrefix}:topic/${this.topicPrefix}/*` }],
        }, { parent: this });
        this.notifierSubscription = args.eventBus.subscribe(`${name}-notifier`, [...NOTIFIED_EVENTS], { kind: "lambda", function: this.notifier.function }, {
            retry: args.retry,
            description: "Order progress to the frontend over IoT Core",
        });

        // Browser auth: the customer's ID token, verified against the issuer's published keys; no shared secret exists.
        this.authorizerFunction = new HandlerFunction(`${name}-authorizer`, {
            ...functionDefaults,
            handler: HANDLERS.iotAuthorizer,
            description: "IoT Core custom authorizer: a customer's ID token grants that customer's topic only",
            timeout: d.authorizerTimeout,
            environment: {
                JWT_ISSUER: args.tokenIssuer.issuer,
                JWT_AUDIENCE: args.tokenIssuer.audience,
                ...(args.tokenIssuer.jwksUri !== undefined ? { JWT_JWKS_URI: args.tokenIssuer.jwksUri } : {}),
                IOT_ARN_PREFIX: iotArnPrefix,
                TOPIC_PREFIX: this.topicPrefix,
            },
        }, { parent: this });
        this.authorizer = new aws.iot.Authorizer(`${name}-authorizer`, {
            authorizerFunctionArn: this.authorizerFunction.arn,
            // The function verifies the JWT's signature itself; IoT's token signing is a different scheme (a key pair of ours).
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

        this.monitoring = {
            functions: [this.notifier, this.authorizerFunction],
            subscriptions: [this.notifierSubscription, this.emailSubscription],
            deadLetterQueues: this.emailSubscriptions.monitoring.deadLetterQueues,
        };
        this.registerOutputs({ topicArn: this.topicArn, authorizerName: this.authorizerName, iotDataEndpoint: this.iotDataEndpoint });
    }
}
