/** dynalite ships no types; this is the part of its API the local runtime uses. */
declare module "dynalite" {
    import type { Server } from "http";

    interface DynaliteOptions {
        /** A LevelDB directory; in memory when absent. */
        readonly path?: string;
        readonly createTableMs?: number;
        readonly deleteTableMs?: number;
        readonly updateTableMs?: number;
        readonly maxItemSizeKb?: number;
    }

    function dynalite(options?: DynaliteOptions): Server;
    export = dynalite;
}
