// Package gogithub is a module of its own, so that the codespaces module
// does not require go-github: its test drives the mock with
// github.com/google/go-github, as the README's go-github section shows. The
// codespaces module's tests run it (TestGoGitHubExample in the repository's
// root).
//
// The codespaces module is required through a replace to the checkout, so
// this go.mod and go.sum must list what its mock and mocktest import: when
// the codespaces module gains such a requirement, run go mod tidy here
// (TestGoGitHubExample's failure says so).
package gogithub
