import * as awsProviderSettings from "@pulumi/aws/config/vars";
import { Region } from "@pulumi/aws/types/enums";
import { didYouMean, nearMisses } from "./nearMisses";

/** The AWS provider's side of the stack config, read from the installed provider rather than a hand-kept list. */

/** Every setting the installed AWS provider reads (`aws:<name>`), and every region it knows. */
export const AWS_PROVIDER_SETTINGS: readonly string[] = Object.keys(awsProviderSettings).sort();
export const AWS_REGIONS: readonly string[] = Object.values(Region);

/** A value `pulumi config set --secret` stored, as the stack file holds it (only the CLI can decrypt it). */
export function isCiphertext(value: unknown): boolean {
    const isSecure = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v) &&
        Object.keys(v).length === 1 && typeof (v as { secure?: unknown }).secure === "string";
    return isSecure(value) || (Array.isArray(value) && value.some(isSecure));
}

/** Problems with one `aws:<name>` setting: a name the provider does not read, or a region that does not exist. */
export function awsSettingProblems(name: string, value: unknown, shown: string): string[] {
    const key = `aws:${name}`;
    if (!AWS_PROVIDER_SETTINGS.includes(name)) {
        const near = nearMisses(name, AWS_PROVIDER_SETTINGS).map((n) => `aws:${n}`);
        return [`${key} is not a setting of the AWS provider` + (near.length > 0 ? didYouMean(near) : `; its settings are ${AWS_PROVIDER_SETTINGS.join(", ")}`)];
    }
    if (name === "region" && !isCiphertext(value) && !AWS_REGIONS.includes(String(value))) {
        const near = typeof value === "string" && shown !== "[secret]" ? nearMisses(value, AWS_REGIONS) : [];
        return [`${key} is ${shown}, which is not an AWS region` + (near.length > 0 ? didYouMean(near) : `; the regions are ${AWS_REGIONS.join(", ")}`)];
    }
    return [];
}
