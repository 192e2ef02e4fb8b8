/** Starts the page: reads config.json, finishes a sign-in redirect if this is one, then shows the shop or the welcome. */
import "./styles.css";
import { INITIAL_STATE } from "./appState";
import { Auth } from "./auth";
import { ConfigError, loadConfig, type StorefrontConfig } from "./config";
import { signInProblem } from "./signIn";
import { memoryStore, type KeyValueStore } from "./storage";
import { createStore } from "./store";
import { Storefront } from "./storefront";
import { View } from "./view";

/** sessionStorage, or a memory store when the browser refuses it (some privacy modes throw on access). */
function tabStorage(): KeyValueStore {
    try {
        const probe = "storefront.probe";
        window.sessionStorage.setItem(probe, probe);
        window.sessionStorage.removeItem(probe);
        return window.sessionStorage;
    } catch {
        return memoryStore();
    }
}

async function start(): Promise<void> {
    const storage = tabStorage();
    // The buttons exist before config.json has arrived; until then they do nothing.
    const ready: { storefront?: Storefront } = {};
    const view = new View({
        signIn: () => void ready.storefront?.signIn(),
        signUp: () => void ready.storefront?.signUp(),
        signOut: () => void ready.storefront?.signOut(),
        placeOrder: (basket) => ready.storefront?.placeOrder(basket) ?? Promise.resolve(false),
    });
    const store = createStore(storage, (state) => view.render(state));
    view.render(INITIAL_STATE);

    let config: StorefrontConfig;
    try {
        config = await loadConfig((input, init) => window.fetch(input, init));
    } catch (err) {
        const problem = err instanceof ConfigError ? err.problems.join("; ") : String(err);
        store.dispatch({ type: "configFailed", problem: `The shop is not configured correctly, so it cannot open. ${problem}` });
        return;
    }

    const auth = new Auth(config.auth);
    const storefront = new Storefront({
        config,
        auth,
        fetch: (input, init) => window.fetch(input, init),
        loadConnect: () => import("./mqttConnect").then((m) => m.connect),
        storage,
        timers: { setTimeout: (callback, ms) => window.setTimeout(callback, ms), clearTimeout: (handle) => window.clearTimeout(handle as number) },
        random: Math.random,
        now: Date.now,
        newKey: () => crypto.randomUUID(),
        clientSuffix: crypto.randomUUID().replace(/-/g, "").slice(0, 12),
        dispatch: store.dispatch,
        state: store.state,
    });
    ready.storefront = storefront;

    let redirectProblem: string | undefined;
    try {
        await auth.completeRedirect();
    } catch (err) {
        redirectProblem = signInProblem(err);
    }
    const user = await auth.currentUser().catch(() => null);
    if (user === null) store.dispatch({ type: "signedOut", alert: redirectProblem });
    else await storefront.begin(user);
}

start().catch(() => {
    // Only a bug gets here (every expected failure is handled above); say so instead of leaving "Loading…".
    const alert = document.createElement("p");
    alert.className = "alert";
    alert.setAttribute("role", "alert");
    alert.textContent = "Something went wrong while opening the shop. Please reload the page.";
    document.getElementById("alerts")?.replaceChildren(alert);
});
