/**
 * The platform's Step Functions definitions and the rules around them, free of Pulumi: the deployed program,
 * the local runtime and the tests read the same source.
 */
export * from "./asl";
export * from "./composition";
export * from "./customerRouter";
export * from "./orderOutcome";
export * from "./processOrder";
export * from "./taskPolicies";
export { SERVICE_CALL_TIMEOUT_SECONDS, WORKFLOW_TIMEOUT_SECONDS } from "./templates";
