/**
 * AWS service limits the program checks before it creates anything. One leaf module: the stack config, the
 * components and the policy pack read the same numbers, so a limit is written once.
 */

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/** Lambda memory, in MB. */
export const LAMBDA_MEMORY_MB = { min: 128, max: 10_240 } as const;
/** Lambda timeout, in seconds. */
export const LAMBDA_TIMEOUT_SECONDS = { min: 1, max: 900 } as const;
/** An HTTP API waits at most 30 seconds for its integration, so a function behind it must answer sooner. */
export const HTTP_API_MAX_FUNCTION_TIMEOUT_SECONDS = 29;
/** IoT Core gives a custom authorizer at most 5 seconds. */
export const IOT_AUTHORIZER_MAX_TIMEOUT_SECONDS = 5;

/** Lambda's application log levels (JSON logging). */
export const FUNCTION_LOG_LEVELS = ["DEBUG", "INFO", "WARN", "ERROR"] as const;
export type FunctionLogLevel = (typeof FUNCTION_LOG_LEVELS)[number];

/** Step Functions execution log levels offered (OFF is not: an Express execution keeps no history elsewhere). */
export const STATE_MACHINE_LOG_LEVELS = ["ALL", "ERROR", "FATAL"] as const;
export type StateMachineLogLevel = (typeof STATE_MACHINE_LOG_LEVELS)[number];

export const WORKFLOW_TYPES = ["EXPRESS", "STANDARD"] as const;
export type WorkflowType = (typeof WORKFLOW_TYPES)[number];
/** Express workflows run for at most five minutes. */
export const EXPRESS_MAX_SECONDS = 300;

/** EventBridge target retry policy bounds. */
export const EVENTBRIDGE_RETRY = { maxAttempts: 185, minEventAgeSeconds: 60, maxEventAgeSeconds: 86_400 } as const;
/** EventBridge archive retention, in days (0 means forever, which the platform never allows). */
export const ARCHIVE_RETENTION_DAYS = { min: 1, max: 3650 } as const;

/** SQS message retention, in seconds (1 minute to 14 days). */
export const SQS_RETENTION_SECONDS = { min: 60, max: 1_209_600 } as const;
/** SQS visibility timeout, in seconds (up to 12 hours). */
export const SQS_VISIBILITY_TIMEOUT_SECONDS = { min: 0, max: 43_200 } as const;
/** AWS's advice for an SQS event source: a visibility timeout of at least 6× the function timeout. */
export const SQS_VISIBILITY_FACTOR = 6;
/** Event source mapping maximum concurrency bounds for SQS. */
export const SQS_MAPPING_MAX_CONCURRENCY = { min: 2, max: 1000 } as const;

/** HTTP API stage throttling bounds this platform accepts. */
export const HTTP_API_THROTTLE = { burst: { min: 1, max: 5000 }, rate: { min: 1, max: 10_000 } } as const;

/** KMS waits this many days before deleting a key scheduled for deletion. */
export const KMS_DELETION_WINDOW_DAYS = { min: 7, max: 30 } as const;
