package scenario

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/codespaces-go/codespaces/client"
)

// needsRight turns a live server's refusal of an operation that needs a
// right (403; or 404, which GitHub answers for what the token may not see)
// into a skip that says which right, and what the answer's headers say is
// missing. Against the mock every right is there: a refusal stays a
// failure.
func (e *Env) needsRight(err error, need string) error {
	var ae *client.APIError
	if err == nil || e.Embedded || !errors.As(err, &ae) || ae.StatusCode != http.StatusForbidden && ae.StatusCode != http.StatusNotFound {
		return err
	}
	reason := fmt.Sprintf("%s (answered %d", need, ae.StatusCode)
	if missing := ae.MissingScopes(); len(missing) > 0 {
		reason += "; the token lacks the scope " + strings.Join(missing, " or ")
	}
	if len(ae.AcceptedPermissions) > 0 {
		sets := make([]string, 0, len(ae.AcceptedPermissions))
		for _, set := range ae.AcceptedPermissions {
			perms := make([]string, 0, len(set))
			for _, p := range set {
				perms = append(perms, p.String())
			}
			sets = append(sets, strings.Join(perms, "+"))
		}
		reason += "; a fine-grained token needs " + strings.Join(sets, " or ")
	}
	return Skip("%s)", reason)
}

// expectRefused checks that a live server refused a call for want of a
// right: 403, or the 404 of what the caller may not see. Against the mock,
// whose world is known, it must be exactly want.
func (e *Env) expectRefused(err error, want int, what string) error {
	var ae *client.APIError
	if !e.Embedded && errors.As(err, &ae) && (ae.StatusCode == http.StatusForbidden || ae.StatusCode == http.StatusNotFound) {
		return nil
	}
	return expectStatus(err, want, what)
}

// needsOrg skips an organization scenario on a live run that was given no
// organization.
func (e *Env) needsOrg() error {
	if e.Org.Login == "" {
		return Skip("no organization to administer: pass -org and -org-repo (an organization the token administers, with admin:org, and a repository of it)")
	}
	return nil
}
