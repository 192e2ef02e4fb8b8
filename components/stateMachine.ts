import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import type { WorkflowType } from "../constants/aws";
import { checkDefinition, StateMachineDefinition } from "../workflows/asl";
import { compositionProblems, workflowTypeArgProblems } from "../workflows/composition";
import { taskPolicies, taskPolicyProblems } from "../workflows/taskPolicies";
import { PolicyStatement, serviceRole } from "./iam";
import {
    logRetentionProblems, resolveLogRetentionDays, resolveStateMachineSettings, StateMachineSettings, stateMachineSettingsProblems,
} from "./settings";
import { transform, Transform } from "./transform";

export interface StateMachineArgs {
    /** The ASL, built with workflows/asl.ts. The role's Task permissions are derived from it (workflows/taskPolicies.ts). */
    readonly definition: pulumi.Input<StateMachineDefinition>;
    /**
     * EXPRESS (cheaper, at-least-once, at most five minutes) or STANDARD (exactly-once per execution name, 90 days
     * of history). The definition must suit it (workflows/composition.ts). Changing it replaces the machine.
     */
    readonly type: WorkflowType;
    /** Execution log level. @default STATE_MACHINE_SETTINGS_DEFAULTS */
    readonly stateMachines?: StateMachineSettings;
    /** Retention of the machine's log group, a CloudWatch retention value in days. @default 7 */
    readonly logRetentionDays?: number;
    /** Customer-managed key for the log group. @default AWS-owned encryption */
    readonly kmsKeyArn?: pulumi.Input<string>;
    /**
     * Statements the Tasks imply but cannot name, such as the key permissions of an encrypted table
     * (`table.grantEncryption(...)`). Task permissions, log delivery and X-Ray are added. @default none
     */
    readonly permissions?: PolicyStatement[];
    /**
     * The component that created these children before they moved into a StateMachine: each child is aliased
     * under it, so stacks deployed before the move keep their resources instead of replacing them.
     * @default none (a machine that never moved)
     */
    readonly movedFrom?: pulumi.Resource;
    /** Changes to the children's args. @default none */
    readonly transform?: {
        readonly stateMachine?: Transform<aws.sfn.StateMachineArgs>;
        readonly role?: Transform<aws.iam.RoleArgs>;
        readonly logGroup?: Transform<aws.cloudwatch.LogGroupArgs>;
    };
}

/** Thrown when a StateMachine's arguments are invalid; the message names every bad argument and what is allowed. */
export class StateMachineArgsError extends Error {
    constructor(readonly machine: string, readonly problems: string[]) {
        super(`StateMachine ${machine}: ${problems.join("; ")}`);
        this.name = "StateMachineArgsError";
    }
}

const isKnown = <T>(value: pulumi.Input<T>): value is T => !pulumi.Output.isInstance(value) && !(value instanceof Promise);

/** Why a resolved definition cannot be deployed as `type`: its structure, its composition and its Task permissions. */
function definitionProblems(name: string, type: WorkflowType, definition: StateMachineDefinition): string[] {
    try {
        checkDefinition(name, definition);
    } catch (e) {
        return [(e as Error).message];
    }
    return [...compositionProblems({ [name]: type }, { [name]: definition }), ...taskPolicyProblems(definition)];
}

/**
 * Checks the arguments before anything is created. A definition still unknown (an Output) is checked the same
 * way once it resolves, before the machine is deployed with it.
 */
export function validateStateMachineArgs(name: string, args: StateMachineArgs): void {
    const problems = [
        ...workflowTypeArgProblems(args.type, "type"),
        ...stateMachineSettingsProblems(resolveStateMachineSettings(args.stateMachines)),
        ...logRetentionProblems(resolveLogRetentionDays(args.logRetentionDays)),
    ];
    if (problems.length === 0 && isKnown(args.definition)) problems.push(...definitionProblems(name, args.type, args.definition));
    if (problems.length > 0) throw new StateMachineArgsError(name, problems);
}

/**
 * Whether execution logs carry the states' inputs and outputs. They hold personal data (an OrderPlaced carries the
 * customer's verified email) and would keep it for the log group's retention, so they never do.
 */
export const EXECUTION_DATA_LOGGED = false;

/** Log delivery and X-Ray, which every state machine role needs for logging and tracing. */
const OBSERVABILITY_STATEMENTS: PolicyStatement[] = [
    {
        Sid: "DeliverExecutionLogs",
        // CloudWatch Logs' vended-log delivery APIs support no resource-level permissions: "*" is the only
        // resource they accept (Step Functions documents exactly this policy for logging).
        Action: [
            "logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery",
            "logs:ListLogDeliveries", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DescribeLogGroups",
        ],
        Resource: "*",
    },
    {
        Sid: "Tracing",
        // X-Ray's trace and sampling APIs accept no resource-level permissions, so "*" is the only valid resource.
        Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords", "xray:GetSamplingRules", "xray:GetSamplingTargets"],
        Resource: "*",
    },
];

/**
 * A Step Functions state machine from a definition: its own role (only Step Functions, for this account's state
 * machines, may assume it) holding exactly the permissions its Tasks call, its own log group with retention,
 * execution logging without execution data (no personal data in logs) and X-Ray tracing. Every state machine of
 * the platform is one of these.
 */
export class StateMachine extends pulumi.ComponentResource {
    readonly stateMachine: aws.sfn.StateMachine;
    readonly role: aws.iam.Role;
    readonly policy: aws.iam.RolePolicy;
    readonly logGroup: aws.cloudwatch.LogGroup;
    readonly arn: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;
    readonly type: WorkflowType;
    /** The ASL as deployed (for tests, policies and the local runtime); the machine's JSON is rendered from it. */
    readonly definition: pulumi.Output<StateMachineDefinition>;
    /** What monitoring watches: this machine. */
    readonly monitoring: { readonly stateMachines: aws.sfn.StateMachine[] };

    constructor(name: string, args: StateMachineArgs, opts?: pulumi.ComponentResourceOptions) {
        super("orders:platform:StateMachine", name, {}, opts);
        validateStateMachineArgs(name, args);
        const settings = resolveStateMachineSettings(args.stateMachines);
        this.type = args.type;
        const child = (): pulumi.CustomResourceOptions => ({ parent: this, ...(args.movedFrom ? { aliases: [{ parent: args.movedFrom }] } : {}) });

        this.definition = (pulumi.output(args.definition) as pulumi.Output<StateMachineDefinition>).apply((definition) => {
            const problems = definitionProblems(name, args.type, definition);
            if (problems.length > 0) throw new StateMachineArgsError(name, problems);
            return definition;
        });

        const identity = aws.getCallerIdentityOutput({}, { parent: this });
        const region = aws.getRegionOutput({}, { parent: this });
        const partition = aws.getPartitionOutput({}, { parent: this });
        const statements = pulumi.all([this.definition, partition.partition, region.region, identity.accountId])
            .apply(([definition, p, r, account]) => taskPolicies(name, definition, { partition: p, region: r, account }));

        // The /aws/vendedlogs/ prefix keeps the log-delivery resource policy from growing per group.
        this.logGroup = new aws.cloudwatch.LogGroup(...transform(args.transform?.logGroup, `${name}-logs`, {
            namePrefix: `/aws/vendedlogs/states/${name}-`,
            retentionInDays: resolveLogRetentionDays(args.logRetentionDays),
            kmsKeyId: args.kmsKeyArn,
        }, child()));

        // Confused-deputy guard: only state machines of this account and region may assume the role (its own ARN
        // would be a cycle: the machine needs the role first).
        const thisAccountsStateMachines = pulumi.interpolate`arn:${partition.partition}:states:${region.region}:${identity.accountId}:stateMachine:*`;
        ({ role: this.role, policy: this.policy } = serviceRole(`${name}-role`, "states.amazonaws.com",
            statements.apply((tasks) => [...tasks, ...(args.permissions ?? []), ...OBSERVABILITY_STATEMENTS]),
            child(), thisAccountsStateMachines, args.transform?.role));

        this.stateMachine = new aws.sfn.StateMachine(...transform(args.transform?.stateMachine, name, {
            type: args.type,
            roleArn: this.role.arn,
            definition: this.definition.apply((definition) => JSON.stringify(definition, null, 2)),
            loggingConfiguration: {
                logDestination: pulumi.interpolate`${this.logGroup.arn}:*`,
                // Execution data is every state's input and output: the customers' emails, kept as long as the logs.
                // Operators get the execution (named by orderId), each state's type and name, and every error.
                includeExecutionData: EXECUTION_DATA_LOGGED,
                level: settings.logLevel,
            },
            tracingConfiguration: { enabled: true },
        }, { ...child(), dependsOn: [this.policy] }));

        this.arn = this.stateMachine.arn;
        this.name = this.stateMachine.name;
        this.monitoring = { stateMachines: [this.stateMachine] };
        this.registerOutputs({ arn: this.arn, name: this.name });
    }
}
