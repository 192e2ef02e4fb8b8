/**
 * Storage for oidc-provider's state (sessions, grants, codes, refresh tokens, interactions) in the adapter shape
 * it expects. It lives in memory and, with a data directory, also in `<dataDirectory>/oidc-state.json`, so a
 * signed-in customer stays signed in and can still renew silently after the runtime restarts.
 */
import { promises as fs } from "fs";
import * as path from "path";

type Payload = Record<string, unknown>;

interface Entry {
    readonly model: string;
    readonly payload: Payload;
    /** Epoch ms, or null for no expiry. */
    readonly expiresAt: number | null;
}

/** The models whose entries hang off a grant and go when the grant is revoked. */
const GRANTABLE = new Set(["AccessToken", "AuthorizationCode", "RefreshToken", "DeviceCode", "BackchannelAuthenticationRequest", "PreAuthorizedCode"]);

/** One model's adapter, as oidc-provider calls it. */
export interface StateAdapter {
    upsert(id: string, payload: Payload, expiresIn?: number): Promise<void>;
    find(id: string): Promise<Payload | undefined>;
    findByUid(uid: string): Promise<Payload | undefined>;
    findByUserCode(userCode: string): Promise<Payload | undefined>;
    consume(id: string): Promise<void>;
    destroy(id: string): Promise<void>;
    revokeByGrantId(grantId: string): Promise<void>;
}

export class OidcState {
    private writing: Promise<void> = Promise.resolve();
    private dirty = false;

    private constructor(private readonly entries: Map<string, Entry>, private readonly file: string | undefined, private readonly onError: (error: unknown) => void) {}

    static async open(dataDirectory: string | undefined, onError: (error: unknown) => void): Promise<OidcState> {
        const file = dataDirectory ? path.join(dataDirectory, "oidc-state.json") : undefined;
        const entries = new Map<string, Entry>();
        if (file) {
            const saved = await fs.readFile(file, "utf8").then((text) => JSON.parse(text) as [string, Entry][], (error: NodeJS.ErrnoException) => {
                if (error.code === "ENOENT") return [];
                throw error;
            });
            const now = Date.now();
            for (const [key, entry] of saved) if (entry.expiresAt === null || entry.expiresAt > now) entries.set(key, entry);
        }
        return new OidcState(entries, file, onError);
    }

    /** The factory oidc-provider's `adapter` option takes: one adapter per model name. */
    adapterFactory(): (model: string) => StateAdapter {
        return (model) => {
            const key = (id: string) => `${model}:${id}`;
            const findWhere = (test: (payload: Payload) => boolean) => {
                for (const [k, entry] of this.entries) if (entry.model === model && test(entry.payload) && this.live(k)) return entry.payload;
                return undefined;
            };
            return {
                upsert: async (id, payload, expiresIn) => {
                    this.entries.set(key(id), { model, payload, expiresAt: typeof expiresIn === "number" ? Date.now() + expiresIn * 1000 : null });
                    this.changed();
                },
                find: async (id) => (this.live(key(id)) ? this.entries.get(key(id))?.payload : undefined),
                findByUid: async (uid) => findWhere((p) => p.uid === uid),
                findByUserCode: async (userCode) => findWhere((p) => p.userCode === userCode),
                consume: async (id) => {
                    const entry = this.entries.get(key(id));
                    if (entry) entry.payload.consumed = Math.floor(Date.now() / 1000);
                    this.changed();
                },
                destroy: async (id) => {
                    this.entries.delete(key(id));
                    this.changed();
                },
                revokeByGrantId: async (grantId) => {
                    for (const [k, entry] of this.entries) if (GRANTABLE.has(entry.model) && entry.payload.grantId === grantId) this.entries.delete(k);
                    this.changed();
                },
            };
        };
    }

    /** Waits for the last write to the data directory. */
    flush(): Promise<void> {
        return this.writing;
    }

    private live(key: string): boolean {
        const entry = this.entries.get(key);
        if (!entry) return false;
        if (entry.expiresAt !== null && entry.expiresAt <= Date.now()) {
            this.entries.delete(key);
            return false;
        }
        return true;
    }

    /** Writes coalesce: one write covers every change made before it starts. */
    private changed(): void {
        if (!this.file || this.dirty) return;
        this.dirty = true;
        const file = this.file;
        this.writing = this.writing.then(async () => {
            this.dirty = false;
            const temporary = `${file}.${process.pid}.tmp`;
            await fs.writeFile(temporary, JSON.stringify([...this.entries]), { mode: 0o600 });
            await fs.rename(temporary, file);
        }).catch(this.onError);
    }
}
