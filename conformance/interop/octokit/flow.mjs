// A client written by others: Octokit, driven the way its README shows, with
// libsodium sealing secrets the way GitHub's docs show. Pointed at any server
// that follows GitHub's Codespaces API (the mock, GitHub itself), it drives
// each of the API's 48 operations: a codespace's whole life, the user's,
// an organization's and a repository's secrets, an organization admin's view
// of a member's codespaces and the (deprecated) access settings, publishing a
// codespace made from a template, the permissions check and the pre-flight.
// It knows nothing of the server but its base URL and two tokens.
//
//   GITHUB_TOKEN=... INTEROP_MEMBER_TOKEN=... node flow.mjs http://127.0.0.1:8080
//
// The base URL is the first argument or INTEROP_BASE_URL; GITHUB_TOKEN is
// the admin of the organization (octo-org on the mock), who owns the
// repository (octocat/Hello-World); INTEROP_MEMBER_TOKEN is a member of the
// organization who administers neither (tokens are never arguments, so they
// stay out of process listings). INTEROP_SECRET_VALUE is the plaintext the
// kept secrets end with (a random one when unset). Each request prints one
// JSON line {step, status, state?} to stdout; a surprise is one line on
// stderr and a non-zero exit. Neither a token nor a plaintext is ever
// printed.
//
// Of each scope's two secrets, INTEROP_DELETED (INTEROP_ORG_DELETED,
// INTEROP_REPO_DELETED) is created, updated, read, listed and deleted;
// INTEROP_KEPT (INTEROP_ORG_KEPT, INTEROP_REPO_KEPT) is created, updated and
// left in place, so that whoever runs the server can check the value it
// opened.
//
// Octokit 22 has no named methods for the three access operations (the
// description marks them deprecated), so they go through octokit.request
// with their routes, as Octokit's README shows for any endpoint.

import { Octokit } from "@octokit/rest";
import sodium from "libsodium-wrappers";
import { Surprise, call, poll, refused } from "./steps.mjs";

const OWNER = "octocat";
const REPO = "Hello-World";
const REPOSITORY_ID = 1296269; // octocat/Hello-World
const DEFAULT_BRANCH = "master";
const PULL_NUMBER = 1;
const ORG = "octo-org";
const ORG_REPO = "octo-repo";
const ORG_REPOSITORY_ID = 1300211; // octo-org/octo-repo
const TEMPLATE_REPOSITORY_ID = 570024467; // github/codespaces-blank
const PUBLISHED = "interop-published";
// Hello-World's devcontainer that asks for access to other repositories, and
// one that asks for nothing.
const ASKING_DEVCONTAINER = ".devcontainer/foobar/devcontainer.json";
const PLAIN_DEVCONTAINER = ".devcontainer/devcontainer.json";
const KEPT = "INTEROP_KEPT";
const DELETED = "INTEROP_DELETED";
const ORG_KEPT = "INTEROP_ORG_KEPT";
const ORG_DELETED = "INTEROP_ORG_DELETED";
const REPO_KEPT = "INTEROP_REPO_KEPT";
const REPO_DELETED = "INTEROP_REPO_DELETED";

const baseUrl = process.argv[2] ?? process.env.INTEROP_BASE_URL;
const auth = process.env.GITHUB_TOKEN;
const memberAuth = process.env.INTEROP_MEMBER_TOKEN;
if (!baseUrl || !auth || !memberAuth) {
  console.error("usage: GITHUB_TOKEN=TOKEN INTEROP_MEMBER_TOKEN=TOKEN node flow.mjs BASE_URL (or INTEROP_BASE_URL)");
  process.exit(2);
}

const octokit = new Octokit({ baseUrl, auth });
const cs = octokit.rest.codespaces;
const member = new Octokit({ baseUrl, auth: memberAuth });
const memberCs = member.rest.codespaces;

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

// sealer fetches a scope's public key and returns what seals a plaintext to
// it, as GitHub's docs show with libsodium: crypto_box_seal, then base64.
async function sealer(step, getKey) {
  const key = await call(step, 200, getKey);
  const publicKey = sodium.from_base64(key.key ?? "", sodium.base64_variants.ORIGINAL);
  if (publicKey.length !== sodium.crypto_box_PUBLICKEYBYTES || !key.key_id) {
    throw new Surprise(`${step}: a ${publicKey.length}-byte key (key_id ${JSON.stringify(key.key_id)}), want 32 bytes and a key_id`);
  }
  const seal = (plaintext) => ({
    key_id: key.key_id,
    encrypted_value: sodium.to_base64(sodium.crypto_box_seal(plaintext, publicKey), sodium.base64_variants.ORIGINAL),
  });
  return { seal, key: key.key };
}

const randomValue = () => sodium.to_hex(sodium.randombytes_buf(16));
let keptValue; // set once sodium is ready
const publicKeys = new Set(); // each scope's, which must all differ

// secretNames lists a scope's secrets, sorted and joined.
async function secretNames(step, list) {
  const data = await call(step, 200, list);
  return (data.secrets ?? []).map((s) => s.name).sort().join(",");
}

async function secrets() {
  await sodium.ready;
  keptValue = process.env.INTEROP_SECRET_VALUE || randomValue();
  const { seal, key } = await sealer("public-key", () => cs.getPublicKeyForAuthenticatedUser());
  publicKeys.add(key);
  const put = (secret_name, plaintext) => () => cs.createOrUpdateSecretForAuthenticatedUser({ secret_name, ...seal(plaintext) });

  await call("put-created", 201, put(KEPT, "the first value, replaced next"));
  await call("put-updated", 204, put(KEPT, keptValue));
  await call("put-created", 201, put(DELETED, randomValue()));
  await call("put-updated", 204, put(DELETED, randomValue()));

  const got = await call("get-secret", 200, () => cs.getSecretForAuthenticatedUser({ secret_name: DELETED }));
  if (got.name !== DELETED) throw new Surprise(`get-secret: named ${JSON.stringify(got.name)}, want ${DELETED}`);
  const names = (step) => secretNames(step, () => cs.listSecretsForAuthenticatedUser());
  const before = await names("list-secrets");
  if (before !== `${DELETED},${KEPT}`) throw new Surprise(`list-secrets: ${before}, want ${DELETED},${KEPT}`);

  await call("delete-secret", 204, () => cs.deleteSecretForAuthenticatedUser({ secret_name: DELETED }));
  await refused("get-deleted-secret", 404, () => cs.getSecretForAuthenticatedUser({ secret_name: DELETED }));
  const after = await names("list-secrets");
  if (after !== KEPT) throw new Surprise(`list-secrets after the delete: ${after}, want ${KEPT}`);
}

// expectRepositories reads a secret's selected repositories and checks them.
async function expectRepositories(step, list, want) {
  const data = await call(step, 200, list);
  const got = (data.repositories ?? []).map((r) => r.id).sort().join(",");
  if (got !== want.join(",") || data.total_count !== want.length) {
    throw new Surprise(`${step}: repositories [${got}] (total_count ${data.total_count}), want [${want}]`);
  }
}

// asDescribed makes two calls the way GitHub's description allows them and
// Octokit (generated from it) makes them, which a server must serve: the
// repository's machine types with no location (optional: assigned by IP),
// each naming its prebuild availability; and a create whose body has
// pull_request: null beside repository_id (exactly one oneOf branch).
async function asDescribed() {
  const machines = await call("repo-machines", 200, () =>
    cs.repoMachinesForAuthenticatedUser({ owner: OWNER, repo: REPO }),
  );
  if (!machines.machines?.length || !machines.machines.every((m) => "prebuild_availability" in m)) {
    throw new Surprise("repo-machines: no machines, or one without prebuild_availability");
  }
  const created = await call("create-pull-request-null", 201, () =>
    cs.createForAuthenticatedUser({ repository_id: REPOSITORY_ID, pull_request: null, ref: "main" }),
  );
  await call("delete", 202, () => cs.deleteForAuthenticatedUser({ codespace_name: created.name }));
}

// userRest is the rest of the user's API: the other two ways to create, the
// three lists, the codespace's machines, an update, the repository's
// devcontainers, and the repositories a user secret is for.
async function userRest() {
  const fromRepo = await call("create-in-repository", 201, () =>
    cs.createWithRepoForAuthenticatedUser({ owner: OWNER, repo: REPO, display_name: "interop in the repository" }),
  );
  const fromPull = await call("create-from-pull-request", 201, () =>
    // The description requires a body here (nullable, but required).
    cs.createWithPrForAuthenticatedUser({ owner: OWNER, repo: REPO, pull_number: PULL_NUMBER, display_name: "interop from the pull request" }),
  );
  const names = [fromRepo.name, fromPull.name].sort().join(",");
  const listed = async (step, request) => {
    const data = await call(step, 200, request);
    const got = (data.codespaces ?? []).map((c) => c.name).sort().join(",");
    if (got !== names || data.total_count !== 2) throw new Surprise(`${step}: codespaces ${got} (total_count ${data.total_count}), want ${names}`);
  };
  await listed("list-codespaces", () => cs.listForAuthenticatedUser());
  await listed("list-codespaces-by-repository-id", () => cs.listForAuthenticatedUser({ repository_id: REPOSITORY_ID }));
  await listed("list-repository-codespaces", () => cs.listInRepositoryForAuthenticatedUser({ owner: OWNER, repo: REPO }));

  const codespace_name = fromRepo.name;
  const machines = await call("codespace-machines", 200, () => cs.codespaceMachinesForAuthenticatedUser({ codespace_name }));
  const other = (machines.machines ?? []).find((m) => m.name !== fromRepo.machine?.name);
  if (!other) throw new Surprise("codespace-machines: no machine to move to");
  const updated = await call("update", 200, () =>
    cs.updateForAuthenticatedUser({ codespace_name, machine: other.name, display_name: "interop renamed" }),
  );
  if (updated.display_name !== "interop renamed") throw new Surprise(`update: display_name ${JSON.stringify(updated.display_name)}`);

  const devcontainers = await call("devcontainers", 200, () =>
    cs.listDevcontainersInRepositoryForAuthenticatedUser({ owner: OWNER, repo: REPO }),
  );
  if (!devcontainers.devcontainers?.some((d) => d.path === ASKING_DEVCONTAINER)) {
    throw new Surprise(`devcontainers: no ${ASKING_DEVCONTAINER}`);
  }

  const secret_name = KEPT;
  const repositories = (step, want) =>
    expectRepositories(step, () => cs.listRepositoriesForSecretForAuthenticatedUser({ secret_name }), want);
  await call("set-secret-repositories", 204, () =>
    cs.setRepositoriesForSecretForAuthenticatedUser({ secret_name, selected_repository_ids: [REPOSITORY_ID] }),
  );
  await repositories("secret-repositories", [REPOSITORY_ID]);
  await call("remove-secret-repository", 204, () =>
    cs.removeRepositoryForSecretForAuthenticatedUser({ secret_name, repository_id: REPOSITORY_ID }),
  );
  await repositories("secret-repositories", []);
  await call("add-secret-repository", 204, () =>
    cs.addRepositoryForSecretForAuthenticatedUser({ secret_name, repository_id: REPOSITORY_ID }),
  );
  await repositories("secret-repositories", [REPOSITORY_ID]);

  for (const c of [fromRepo, fromPull]) {
    await call("delete", 202, () => cs.deleteForAuthenticatedUser({ codespace_name: c.name }));
  }
}

// organization is an admin's view of a member's codespace in the
// organization's repository: listed, stopped and deleted by the admin,
// refused to the member; and the access settings that decide whose
// codespaces the organization pays for (octokit.request: see the top).
async function organization() {
  const state = (c) => c.state;
  const theirs = await call("member-create-in-org-repository", 201, () =>
    memberCs.createWithRepoForAuthenticatedUser({ owner: ORG, repo: ORG_REPO, display_name: "a member's" }),
  );
  const username = theirs.owner?.login;
  const codespace_name = theirs.name;
  if (!username || !codespace_name) throw new Surprise("member-create-in-org-repository: no owner login or name");
  if (theirs.billable_owner?.login !== ORG) {
    throw new Surprise(`member-create-in-org-repository: billed to ${theirs.billable_owner?.login}, want ${ORG}`);
  }
  await refused("member-list-org-codespaces", 403, () => memberCs.listInOrganization({ org: ORG }));

  const hasIt = async (step, request, want) => {
    const data = await call(step, 200, request);
    const found = (data.codespaces ?? []).some((c) => c.name === codespace_name);
    if (found !== want) throw new Surprise(`${step}: the member's codespace ${found ? "is" : "is not"} listed`);
  };
  await hasIt("list-org-codespaces", () => cs.listInOrganization({ org: ORG }), true);
  await hasIt("list-member-codespaces", () => cs.getCodespacesForUserInOrg({ org: ORG, username }), true);
  await call("stop-member-codespace", 200, () => cs.stopInOrganization({ org: ORG, username, codespace_name }), state);
  await poll("member-wait-shutdown", "Shutdown", () => memberCs.getForAuthenticatedUser({ codespace_name }), state);

  const access = (step, route, body) => call(step, 204, () => octokit.request(route, { org: ORG, ...body }));
  await access("set-access-selected-members", "PUT /orgs/{org}/codespaces/access", {
    visibility: "selected_members",
    selected_usernames: [username],
  });
  await access("remove-access-users", "DELETE /orgs/{org}/codespaces/access/selected_users", { selected_usernames: [username] });
  // No longer enabled, the member pays for the codespace: it is theirs, not
  // the organization's.
  await hasIt("list-member-codespaces", () => cs.getCodespacesForUserInOrg({ org: ORG, username }), false);
  await refused("delete-member-codespace", 404, () => cs.deleteFromOrganization({ org: ORG, username, codespace_name }));
  await access("add-access-users", "POST /orgs/{org}/codespaces/access/selected_users", { selected_usernames: [username] });
  await hasIt("list-member-codespaces", () => cs.getCodespacesForUserInOrg({ org: ORG, username }), true);
  await call("delete-member-codespace", 202, () => cs.deleteFromOrganization({ org: ORG, username, codespace_name }));
  await refused("member-get-deleted", 404, () => memberCs.getForAuthenticatedUser({ codespace_name }));
  await access("set-access-all-members", "PUT /orgs/{org}/codespaces/access", { visibility: "all_members" });
}

// orgSecrets stores the organization's secrets, sealed to its own key, with
// each visibility, and the repositories one with visibility selected is for.
async function orgSecrets() {
  await refused("member-org-public-key", 403, () => memberCs.getOrgPublicKey({ org: ORG }));
  const { seal, key } = await sealer("org-public-key", () => cs.getOrgPublicKey({ org: ORG }));
  publicKeys.add(key);
  const put = (secret_name, plaintext, visibility, more = {}) => () =>
    cs.createOrUpdateOrgSecret({ org: ORG, secret_name, visibility, ...more, ...seal(plaintext) });

  await call("org-put-created", 201, put(ORG_KEPT, "the first value, replaced next", "all"));
  await call("org-put-updated", 204, put(ORG_KEPT, keptValue, "selected", { selected_repository_ids: [ORG_REPOSITORY_ID] }));
  await call("org-put-created", 201, put(ORG_DELETED, randomValue(), "private"));

  const secret_name = ORG_KEPT;
  const repositories = (step, want) =>
    expectRepositories(step, () => cs.listSelectedReposForOrgSecret({ org: ORG, secret_name }), want);
  await repositories("org-secret-repositories", [ORG_REPOSITORY_ID]);
  await call("org-set-secret-repositories", 204, () =>
    cs.setSelectedReposForOrgSecret({ org: ORG, secret_name, selected_repository_ids: [] }),
  );
  await repositories("org-secret-repositories", []);
  await call("org-add-secret-repository", 204, () =>
    cs.addSelectedRepoToOrgSecret({ org: ORG, secret_name, repository_id: ORG_REPOSITORY_ID }),
  );
  await repositories("org-secret-repositories", [ORG_REPOSITORY_ID]);
  await call("org-remove-secret-repository", 204, () =>
    cs.removeSelectedRepoFromOrgSecret({ org: ORG, secret_name, repository_id: ORG_REPOSITORY_ID }),
  );
  await repositories("org-secret-repositories", []);
  // Repositories are chosen only for visibility selected: the documented 409.
  await refused("org-add-secret-repository-not-selected", 409, () =>
    cs.addSelectedRepoToOrgSecret({ org: ORG, secret_name: ORG_DELETED, repository_id: ORG_REPOSITORY_ID }),
  );

  const got = await call("org-get-secret", 200, () => cs.getOrgSecret({ org: ORG, secret_name: ORG_DELETED }));
  if (got.name !== ORG_DELETED || got.visibility !== "private") {
    throw new Surprise(`org-get-secret: ${JSON.stringify(got.name)} with visibility ${got.visibility}, want ${ORG_DELETED}, private`);
  }
  const names = (step) => secretNames(step, () => cs.listOrgSecrets({ org: ORG }));
  const before = await names("org-list-secrets");
  if (before !== `${ORG_DELETED},${ORG_KEPT}`) throw new Surprise(`org-list-secrets: ${before}`);
  await call("org-delete-secret", 204, () => cs.deleteOrgSecret({ org: ORG, secret_name: ORG_DELETED }));
  await refused("org-get-deleted-secret", 404, () => cs.getOrgSecret({ org: ORG, secret_name: ORG_DELETED }));
  const after = await names("org-list-secrets");
  if (after !== ORG_KEPT) throw new Surprise(`org-list-secrets after the delete: ${after}, want ${ORG_KEPT}`);
}

// repoSecrets stores the repository's secrets, sealed to its own key, which
// its owner may and a member of nothing of it may not.
async function repoSecrets() {
  const where = { owner: OWNER, repo: REPO };
  await refused("member-repo-list-secrets", 403, () => memberCs.listRepoSecrets(where));
  const { seal, key } = await sealer("repo-public-key", () => cs.getRepoPublicKey(where));
  publicKeys.add(key);
  if (publicKeys.size !== 3) throw new Surprise("repo-public-key: the user, organization and repository keys are not three different keys");
  const put = (secret_name, plaintext) => () => cs.createOrUpdateRepoSecret({ ...where, secret_name, ...seal(plaintext) });

  await call("repo-put-created", 201, put(REPO_KEPT, "the first value, replaced next"));
  await call("repo-put-updated", 204, put(REPO_KEPT, keptValue));
  await call("repo-put-created", 201, put(REPO_DELETED, randomValue()));
  const got = await call("repo-get-secret", 200, () => cs.getRepoSecret({ ...where, secret_name: REPO_DELETED }));
  if (got.name !== REPO_DELETED) throw new Surprise(`repo-get-secret: named ${JSON.stringify(got.name)}`);
  const names = (step) => secretNames(step, () => cs.listRepoSecrets(where));
  const before = await names("repo-list-secrets");
  if (before !== `${REPO_DELETED},${REPO_KEPT}`) throw new Surprise(`repo-list-secrets: ${before}`);
  await call("repo-delete-secret", 204, () => cs.deleteRepoSecret({ ...where, secret_name: REPO_DELETED }));
  await refused("repo-get-deleted-secret", 404, () => cs.getRepoSecret({ ...where, secret_name: REPO_DELETED }));
  const after = await names("repo-list-secrets");
  if (after !== REPO_KEPT) throw new Surprise(`repo-list-secrets after the delete: ${after}, want ${REPO_KEPT}`);
}

// publish makes a codespace from GitHub's blank template, waits for it, and
// publishes it to a new private repository; a second publish is refused.
async function publish() {
  const state = (c) => c.state;
  const created = await call("create-from-template", 201, () => cs.createForAuthenticatedUser({ repository_id: TEMPLATE_REPOSITORY_ID }), state);
  const codespace_name = created.name;
  if (!created.publish_url) throw new Surprise("create-from-template: the codespace has no publish_url");
  const get = () => cs.getForAuthenticatedUser({ codespace_name });
  await poll("wait-available", "Available", get, state);
  const published = await call("publish", 201, () => cs.publishForAuthenticatedUser({ codespace_name, name: PUBLISHED, private: true }));
  const login = published.owner?.login;
  if (published.repository?.full_name !== `${login}/${PUBLISHED}` || published.repository?.private !== true) {
    throw new Surprise(`publish: repository ${published.repository?.full_name} (private ${published.repository?.private}), want ${login}/${PUBLISHED}, private`);
  }
  await refused("publish-again", 422, () => cs.publishForAuthenticatedUser({ codespace_name, name: `${PUBLISHED}-again` }));
  const after = await call("get-published", 200, get);
  if (after.publish_url !== null || after.repository?.full_name !== `${login}/${PUBLISHED}`) {
    throw new Surprise(`get-published: publish_url ${after.publish_url}, repository ${after.repository?.full_name}`);
  }
  await call("delete", 202, () => cs.deleteForAuthenticatedUser({ codespace_name }));
}

// permissions asks whether devcontainers' permissions are accepted, and for
// the defaults of a new codespace, with and without the client's IP
// (192.0.2.0/24 is RFC 5737's documentation network, which the mock places
// in EastUs).
async function permissions() {
  const check = async (step, devcontainer_path, want) => {
    const data = await call(step, 200, () =>
      cs.checkPermissionsForDevcontainer({ owner: OWNER, repo: REPO, ref: DEFAULT_BRANCH, devcontainer_path }),
    );
    if (data.accepted !== want) throw new Surprise(`${step}: accepted ${data.accepted}, want ${want}`);
  };
  await check("permissions-check-asking", ASKING_DEVCONTAINER, false);
  await check("permissions-check-plain", PLAIN_DEVCONTAINER, true);

  const defaults = async (step, client, params, owner, location) => {
    const data = await call(step, 200, () => client.preFlightWithRepoForAuthenticatedUser(params));
    if (data.billable_owner?.login !== owner || data.defaults?.location !== location) {
      throw new Surprise(`${step}: billed to ${data.billable_owner?.login} in ${data.defaults?.location}, want ${owner} in ${location}`);
    }
  };
  await defaults("pre-flight", cs, { owner: OWNER, repo: REPO }, OWNER, "WestUs2");
  await defaults("pre-flight-client-ip", cs, { owner: OWNER, repo: REPO, client_ip: "192.0.2.10" }, OWNER, "EastUs");
  await defaults("member-pre-flight-org-repository", memberCs, { owner: ORG, repo: ORG_REPO, ref: "main" }, ORG, "WestUs2");
}

try {
  await codespaceLife();
  await secrets();
  await asDescribed();
  await userRest();
  await organization();
  await orgSecrets();
  await repoSecrets();
  await publish();
  await permissions();
} catch (err) {
  console.error(err instanceof Surprise ? `flow.mjs: ${err.message}` : `flow.mjs: ${err.stack ?? err}`);
  process.exitCode = 1;
}
