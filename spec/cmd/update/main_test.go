package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckVersionAcceptsOnlyAnExactVersion(t *testing.T) {
	for _, ok := range []string{"23.0.2", "24.0.0", "1.2.3-beta.1"} {
		if err := checkVersion(ok); err != nil {
			t.Errorf("%s: %v", ok, err)
		}
	}
	for _, bad := range []string{"", "23", "23.0", "^23.0.2", "~23.0.2", "latest", "23.0.2 --registry=x", "023.0.2", "v23.0.2", "23.0.2\n"} {
		if err := checkVersion(bad); err == nil || !strings.Contains(err.Error(), "make spec-update VERSION=") {
			t.Errorf("%q: error %v, want the usage", bad, err)
		}
	}
}

// npm pins the version exactly (no ^ range in package.json) and in the lock
// file, where `make spec` installs from.
func TestInstallArgsPinExactly(t *testing.T) {
	got := strings.Join(installArgs("23.1.0"), " ")
	if got != "install --prefix spec/upstream --save-exact --no-audit --no-fund @octokit/openapi@23.1.0" {
		t.Errorf("npm %s", got)
	}
}

func TestInstalledChecksTheVersionNpmUnpacked(t *testing.T) {
	dir := t.TempDir()
	if err := installed(dir, "1.0.0"); err == nil {
		t.Error("no package.json: no error")
	}
	if err := os.WriteFile(filepath.Join(dir, "package.json"), []byte(`{"name": "@octokit/openapi", "version": "1.0.0"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := installed(dir, "1.0.0"); err != nil {
		t.Error(err)
	}
	if err := installed(dir, "1.1.0"); err == nil || !strings.Contains(err.Error(), "installed @octokit/openapi 1.0.0, not 1.1.0") {
		t.Errorf("error %v", err)
	}
}

// An update whose npm step fails writes nothing.
func TestRunStopsBeforeWritingWhenNpmFails(t *testing.T) {
	root, err := filepath.Abs("../../..")
	if err != nil {
		t.Fatal(err)
	}
	before, err := os.ReadFile(filepath.Join(root, specFile))
	if err != nil {
		t.Fatal(err)
	}
	err = run(root, "99.0.0", func(string) error { return os.ErrNotExist }, func(string) error {
		t.Error("generated after a failed install")
		return nil
	})
	if err == nil {
		t.Fatal("no error")
	}
	after, _ := os.ReadFile(filepath.Join(root, specFile))
	if string(after) != string(before) {
		t.Fatal("the spec was written")
	}
}
