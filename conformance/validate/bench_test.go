package validate

import (
	"net/http"
	"testing"
)

// BenchmarkCheck measures each check alone, as a server that validates
// both directions pays it, afresh and from memory (WithMemory, "remembered":
// the same exchange checked again). The baseline routes only.
func BenchmarkCheck(b *testing.B) {
	v := testValidator(b)
	body := mustJSON(b, example(b, "codespace"))
	get := request("GET", getCodespace, nil)
	put := request("PUT", "https://api.github.com/user/codespaces/secrets/S", []byte(`{"encrypted_value":"c2VjcmV0","key_id":"012345678912345678"}`))
	b.Run("route", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := v.Find(get.Method, get.URL); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("request/put-secret", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, vs, err := v.CheckRequest(put); err != nil || len(vs) > 0 {
				b.Fatal(err, vs)
			}
		}
	})
	remembering, err := New(WithMemory(16))
	if err != nil {
		b.Fatal(err)
	}
	header := http.Header{"Content-Type": {"application/json"}}
	for _, c := range []struct {
		suffix string
		v      *Validator
	}{{"", v}, {"/remembered", remembering}} {
		b.Run("request/get"+c.suffix, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if _, vs, err := c.v.CheckRequest(get); err != nil || len(vs) > 0 {
					b.Fatal(err, vs)
				}
			}
		})
		b.Run("response/codespace"+c.suffix, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if vs := c.v.CheckResponse(get, 200, header, body); len(vs) > 0 {
					b.Fatal(vs)
				}
			}
		})
	}
}
