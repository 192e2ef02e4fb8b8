/** Debian's Chromium, driven by playwright-core (which ships no browser of its own). */
import * as fs from "fs";
import { chromium, type Browser } from "playwright-core";

export const CHROMIUM_PATH = "/usr/bin/chromium";

/**
 * Flags for a machine without a display or a user namespace, whose only allowed traffic is loopback: without the
 * background-networking ones Chromium reaches for Google's services at start and is refused. One renderer per page:
 * no spare process started ahead for a next navigation and no process per site, which guard against other sites'
 * pages and change nothing a page can observe (5 s of CPU less over the browser test, on a suite bound by CPU).
 */
const ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-site-isolation-trials", "--disable-features=SpareRendererForSitePerProcess,site-per-process,IsolateOrigins",
];

/** The browser is not there, or would not start; says how to get it. */
export class ChromiumUnavailableError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "ChromiumUnavailableError";
    }
}

/** Launches headless Chromium; every `newContext()` of it is a fresh profile (no cookies, no storage). */
export async function launchChromium(): Promise<Browser> {
    if (!fs.existsSync(CHROMIUM_PATH)) {
        throw new ChromiumUnavailableError(`the browser tests need Debian's Chromium at ${CHROMIUM_PATH}, which is missing: install it with \`apt-get install -y chromium\` (\`npx playwright install\` cannot download browsers here)`);
    }
    try {
        return await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: ARGS });
    } catch (error) {
        throw new ChromiumUnavailableError(`${CHROMIUM_PATH} did not start (${error instanceof Error ? error.message.split("\n")[0] : String(error)}); check \`${CHROMIUM_PATH} --version\`, and reinstall it with \`apt-get install -y chromium\` if that fails`);
    }
}
