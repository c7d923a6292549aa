// Package codespaces is the root of the Go SDK and conformance suite for the
// GitHub Codespaces REST API. Users import the client package; gen holds the
// code generated from spec/codespaces.yaml.
package codespaces

//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config codegen/client.yaml spec/codespaces.yaml
//go:generate go run github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen -config codegen/server.yaml spec/codespaces.yaml
