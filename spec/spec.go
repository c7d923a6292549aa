// Package spec holds the OpenAPI document the whole project is derived from,
// embedded so that conformance code and downstream modules read one copy.
package spec

import (
	"context"
	_ "embed"
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
)

// YAML is spec/codespaces.yaml as committed.
//
//go:embed codespaces.yaml
var YAML []byte

var (
	loadOnce sync.Once
	loaded   *openapi3.T
	loadErr  error
)

// Load returns the document parsed and validated by kin-openapi, examples
// included. The document is shared: callers must not modify it. Use Parse for
// a private copy.
func Load() (*openapi3.T, error) {
	loadOnce.Do(func() { loaded, loadErr = Parse() })
	return loaded, loadErr
}

// Parse parses and validates a fresh copy of the document.
func Parse() (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData(YAML)
	if err != nil {
		return nil, fmt.Errorf("spec: parse codespaces.yaml: %w", err)
	}
	if err := doc.Validate(context.Background(), openapi3.EnableExamplesValidation()); err != nil {
		return nil, fmt.Errorf("spec: codespaces.yaml is not a valid OpenAPI document: %w", err)
	}
	return doc, nil
}
