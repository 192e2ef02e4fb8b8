/**
 * The whole page state and the one function that changes it. Everything the page shows is derived from this
 * value; the DOM layer only renders it and turns clicks into actions.
 */
import type { PlaceOutcome } from "./api";
import { describeFailure } from "./apiErrors";
import { applyOrderEvent, type OrderEvent, type OrderView } from "./orders";
import type { LiveState } from "./realtime";

export type Screen = "loading" | "unconfigured" | "signedOut" | "signedIn";

export interface AppState {
    readonly screen: Screen;
    readonly user?: { readonly sub: string; readonly email?: string };
    readonly orders: readonly OrderView[];
    readonly placing: boolean;
    /** A problem the customer must read (rendered with role="alert"). */
    readonly alert?: string;
    /** Progress the customer may want to know (rendered with role="status"). */
    readonly notice?: string;
    readonly live: LiveState["kind"] | "off";
}

export type Action =
    | { readonly type: "configFailed"; readonly problem: string }
    | { readonly type: "signedOut"; readonly alert?: string }
    | { readonly type: "signedIn"; readonly user: { readonly sub: string; readonly email?: string }; readonly orders: readonly OrderView[] }
    | { readonly type: "order"; readonly event: OrderEvent }
    | { readonly type: "placing" }
    | { readonly type: "retrying"; readonly notice: string }
    | { readonly type: "placed"; readonly outcome: PlaceOutcome; readonly at: string; readonly currency: string }
    | { readonly type: "live"; readonly state: LiveState }
    | { readonly type: "alert"; readonly message: string }
    | { readonly type: "dismiss" };

export const INITIAL_STATE: AppState = { screen: "loading", orders: [], placing: false, live: "off" };

export function reduce(state: AppState, action: Action): AppState {
    switch (action.type) {
        case "configFailed":
            return { ...INITIAL_STATE, screen: "unconfigured", alert: action.problem };
        case "signedOut":
            return { ...INITIAL_STATE, screen: "signedOut", alert: action.alert };
        case "signedIn":
            return { ...INITIAL_STATE, screen: "signedIn", user: action.user, orders: action.orders, live: "connecting" };
        case "order": {
            if (state.screen !== "signedIn") return state;
            const orders = applyOrderEvent(state.orders, action.event);
            return orders === state.orders ? state : { ...state, orders };
        }
        case "placing":
            return { ...state, placing: true, alert: undefined, notice: "Placing your order…" };
        case "retrying":
            return { ...state, notice: action.notice };
        case "placed": {
            const { outcome } = action;
            if (outcome.kind !== "accepted") return { ...state, placing: false, notice: undefined, alert: describeFailure(outcome) };
            const orders = applyOrderEvent(state.orders, { kind: "placed", orderId: outcome.orderId, placedAt: action.at, currency: action.currency });
            return { ...state, placing: false, orders, alert: undefined, notice: `Order ${outcome.orderId} placed.` };
        }
        case "live":
            return state.screen === "signedIn" ? { ...state, live: action.state.kind } : state;
        case "alert":
            return { ...state, alert: action.message };
        case "dismiss":
            return { ...state, alert: undefined };
    }
}

/** The words for the live connection's state, shown next to the orders. */
export function liveLabel(live: AppState["live"]): string {
    switch (live) {
        case "off":
        case "stopped":
            return "Live updates are off.";
        case "connecting":
            return "Connecting live updates…";
        case "live":
            return "Live updates are on.";
        case "reconnecting":
            return "Live updates paused: reconnecting…";
    }
}
