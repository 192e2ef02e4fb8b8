import { asString, get, PackPolicy, Problem, resourcePolicy } from "./core";
import { T } from "./types";

export const appSyncPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "appsync-tracing", type: T.graphQlApi, pillar: "Operational Excellence",
        sources: ["Serverless-AppSyncTracing"],
        description: "AppSync GraphQL APIs have X-Ray tracing on, so a request can be followed through its resolvers and data sources.",
        remediation: "Set xrayEnabled: true.",
    }, (props) => props.xrayEnabled === true ? [] : [["X-Ray tracing is off", "set xrayEnabled: true"]]),

    resourcePolicy({
        name: "appsync-logging", type: T.graphQlApi, pillar: "Operational Excellence",
        sources: ["AwsSolutions-ASC3", "CKV_AWS_193", "CKV_AWS_194"],
        description: "AppSync GraphQL APIs log requests and resolver errors to CloudWatch (logConfig with fieldLogLevel ERROR or ALL and a role).",
        remediation: "Set logConfig: { cloudwatchLogsRoleArn, fieldLogLevel: \"ERROR\" }.",
    }, (props) => {
        const level = asString(get(props, "logConfig", "fieldLogLevel")) ?? "NONE";
        const problems: Problem[] = [];
        if (!["ERROR", "ALL", "INFO", "DEBUG"].includes(level)) problems.push([`field-level logging is ${level}, so resolver errors leave no trace`, "set logConfig.fieldLogLevel: \"ERROR\""]);
        if (!asString(get(props, "logConfig", "cloudwatchLogsRoleArn"))) problems.push(["it has no role to write logs with", "set logConfig.cloudwatchLogsRoleArn to a role AppSync can assume with logs:CreateLogStream/PutLogEvents on its log group"]);
        return problems;
    }),
];
