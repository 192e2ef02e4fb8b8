/**
 * API outcomes in words a customer understands. The API's own messages are written for developers (they name
 * headers and JSON paths), so none of them is shown.
 */
import { MAX_QUANTITY } from "./catalogue";
import type { PlaceOutcome } from "./api";

export const SESSION_ENDED = "Your session has ended. Please sign in again.";

/** Why an order was not placed, for an outcome other than "accepted". */
export function describeFailure(outcome: Exclude<PlaceOutcome, { kind: "accepted" }>): string {
    switch (outcome.kind) {
        case "invalid":
            if (outcome.status === 413) return "This order is too large. Please order fewer products at a time.";
            if (outcome.field?.startsWith("items")) return `Please check the quantities: each product can be ordered 1 to ${MAX_QUANTITY} times.`;
            if (outcome.field === "currency") return "Please choose one of the currencies offered.";
            return "This order could not be accepted as entered. Please check it and try again.";
        case "unauthorized":
            return SESSION_ENDED;
        case "inProgress":
            return "Your order is still being placed. Please wait a moment, then press Place order again to check on it.";
        case "keyReused":
            return "This checkout was already used for a different basket. Please press Place order again.";
        case "unavailable":
            return "The shop cannot take orders right now. Please press Place order again in a moment: you will not be charged twice.";
        case "network":
            return "We could not reach the shop. Please check your connection and press Place order again: you will not be charged twice.";
        case "unexpected":
            return "Something unexpected happened while placing your order. Please try again.";
    }
}

/** What the page says while it waits to retry automatically. */
export function describeRetry(outcome: PlaceOutcome, delayMs: number): string {
    const seconds = Math.max(1, Math.round(delayMs / 1000));
    const wait = `Trying again in ${seconds} ${seconds === 1 ? "second" : "seconds"}…`;
    if (outcome.kind === "inProgress") return `Your order is still being placed. ${wait}`;
    if (outcome.kind === "network") return `We could not reach the shop. ${wait}`;
    return `The shop is busy. ${wait}`;
}
