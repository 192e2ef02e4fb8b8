/**
 * The parts of `oidc-provider` (v9, ESM only, shipped without type declarations) the local issuer uses, typed
 * here once, and the loader: `require` of an ES module works on the Node versions this project supports.
 */
import { createRequire } from "module";
import type * as http from "http";

export interface ProviderClient {
    readonly clientId: string;
    readonly redirectUris: readonly string[];
    grantTypeAllowed(type: string): boolean;
}

export interface ProviderGrant {
    addOIDCScope(scope: string): void;
    addOIDCClaims(claims: readonly string[]): void;
    addResourceScope(resource: string, scope: string): void;
    save(): Promise<string>;
}

export interface ProviderGrantClass {
    new (init: { clientId: string; accountId: string }): ProviderGrant;
    find(id: string): Promise<ProviderGrant | undefined>;
}

/** The request context oidc-provider hands to configuration callbacks (only the fields used here). */
export interface ProviderContext {
    type: string;
    body: string;
    readonly oidc: {
        readonly provider: OidcProvider;
        readonly client?: ProviderClient;
        readonly session?: { readonly accountId?: string; grantIdFor(clientId: string): string | undefined };
        readonly result?: { consent?: { grantId?: string } };
        readonly requestParamOIDCScopes: Set<string>;
        readonly params?: Record<string, unknown>;
        readonly entities: Record<string, { accountId?: string } | undefined>;
    };
}

export interface InteractionDetails {
    readonly uid: string;
    readonly prompt: { readonly name: string; readonly details: Record<string, unknown> };
    readonly params: Record<string, unknown>;
    readonly session?: { readonly accountId?: string };
    readonly grantId?: string;
}

export interface OidcProvider {
    callback(): (req: http.IncomingMessage, res: http.ServerResponse) => void;
    interactionDetails(req: http.IncomingMessage, res: http.ServerResponse): Promise<InteractionDetails>;
    interactionFinished(req: http.IncomingMessage, res: http.ServerResponse, result: Record<string, unknown>, options?: { mergeWithLastSubmission?: boolean }): Promise<void>;
    on(event: string, listener: (ctx: ProviderContext, error?: Error & { error_description?: string }) => void): void;
    readonly Grant: ProviderGrantClass;
}

export interface PromptList {
    add(prompt: unknown, index?: number): void;
}

export interface OidcProviderModule {
    readonly Provider: new (issuer: string, configuration: Record<string, unknown>) => OidcProvider;
    readonly interactionPolicy: {
        base(): PromptList;
        readonly Prompt: new (options: { name: string; requestable: boolean }) => unknown;
    };
}

/** Loads oidc-provider once (it prints a warning on Node 20, which it does not list as supported). */
export function loadOidcProvider(): OidcProviderModule {
    return createRequire(__filename)("oidc-provider") as OidcProviderModule;
}
