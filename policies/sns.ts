import { allowsEveryone, asString, deniesInsecureTransport, PackPolicy, Problem, resourcePolicy, stackPolicy, StackProblem, statements } from "./core";
import { redriveTarget } from "./sqs";
import { T } from "./types";

export const snsPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "sns-encryption", type: T.topic, pillar: "Security",
        sources: ["AwsSolutions-SNS2", "CKV_AWS_26"],
        description: "SNS topics are encrypted at rest with a KMS key. Publishers such as EventBridge and CloudWatch need a customer-managed key (the AWS-managed alias/aws/sns key does not admit them).",
        remediation: "Set kmsMasterKeyId to the stack's customer-managed key and let the publishing services use it in the key policy.",
    }, (props) => asString(props.kmsMasterKeyId) ? [] :
        [["messages are not encrypted at rest", "set kmsMasterKeyId to the stack's customer-managed key (EventBridge and CloudWatch cannot publish with alias/aws/sns)"]]),

    stackPolicy({
        name: "sns-tls-only", pillar: "Security",
        sources: ["AwsSolutions-SNS3"],
        description: "Every SNS topic's policy denies publishing without TLS (aws:SecureTransport = false).",
        remediation: "Add a Deny statement on sns:Publish with Condition Bool aws:SecureTransport = false to the topic policy.",
    }, (stack) => stack.ofType(T.topic).flatMap((topic): StackProblem[] => {
        const docs = [topic.props.policy, ...stack.ofType(T.topicPolicy).filter((p) => stack.find(T.topic, p.props.arn).includes(topic)).map((p) => p.props.policy)];
        return docs.some((doc) => statements(doc).some(deniesInsecureTransport)) ? [] : [{
            resource: topic,
            problem: "its policy does not deny publishing without TLS",
            fix: "add { Sid: \"DenyInsecureTransport\", Effect: \"Deny\", Principal: \"*\", Action: \"sns:Publish\", Resource: <topic ARN>, Condition: { Bool: { \"aws:SecureTransport\": \"false\" } } } to its topic policy",
        }];
    })),

    resourcePolicy({
        name: "sns-subscription-redrive", type: T.topicSubscription, pillar: "Reliability",
        sources: ["Serverless-SNSRedrivePolicy"],
        description: "Every SNS subscription has a redrive policy, so a message SNS cannot deliver after its retries goes to a dead-letter queue instead of being dropped.",
        remediation: "Set redrivePolicy: JSON.stringify({ deadLetterTargetArn: <SQS queue ARN> }) and let sns.amazonaws.com send to that queue.",
    }, (props) => redriveTarget(props.redrivePolicy) ? [] :
        [[`undeliverable ${asString(props.protocol) ?? ""} notifications are dropped after SNS's retries`.replace("  ", " "), "set redrivePolicy: JSON.stringify({ deadLetterTargetArn: <SQS queue ARN> }) and allow sns.amazonaws.com to sqs:SendMessage to that queue (aws:SourceArn = the topic)"]]),

    resourcePolicy({
        name: "sns-policy-not-open", type: [T.topic, T.topicPolicy], pillar: "Security",
        sources: ["CKV_AWS_169", "CKV_AWS_385"],
        description: "A topic policy never allows every principal (`*`) to publish or subscribe without a narrowing condition (aws:SourceArn, aws:SourceAccount, aws:PrincipalOrgID).",
        remediation: "Name the publishing service or account and add an aws:SourceArn or aws:SourceAccount condition.",
    }, (props) => statements(props.policy).filter(allowsEveryone).map((s): Problem =>
        [`statement ${s.sid ?? "(no Sid)"} lets anyone ${s.actions.join(", ")} on the topic`, "name the principal (e.g. { Service: \"events.amazonaws.com\" }) and add a Condition on aws:SourceArn or aws:SourceAccount"])),

    resourcePolicy({
        name: "sns-subscription-https", type: T.topicSubscription, pillar: "Security",
        sources: ["event-driven"],
        description: "SNS never delivers to a plain-HTTP endpoint (protocol http): messages and the subscription confirmation token would cross the internet unencrypted.",
        remediation: "Use protocol https with an https:// endpoint.",
    }, (props) => asString(props.protocol) === "http"
        ? [[`it delivers messages to ${asString(props.endpoint) ?? "an endpoint"} over plain HTTP`, "set protocol: \"https\" and an https:// endpoint"]] : []),
];
