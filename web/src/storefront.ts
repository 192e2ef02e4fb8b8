/**
 * The signed-in session: wires the identity, the API, the checkout and the live connection together and turns
 * what happens into actions on AppState. It touches no DOM and imports no library directly (the issuer client, the
 * MQTT connect function, fetch, storage and timers are passed in), so the whole flow runs in unit tests.
 */
import { getOrder, postOrder, type ApiDeps, type FetchFn } from "./api";
import { describeRetry, SESSION_ENDED } from "./apiErrors";
import type { Action, AppState } from "./appState";
import type { BasketResult } from "./catalogue";
import { CheckoutKeys, pendingStoreIn, runCheckout } from "./checkout";
import type { StorefrontConfig } from "./config";
import { mayStillChange } from "./orders";
import { LiveUpdates, RealtimeError, type ConnectFn, type Timers } from "./realtime";
import { identityOf, isRenewal, isUsable, renewalPlan, TokenError, type Identity, type TokenSet } from "./session";
import { loadOrders, ordersKey, type KeyValueStore } from "./storage";

/** The issuer side, as the session uses it (the page passes its oidc-client-ts wrapper). */
export interface AuthPort {
    signIn(): Promise<void>;
    signUp(): Promise<void>;
    /** The refresh-token grant; resolves with the new tokens. */
    renew(): Promise<TokenSet>;
    /** Forgets the tokens locally. */
    forget(): Promise<void>;
    /** Forgets the tokens and ends the issuer's session where it can. */
    signOut(): Promise<void>;
}

export interface StorefrontDeps {
    readonly config: StorefrontConfig;
    readonly auth: AuthPort;
    readonly fetch: FetchFn;
    /** Loads the MQTT library on demand (it is most of the bundle, and a signed-out page never needs it). */
    readonly loadConnect: () => Promise<ConnectFn>;
    readonly storage: KeyValueStore;
    readonly timers: Timers;
    readonly random: () => number;
    /** Milliseconds since the epoch. */
    readonly now: () => number;
    readonly newKey: () => string;
    readonly clientSuffix: string;
    readonly dispatch: (action: Action) => void;
    readonly state: () => AppState;
}

export const checkoutKey = (sub: string): string => `storefront.checkout.${sub}`;

export class Storefront {
    private identity: Identity | undefined;
    private live: LiveUpdates | undefined;
    private renewTimer: unknown;
    private failedRenewals = 0;
    private keys: CheckoutKeys | undefined;
    private synced = false;
    /** Bumped when the session ends, so answers that arrive afterwards change nothing. */
    private session = 0;
    private readonly api: ApiDeps;

    constructor(private readonly deps: StorefrontDeps) {
        this.api = { apiUrl: deps.config.apiUrl, fetch: deps.fetch, now: deps.now, idToken: () => this.identity?.idToken };
    }

    signIn(): Promise<void> {
        return this.deps.auth.signIn().catch(() => this.deps.dispatch({ type: "alert", message: "Sign-in is not available right now. Please try again in a moment." }));
    }

    signUp(): Promise<void> {
        return this.deps.auth.signUp().catch(() => this.deps.dispatch({ type: "alert", message: "Sign-up is not available right now. Please try again in a moment." }));
    }

    /** Starts the session for the tokens the issuer gave (after a redirect, or remembered by the tab). */
    async begin(tokens: TokenSet): Promise<void> {
        let identity: Identity;
        try {
            identity = identityOf(tokens);
        } catch (err) {
            if (!(err instanceof TokenError)) throw err;
            await this.deps.auth.forget();
            this.deps.dispatch({ type: "signedOut", alert: "Sign-in did not complete. Please press Sign in to try again." });
            return;
        }
        if (!isUsable(identity, this.deps.now() / 1000)) {
            const renewed = identity.canRenew ? await this.deps.auth.renew().then(identityOf).catch(() => undefined) : undefined;
            if (renewed === undefined || renewed.sub !== identity.sub || !isUsable(renewed, this.deps.now() / 1000)) {
                await this.deps.auth.forget();
                this.deps.dispatch({ type: "signedOut", alert: SESSION_ENDED });
                return;
            }
            identity = renewed;
        }
        this.identity = identity;
        const session = ++this.session;
        this.failedRenewals = 0;
        this.synced = false;
        const { sub, email } = identity;
        this.keys = new CheckoutKeys(pendingStoreIn(this.deps.storage, checkoutKey(sub)), this.deps.newKey);
        this.deps.dispatch({ type: "signedIn", user: { sub, email }, orders: loadOrders(this.deps.storage, sub) });
        this.scheduleRenewal();
        let connect: ConnectFn;
        try {
            connect = await this.deps.loadConnect();
        } catch {
            if (session !== this.session) return;
            this.deps.dispatch({ type: "alert", message: "Live updates could not be loaded. Reload the page to see your orders change." });
            void this.sync();
            return;
        }
        if (session !== this.session) return;
        this.live = new LiveUpdates({
            realtime: this.deps.config.realtime,
            connect,
            timers: this.deps.timers,
            random: this.deps.random,
            clientSuffix: this.deps.clientSuffix,
            onMessage: (message) => this.deps.dispatch({ type: "order", event: { kind: "message", message } }),
            onState: (state) => {
                this.deps.dispatch({ type: "live", state });
                // The first connection failed: show what the API knows instead of waiting for the broker.
                if (state.kind === "reconnecting" && !this.synced) void this.sync();
            },
            // Subscribed (first time, or again after a gap): anything published before now was missed, so read it.
            onSubscribed: () => void this.sync(),
        });
        try {
            this.live.start(identity);
        } catch (err) {
            if (!(err instanceof RealtimeError)) throw err;
            this.deps.dispatch({ type: "alert", message: "Live updates are not available for this account." });
            void this.sync();
        }
    }

    /** Reads the orders that may still change (the list's only reads of the API). */
    private async sync(): Promise<void> {
        this.synced = true;
        const session = this.session;
        const pending = this.deps.state().orders.filter(mayStillChange);
        await Promise.all(pending.map(async ({ orderId }) => {
            const result = await getOrder(this.api, orderId);
            if (session !== this.session) return;
            if (result.kind === "found") this.deps.dispatch({ type: "order", event: { kind: "snapshot", order: result.order } });
            else if (result.kind === "missing") this.deps.dispatch({ type: "order", event: { kind: "forgotten", orderId } });
            else if (result.kind === "unauthorized") await this.end(SESSION_ENDED);
            // Unavailable: the live connection still updates the order, and the next reconnect reads it again.
        }));
    }

    async placeOrder(basket: BasketResult): Promise<boolean> {
        if (!basket.ok) {
            this.deps.dispatch({ type: "alert", message: basket.problem });
            return false;
        }
        const keys = this.keys;
        if (keys === undefined || this.deps.state().placing) return false;
        const session = this.session;
        this.deps.dispatch({ type: "placing" });
        const outcome = await runCheckout(basket.body, {
            keys,
            send: (body, key) => postOrder(this.api, body, key),
            sleep: (ms) => new Promise((resolve) => this.deps.timers.setTimeout(resolve, ms)),
            random: this.deps.random,
            onRetry: (o, delayMs) => {
                if (session === this.session) this.deps.dispatch({ type: "retrying", notice: describeRetry(o, delayMs) });
            },
        });
        if (session !== this.session) return false;
        this.deps.dispatch({ type: "placed", outcome, at: new Date(this.deps.now()).toISOString(), currency: basket.body.currency });
        if (outcome.kind === "unauthorized") await this.end(SESSION_ENDED);
        return outcome.kind === "accepted";
    }

    private scheduleRenewal(): void {
        const identity = this.identity;
        if (identity === undefined) return;
        if (this.renewTimer !== undefined) this.deps.timers.clearTimeout(this.renewTimer);
        const plan = renewalPlan(identity, this.deps.now() / 1000, this.failedRenewals);
        this.renewTimer = this.deps.timers.setTimeout(() => {
            this.renewTimer = undefined;
            void (plan.kind === "renew" ? this.renew() : this.end(SESSION_ENDED));
        }, plan.inMs);
    }

    private async renew(): Promise<void> {
        const before = this.identity;
        const session = this.session;
        if (before === undefined) return;
        let after: Identity | undefined;
        try {
            const next = identityOf(await this.deps.auth.renew());
            if (isRenewal(before, next)) after = next;
        } catch {
            // Counted below: the plan retries while the old token lasts, then ends the session.
        }
        if (session !== this.session) return;
        if (after === undefined) {
            this.failedRenewals++;
        } else {
            this.identity = after;
            this.failedRenewals = 0;
            // The token is part of the WebSocket URL: a new token needs a new connection.
            this.live?.start(after);
        }
        this.scheduleRenewal();
    }

    /** Stops everything this session started. */
    private stop(): void {
        this.session++;
        this.live?.stop();
        this.live = undefined;
        if (this.renewTimer !== undefined) this.deps.timers.clearTimeout(this.renewTimer);
        this.renewTimer = undefined;
        this.identity = undefined;
        this.keys = undefined;
    }

    /** The session ended on its own (expired, or refused by the API): the customer signs in again. */
    async end(alert: string): Promise<void> {
        if (this.identity === undefined) return;
        this.stop();
        await this.deps.auth.forget().catch(() => undefined);
        this.deps.dispatch({ type: "signedOut", alert });
    }

    /** The customer signs out: the live connection ends first, and this tab forgets their orders. */
    async signOut(): Promise<void> {
        const sub = this.identity?.sub;
        this.stop();
        if (sub !== undefined) {
            this.deps.storage.removeItem(ordersKey(sub));
            this.deps.storage.removeItem(checkoutKey(sub));
        }
        this.deps.dispatch({ type: "signedOut" });
        await this.deps.auth.signOut().catch(() => undefined);
    }
}
