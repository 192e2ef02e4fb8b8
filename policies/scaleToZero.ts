import { billedFor, HOURLY_BILLED } from "../pricing/hourlyBilled";
import { PackPolicy, resourcePolicy } from "./core";
import { EXTRA_IDLE_BILLED } from "./idleBilled";

/** Every type that can be billed while idle: the shared list (priced by the offline plan) and the pack's additions. */
export const IDLE_BILLED_TYPES: readonly string[] = [...HOURLY_BILLED.map((entry) => entry.type), ...EXTRA_IDLE_BILLED.map((entry) => entry.type)];

function idleBilling(type: string, props: Record<string, unknown>): string | undefined {
    const extra = EXTRA_IDLE_BILLED.find((entry) => entry.type === type);
    return extra ? (extra.billed(props) ? extra.billedFor : undefined) : billedFor(type, props);
}

export const scaleToZeroPolicies: PackPolicy[] = [
    resourcePolicy<{ stackClass?: string }>({
        name: "scale-to-zero", type: IDLE_BILLED_TYPES, pillar: "Cost Optimization",
        sources: ["event-driven"],
        description: "In a stack configured as dev (stackClass dev), nothing is billed while idle: no customer-managed key, alarm, dashboard, provisioned capacity, NAT gateway, instance, cluster, load balancer, web ACL or kept-warm compute.",
        remediation: "Create the resource only when the stack config asks for it (customerManagedKey, monitoring), or use the on-demand/serverless equivalent.",
        configSchema: { properties: { stackClass: { type: "string", enum: ["dev", "prod"], default: "prod" } } },
    }, (props, config, args) => {
        if ((config.stackClass ?? "prod") !== "dev") args.notApplicable("only stacks configured as dev must scale to zero");
        // The shared list is the one the stack tests and the offline plan's idle cost use (pricing/hourlyBilled.ts).
        const billed = idleBilling(args.type, props);
        return billed ? [[`it is billed as a ${billed} even when no order arrives, in a stack that must cost nothing when idle`, "create it only when the stack config asks for it (e.g. customerManagedKey or monitoring false in dev), or use the pay-per-request equivalent"]] : [];
    }),
];
