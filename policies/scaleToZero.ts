import { billedFor, HOURLY_BILLED } from "../components/hourlyBilled";
import { PackPolicy, resourcePolicy } from "./core";

export const scaleToZeroPolicies: PackPolicy[] = [
    resourcePolicy<{ stackClass?: string }>({
        name: "scale-to-zero", type: HOURLY_BILLED.map((entry) => entry.type), pillar: "Cost Optimization",
        sources: ["event-driven"],
        description: "In a stack configured as dev (stackClass dev), nothing is billed while idle: no customer-managed key, alarm, dashboard, provisioned capacity, NAT gateway, instance, cluster or load balancer.",
        remediation: "Create the resource only when the stack config asks for it (customerManagedKey, monitoring), or use the on-demand/serverless equivalent.",
        configSchema: { properties: { stackClass: { type: "string", enum: ["dev", "prod"], default: "prod" } } },
    }, (props, config, args) => {
        if ((config.stackClass ?? "prod") !== "dev") args.notApplicable("only stacks configured as dev must scale to zero");
        // The same list the stack tests and the offline plan's idle cost use (components/hourlyBilled.ts).
        const billed = billedFor(args.type, props);
        return billed ? [[`it is billed as a ${billed} even when no order arrives, in a stack that must cost nothing when idle`, "create it only when the stack config asks for it (e.g. customerManagedKey or monitoring false in dev), or use the pay-per-request equivalent"]] : [];
    }),
];
