//go:build tools

// This file pins the code generator's version in go.mod, so that
// `go generate ./...` produces the same gen/ on every machine.
package codespaces

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
