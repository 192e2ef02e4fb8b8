import type { MockResource } from "../../tools/mockProgram";
import { billedFor, idleCharges } from "../../pricing/hourlyBilled";
import { IdleItem, isPriceKey } from "../../pricing/costModel";

/**
 * Every resource billed by the hour or month while no order flows, with its monthly price. Which types are billed
 * comes from pricing/hourlyBilled.ts (shared with the stack tests and the policy pack); prices from pricing/prices.ts.
 */
export function idleItems(resources: MockResource[]): IdleItem[] {
    const items: IdleItem[] = [];
    for (const r of resources) {
        for (const charge of idleCharges(r.type, r.inputs)) {
            if (!isPriceKey(charge.priceKey)) {
                throw new Error(`pricing/prices.ts has no price "${charge.priceKey}" (needed for ${r.type} ${r.name}); add it with its source and date`);
            }
            items.push({ resource: r.name, type: r.type, billedFor: billedFor(r.type, r.inputs) ?? "", price: charge.priceKey, quantity: charge.units });
        }
    }
    return items.sort((a, b) => a.type.localeCompare(b.type) || a.resource.localeCompare(b.resource));
}
