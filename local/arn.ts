/**
 * ARNs as the engines meet them in the program's inputs (a target's `arn`, a redrive policy's
 * `deadLetterTargetArn`, a mapping's `functionName`), and the region/account the local runtime pretends to be.
 */

export interface LocalAccount {
    /** @default "us-east-1" */
    readonly region?: string;
    /** @default "123456789012" */
    readonly accountId?: string;
}

export const DEFAULT_REGION = "us-east-1";
export const DEFAULT_ACCOUNT_ID = "123456789012";

export function accountOf(options: LocalAccount): { region: string; accountId: string } {
    return { region: options.region ?? DEFAULT_REGION, accountId: options.accountId ?? DEFAULT_ACCOUNT_ID };
}

export interface Arn {
    readonly partition: string;
    readonly service: string;
    readonly region: string;
    readonly account: string;
    /** Everything after the account, e.g. `function:orders-price-order` or `event-bus/orders`. */
    readonly resource: string;
}

/** Parses an ARN, or returns undefined for anything that is not one. */
export function parseArn(value: string): Arn | undefined {
    const parts = value.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    const [, partition, service, region, account, ...resource] = parts;
    return { partition, service, region, account, resource: resource.join(":") };
}

/** `arn:aws:<service>:<region>:<account>:<resource>`. */
export function buildArn(service: string, account: { region: string; accountId: string }, resource: string): string {
    return `arn:aws:${service}:${account.region}:${account.accountId}:${resource}`;
}

/** The name a resource ARN ends with (`function:x` → x, `event-bus/x` → x, `stateMachine:x` → x, `queue` → queue). */
export function resourceName(arn: Arn): string {
    const resource = arn.resource;
    const slash = resource.indexOf("/");
    if (slash >= 0) return resource.slice(slash + 1);
    const colon = resource.indexOf(":");
    return colon >= 0 ? resource.slice(colon + 1) : resource;
}
