package coverage

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"gopkg.in/yaml.v3"
)

// ParseUncovered reads spec/uncovered.yaml: the operations that have no
// typed method in client/, each with the reason. Unknown keys, an entry
// without a reason and an operation listed twice are errors, so that the
// list cannot drift into saying nothing.
func ParseUncovered(data []byte) (map[string]string, error) {
	var list struct {
		Uncovered []struct {
			Operation string `yaml:"operation"`
			Reason    string `yaml:"reason"`
		} `yaml:"uncovered"`
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&list); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("uncovered list: %w", err)
	}
	reasons := map[string]string{}
	for i, u := range list.Uncovered {
		switch {
		case strings.TrimSpace(u.Operation) == "":
			return nil, fmt.Errorf("uncovered list: entry %d names no operation", i+1)
		case strings.TrimSpace(u.Reason) == "":
			return nil, fmt.Errorf("uncovered list: %s has no reason: say why it has no typed method", u.Operation)
		case reasons[u.Operation] != "":
			return nil, fmt.Errorf("uncovered list: %s is listed twice", u.Operation)
		}
		reasons[u.Operation] = strings.TrimSpace(u.Reason)
	}
	return reasons, nil
}
