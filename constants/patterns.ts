/**
 * Text patterns shared by the stack config, the components and the handlers: each is written once, so config
 * cannot accept a value that a component then rejects.
 */

/** A 12-digit AWS account id. */
export const ACCOUNT_ID = /^\d{12}$/;

/** What the platform accepts as an email address (stack config and every component that mails). */
export const EMAIL_ADDRESS = /^[^@\s]+@[^@\s]+\.[^@\s]+$/;

/** An EventBridge event bus ARN. */
export const EVENT_BUS_ARN = /^arn:aws[a-z-]*:events:[a-z0-9-]+:\d{12}:event-bus\/[A-Za-z0-9._\-/]+$/;

/** A KMS key or alias ARN. */
export const KMS_KEY_ARN = /^arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:(key|alias)\/.+$/;

/** A browser origin: scheme, host and optional port, nothing else. */
export const ORIGIN = /^https?:\/\/[A-Za-z0-9.-]+(:\d{1,5})?$/;

/**
 * Problems with a list of CORS origins: at least one, each an origin, or `"*"` alone. The stack config and the
 * API component both use it, so config never accepts a list the API rejects. Entries that are not strings yet
 * (another resource's outputs, such as the storefront's domain) count towards the list but are not checked here.
 */
export function corsOriginProblems(origins: readonly unknown[]): string[] {
    if (origins.length === 0) return ["must name at least one origin (or \"*\")"];
    return origins
        .filter((origin): origin is string => typeof origin === "string")
        .filter((origin) => (origin === "*" ? origins.length > 1 : !ORIGIN.test(origin)))
        .map((origin) => `must hold origins like https://shop.example.com[:port], or "*" alone, but "${origin}" was provided`);
}

/**
 * Where a sign-in may return a browser to: HTTPS anywhere, or plain HTTP on localhost (Cognito accepts http:// only
 * for localhost).
 */
export const REDIRECT_URL = /^(https:\/\/[A-Za-z0-9.-]+(:\d{1,5})?|http:\/\/localhost(:\d{1,5})?)(\/[^\s#]*)?$/;
