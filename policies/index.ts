import { PolicyPack } from "@pulumi/policy";
import { CATALOG } from "./catalog";

/**
 * The CrossGuard entry point: `pulumi preview --policy-pack policies --policy-pack-config policies/<stack>.json`.
 * Constructing a PolicyPack starts the analyzer's gRPC server, so nothing but this file may do it; tests import
 * ./catalog and ./evaluate instead.
 */
new PolicyPack("order-platform-policies", {
    description: "Well-Architected guardrails for the serverless, event-driven order platform and what its users build: cdk-nag ServerlessChecks, the AwsSolutions rules and Checkov checks for serverless services, the event-driven failure modes they miss, and idle cost.",
    enforcementLevel: "mandatory",
    provider: "aws",
    // Only the fields CrossGuard knows; the pillar travels in the description and the tags.
    policies: CATALOG.map(({ pillar: _pillar, sources: _sources, ...policy }) => policy),
});
