package origin

import (
	"net/url"
	"testing"
)

func TestSame(t *testing.T) {
	origin, _ := url.Parse("https://api.github.com:443/")
	tests := map[string]bool{
		"https://api.github.com/x":      true,
		"https://API.GitHub.com:443/x":  true,
		"https://api.github.com./x":     true,
		"HTTPS://api.github.com/x":      true,
		"http://api.github.com/x":       false,
		"https://api.github.com:8443/x": false,
		"https://evil.github.com/x":     false,
		"https://api.github.com.evil/x": false,
		"ftp://api.github.com/x":        false,
	}
	for raw, want := range tests {
		u, err := url.Parse(raw)
		if err != nil {
			t.Fatal(err)
		}
		if got := Same(u, origin); got != want {
			t.Errorf("Same(%s, %s) = %v, want %v", raw, origin, got, want)
		}
	}
	plain, _ := url.Parse("http://localhost/")
	if u, _ := url.Parse("http://localhost:80/x"); !Same(u, plain) {
		t.Error("http://localhost:80 is not http://localhost")
	}
}
