package client

import (
	"bytes"
	"errors"
	"io"
	"strconv"
	"testing"
)

// chunkReader returns data in reads of at most chunk bytes, as a network
// does.
type chunkReader struct {
	data  []byte
	chunk int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.chunk)], r.data)
	r.data = r.data[n:]
	return n, nil
}

// FuzzBoundedBody: whatever the body and however it arrives, no more than
// the bound is handed on, a body within the bound arrives whole, and a
// longer one fails with ErrResponseTooLarge.
func FuzzBoundedBody(f *testing.F) {
	f.Add([]byte(`{"name":"x"}`), uint16(12), uint8(1), uint16(512))
	f.Add([]byte(`{"name":"x"}`), uint16(11), uint8(5), uint16(3))
	f.Add([]byte{}, uint16(1), uint8(0), uint16(0))
	f.Add(bytes.Repeat([]byte("a"), 4096), uint16(4095), uint8(255), uint16(4096))
	f.Fuzz(func(t *testing.T, data []byte, max uint16, chunk uint8, buf uint16) {
		if max == 0 {
			max = 1
		}
		b := &boundedBody{ReadCloser: io.NopCloser(&chunkReader{data: data, chunk: int(chunk) + 1}), left: int64(max), max: int64(max)}
		var got []byte
		p := make([]byte, int(buf)+1)
		var err error
		for range len(data) + 2 {
			var n int
			n, err = b.Read(p)
			got = append(got, p[:n]...)
			if err != nil {
				break
			}
		}
		switch {
		case len(got) > int(max):
			t.Fatalf("%d bytes handed on past the bound of %d", len(got), max)
		case len(data) <= int(max) && (err != io.EOF || !bytes.Equal(got, data)):
			t.Fatalf("a body of %d bytes within %d: got %d bytes, %v", len(data), max, len(got), err)
		case len(data) > int(max) && !errors.Is(err, ErrResponseTooLarge):
			t.Fatalf("a body of %d bytes over %d: %v, want ErrResponseTooLarge", len(data), max, err)
		}
	})
}

// FuzzListProgress: whatever pages a server sends, a list that goes on
// reading only while listProgress accepts each page takes at most as many
// non-empty pages as the largest total_count allows, and never panics. Each
// input byte triple is one page: how many items, the first item's number
// (items are numbered in a row) and the page's total_count.
func FuzzListProgress(f *testing.F) {
	f.Add([]byte{2, 0, 40, 2, 0, 40})                                   // the same page again
	f.Add([]byte{1, 0, 5, 1, 1, 5, 1, 2, 5, 1, 3, 5, 1, 4, 5, 1, 5, 5}) // new items past total_count
	f.Add([]byte{2, 1, 2, 2, 0, 3, 0, 0, 3})                            // shifted while read
	f.Fuzz(func(t *testing.T, pages []byte) {
		p := listProgress[int]{id: func(i *int) string { return strconv.Itoa(*i) }, read: map[string]struct{}{}}
		accepted := 0
		for i := 0; i+2 < len(pages); i += 3 {
			items := make([]int, pages[i])
			for j := range items {
				items[j] = int(pages[i+1]) + j
			}
			if err := p.add(items, int(pages[i+2])); err != nil {
				break
			}
			if len(items) > 0 {
				accepted++
			}
			if len(p.read) > p.maxTotal {
				t.Fatalf("%d items read, more than total_count %d, accepted", len(p.read), p.maxTotal)
			}
		}
		if accepted > p.maxTotal {
			t.Fatalf("%d non-empty pages accepted with a largest total_count of %d", accepted, p.maxTotal)
		}
	})
}
