package mock

import (
	"net/http"
	"slices"
)

// The mock plays all 48 operations of the spec. The machinery for one it
// does not (yet) play stays, for a spec update that brings new operations
// before the mock learns them: list their operationIds in notImplemented,
// have their handlers answer unimplementedOp(callFrom(ctx).op), and they are routed, authenticated
// and their requests checked like any other, then answered 501 Not
// Implemented with a GitHub-style body that names the operation, so that a
// client learns at once that the mock, not its request, is the limit.
//
// A 501 is documented for no operation, and must not count as a violation
// of the spec: it is the mock saying what it lacks, not an answer it claims
// GitHub gives. So the pipeline does not check a 501 from an operation in
// this list against the spec (checkResponse); it records the call in the
// report with no violation. Any other undocumented status, and a 501 from any
// other operation, is still checked and reported.
var notImplemented = []string{}

// NotImplemented lists, in lexical order, the operationIds of the spec's
// operations that the mock answers with 501 Not Implemented: none today.
// The runner lists them as not implemented rather than as failures.
func NotImplemented() []string { return slices.Clone(notImplemented) }

// Implemented lists, in lexical order, the operationIds the mock plays the
// way GitHub does: every operation of the spec not in NotImplemented.
func Implemented() []string {
	return slices.DeleteFunc(OperationIDs(), func(id string) bool { return slices.Contains(notImplemented, id) })
}

// exempt501 reports whether a response is the deliberate 501 of an operation
// the mock does not implement, which is not checked against the spec.
func exempt501(op *operation, status int) bool {
	return status == http.StatusNotImplemented && op != nil && slices.Contains(notImplemented, op.id)
}

// orUnimplemented is resp, or the operation's 501 where the mock does not
// implement it and its description documents no status to refuse bad input
// with (the repository-secret PUT did, before the overlay gave every
// operation a 403): the report still has what was wrong with the request,
// and the mock invents no status.
func orUnimplemented(op *operation, resp response) response {
	if !op.documents(resp.status) && slices.Contains(notImplemented, op.id) {
		return unimplementedOp(op)
	}
	return resp
}

func unimplementedOp(op *operation) response {
	return response{status: http.StatusNotImplemented, body: map[string]string{
		"message":           "Not Implemented: the mock does not implement " + op.id + " (" + op.method + " " + op.pattern + ")",
		"documentation_url": op.page(),
		"status":            "501",
	}}
}
