package mock

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

var exportPath = []exportState{exportInProgress, exportSucceeded}

// latestExport is the export ID that names a codespace's most recent export.
const latestExport = "latest"

func (a *api) CodespacesExportForAuthenticatedUser(ctx context.Context, req server.CodespacesExportForAuthenticatedUserRequestObject) (server.CodespacesExportForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onCodespace(ctx, s, req.CodespaceName, func(c *call, cs *codespace) server.CodespacesExportForAuthenticatedUserResponseObject {
		if refused, ok := busy(cs); ok {
			return refused
		}
		if n := len(cs.exports); n > 0 {
			last := cs.exports[n-1]
			last.life.advance(s.cfg.clock(), s.cfg.timing)
			if !last.life.settled() {
				return invalid(http.StatusUnprocessableEntity, "Codespace", "export", "already_exists",
					"an export of this codespace is already in progress")
			}
		}
		e := &export{
			id:     fmt.Sprint(len(cs.exports) + 1),
			branch: "codespace-" + cs.name,
			sha:    fmt.Sprintf("%016x%016x%08x", s.rng.Uint64(), s.rng.Uint64(), s.rng.Uint32()),
		}
		e.life.begin(s.cfg.clock(), exportPath...)
		e.life.advance(s.cfg.clock(), s.cfg.timing)
		cs.exports = append(cs.exports, e)
		return server.CodespacesExportForAuthenticatedUser202JSONResponse(renderExport(c, cs, e))
	}), nil
}

func (a *api) CodespacesGetExportDetailsForAuthenticatedUser(ctx context.Context, req server.CodespacesGetExportDetailsForAuthenticatedUserRequestObject) (server.CodespacesGetExportDetailsForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onCodespace(ctx, s, req.CodespaceName, func(c *call, cs *codespace) server.CodespacesGetExportDetailsForAuthenticatedUserResponseObject {
		var e *export
		for _, x := range cs.exports {
			if x.id == req.ExportID || req.ExportID == latestExport {
				e = x
			}
		}
		if e == nil {
			return notFound()
		}
		e.life.advance(s.cfg.clock(), s.cfg.timing)
		e.life.observe()
		return server.CodespacesGetExportDetailsForAuthenticatedUser200JSONResponse(renderExport(c, cs, e))
	}), nil
}

// renderExport shows an export; branch, sha and completion appear once it has
// succeeded.
func renderExport(c *call, cs *codespace, e *export) gen.CodespaceExportDetails {
	state := e.life.state
	out := gen.CodespaceExportDetails{
		ID:        ptr(e.id),
		State:     ptr(string(state)),
		ExportURL: ptr(c.base + "/user/codespaces/" + cs.name + "/exports/" + e.id),
	}
	if state == exportSucceeded {
		out.Branch = ptr(e.branch)
		out.Sha = ptr(e.sha)
		out.CompletedAt = ptr(e.life.entered.UTC().Truncate(time.Second))
		out.HTMLURL = ptr("https://github.com/" + cs.repo.fullName() + "/tree/" + e.branch)
	}
	return out
}
