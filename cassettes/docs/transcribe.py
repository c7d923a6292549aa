"""Transcribe the reference pages' examples into go-vcr cassettes.

One cassette per operation under cassettes/docs/, headed by the operation's
docs.github.com page (from spec/codespaces.yaml's externalDocs); each
interaction cites the captured edition of that page and the line. The pages'
examples are copied as printed, slips included.

    python3 cassettes/docs/transcribe.py ../shared/seeds cassettes/docs
"""
import glob, json, os, re, sys

SEEDS, OUT = sys.argv[1], sys.argv[2]
SPEC = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "spec", "codespaces.yaml")

def docs_urls():
    """operationId -> its reference page, read from the spec's externalDocs."""
    urls, op = {}, None
    with open(SPEC, encoding="utf-8") as f:
        for line in f:
            m = re.match(r"\s+operationId: (\S+)", line)
            if m:
                op = m.group(1)
            m = re.match(r"\s+url: (https://docs\.github\.com/rest/\S+)", line)
            if m and op and op not in urls:
                urls[op] = m.group(1)
    return urls

DOCS = docs_urls()

def page(prefix):
    path = glob.glob(os.path.join(SEEDS, prefix + "_*.txt"))[0]
    with open(path, encoding="utf-8") as f:
        return os.path.basename(path), f.read().split("\n")

PAGES = {p: page(p) for p in ("000", "003")}

def example(p, line):
    """The JSON text that starts on or after 1-based line `line` (a Status line)."""
    name, lines = PAGES[p]
    text = "\n".join(lines[line - 1:])
    start = text.index("{")
    depth, in_str, esc = 0, False, False
    for i in range(start, len(text)):
        c = text[i]
        if in_str:
            if esc: esc = False
            elif c == "\\": esc = True
            elif c == '"': in_str = False
            continue
        if c == '"': in_str = True
        elif c == "{": depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                body = text[start:i + 1]
                json.loads(body)  # the page's example must at least be JSON
                return body
    raise ValueError(f"unbalanced example at {p}:{line}")

def status_line(p, line):
    name, lines = PAGES[p]
    l = lines[line - 1]
    assert l.startswith("Status: "), (p, line, l)
    return name

REASON = {200: "OK", 201: "Created", 202: "Accepted", 204: "No Content", 304: "Not Modified",
          401: "Unauthorized", 403: "Forbidden", 404: "Not Found", 422: "Unprocessable Entity"}

# Bodies of error answers. The pages list the statuses and (001, 002) the
# BasicError schema, but print no example; these are GitHub's own messages.
ERRORS = {
    401: '{"message":"Requires authentication","documentation_url":"https://docs.github.com/rest/codespaces/codespaces#list-codespaces-in-a-repository-for-the-authenticated-user"}',
    403: '{"message":"Must have admin rights to Repository.","documentation_url":"https://docs.github.com/rest/codespaces/codespaces#create-a-codespace-from-a-pull-request"}',
    404: '{"message":"Not Found","documentation_url":"https://docs.github.com/rest/codespaces/codespaces#get-a-codespace-for-the-authenticated-user"}',
    422: '{"message":"Validation Failed","errors":[{"resource":"Secret","code":"custom","field":"key_id","message":"key_id does not match the current public key"}],"documentation_url":"https://docs.github.com/rest/codespaces/secrets#create-or-update-a-secret-for-the-authenticated-user"}',
    "export422": '{"message":"Validation Failed","errors":[{"resource":"Codespace","code":"custom","message":"The codespace has no unpushed changes to export"}],"documentation_url":"https://docs.github.com/rest/codespaces/codespaces#export-a-codespace-for-the-authenticated-user"}',
}

API = "https://api.github.com"
CS = "monalisa-octocat-hello-world-g4wpq6h95q"

def I(op, source, method, path, status, body_from=None, req_body=None, token=False,
      error=None, note=None, etag=False):
    return dict(op=op, source=source, method=method, path=path, status=status,
                body_from=body_from, req_body=req_body, token=token, error=error, note=note, etag=etag)

# source: (page, line of the curl) for the request; body_from: (page, line of the Status line).
OPS = {
 "codespaces/list-in-repository-for-authenticated-user": [
   I("", ("003", 32), "GET", "/repos/octocat/hello-world/codespaces", 200, ("003", 36), token=True),
   I("", ("000", 42), "GET", "/repos/octocat/hello-world/codespaces", 200, ("000", 53)),
   I("", ("000", 488), "GET", "/repos/octocat/hello-world/codespaces", 401, error=401,
     note="000 lists 401 without a body; the body is GitHub's standard BasicError"),
 ],
 "codespaces/create-with-repo-for-authenticated-user": [
   I("", ("003", 360), "POST", "/repos/octocat/hello-world/codespaces", 201, ("003", 366), req_body='{"repository_id":1,"ref":"main"}', token=True),
   I("", ("000", 538), "POST", "/repos/octocat/hello-world/codespaces", 201, ("000", 552), req_body='{"location":"location"}'),
   I("", ("000", 538), "POST", "/repos/octocat/hello-world/codespaces", 202, ("000", 699), req_body='{"location":"location"}'),
 ],
 "codespaces/list-devcontainers-in-repository-for-authenticated-user": [
   I("", ("003", 536), "GET", "/repos/octocat/hello-world/codespaces/devcontainers", 200, ("003", 540), token=True),
 ],
 "codespaces/repo-machines-for-authenticated-user": [
   I("", ("000", 2953), "GET", "/repos/octocat/hello-world/codespaces/machines", 200, ("000", 2965)),
   I("", ("000", 2990), "GET", "/repos/octocat/hello-world/codespaces/machines?location=WestUs2", 304, etag=True,
     note="000 lists 304; the request carries the ETag of an earlier answer"),
 ],
 "codespaces/create-with-pr-for-authenticated-user": [
   I("", ("003", 589), "POST", "/repos/octocat/hello-world/pulls/42/codespaces", 201, ("003", 595), req_body='{"repository_id":1,"ref":"main"}', token=True),
   I("", ("000", 889), "POST", "/repos/octocat/hello-world/pulls/42/codespaces", 201, ("000", 904), req_body='{"location":"location"}'),
   I("", ("000", 889), "POST", "/repos/octocat/hello-world/pulls/42/codespaces", 202, ("000", 1051), req_body='{"location":"location"}'),
   I("", ("000", 1202), "POST", "/repos/octocat/hello-world/pulls/42/codespaces", 403, req_body='{"location":"WestUs2"}', error=403,
     note="000 lists 403 without a body; the body is GitHub's standard BasicError"),
 ],
 "codespaces/list-for-authenticated-user": [
   I("", ("003", 762), "GET", "/user/codespaces", 200, ("003", 766), token=True),
   I("", ("000", 1240), "GET", "/user/codespaces", 200, ("000", 1248)),
   I("", ("000", 1683), "GET", "/user/codespaces", 304, etag=True,
     note="000 lists 304; the request carries the ETag of an earlier answer"),
 ],
 "codespaces/create-for-authenticated-user": [
   I("", ("003", 1237), "POST", "/user/codespaces", 201, ("003", 1243), req_body='{"repository_id":1,"ref":"main","location":"WestUs2"}', token=True),
   I("", ("000", 1754), "POST", "/user/codespaces", 201, ("000", 1763)),
   I("", ("000", 1754), "POST", "/user/codespaces", 202, ("000", 1910)),
 ],
 "codespaces/list-secrets-for-authenticated-user": [
   I("", ("000", 3114), "GET", "/user/codespaces/secrets", 200, ("000", 3122)),
 ],
 "codespaces/get-public-key-for-authenticated-user": [
   I("", ("000", 3379), "GET", "/user/codespaces/secrets/public-key", 200, ("000", 3387)),
 ],
 "codespaces/get-secret-for-authenticated-user": [
   I("", ("000", 3413), "GET", "/user/codespaces/secrets/CODESPACE_GH_SECRET", 200, ("000", 3423)),
 ],
 "codespaces/create-or-update-secret-for-authenticated-user": [
   I("", ("000", 3513), "PUT", "/user/codespaces/secrets/CODESPACE_GH_SECRET", 201, req_body='{"encrypted_value":"encrypted_value","key_id":"key_id"}'),
   I("", ("000", 3513), "PUT", "/user/codespaces/secrets/CODESPACE_GH_SECRET", 204, req_body='{"encrypted_value":"encrypted_value","key_id":"key_id"}'),
   I("", ("000", 3539), "PUT", "/user/codespaces/secrets/CODESPACE_GH_SECRET", 422, req_body='{"encrypted_value":"encrypted_value","key_id":"key_id"}', error=422,
     note="000 lists 422 without a body; the body is GitHub's standard validation error"),
 ],
 "codespaces/delete-secret-for-authenticated-user": [
   I("", ("000", 3561), "DELETE", "/user/codespaces/secrets/CODESPACE_GH_SECRET", 204),
 ],
 "codespaces/list-repositories-for-secret-for-authenticated-user": [
   I("", ("000", 3594), "GET", "/user/codespaces/secrets/CODESPACE_GH_SECRET/repositories", 200, ("000", 3604)),
 ],
 "codespaces/set-repositories-for-secret-for-authenticated-user": [
   I("", ("000", 3892), "PUT", "/user/codespaces/secrets/CODESPACE_GH_SECRET/repositories", 204, req_body='{"selected_repository_ids":[42]}'),
 ],
 "codespaces/add-repository-for-secret-for-authenticated-user": [
   I("", ("000", 3947), "PUT", "/user/codespaces/secrets/CODESPACE_GH_SECRET/repositories/42", 204),
 ],
 "codespaces/remove-repository-for-secret-for-authenticated-user": [
   I("", ("000", 3999), "DELETE", "/user/codespaces/secrets/CODESPACE_GH_SECRET/repositories/42", 204),
 ],
 "codespaces/get-for-authenticated-user": [
   I("", ("003", 1408), "GET", f"/user/codespaces/{CS}", 200, ("003", 1412), token=True),
   I("", ("000", 2089), "GET", f"/user/codespaces/{CS}", 200, ("000", 2099)),
   I("", ("000", 2246), "GET", f"/user/codespaces/{CS}", 304, etag=True,
     note="000 lists 304; the request carries the ETag of an earlier answer"),
   I("", ("000", 2258), "GET", "/user/codespaces/no-such-codespace", 404, error=404,
     note="000 lists 404 without a body; the body is GitHub's standard BasicError"),
 ],
 "codespaces/update-for-authenticated-user": [
   I("", ("003", 1581), "PATCH", f"/user/codespaces/{CS}", 200, ("003", 1587), req_body='{"machine":"standardLinux"}', token=True),
   I("", ("000", 2292), "PATCH", f"/user/codespaces/{CS}", 200, ("000", 2305), req_body='{"machine":"machine"}'),
 ],
 "codespaces/delete-for-authenticated-user": [
   I("", ("003", 1752), "DELETE", f"/user/codespaces/{CS}", 202, token=True),
   I("", ("000", 2484), "DELETE", f"/user/codespaces/{CS}", 202),
 ],
 "codespaces/export-for-authenticated-user": [
   I("", ("003", 1779), "POST", f"/user/codespaces/{CS}/exports", 202, ("003", 1784), token=True),
   I("", ("003", 1776), "POST", f"/user/codespaces/{CS}/exports", 422, error="export422", token=True,
     note="003 lists 422 without a body; the body is GitHub's standard validation error"),
 ],
 "codespaces/get-export-details-for-authenticated-user": [
   I("", ("003", 1810), "GET", f"/user/codespaces/{CS}/exports/latest", 200, ("003", 1814), token=True),
 ],
 "codespaces/codespace-machines-for-authenticated-user": [
   I("", ("000", 3030), "GET", f"/user/codespaces/{CS}/machines", 200, ("000", 3040)),
 ],
 "codespaces/start-for-authenticated-user": [
   I("", ("003", 1846), "POST", f"/user/codespaces/{CS}/start", 200, ("003", 1851), token=True),
   I("", ("000", 2539), "POST", f"/user/codespaces/{CS}/start", 200, ("000", 2550)),
 ],
 "codespaces/stop-for-authenticated-user": [
   I("", ("003", 2015), "POST", f"/user/codespaces/{CS}/stop", 200, ("003", 2020), token=True),
   I("", ("000", 2749), "POST", f"/user/codespaces/{CS}/stop", 200, ("000", 2760)),
 ],
}

def q(s):
    return json.dumps(s, ensure_ascii=False)

def block(text, indent):
    pad = " " * indent
    return "|-\n" + "\n".join((pad + l) if l else "" for l in text.split("\n"))

def emit(op, items):
    out = [f"# {op}",
           f"# Source: {DOCS[op]}",
           "# Transcribed from captured editions of GitHub's reference page (see README.md):",
           "# each interaction names the edition and line of its curl example and of its response.",
           "# The pages' examples are kept as printed, slips included; conformance/FINDINGS.md",
           "# lists the slips and conformance/replay checks that the validator flags exactly those.",
           "version: 2", "interactions:"]
    for n, it in enumerate(items):
        p, line = it["source"]
        if it["error"] is not None or it["etag"]:
            cite = f"status listed in edition {p}, line {line}"
        else:
            cite = f"request: edition {p}, line {line}"
        if it["body_from"]:
            bp, bl = it["body_from"]
            status_line(bp, bl)
            cite += f"; response: edition {bp}, line {bl}"
        out.append(f"  # {cite}")
        if it["note"]:
            out.append(f"  # {it['note']}")
        headers = {"Accept": ["application/vnd.github.v3+json"]}
        if it["token"]:
            headers["Authorization"] = ["token REDACTED"]
        if it["req_body"] is not None:
            headers["Content-Type"] = ["application/json"]
        if it["etag"]:
            headers["If-None-Match"] = ['"6f9ba1a1d1d5bbd8f0b0c3e5c4f6f4b1"']
        out.append(f"  - id: {n}")
        out.append("    request:")
        out.append("      proto: HTTP/1.1")
        out.append("      proto_major: 1")
        out.append("      proto_minor: 1")
        rb = it["req_body"] or ""
        out.append(f"      content_length: {len(rb.encode())}")
        out.append(f"      body: {q(rb)}")
        out.append("      headers:")
        for k, v in headers.items():
            out.append(f"        {k}:")
            for x in v:
                out.append(f"          - {q(x)}")
        out.append(f"      url: {q(API + it['path'])}")
        out.append(f"      method: {it['method']}")
        out.append("    response:")
        out.append("      proto: HTTP/1.1")
        out.append("      proto_major: 1")
        out.append("      proto_minor: 1")
        body = ""
        if it["body_from"]:
            body = example(*it["body_from"])
        elif it["error"] is not None:
            body = ERRORS[it["error"]]
        out.append(f"      content_length: {len(body.encode()) if body else 0}")
        out.append(f"      body: {block(body, 8) if body else q('')}")
        out.append("      headers:")
        rh = {}
        if body:
            rh["Content-Type"] = ["application/json; charset=utf-8"]
        if it["status"] in (200, 304) and it["method"] == "GET":
            rh["Etag"] = ['"6f9ba1a1d1d5bbd8f0b0c3e5c4f6f4b1"']
        if not rh:
            out[-1] = "      headers: {}"
        for k, v in rh.items():
            out.append(f"        {k}:")
            for x in v:
                out.append(f"          - {q(x)}")
        out.append(f"      status: {q(str(it['status']) + ' ' + REASON[it['status']])}")
        out.append(f"      code: {it['status']}")
        out.append("      duration: 0s")
    return "\n".join(out) + "\n"

os.makedirs(OUT, exist_ok=True)
for op, items in OPS.items():
    name = op.split("/", 1)[1] + ".yaml"
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(emit(op, items))
print(len(OPS), "cassettes,", sum(len(v) for v in OPS.values()), "interactions")
