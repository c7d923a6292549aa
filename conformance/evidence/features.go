package evidence

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strings"
)

// The compared features, by the names cassettes use in unknown and
// mock_differs.
const (
	FeatureStatus            = "status"
	FeatureMediaType         = "media-type"
	FeatureETag              = "etag"
	FeatureRateLimitResource = "ratelimit-resource"
	FeatureCacheControl      = "cache-control"
	FeatureLink              = "link"
	FeatureBodyKeys          = "body-keys"
	FeatureMessage           = "message"
)

// FeatureNames lists every feature, in the order they are reported.
var FeatureNames = []string{FeatureStatus, FeatureMediaType, FeatureETag, FeatureRateLimitResource,
	FeatureCacheControl, FeatureLink, FeatureBodyKeys, FeatureMessage}

// Features are what a client can tell of an answer, each rendered as a
// string so that two answers compare feature by feature.
type Features map[string]string

// FeaturesOf reads the features of an answer.
func FeaturesOf(status int, h http.Header, body []byte) Features {
	return Features{
		FeatureStatus:            fmt.Sprint(status),
		FeatureMediaType:         mediaType(h.Get("Content-Type")),
		FeatureETag:              etagKind(h.Get("ETag")),
		FeatureRateLimitResource: orNone(h.Get("X-RateLimit-Resource")),
		FeatureCacheControl:      orNone(h.Get("Cache-Control")),
		FeatureLink:              linkShape(h.Get("Link")),
		FeatureBodyKeys:          bodyKeys(body),
		FeatureMessage:           message(body),
	}
}

// message is an error body's message member, or none.
func message(body []byte) string {
	var e struct {
		Message *string `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil || e.Message == nil {
		return none
	}
	return *e.Message
}

// Difference is one feature on which two answers differ.
type Difference struct {
	Feature string
	GitHub  string
	Mock    string
}

func (d Difference) String() string {
	return fmt.Sprintf("%s: GitHub %s, mock %s", d.Feature, d.GitHub, d.Mock)
}

// Compare lists the features on which mock differs from github, leaving
// out those in skip.
func Compare(github, mock Features, skip []string) []Difference {
	var out []Difference
	for _, f := range FeatureNames {
		if slices.Contains(skip, f) || github[f] == mock[f] {
			continue
		}
		out = append(out, Difference{Feature: f, GitHub: github[f], Mock: mock[f]})
	}
	return out
}

const none = "none"

func orNone(s string) string {
	if s = strings.TrimSpace(s); s == "" {
		return none
	}
	return s
}

// mediaType renders a Content-Type as its media type and parameters, in a
// stable form: "application/json; charset=utf-8".
func mediaType(ct string) string {
	if strings.TrimSpace(ct) == "" {
		return none
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return "unparsable " + ct
	}
	// Charset names are case-insensitive (RFC 2046).
	if cs, ok := params["charset"]; ok {
		params["charset"] = strings.ToLower(cs)
	}
	return mime.FormatMediaType(mt, params)
}

func etagKind(tag string) string {
	switch tag = strings.TrimSpace(tag); {
	case tag == "":
		return none
	case strings.HasPrefix(tag, `W/"`):
		return "weak"
	case strings.HasPrefix(tag, `"`):
		return "strong"
	}
	return "malformed"
}

// bodyKeys renders a body's shape: "(no body)", "(not JSON)", a JSON value
// that is not an object by its kind, or the object's sorted member names,
// with list-of-object members' item members as name[].member.
func bodyKeys(body []byte) string {
	body = bytes.TrimSpace(body)
	if len(body) == 0 {
		return "(no body)"
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return "(not JSON)"
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return fmt.Sprintf("(%T)", v)
	}
	if len(obj) == 0 {
		return "{}"
	}
	var keys []string
	for k, member := range obj {
		keys = append(keys, k)
		items, ok := member.([]any)
		if !ok {
			continue
		}
		seen := map[string]bool{}
		for _, it := range items {
			if o, ok := it.(map[string]any); ok {
				for ik := range o {
					seen[k+"[]."+ik] = true
				}
			}
		}
		for ik := range seen {
			keys = append(keys, ik)
		}
	}
	slices.Sort(keys)
	return strings.Join(keys, " ")
}
