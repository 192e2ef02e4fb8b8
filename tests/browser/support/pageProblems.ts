/**
 * What a page reports that a clean page never does: console errors (a Content-Security-Policy violation is one, as
 * is a resource that failed to load) and uncaught exceptions. The test fails on any of them, so a pass proves the
 * storefront and the issuer's pages run under their policies without tripping them.
 */
import type { Page } from "playwright-core";

export interface PageProblem {
    readonly kind: "console error" | "uncaught exception";
    /** The page's address when it happened. */
    readonly url: string;
    readonly text: string;
}

export class PageProblems {
    readonly found: PageProblem[] = [];

    /** Starts recording for `page` (and for every document it navigates to). */
    watch(page: Page): void {
        page.on("console", (message) => {
            if (message.type() === "error") this.found.push({ kind: "console error", url: page.url(), text: message.text() });
        });
        page.on("pageerror", (error) => this.found.push({ kind: "uncaught exception", url: page.url(), text: `${error.name}: ${error.message}` }));
    }

    /** One line per problem, for a failure message. */
    describe(): string {
        return this.found.map((p) => `${p.kind} at ${p.url}: ${p.text}`).join("\n") || "(none)";
    }
}
