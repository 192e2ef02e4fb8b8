/**
 * Who is calling, from the claims of the ID token that the route's JWT authorizer verified (signature, issuer,
 * audience, expiry). The handlers trust nothing else: not the body, not a header. They still check the claims'
 * shape, because a customer id ends up in keys, topic names and IoT policies, and a claim that is not what a
 * Cognito pool issues must never get that far.
 */
import * as v from "valibot";
import { CUSTOMER_ID, emailAddress } from "../contracts/events";
import { HttpError, HttpEvent } from "./http";

export interface Caller {
    /** The token's `sub`. */
    readonly customerId: string;
    /** The token's `email`, present only when the token says it is verified (`email_verified`). */
    readonly email?: string;
}

/** Answered with 401 and a `WWW-Authenticate` challenge, as RFC 6750 asks for a bearer-token API. */
export class UnauthorizedError extends HttpError {
    constructor(message: string) {
        super(401, "Unauthorized", undefined, message, { "www-authenticate": 'Bearer error="invalid_token"' });
        this.name = "UnauthorizedError";
    }
}

/** A value that no customer id can be: the claims' own values are never echoed into a response or a log line. */
function describe(value: unknown): string {
    if (value === undefined) return "missing";
    return typeof value === "string" ? `not a UUID (${value.length} characters)` : `a ${Array.isArray(value) ? "list" : typeof value}, not a string`;
}

/**
 * The caller of an HTTP API event. Throws UnauthorizedError when the event has no verified claims or its `sub`
 * is not a customer id (a lower-case UUID, as Cognito issues).
 */
export function callerOf(event: Pick<HttpEvent, "requestContext">): Caller {
    const claims: unknown = event.requestContext?.authorizer?.jwt?.claims;
    if (claims === null || typeof claims !== "object" || Array.isArray(claims)) {
        throw new UnauthorizedError("the request carries no verified token: send the ID token as `Authorization: Bearer <token>`");
    }
    const { sub, email, email_verified: emailVerified } = claims as Record<string, unknown>;
    if (typeof sub !== "string" || !CUSTOMER_ID.test(sub)) {
        throw new UnauthorizedError(`the token's sub claim is ${describe(sub)}; only a customer id (a lower-case UUID) is accepted`);
    }
    // The HTTP API passes every claim as a string ("true"); a token decoded elsewhere may hold the boolean.
    const verified = emailVerified === true || emailVerified === "true";
    return verified && v.is(emailAddress, email) ? { customerId: sub, email } : { customerId: sub };
}

/** The caller's verified email, which registering a new customer needs; 403 naming `email` without one. */
export function verifiedEmailOf(caller: Caller): string {
    if (caller.email !== undefined) return caller.email;
    throw new HttpError(403, "Forbidden", "email",
        "placing an order needs a verified email address in the ID token (email_verified true): verify the address, then sign in again");
}
