import * as pulumi from "@pulumi/pulumi";
import {
    FUNCTION_LOG_LEVELS, FunctionLogLevel, LAMBDA_MEMORY_MB, LOG_RETENTION_DAYS, STATE_MACHINE_LOG_LEVELS, StateMachineLogLevel,
} from "../constants/aws";

/**
 * The argument convention every component follows: settings that travel together travel as one object, with the
 * same names in every component and in the stack config, and with their defaults resolved in one place.
 */

/** How every function a component creates is sized and observed. */
export interface FunctionSettings {
    /** Memory in MB, 128 to 10240; CPU scales with it. @default 256 */
    readonly memoryMb?: number;
    /** Application log level (Lambda JSON logging). @default "INFO" */
    readonly logLevel?: FunctionLogLevel;
}

/** How every state machine a component creates is observed. */
export interface StateMachineSettings {
    /** Execution log level. @default "ERROR" */
    readonly logLevel?: StateMachineLogLevel;
}

/** Settings shared by every component of the platform: pass the same object to each. */
export interface SharedSettings {
    /** Settings of every function the component creates. @default FUNCTION_SETTINGS_DEFAULTS */
    readonly functions?: FunctionSettings;
    /** Settings of every state machine the component creates. @default STATE_MACHINE_SETTINGS_DEFAULTS */
    readonly stateMachines?: StateMachineSettings;
    /**
     * Retention of every CloudWatch log group the component creates (functions, state machines, access logs), a
     * CloudWatch retention value in days. @default 7
     */
    readonly logRetentionDays?: number;
    /**
     * Customer-managed KMS key that encrypts what the component stores (queues, topics, log groups, tables,
     * buckets). Grants for the component's resources include the key permissions they need.
     * @default AWS-owned or AWS-managed keys
     */
    readonly kmsKeyArn?: pulumi.Input<string>;
}

export const FUNCTION_SETTINGS_DEFAULTS: Required<FunctionSettings> = { memoryMb: 256, logLevel: "INFO" };
export const STATE_MACHINE_SETTINGS_DEFAULTS: Required<StateMachineSettings> = { logLevel: "ERROR" };
export const LOG_RETENTION_DAYS_DEFAULT = 7;

/** The retention every log group gets when the component's caller names none. */
export const resolveLogRetentionDays = (days?: number): number => days ?? LOG_RETENTION_DAYS_DEFAULT;

export const resolveFunctionSettings = (settings: FunctionSettings = {}): Required<FunctionSettings> =>
    ({ ...FUNCTION_SETTINGS_DEFAULTS, ...withoutUndefined(settings) });

export const resolveStateMachineSettings = (settings: StateMachineSettings = {}): Required<StateMachineSettings> =>
    ({ ...STATE_MACHINE_SETTINGS_DEFAULTS, ...withoutUndefined(settings) });

/** Problems with a log retention, for the argument named `arg`. */
export function logRetentionProblems(days: number, arg = "logRetentionDays"): string[] {
    return (LOG_RETENTION_DAYS as readonly number[]).includes(days)
        ? []
        : [`${arg} must be a CloudWatch retention value (${LOG_RETENTION_DAYS.join(", ")}), but ${days} was provided`];
}

/** Problems with resolved function settings; `arg` prefixes the names (e.g. "functions"). */
export function functionSettingsProblems(settings: Required<FunctionSettings>, arg = "functions"): string[] {
    const problems: string[] = [];
    const { memoryMb } = settings;
    if (!Number.isInteger(memoryMb) || memoryMb < LAMBDA_MEMORY_MB.min || memoryMb > LAMBDA_MEMORY_MB.max) {
        problems.push(`${arg}.memoryMb must be an integer from ${LAMBDA_MEMORY_MB.min} to ${LAMBDA_MEMORY_MB.max}, but ${memoryMb} was provided`);
    }
    if (!(FUNCTION_LOG_LEVELS as readonly string[]).includes(settings.logLevel)) {
        problems.push(`${arg}.logLevel must be one of ${FUNCTION_LOG_LEVELS.join(", ")}, but ${settings.logLevel} was provided`);
    }
    return problems;
}

/** Problems with resolved state machine settings; `arg` prefixes the names (e.g. "stateMachines"). */
export function stateMachineSettingsProblems(settings: Required<StateMachineSettings>, arg = "stateMachines"): string[] {
    const problems: string[] = [];
    if (!(STATE_MACHINE_LOG_LEVELS as readonly string[]).includes(settings.logLevel)) {
        problems.push(`${arg}.logLevel must be one of ${STATE_MACHINE_LOG_LEVELS.join(", ")}, but ${settings.logLevel} was provided`);
    }
    return problems;
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}
