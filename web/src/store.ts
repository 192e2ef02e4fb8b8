/**
 * Holds the AppState, applies actions through the reducer, tells the view, and remembers the signed-in customer's
 * orders whenever they change.
 */
import { INITIAL_STATE, reduce, type Action, type AppState } from "./appState";
import { saveOrders, type KeyValueStore } from "./storage";

export interface AppStore {
    readonly dispatch: (action: Action) => void;
    readonly state: () => AppState;
}

export function createStore(storage: KeyValueStore, onChange: (state: AppState) => void, initial: AppState = INITIAL_STATE): AppStore {
    let state = initial;
    return {
        state: () => state,
        dispatch(action) {
            const previous = state;
            state = reduce(previous, action);
            if (state === previous) return;
            if (state.user !== undefined && state.orders !== previous.orders) saveOrders(storage, state.user.sub, state.orders);
            onChange(state);
        },
    };
}
