/**
 * A token issuer for tests: a fresh RSA key, its JWKS served on 127.0.0.1 (at the issuer's
 * `/.well-known/jwks.json`, where Cognito serves it), and ID tokens signed with it, plus the classic forgeries.
 * Never a network beyond loopback.
 */
import { createHmac, randomUUID } from "crypto";
import * as http from "http";
import { AddressInfo } from "net";
import { exportJWK, exportSPKI, generateKeyPair, JWTPayload, SignJWT } from "jose";

export const CLIENT_ID = "test-app-client";
export const KID = "test-key-1";

export interface TestIssuer {
    /** `http://127.0.0.1:<port>`: also the `iss` of every token. */
    readonly issuer: string;
    readonly jwksUri: string;
    /** How many times the JWKS was fetched. */
    jwksRequests(): number;
    /** An ID token for `sub` (a fresh UUID by default), valid for an hour unless the claims say otherwise. */
    idToken(claims?: JWTPayload & { email?: string; email_verified?: boolean }, options?: { key?: "other"; alg?: "RS256" | "RS384"; kid?: string }): Promise<string>;
    /** A token with `alg: none` and no signature. */
    unsigned(claims?: JWTPayload): string;
    /** HS256, "signed" with the issuer's public key as the HMAC secret (the algorithm-confusion attack). */
    hmacWithPublicKey(claims?: JWTPayload): Promise<string>;
    stop(): Promise<void>;
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
const nowSeconds = () => Math.floor(Date.now() / 1000);

export async function startIssuer(): Promise<TestIssuer> {
    const { publicKey, privateKey } = await generateKeyPair("RS256", { extractable: true });
    const other = await generateKeyPair("RS256");
    const rs384 = await generateKeyPair("RS384");
    const jwk = { ...(await exportJWK(publicKey)), kid: KID, alg: "RS256", use: "sig" };
    const publicPem = await exportSPKI(publicKey);
    let requests = 0;
    const server = http.createServer((req, res) => {
        if (req.url === "/.well-known/jwks.json") {
            requests += 1;
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ keys: [jwk] }));
            return;
        }
        res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const standard = (claims: JWTPayload = {}): JWTPayload => ({
        sub: randomUUID(), iss: issuer, aud: CLIENT_ID, iat: nowSeconds(), exp: nowSeconds() + 3600, token_use: "id", ...claims,
    });

    return {
        issuer,
        jwksUri: `${issuer}/.well-known/jwks.json`,
        jwksRequests: () => requests,
        async idToken(claims, options = {}) {
            const payload = standard(claims);
            // Claims set to undefined are left out, so a test can drop a standard one (e.g. sub).
            const present = Object.fromEntries(Object.entries(payload).filter(([, value]) => value !== undefined));
            return new SignJWT(present)
                .setProtectedHeader({ alg: options.alg ?? "RS256", kid: options.kid ?? KID, typ: "JWT" })
                .sign(options.alg === "RS384" ? rs384.privateKey : options.key === "other" ? other.privateKey : privateKey);
        },
        unsigned(claims) {
            return `${b64url({ alg: "none", kid: KID, typ: "JWT" })}.${b64url(standard(claims))}.`;
        },
        async hmacWithPublicKey(claims) {
            const input = `${b64url({ alg: "HS256", kid: KID, typ: "JWT" })}.${b64url(standard(claims))}`;
            return `${input}.${createHmac("sha256", publicPem).update(input).digest("base64url")}`;
        },
        stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}

/**
 * `sub` values a verified token might carry but that must never become a customer id: MQTT wildcards and levels,
 * IAM wildcards, IoT policy variables, unicode, control characters, upper case, and more than 64 characters.
 */
export const HOSTILE_SUBS: readonly string[] = [
    "+", "#", "/", "*", "a/b", "a+b", "a#", "${iot:ClientId}", "${iot:Connection.Thing.ThingName}", "*/*",
    "\u00fcser", "\u0430dmin", "", " ", "\n", "4b1f5c2e-8d3a-4f6b-9e7c-2a5d8f1b3c6e\n", "4B1F5C2E-8D3A-4F6B-9E7C-2A5D8F1B3C6E",
    "4b1f5c2e-8d3a-4f6b-9e7c-2a5d8f1b3c6", "4b1f5c2e8d3a4f6b9e7c2a5d8f1b3c6e", "x".repeat(65), "cust-42", "4b1f5c2e-8d3a-4f6b-9e7c-2a5d8f1b3c6e/#",
];
