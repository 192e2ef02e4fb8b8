/**
 * The local issuer's pages, in place of Cognito's managed login: plain HTML forms with visible labels, no
 * external resources and no inline script (one same-origin script only submits the sign-out form for the
 * customer, as Cognito's logout does not ask; without it the button still works).
 */

/** Escapes text for HTML element content and double-quoted attributes. */
export function escapeHtml(text: string): string {
    return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

const STYLE = `body{font-family:system-ui,sans-serif;background:#f4f5f7;margin:0;padding:2rem 1rem;color:#1d1f23}
main{max-width:22rem;margin:0 auto;background:#fff;padding:1.5rem 2rem;border-radius:8px;box-shadow:0 1px 3px rgba(0,0,0,.15)}
h1{font-size:1.4rem;margin-top:0}label{display:block;margin-top:1rem;font-weight:600}
input{display:block;width:100%;box-sizing:border-box;padding:.5rem;margin-top:.25rem;font-size:1rem;border:1px solid #8a8f98;border-radius:4px}
button{margin-top:1.25rem;width:100%;padding:.6rem;font-size:1rem;border:0;border-radius:4px;background:#1f5fbf;color:#fff;cursor:pointer}
button.secondary{background:#e3e5e8;color:#1d1f23}.error{background:#fdecea;border:1px solid #e0a19b;padding:.5rem .75rem;border-radius:4px}
.hint{color:#4a4f57;font-size:.9rem}`;

function page(title: string, body: string, head = ""): string {
    return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · Order Platform (local)</title>
<style>${STYLE}</style>
${head}</head>
<body>
<main>
${body}
</main>
</body>
</html>
`;
}

const errorBlock = (error: string | undefined) => (error ? `<p class="error" role="alert">${escapeHtml(error)}</p>\n` : "");

export interface FormPage {
    /** Where the form posts. */
    readonly action: string;
    /** The link to the other form (sign-up from sign-in and back). */
    readonly switchHref: string;
    readonly email?: string;
    readonly error?: string;
}

export function signInPage(form: FormPage): string {
    return page("Sign in", `<h1>Sign in</h1>
${errorBlock(form.error)}<form method="post" action="${escapeHtml(form.action)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(form.email ?? "")}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="current-password" required>
<button type="submit">Sign in</button>
</form>
<p>New here? <a href="${escapeHtml(form.switchHref)}">Sign up</a></p>`);
}

export function signUpPage(form: FormPage & { readonly passwordRules: string }): string {
    return page("Sign up", `<h1>Sign up</h1>
${errorBlock(form.error)}<form method="post" action="${escapeHtml(form.action)}">
<label for="email">Email</label>
<input id="email" name="email" type="email" autocomplete="username" required value="${escapeHtml(form.email ?? "")}">
<label for="password">Password</label>
<input id="password" name="password" type="password" autocomplete="new-password" required aria-describedby="password-rules">
<p id="password-rules" class="hint">${escapeHtml(form.passwordRules)}</p>
<button type="submit">Sign up</button>
</form>
<p>Already have an account? <a href="${escapeHtml(form.switchHref)}">Sign in</a></p>`);
}

/** The sign-out confirmation; `form` is oidc-provider's hidden form (id `op.logoutForm`, with its xsrf token). */
export function signOutPage(form: string, scriptSrc: string): string {
    return page("Sign out", `<h1>Sign out</h1>
<p>Signing you out of the Order Platform.</p>
${form}
<button type="submit" form="op.logoutForm" name="logout" value="yes">Sign out</button>
<button type="submit" form="op.logoutForm" class="secondary">Stay signed in</button>`, `<script src="${escapeHtml(scriptSrc)}" defer></script>\n`);
}

/** Submits the sign-out form as "yes" as soon as the page loads. */
export const SIGN_OUT_SCRIPT = `"use strict";
document.addEventListener("DOMContentLoaded", function () {
  var form = document.getElementById("op.logoutForm");
  if (!form) return;
  var yes = document.createElement("input");
  yes.type = "hidden"; yes.name = "logout"; yes.value = "yes";
  form.appendChild(yes);
  form.submit();
});
`;

export function signedOutPage(): string {
    return page("Signed out", `<h1>Signed out</h1>
<p>You are signed out of the Order Platform.</p>`);
}

export function errorPage(title: string, details: Record<string, string | undefined>): string {
    const lines = Object.entries(details).filter(([, v]) => v).map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: ${escapeHtml(String(v))}</p>`).join("\n");
    return page(title, `<h1>${escapeHtml(title)}</h1>
${lines}
<p class="hint">Go back to the shop and sign in again.</p>`);
}
