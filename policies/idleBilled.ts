/**
 * Resource types that cost money merely by existing and that the shared list (pricing/hourlyBilled.ts) does not
 * name yet. The pack checks them in dev through `scale-to-zero`; the offline plan prices only the shared list, so
 * an entry belongs here only until it has a price key there. Every former entry has moved there, priced; add a
 * type here only when the pack must refuse it before it can be priced. A test fails if a type is in both lists.
 */
export interface ExtraIdleBilled {
    readonly type: string;
    readonly billedFor: string;
    /** True when this configuration is billed while idle. */
    readonly billed: (inputs: Record<string, unknown>) => boolean;
}

export const EXTRA_IDLE_BILLED: readonly ExtraIdleBilled[] = [];
