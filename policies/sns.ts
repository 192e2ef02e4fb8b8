import { asString, deniesInsecureTransport, PackPolicy, resourcePolicy, stackPolicy, StackProblem, statements } from "./core";
import { redriveTarget } from "./sqs";
import { T } from "./types";

export const snsPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "sns-encryption", type: T.topic, pillar: "Security",
        sources: ["AwsSolutions-SNS2"],
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
        sources: ["Serverless:SNSRedrivePolicy"],
        description: "Every SNS subscription has a redrive policy, so a message SNS cannot deliver after its retries goes to a dead-letter queue instead of being dropped.",
        remediation: "Set redrivePolicy: JSON.stringify({ deadLetterTargetArn: <SQS queue ARN> }) and let sns.amazonaws.com send to that queue.",
    }, (props) => redriveTarget(props.redrivePolicy) ? [] :
        [[`undeliverable ${asString(props.protocol) ?? ""} notifications are dropped after SNS's retries`.replace("  ", " "), "set redrivePolicy: JSON.stringify({ deadLetterTargetArn: <SQS queue ARN> }) and allow sns.amazonaws.com to sqs:SendMessage to that queue (aws:SourceArn = the topic)"]]),
];
