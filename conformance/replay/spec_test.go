package replay

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/codespaces-go/codespaces/spec"
)

func testDoc(t testing.TB) *openapi3.T {
	t.Helper()
	doc, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
