// A client written by others: Octokit, driven the way its README shows, with
// libsodium sealing secrets the way GitHub's docs show. Pointed at any server
// that follows GitHub's Codespaces API (the mock, GitHub Enterprise, GitHub
// itself), it lives a codespace's whole life and manages secrets. It knows
// nothing of the server but its base URL and a token.
//
//   GITHUB_TOKEN=... node flow.mjs http://127.0.0.1:8080
//
// The base URL is the first argument or INTEROP_BASE_URL; the token is
// GITHUB_TOKEN (never an argument, so it stays out of process listings).
// INTEROP_SECRET_VALUE is the plaintext the kept secret ends with (a random
// one when unset). Each request prints one JSON line {step, status, state?}
// to stdout; a surprise is one line on stderr and a non-zero exit. Neither
// the token nor a plaintext is ever printed.
//
// Last come two calls exactly as GitHub's description allows them
// (asDescribed).
//
// Of the two secrets, INTEROP_DELETED is created, updated, read, listed and
// deleted; INTEROP_KEPT is created, updated and left in place, so that
// whoever runs the server can check the value it opened.

import { Octokit } from "@octokit/rest";
import sodium from "libsodium-wrappers";

const REPOSITORY_ID = 1296269; // octocat/Hello-World
const POLL_INTERVAL_MS = 10;
const MAX_POLLS = 100;
const KEPT = "INTEROP_KEPT";
const DELETED = "INTEROP_DELETED";

class Surprise extends Error {}

const baseUrl = process.argv[2] ?? process.env.INTEROP_BASE_URL;
const auth = process.env.GITHUB_TOKEN;
if (!baseUrl || !auth) {
  console.error("usage: GITHUB_TOKEN=TOKEN node flow.mjs BASE_URL (or INTEROP_BASE_URL)");
  process.exit(2);
}

const octokit = new Octokit({ baseUrl, auth });
const cs = octokit.rest.codespaces;

function print(step, status, state) {
  const line = { step, status };
  if (state !== undefined) line.state = state;
  process.stdout.write(JSON.stringify(line) + "\n");
}

// call makes one request, prints its step line and checks its status.
async function call(step, want, request, stateOf = () => undefined) {
  let res;
  try {
    res = await request();
  } catch (err) {
    if (err.status !== undefined) print(step, err.status);
    throw new Surprise(`${step}: ${err.status ?? "no answer"} (${err.message}), want ${want}`);
  }
  print(step, res.status, stateOf(res.data));
  if (res.status !== want) {
    throw new Surprise(`${step}: ${res.status}, want ${want}`);
  }
  return res.data;
}

// refused makes a request that must fail with status want.
async function refused(step, want, request) {
  try {
    const res = await request();
    print(step, res.status);
  } catch (err) {
    if (err.status === undefined) throw new Surprise(`${step}: no answer (${err.message}), want ${want}`);
    print(step, err.status);
    if (err.status === want) return;
    throw new Surprise(`${step}: ${err.status} (${err.message}), want ${want}`);
  }
  throw new Surprise(`${step}: succeeded, want ${want}`);
}

// poll reads until stateOf says want, a bounded number of times.
async function poll(step, want, request, stateOf) {
  for (let i = 0; i < MAX_POLLS; i++) {
    const data = await call(step, 200, request, stateOf);
    if (stateOf(data) === want) return data;
    await new Promise((resolve) => setTimeout(resolve, POLL_INTERVAL_MS));
  }
  throw new Surprise(`${step}: not ${want} after ${MAX_POLLS} reads`);
}

async function codespaceLife() {
  const state = (c) => c.state;
  const created = await call("create", 201, () => cs.createForAuthenticatedUser({ repository_id: REPOSITORY_ID }), state);
  const codespace_name = created.name;
  if (!codespace_name) throw new Surprise("create: the codespace has no name");
  const get = () => cs.getForAuthenticatedUser({ codespace_name });

  await poll("wait-available", "Available", get, state);
  await call("stop", 200, () => cs.stopForAuthenticatedUser({ codespace_name }), state);
  await poll("wait-shutdown", "Shutdown", get, state);
  await call("start", 200, () => cs.startForAuthenticatedUser({ codespace_name }), state);
  await poll("wait-available", "Available", get, state);

  const exp = await call("export", 202, () => cs.exportForAuthenticatedUser({ codespace_name }), state);
  if (!exp.id) throw new Surprise("export: the answer has no id");
  const done = await poll(
    "wait-export",
    "succeeded",
    () => cs.getExportDetailsForAuthenticatedUser({ codespace_name, export_id: exp.id }),
    state,
  );
  if (!done.branch || !/^[0-9a-f]{40}$/.test(done.sha ?? "")) {
    throw new Surprise("wait-export: the finished export has no branch or no 40-digit sha");
  }

  await call("delete", 202, () => cs.deleteForAuthenticatedUser({ codespace_name }));
  await refused("get-deleted", 404, get);
}

async function secrets() {
  await sodium.ready;
  const key = await call("public-key", 200, () => cs.getPublicKeyForAuthenticatedUser());
  const publicKey = sodium.from_base64(key.key ?? "", sodium.base64_variants.ORIGINAL);
  if (publicKey.length !== sodium.crypto_box_PUBLICKEYBYTES || !key.key_id) {
    throw new Surprise(`public-key: a ${publicKey.length}-byte key (key_id ${JSON.stringify(key.key_id)}), want 32 bytes and a key_id`);
  }
  const put = (secret_name, plaintext) => () =>
    cs.createOrUpdateSecretForAuthenticatedUser({
      secret_name,
      key_id: key.key_id,
      encrypted_value: sodium.to_base64(sodium.crypto_box_seal(plaintext, publicKey), sodium.base64_variants.ORIGINAL),
    });
  const value = process.env.INTEROP_SECRET_VALUE || sodium.to_hex(sodium.randombytes_buf(16));

  await call("put-created", 201, put(KEPT, "the first value, replaced next"));
  await call("put-updated", 204, put(KEPT, value));
  await call("put-created", 201, put(DELETED, sodium.to_hex(sodium.randombytes_buf(16))));
  await call("put-updated", 204, put(DELETED, sodium.to_hex(sodium.randombytes_buf(16))));

  const got = await call("get-secret", 200, () => cs.getSecretForAuthenticatedUser({ secret_name: DELETED }));
  if (got.name !== DELETED) throw new Surprise(`get-secret: named ${JSON.stringify(got.name)}, want ${DELETED}`);
  const names = async (step) => {
    const list = await call(step, 200, () => cs.listSecretsForAuthenticatedUser());
    return (list.secrets ?? []).map((s) => s.name).sort().join(",");
  };
  const before = await names("list-secrets");
  if (before !== `${DELETED},${KEPT}`) throw new Surprise(`list-secrets: ${before}, want ${DELETED},${KEPT}`);

  await call("delete-secret", 204, () => cs.deleteSecretForAuthenticatedUser({ secret_name: DELETED }));
  await refused("get-deleted-secret", 404, () => cs.getSecretForAuthenticatedUser({ secret_name: DELETED }));
  const after = await names("list-secrets");
  if (after !== KEPT) throw new Surprise(`list-secrets after the delete: ${after}, want ${KEPT}`);
}

// asDescribed makes two calls the way GitHub's description allows them and
// Octokit (generated from it) makes them, which a server must serve: the
// repository's machine types with no location (optional: assigned by IP),
// each naming its prebuild availability; and a create whose body has
// pull_request: null beside repository_id (exactly one oneOf branch).
async function asDescribed() {
  const machines = await call("repo-machines", 200, () =>
    cs.repoMachinesForAuthenticatedUser({ owner: "octocat", repo: "Hello-World" }),
  );
  if (!machines.machines?.length || !machines.machines.every((m) => "prebuild_availability" in m)) {
    throw new Surprise("repo-machines: no machines, or one without prebuild_availability");
  }
  const created = await call("create-pull-request-null", 201, () =>
    cs.createForAuthenticatedUser({ repository_id: REPOSITORY_ID, pull_request: null, ref: "main" }),
  );
  await call("delete", 202, () => cs.deleteForAuthenticatedUser({ codespace_name: created.name }));
}

try {
  await codespaceLife();
  await secrets();
  await asDescribed();
} catch (err) {
  console.error(err instanceof Surprise ? `flow.mjs: ${err.message}` : `flow.mjs: ${err.stack ?? err}`);
  process.exitCode = 1;
}
