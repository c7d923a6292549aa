package mock

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codespaces-go/codespaces/spec"
)

// operation is what the mock knows about one operation of the spec: enough to
// route a request to it by path alone and to pick error statuses the spec
// documents for it.
type operation struct {
	id       string // GitHub's operationId, e.g. codespaces/get-for-authenticated-user
	method   string
	pattern  string // the spec's path template, which is also the chi pattern
	statuses map[int]bool
	docs     string // the reference page (the spec's externalDocs), for error bodies
	// scopes are the OAuth scopes the operation accepts, as its
	// description names them (X-Accepted-OAuth-Scopes).
	scopes []string
	// resource is the rate-limit resource the operation is metered in.
	resource string
	// body is the schema of its JSON request body, or nil.
	body *openapi3.Schema
}

// page is the operation's reference page, where GitHub's error answers about
// it send people.
func (op *operation) page() string {
	if op.docs == "" {
		return docsURL
	}
	return op.docs
}

// documents reports whether the spec lists status for the operation.
func (op *operation) documents(status int) bool { return op.statuses[status] }

// refusals are the statuses the mock refuses bad input with, where the
// status it prefers is not documented: GitHub's description documents 400
// or 422 for few operations (none for a PATCH of a codespace or the create
// from a pull request), and the mock answers only what the description
// documents; 403 is documented everywhere (the overlay's rate-limit answer).
// The body always says what was wrong.
var refusals = []int{http.StatusUnprocessableEntity, http.StatusBadRequest, http.StatusForbidden, http.StatusNotFound}

// pick returns the first of the preferred statuses that the spec documents
// for the operation, else the first documented of refusals, else the first
// preferred one: only an operation that documents no 4xx at all would get
// there (none does today), and the response validator would report the gap.
func (op *operation) pick(preferred ...int) int {
	for _, s := range preferred {
		if op.statuses[s] {
			return s
		}
	}
	for _, s := range refusals {
		if op.statuses[s] {
			return s
		}
	}
	return preferred[0]
}

var (
	operationsOnce sync.Once
	operationsByID map[string]*operation
	operationsList []*operation
	operationsErr  error
)

// loadOperations reads the spec's operations once, keyed by operationId.
func loadOperations() (map[string]*operation, error) {
	operationsOnce.Do(func() {
		doc, err := spec.Load()
		if err != nil {
			operationsErr = fmt.Errorf("mock: load the spec: %w", err)
			return
		}
		operationsByID = make(map[string]*operation)
		for _, pattern := range doc.Paths.InMatchingOrder() {
			item := doc.Paths.Value(pattern)
			for method, o := range item.Operations() {
				op := &operation{id: o.OperationID, method: method, pattern: pattern, statuses: make(map[int]bool)}
				if o.ExternalDocs != nil {
					op.docs = o.ExternalDocs.URL
				}
				op.scopes = acceptedScopes(o.Description)
				op.resource = resourceOf(pattern)
				if rb := o.RequestBody; rb != nil && rb.Value != nil {
					if mt := rb.Value.Content.Get("application/json"); mt != nil && mt.Schema != nil {
						op.body = mt.Schema.Value
					}
				}
				for code := range o.Responses.Map() {
					if n, err := strconv.Atoi(code); err == nil {
						op.statuses[n] = true
					}
				}
				operationsByID[op.id] = op
				operationsList = append(operationsList, op)
			}
		}
		sort.Slice(operationsList, func(i, j int) bool { return operationsList[i].id < operationsList[j].id })
	})
	return operationsByID, operationsErr
}

// OperationIDs lists the operationIds of every operation of the spec, in
// lexical order. The mock routes each of them and answers it GitHub's way.
func OperationIDs() []string {
	if _, err := loadOperations(); err != nil {
		return nil
	}
	ids := make([]string, len(operationsList))
	for i, op := range operationsList {
		ids[i] = op.id
	}
	return ids
}

// routeKey identifies an operation by method and path template.
func routeKey(method, pattern string) string { return method + " " + pattern }

// scopeSentence is how GitHub's descriptions name the scopes an operation
// accepts: "OAuth app tokens and personal access tokens (classic) need the
// `codespace` or `codespace:secrets` scope to use this endpoint."
var scopeSentence = regexp.MustCompile("need the `([^`]+)`(?: or `([^`]+)`)? scope")

// acceptedScopes are the scopes the description names, which GitHub's
// answers list in X-Accepted-OAuth-Scopes: octokit.rb's recorded answers to
// the organization-secret operations, whose descriptions name `admin:org`,
// say "X-Accepted-OAuth-Scopes: admin:org".
func acceptedScopes(description string) []string {
	m := scopeSentence.FindStringSubmatch(description)
	if m == nil {
		return nil
	}
	if m[2] == "" {
		return m[1:2]
	}
	return m[1:3]
}
