// The mock's control API, driven from JavaScript the way a test in another
// language would: plain fetch for the mock's own endpoints under /_mock/,
// Octokit for GitHub's API. Unlike flow.mjs, which runs against GitHub too,
// this runs against the mock only.
//
//   GITHUB_TOKEN=... node control.mjs http://127.0.0.1:8080
//
// The base URL is the first argument or INTEROP_BASE_URL. GITHUB_TOKEN
// becomes the token of nodeuser, a user of the world this script puts in
// place; the world's second user, noscope, gets a token made up here, a
// classic one without the codespace scope. Neither is ever printed, nor an
// argument. Each step prints one JSON line {step, status, state?} to stdout;
// a surprise is one line on stderr and a non-zero exit.
//
// The steps: the world the mock started with is read; a small world
// replaces it and reads back; a reset brings the first one back, and the
// small one is put again. Then the mock is scripted and Octokit sees each
// script: a create that fails while it provisions, a 503 on one list and not
// on the next, a spent rate limit, a missing scope; and the request log shows
// the create.

import { randomBytes } from "node:crypto";
import { Octokit } from "@octokit/rest";
import { Surprise, call, poll, print, refused } from "./steps.mjs";

const LOGIN = "nodeuser";
const REPO = "node-repo";
const NOSCOPE = "noscope";
const NOSCOPE_SCOPES = ["read:user", "repo"]; // sorted, as X-OAuth-Scopes lists them
const CREATE = "codespaces/create-with-repo-for-authenticated-user";
const LIST = "codespaces/list-for-authenticated-user";

const baseUrl = (process.argv[2] ?? process.env.INTEROP_BASE_URL ?? "").replace(/\/+$/, "");
const auth = process.env.GITHUB_TOKEN;
if (!baseUrl || !auth) {
  console.error("usage: GITHUB_TOKEN=TOKEN node control.mjs BASE_URL (or INTEROP_BASE_URL)");
  process.exit(2);
}
const noscopeAuth = "ghp_" + randomBytes(18).toString("hex");

// The world, as JSON: the user the given token authenticates as, with a
// public repository, and a user whose classic token lacks codespace.
const world = {
  users: [
    { login: LOGIN, id: 5001, token: auth, kind: "classic", scopes: ["codespace", "repo"] },
    { login: NOSCOPE, id: 5002, token: noscopeAuth, kind: "classic", scopes: NOSCOPE_SCOPES },
  ],
  repositories: [
    {
      owner: LOGIN,
      name: REPO,
      id: 7001,
      default_branch: "main",
      devcontainers: [{ path: ".devcontainer/devcontainer.json" }],
    },
  ],
  machines: [
    {
      name: "basicLinux32gb",
      display_name: "2 cores, 8 GB RAM, 32 GB storage",
      operating_system: "linux",
      cpus: 2,
      memory_in_bytes: 8589934592,
      storage_in_bytes: 34359738368,
    },
  ],
};

const octokit = new Octokit({ baseUrl, auth });
const cs = octokit.rest.codespaces;
const noscope = new Octokit({ baseUrl, auth: noscopeAuth });

// control makes one request to the mock's own API, prints its step line,
// checks its status and returns its JSON answer (undefined for none).
async function control(step, want, method, path, body) {
  const init = { method, headers: { accept: "application/json" } };
  if (body !== undefined) {
    init.headers["content-type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(baseUrl + "/_mock/" + path, init);
  } catch (err) {
    throw new Surprise(`${step}: no answer (${err.message}), want ${want}`);
  }
  print(step, res.status);
  const text = await res.text();
  if (res.status !== want) throw new Surprise(`${step}: ${res.status} (${text.slice(0, 300)}), want ${want}`);
  return text === "" ? undefined : JSON.parse(text);
}

const logins = (w) => (w.users ?? []).map((u) => u.login).join(",");

async function worlds() {
  const started = await control("world-started", 200, "GET", "world");
  if (logins(started) === "") throw new Surprise("world-started: the world has no users");
  await control("put-world", 204, "PUT", "world", world);
  const replaced = await control("world-replaced", 200, "GET", "world");
  if (logins(replaced) !== `${LOGIN},${NOSCOPE}`) {
    throw new Surprise(`world-replaced: users ${logins(replaced)}, want ${LOGIN},${NOSCOPE}`);
  }
  if (replaced.users.some((u) => "token" in u)) throw new Surprise("world-replaced: the world shows a token");
  const who = await call("list-codespaces", 200, () => cs.listForAuthenticatedUser());
  if (who.total_count !== 0) throw new Surprise(`list-codespaces: ${who.total_count} codespaces in a new world, want 0`);

  await control("reset", 204, "POST", "reset");
  const reset = await control("world-reset", 200, "GET", "world");
  if (JSON.stringify(reset) !== JSON.stringify(started)) {
    throw new Surprise(`world-reset: users ${logins(reset)}, not the world the mock started with (users ${logins(started)})`);
  }
  await control("put-world", 204, "PUT", "world", world);
}

async function failedCreate() {
  await control("fail-next", 204, "POST", "codespaces/fail-next", { count: 1 });
  const state = (c) => c.state;
  const created = await call("create", 201, () => cs.createWithRepoForAuthenticatedUser({ owner: LOGIN, repo: REPO, ref: "main" }), state);
  const codespace_name = created.name;
  if (!codespace_name) throw new Surprise("create: the codespace has no name");
  await poll("wait-failed", "Failed", () => cs.getForAuthenticatedUser({ codespace_name }), state);
}

async function fault() {
  await control("fault", 201, "POST", "faults", { fault: "status=503;count=1", operation: LIST });
  await refused("list-faulted", 503, () => cs.listForAuthenticatedUser());
  const after = await call("list-codespaces", 200, () => cs.listForAuthenticatedUser());
  if (after.total_count !== 1) throw new Surprise(`list-codespaces: ${after.total_count} codespaces, want the failed one`);
}

async function rateLimit() {
  await control("spend-rate-limit", 204, "PUT", `rate-limits/${LOGIN}`, { resource: "core", remaining: 0 });
  const headers = await refused("rate-limited", 403, () => cs.listForAuthenticatedUser());
  if (headers["x-ratelimit-remaining"] !== "0") {
    throw new Surprise(`rate-limited: x-ratelimit-remaining ${JSON.stringify(headers["x-ratelimit-remaining"])}, want "0"`);
  }
}

async function missingScope() {
  const headers = await refused("missing-scope", 403, () => noscope.rest.codespaces.listForAuthenticatedUser());
  const accepted = (headers["x-accepted-oauth-scopes"] ?? "").split(/,\s*/);
  if (!accepted.includes("codespace")) {
    throw new Surprise(`missing-scope: x-accepted-oauth-scopes ${JSON.stringify(headers["x-accepted-oauth-scopes"])} names no codespace`);
  }
  if (headers["x-oauth-scopes"] !== NOSCOPE_SCOPES.join(", ")) {
    throw new Surprise(`missing-scope: x-oauth-scopes ${JSON.stringify(headers["x-oauth-scopes"])}, want ${JSON.stringify(NOSCOPE_SCOPES.join(", "))}`);
  }
}

async function requestLog() {
  const log = await control("request-log", 200, "GET", `requests?operation=${encodeURIComponent(CREATE)}`);
  const creates = (log.requests ?? []).map((r) => `${r.method} ${r.path} ${r.user} ${r.status}`);
  const want = `POST /repos/${LOGIN}/${REPO}/codespaces ${LOGIN} 201`;
  if (log.total_count !== 1 || creates.join(";") !== want) {
    throw new Surprise(`request-log: ${log.total_count} requests (${creates.join("; ")}), want ${want}`);
  }
}

try {
  await worlds();
  await failedCreate();
  await fault();
  await rateLimit();
  await missingScope();
  await requestLog();
} catch (err) {
  // An answer quoted in a message may echo the world sent, tokens and all.
  const message = err instanceof Surprise ? err.message : `${err.stack ?? err}`;
  console.error(`control.mjs: ${message.replaceAll(auth, "[TOKEN]").replaceAll(noscopeAuth, "[TOKEN]")}`);
  process.exitCode = 1;
}
