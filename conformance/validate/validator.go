// Package validate checks HTTP exchanges with the Codespaces API against the
// OpenAPI document in spec/: every request a client sends and every response a
// server returns. A client test wraps its transport (Transport), a server
// checks both directions itself (CheckRequest, CheckResponse), and a Report
// gathers the results per operation.
//
// Routing uses the path alone, never the host, so one Validator serves
// api.github.com, a GHE.com host (https://api.SUBDOMAIN.ghe.com) and a
// loopback mock alike. A server whose API lives under a path (a proxy's
// /github, say) is routed under that base path, given with WithBasePath.
//
// GitHub's id-based paths, /repositories/{repository_id}/… and
// /organizations/{org_id}/…, reach the operations of /repos/{owner}/{repo}/…
// and /orgs/{org}/…: GitHub's own Link headers lead there. They are routed to
// those operations, and a Link to one is a Link to the same operation. They
// are no departure from the description to warn about: GitHub's docs tell
// clients to follow the Link header, never to build page URLs, so the form of
// the URL is GitHub's to choose ("Using pagination in the REST API").
//
// Where GitHub departs from its own description and the Validator tolerates
// it, the finding is a warning that says why: a body on an operation that
// takes none (GitHub ignores it), an error answer with a body the
// description does not document, a 5xx without a body.
package validate

import (
	"errors"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/codespaces-go/codespaces/internal/idalias"
	"github.com/codespaces-go/codespaces/spec"
)

// ErrUnknownOperation means that no operation of the spec has the request's
// path; a server answers it with 404.
var ErrUnknownOperation = errors.New("no operation of the spec has this path")

// ErrMethodNotAllowed means that the path is in the spec but not with the
// request's method; a server answers it with 405.
var ErrMethodNotAllowed = errors.New("the spec has this path but not this method")

// Operation is one operation of the spec, as a request matched it.
type Operation struct {
	ID     string `json:"id"`     // operationId, e.g. codespaces/get-for-authenticated-user
	Method string `json:"method"` // GET, POST, ...
	Path   string `json:"path"`   // the spec's path template, e.g. /user/codespaces/{codespace_name}
	// Prefix is what came before the spec's path in the request's path: the
	// configured base path (WithBasePath); empty on api.github.com and in
	// the list Operations returns.
	Prefix string `json:"-"`
	// PathParams holds the values of the template's parameters, unescaped.
	// It is nil in the list Operations returns. Through an id-based alias
	// it holds the id (repository_id or org_id) in place of the names
	// (owner and repo, or org), which the request does not carry.
	PathParams map[string]string `json:"-"`
	// Alias is the id-based prefix the request came through,
	// /repositories/{repository_id} or /organizations/{org_id} (package
	// idalias), or "" for the spec's own path.
	Alias     string       `json:"-"`
	aliasKind idalias.Kind // the kind of Alias, 0 for none
}

// Validator checks requests and responses against one OpenAPI document. It
// is safe for concurrent use.
type Validator struct {
	doc        *openapi3.T
	router     routers.Router
	operations []Operation
	schemaOpts []openapi3.SchemaValidationOption
	basePath   string // escaped, without a trailing slash; "" is the root
	memo       *memo  // nil: every check is done afresh
}

// Option configures New.
type Option func(*config)

type config struct {
	doc      *openapi3.T
	basePath string
	memo     int
}

// WithBasePath routes requests under a base path, e.g. "/github" for a
// proxy that serves the API at https://HOST/github/user/codespaces. Only
// paths under it address operations, and the rest of the path must be the
// spec's path exactly: the Validator never guesses a prefix by trying
// suffixes, which would let /orgs/o/user/codespaces pass for /user/codespaces.
// The default is the root, as on api.github.com and GHE.com.
func WithBasePath(path string) Option {
	return func(c *config) { c.basePath = path }
}

// WithMemory makes the Validator remember its verdicts on up to entries
// distinct requests and responses (0, the default, remembers none). A check
// of one identical to one checked before, in everything the check reads
// (method and URL of the request, status, every header the check reads, the
// body), gives the remembered verdict without the schema walk: for a server
// that answers the same bytes again and again, such as a mock polled by a
// waiter, the walk costs more than the answer. It remembers as many routes
// (method and path to operation) too, for the checks it does afresh and for
// the Links they follow. Past entries, each memory starts over.
func WithMemory(entries int) Option {
	return func(c *config) { c.memo = entries }
}

// WithDocument validates against doc instead of the embedded spec, for
// instance a candidate revision of it. The document is not modified.
func WithDocument(doc *openapi3.T) Option {
	return func(c *config) { c.doc = doc }
}

// New builds a Validator for the embedded spec (spec.Load).
func New(opts ...Option) (*Validator, error) {
	var c config
	for _, o := range opts {
		o(&c)
	}
	if c.doc == nil {
		doc, err := spec.Load()
		if err != nil {
			return nil, fmt.Errorf("validate: load the spec: %w", err)
		}
		c.doc = doc
	}
	// Route on a shallow copy without servers: the router would otherwise
	// match api.github.com only, and the shared document must stay untouched.
	doc := *c.doc
	doc.Servers = nil
	router, err := gorillamux.NewRouter(&doc)
	if err != nil {
		return nil, fmt.Errorf("validate: build a router for the spec: %w", err)
	}
	basePath := strings.TrimRight(c.basePath, "/")
	if basePath != "" && !strings.HasPrefix(basePath, "/") {
		return nil, fmt.Errorf("validate: base path %q does not start with /", c.basePath)
	}
	if _, err := url.PathUnescape(basePath); err != nil {
		return nil, fmt.Errorf("validate: base path %q is not validly escaped: %w", c.basePath, err)
	}
	var m *memo
	if c.memo > 0 {
		m = newMemo(c.memo, &doc)
	}
	return &Validator{
		memo:       m,
		basePath:   basePath,
		doc:        &doc,
		router:     router,
		operations: listOperations(&doc),
		schemaOpts: []openapi3.SchemaValidationOption{
			openapi3.MultiErrors(),
			// Values stay out of kin-openapi's messages: they may be secrets.
			openapi3.DisableSchemaErrorDetails(),
			openapi3.WithStringFormatValidator("uri", uriFormat{}),
		},
	}, nil
}

// Operations lists every operation of the spec, ordered by path and then by
// method (GET, POST, PUT, PATCH, DELETE).
func (v *Validator) Operations() []Operation {
	return slices.Clone(v.operations)
}

var methodOrder = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodTrace}

func listOperations(doc *openapi3.T) []Operation {
	var ops []Operation
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, m := range methodOrder {
			if op := item.GetOperation(m); op != nil {
				ops = append(ops, Operation{ID: op.OperationID, Method: m, Path: path})
			}
		}
	}
	slices.SortStableFunc(ops, func(a, b Operation) int {
		if c := strings.Compare(a.Path, b.Path); c != 0 {
			return c
		}
		return slices.Index(methodOrder, a.Method) - slices.Index(methodOrder, b.Method)
	})
	return ops
}

// route finds the operation for a method and URL: the path must be the
// base path followed by one of the spec's paths, or by GitHub's id-based
// alias of one (/repositories/{repository_id}/… for /repos/{owner}/{repo}/…,
// /organizations/{org_id}/… for /orgs/{org}/…; package idalias). An alias
// whose id is no positive integer names nothing.
func (v *Validator) route(method string, u *url.URL) (*routers.Route, Operation, error) {
	if v.memo == nil {
		return v.findRoute(method, u)
	}
	return v.memo.route(method, u, func() (*routers.Route, Operation, error) { return v.findRoute(method, u) })
}

// findRoute is route without memory. It reads u's escaped path only.
func (v *Validator) findRoute(method string, u *url.URL) (*routers.Route, Operation, error) {
	escaped := u.EscapedPath()
	p, ok := strings.CutPrefix(escaped, v.basePath)
	if !ok || !strings.HasPrefix(p, "/") {
		return nil, Operation{}, fmt.Errorf("%w: the path is not under the base path %q", ErrUnknownOperation, v.basePath)
	}
	unescaped, err := url.PathUnescape(p)
	if err != nil {
		return nil, Operation{}, fmt.Errorf("%w: the path is not validly escaped: %v", ErrUnknownOperation, err)
	}
	alias, aliased := idalias.Parse(p)
	if aliased {
		// GitHub's id-based path reaches the named operation: route it as
		// the named path with stand-ins for the names, then put the id in
		// their place.
		p = standIn(alias.Kind) + alias.Rest
		if unescaped, err = url.PathUnescape(p); err != nil {
			return nil, Operation{}, fmt.Errorf("%w: the path is not validly escaped: %v", ErrUnknownOperation, err)
		}
	}
	probe := &http.Request{Method: method, URL: &url.URL{Path: unescaped, RawPath: p}}
	route, params, err := v.router.FindRoute(probe)
	switch {
	case errors.Is(err, routers.ErrMethodNotAllowed):
		return nil, Operation{}, ErrMethodNotAllowed
	case err != nil:
		return nil, Operation{}, ErrUnknownOperation
	}
	for k, val := range params {
		if un, err := url.PathUnescape(val); err == nil {
			params[k] = un
		}
	}
	prefix, _ := url.PathUnescape(v.basePath)
	op := Operation{ID: route.Operation.OperationID, Method: method, Path: route.Path, Prefix: prefix, PathParams: params}
	if aliased {
		if k, _, ok := idalias.Of(route.Path); !ok || k != alias.Kind {
			return nil, Operation{}, ErrUnknownOperation
		}
		for _, name := range alias.Kind.NamedParams() {
			delete(params, name)
		}
		params[alias.Kind.Param()] = strconv.FormatInt(alias.ID, 10)
		op.Alias, op.aliasKind = alias.Kind.Template(), alias.Kind
	}
	return route, op, nil
}

// standIn is the named prefix of an id-based path with "-" in each name's
// place, for the router. The stand-ins are never reported: the operation's
// PathParams carry the id instead.
func standIn(k idalias.Kind) string {
	named := k.Named()
	for _, name := range k.NamedParams() {
		named = strings.Replace(named, "{"+name+"}", "-", 1)
	}
	return named
}

// specParams are the path parameters to check against the operation's
// definitions. Through an alias the names are not in the request: the id,
// checked as one already, stands in for each.
func (op Operation) specParams() map[string]string {
	if op.aliasKind == 0 {
		return op.PathParams
	}
	params := maps.Clone(op.PathParams)
	id := params[op.aliasKind.Param()]
	for _, name := range op.aliasKind.NamedParams() {
		params[name] = id
	}
	return params
}

// Find reports which operation a method and URL address, without checking
// anything else. The error wraps ErrUnknownOperation or ErrMethodNotAllowed.
func (v *Validator) Find(method string, u *url.URL) (Operation, error) {
	_, op, err := v.route(method, u)
	if err != nil {
		return Operation{}, fmt.Errorf("validate: %s %s: %w", method, u.Path, err)
	}
	return op, nil
}

// uriFormat checks format: uri the way RFC 3986 means it: an absolute URI.
type uriFormat struct{}

// Validate implements openapi3.StringFormatValidator.
func (uriFormat) Validate(value string) error {
	u, err := url.Parse(value)
	if err != nil {
		return errors.New("not a URI")
	}
	if u.Scheme == "" {
		return errors.New("not an absolute URI (no scheme)")
	}
	return nil
}
