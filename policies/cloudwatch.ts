import { asArray, PackPolicy, Problem, resourcePolicy } from "./core";
import { T } from "./types";

export const cloudWatchPolicies: PackPolicy[] = [
    resourcePolicy({
        name: "cloudwatch-alarm-actions", type: T.metricAlarm, pillar: "Operational Excellence",
        sources: ["CKV_AWS_319"],
        description: "Every alarm notifies someone: it has an alarm action (e.g. the ops SNS topic) and its actions are enabled. An alarm nobody hears is billed and useless.",
        remediation: "Set alarmActions to the ops topic ARN and leave actionsEnabled true.",
    }, (props) => {
        const problems: Problem[] = [];
        if (asArray(props.alarmActions).length === 0) problems.push(["it has no alarm action, so when it fires nobody is told", "set alarmActions: [<ops topic ARN>] (and okActions to hear the recovery)"]);
        if (props.actionsEnabled === false) problems.push(["its actions are disabled (actionsEnabled false), so it changes state silently", "set actionsEnabled: true"]);
        return problems;
    }),
];
