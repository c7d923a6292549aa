package evidence

import (
	"net/http"
	"testing"
)

func TestFeaturesOfAnAnswer(t *testing.T) {
	h := http.Header{}
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("ETag", `W/"abc"`)
	h.Set("X-RateLimit-Resource", "codespaces")
	h.Set("Cache-Control", "private, max-age=60, s-maxage=60")
	h.Set("Link", `<https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=2>; rel="next", `+
		`<https://api.github.com/organizations/64329988/codespaces/secrets?per_page=1&page=2>; rel="last"`)
	got := FeaturesOf(200, h, []byte(`{"total_count":2,"secrets":[{"name":"A","visibility":"private"},{"name":"B","created_at":"x"}]}`))
	want := Features{
		FeatureStatus:            "200",
		FeatureMediaType:         "application/json; charset=utf-8",
		FeatureETag:              "weak",
		FeatureRateLimitResource: "codespaces",
		FeatureCacheControl:      "private, max-age=60, s-maxage=60",
		FeatureLink:              "next id-based ?per_page&page, last id-based ?per_page&page",
		FeatureBodyKeys:          "secrets secrets[].created_at secrets[].name secrets[].visibility total_count",
		FeatureMessage:           "none",
	}
	for _, f := range FeatureNames {
		if got[f] != want[f] {
			t.Errorf("%s: got %q, want %q", f, got[f], want[f])
		}
	}
}

func TestFeaturesTellAnswersApart(t *testing.T) {
	for _, tc := range []struct {
		name      string
		feature   string
		a, b      func(http.Header)
		bodyA     string
		bodyB     string
		wantDiffs bool
	}{
		{name: "charset", feature: FeatureMediaType,
			a: func(h http.Header) { h.Set("Content-Type", "application/json; charset=utf-8") },
			b: func(h http.Header) { h.Set("Content-Type", "application/json") }, wantDiffs: true},
		{name: "charset case", feature: FeatureMediaType,
			a: func(h http.Header) { h.Set("Content-Type", "application/json; charset=utf-8") },
			b: func(h http.Header) { h.Set("Content-Type", "application/json;charset=UTF-8") }},
		{name: "weak and strong", feature: FeatureETag,
			a: func(h http.Header) { h.Set("ETag", `W/"1"`) }, b: func(h http.Header) { h.Set("ETag", `"1"`) }, wantDiffs: true},
		{name: "same kind, other tag", feature: FeatureETag,
			a: func(h http.Header) { h.Set("ETag", `"1"`) }, b: func(h http.Header) { h.Set("ETag", `"2"`) }},
		{name: "name-based and id-based", feature: FeatureLink,
			a: func(h http.Header) { h.Set("Link", `<https://x/repositories/1/codespaces/secrets?page=2>; rel="next"`) },
			b: func(h http.Header) { h.Set("Link", `<https://x/repos/o/r/codespaces/secrets?page=2>; rel="next"`) }, wantDiffs: true},
		{name: "query order", feature: FeatureLink,
			a: func(h http.Header) {
				h.Set("Link", `<https://x/orgs/o/codespaces/secrets?per_page=1&page=2>; rel="next"`)
			},
			b: func(h http.Header) {
				h.Set("Link", `<https://x/orgs/o/codespaces/secrets?page=2&per_page=1>; rel="next"`)
			}, wantDiffs: true},
		{name: "rel order", feature: FeatureLink,
			a: func(h http.Header) {
				h.Set("Link", `<https://x/orgs/o/c?page=1>; rel="prev", <https://x/orgs/o/c?page=1>; rel="first"`)
			},
			b: func(h http.Header) {
				h.Set("Link", `<https://x/orgs/o/c?page=1>; rel="first", <https://x/orgs/o/c?page=1>; rel="prev"`)
			}, wantDiffs: true},
		{name: "other host and ids", feature: FeatureLink,
			a: func(h http.Header) { h.Set("Link", `<https://api.github.com/organizations/1/c?page=2>; rel="next"`) },
			b: func(h http.Header) { h.Set("Link", `<http://127.0.0.1:8080/organizations/2/c?page=2>; rel="next"`) }},
		{name: "empty object and no body", feature: FeatureBodyKeys, bodyA: "{}", bodyB: "", wantDiffs: true},
		{name: "member order", feature: FeatureBodyKeys, bodyA: `{"a":1,"b":2}`, bodyB: `{"b":3,"a":4}`},
		{name: "item members", feature: FeatureBodyKeys, bodyA: `{"s":[{"a":1}]}`, bodyB: `{"s":[{"b":1}]}`, wantDiffs: true},
		{name: "message", feature: FeatureMessage, bodyA: `{"message":"Not Found"}`, bodyB: `{"message":"Bad credentials"}`, wantDiffs: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ha, hb := http.Header{}, http.Header{}
			if tc.a != nil {
				tc.a(ha)
				tc.b(hb)
			}
			diffs := Compare(FeaturesOf(200, ha, []byte(tc.bodyA)), FeaturesOf(200, hb, []byte(tc.bodyB)), nil)
			if got := len(diffs) > 0; got != tc.wantDiffs {
				t.Errorf("differ = %v, want %v: %v", got, tc.wantDiffs, diffs)
			}
			for _, d := range diffs {
				if d.Feature != tc.feature {
					t.Errorf("%s differs, want only %s: %v", d.Feature, tc.feature, d)
				}
			}
			if tc.wantDiffs && len(Compare(FeaturesOf(200, ha, []byte(tc.bodyA)), FeaturesOf(200, hb, []byte(tc.bodyB)), []string{tc.feature})) != 0 {
				t.Error("a skipped feature was still compared")
			}
		})
	}
}
