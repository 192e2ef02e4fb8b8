/**
 * A minimal OpenID issuer for tests: an RSA key made at start, its discovery document and JWKS served on
 * 127.0.0.1, and a signer for ID tokens with any claims or header (including broken ones), so the gateway's JWT
 * checks can be tried one by one without a sign-in flow.
 */
import * as http from "http";
import { randomUUID } from "crypto";
import { exportJWK, generateKeyPair, SignJWT, type JWTPayload } from "jose";

export interface TestIssuer {
    readonly issuer: string;
    readonly clientId: string;
    /** An ID token for `sub`, valid for an hour unless `claims` override it. */
    sign(claims?: JWTPayload & { sub?: string }, header?: { alg?: string; kid?: string | null }): Promise<string>;
    /** A token whose header says `alg: none` and which carries no signature. */
    unsigned(claims: JWTPayload): string;
    close(): Promise<void>;
}

export async function startTestIssuer(clientId = "local-storefront"): Promise<TestIssuer> {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const kid = randomUUID();
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: "RS256", use: "sig" };
    let issuer = "";
    const server = http.createServer((req, res) => {
        const path = new URL(req.url ?? "/", "http://localhost").pathname;
        const json = (body: unknown) => res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify(body));
        if (path === "/issuer/.well-known/openid-configuration") json({ issuer, jwks_uri: `${issuer}/jwks`, id_token_signing_alg_values_supported: ["RS256"] });
        else if (path === "/issuer/jwks") json({ keys: [jwk] });
        else res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", () => resolve()));
    issuer = `http://127.0.0.1:${(server.address() as { port: number }).port}/issuer`;
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString("base64url");
    return {
        issuer,
        clientId,
        async sign(claims = {}, header = {}) {
            const now = Math.floor(Date.now() / 1000);
            const protectedHeader = { alg: header.alg ?? "RS256", ...(header.kid === null ? {} : { kid: header.kid ?? kid }) };
            return new SignJWT({ iss: issuer, aud: clientId, sub: randomUUID(), iat: now, exp: now + 3600, email: "ada@example.com", email_verified: true, token_use: "id", ...claims })
                .setProtectedHeader(protectedHeader)
                .sign(privateKey);
        },
        unsigned(claims) {
            return `${b64({ alg: "none", typ: "JWT" })}.${b64(claims)}.`;
        },
        close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    };
}
