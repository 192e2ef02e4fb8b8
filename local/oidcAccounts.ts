/**
 * The local issuer's customer accounts, standing in for a Cognito user pool with email sign-in: each account
 * has a random UUID `sub`, a verified email and a password (scrypt-hashed). They live in memory, or in
 * `<dataDirectory>/oidc-accounts.json` so sign-ups survive a restart. Two demo customers are always present.
 */
import { randomBytes, randomUUID, scrypt as scryptCallback, timingSafeEqual } from "crypto";
import { promises as fs } from "fs";
import * as path from "path";
import { promisify } from "util";

const scrypt = promisify(scryptCallback) as (password: string, salt: Buffer, length: number, options: { N: number }) => Promise<Buffer>;
/** scrypt's cost: a quarter of Node's default, since these are local demo accounts and every sign-in pays it. */
const SCRYPT_COST = 4096;

export interface Account {
    readonly sub: string;
    readonly email: string;
    readonly passwordHash: string;
    readonly createdAt: string;
}

/** The seeded customers; `npm start` prints these credentials. Their subs are fixed so their orders stay theirs across restarts. */
export const DEMO_CUSTOMERS = [
    { email: "ada@example.com", password: "Analytical-1843", sub: "5e0c7a3b-2f1d-4c8e-9b6a-1d2e3f4a5b6c" },
    { email: "grace@example.com", password: "Compiler-1952", sub: "8a9b0c1d-3e4f-4a5b-8c6d-7e8f9a0b1c2d" },
] as const;

/** The password rules, named as in Cognito's `PasswordPolicyType`. */
export interface PasswordPolicy {
    readonly minimumLength: number;
    readonly requireLowercase: boolean;
    readonly requireUppercase: boolean;
    readonly requireNumbers: boolean;
    readonly requireSymbols: boolean;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicy = { minimumLength: 8, requireLowercase: true, requireUppercase: true, requireNumbers: true, requireSymbols: false };

/** The rules as one sentence for the sign-up page. */
export function describePasswordPolicy(policy: PasswordPolicy): string {
    const needs = [
        policy.requireLowercase && "a lowercase letter",
        policy.requireUppercase && "an uppercase letter",
        policy.requireNumbers && "a digit",
        policy.requireSymbols && "a symbol",
    ].filter((n): n is string => Boolean(n));
    const last = needs.pop();
    const list = needs.length > 0 ? `${needs.join(", ")} and ${last}` : last;
    return `At least ${policy.minimumLength} characters${list ? `, with ${list}` : ""}.`;
}

/** Every rule the password breaks, as readable sentences (empty when it passes). */
export function passwordProblems(password: string, policy: PasswordPolicy): string[] {
    const problems: string[] = [];
    if (password.length < policy.minimumLength) problems.push(`The password must have at least ${policy.minimumLength} characters.`);
    if (policy.requireLowercase && !/[a-z]/.test(password)) problems.push("The password must contain a lowercase letter.");
    if (policy.requireUppercase && !/[A-Z]/.test(password)) problems.push("The password must contain an uppercase letter.");
    if (policy.requireNumbers && !/[0-9]/.test(password)) problems.push("The password must contain a digit.");
    if (policy.requireSymbols && !/[^A-Za-z0-9]/.test(password)) problems.push("The password must contain a symbol.");
    if (password.length > 256) problems.push("The password must have at most 256 characters.");
    return problems;
}

const EMAIL = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
export const normalizeEmail = (email: string): string => email.trim().toLowerCase();

/** A sign-up the store refuses: the message is shown to the customer as it is. */
export class SignUpError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "SignUpError";
    }
}

async function hashPassword(password: string): Promise<string> {
    const salt = randomBytes(16);
    return `scrypt:${SCRYPT_COST}:${salt.toString("base64")}:${(await scrypt(password, salt, 32, { N: SCRYPT_COST })).toString("base64")}`;
}

async function passwordMatches(password: string, stored: string): Promise<boolean> {
    const [scheme, cost, salt, hash] = stored.split(":");
    if (scheme !== "scrypt" || !/^\d+$/.test(cost) || !salt || !hash) return false;
    const expected = Buffer.from(hash, "base64");
    const actual = await scrypt(password, Buffer.from(salt, "base64"), expected.length, { N: Number(cost) });
    return timingSafeEqual(actual, expected);
}

export class AccountStore {
    private constructor(private readonly accounts: Map<string, Account>, private readonly file: string | undefined, readonly policy: PasswordPolicy) {}

    /** Opens the store: loads the data directory's accounts if there are any, and makes sure the demo customers exist. */
    static async open(options: { dataDirectory?: string; passwordPolicy?: PasswordPolicy } = {}): Promise<AccountStore> {
        const file = options.dataDirectory ? path.join(options.dataDirectory, "oidc-accounts.json") : undefined;
        const accounts = new Map<string, Account>();
        if (file) {
            const saved = await fs.readFile(file, "utf8").then((text) => JSON.parse(text) as Account[], (error: NodeJS.ErrnoException) => {
                if (error.code === "ENOENT") return [];
                throw error;
            });
            for (const account of saved) accounts.set(account.email, account);
        }
        const store = new AccountStore(accounts, file, options.passwordPolicy ?? DEFAULT_PASSWORD_POLICY);
        let seeded = false;
        for (const demo of DEMO_CUSTOMERS) {
            if (accounts.has(demo.email)) continue;
            accounts.set(demo.email, { sub: demo.sub, email: demo.email, passwordHash: await hashPassword(demo.password), createdAt: new Date().toISOString() });
            seeded = true;
        }
        if (seeded) await store.save();
        return store;
    }

    findBySub(sub: string): Account | undefined {
        for (const account of this.accounts.values()) if (account.sub === sub) return account;
        return undefined;
    }

    /** The account for these credentials, or undefined (the caller says only "incorrect email or password"). */
    async verify(email: string, password: string): Promise<Account | undefined> {
        const account = this.accounts.get(normalizeEmail(email));
        if (!account) {
            // Hash anyway, so an unknown email takes as long as a wrong password.
            await hashPassword(password);
            return undefined;
        }
        return (await passwordMatches(password, account.passwordHash)) ? account : undefined;
    }

    /** Creates an account with a new UUID sub; throws SignUpError with a readable message when refused. */
    async create(email: string, password: string): Promise<Account> {
        const normalized = normalizeEmail(email);
        if (!EMAIL.test(normalized) || normalized.length > 254) throw new SignUpError("Enter a valid email address, like name@example.com.");
        const problems = passwordProblems(password, this.policy);
        if (problems.length > 0) throw new SignUpError(problems.join(" "));
        const passwordHash = await hashPassword(password);
        // Checked after the await, so two sign-ups racing for one email cannot both pass.
        if (this.accounts.has(normalized)) throw new SignUpError("An account with this email already exists. Sign in instead.");
        const account: Account = { sub: randomUUID(), email: normalized, passwordHash, createdAt: new Date().toISOString() };
        this.accounts.set(normalized, account);
        await this.save();
        return account;
    }

    private async save(): Promise<void> {
        if (!this.file) return;
        await fs.mkdir(path.dirname(this.file), { recursive: true });
        const temporary = `${this.file}.${process.pid}.tmp`;
        await fs.writeFile(temporary, JSON.stringify([...this.accounts.values()], null, 2), { mode: 0o600 });
        await fs.rename(temporary, this.file);
    }
}
