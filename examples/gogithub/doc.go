// Package gogithub is a module of its own, so that the codespaces module
// does not require go-github: its test drives the mock with
// github.com/google/go-github, as the README's go-github section shows. The
// codespaces module's tests run it (TestGoGitHubExample in the repository's
// root).
package gogithub
