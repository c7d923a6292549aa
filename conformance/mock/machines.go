package mock

import (
	"context"
	"net/http"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// Every repository offers both machine types in every location, and a
// codespace may move to either.

// The repository-machines call takes location, client_ip and ref, all
// optional as in GitHub's description: every location offers both machines,
// so location and client_ip change nothing; ref decides prebuild_availability.
func (a *api) CodespacesRepoMachinesForAuthenticatedUser(ctx context.Context, req server.CodespacesRepoMachinesForAuthenticatedUserRequestObject) (server.CodespacesRepoMachinesForAuthenticatedUserResponseObject, error) {
	repo := a.s.repoNamed(callFrom(ctx).user, req.Owner, req.Repo)
	if repo == nil {
		return notFound(), nil
	}
	ref := ""
	if req.Params.Ref != nil {
		ref = *req.Params.Ref
	}
	machines := a.s.world().machineList(repo, ref)
	return server.CodespacesRepoMachinesForAuthenticatedUser200JSONResponse{TotalCount: len(machines), Machines: machines}, nil
}

func (a *api) CodespacesCodespaceMachinesForAuthenticatedUser(ctx context.Context, req server.CodespacesCodespaceMachinesForAuthenticatedUserRequestObject) (server.CodespacesCodespaceMachinesForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onCodespace(ctx, s, req.CodespaceName, func(_ *call, cs *codespace) server.CodespacesCodespaceMachinesForAuthenticatedUserResponseObject {
		machines := s.world().machineList(cs.repo, cs.ref)
		return server.CodespacesCodespaceMachinesForAuthenticatedUser200JSONResponse{TotalCount: len(machines), Machines: machines}
	}), nil
}

func (a *api) CodespacesListDevcontainersInRepositoryForAuthenticatedUser(ctx context.Context, req server.CodespacesListDevcontainersInRepositoryForAuthenticatedUserRequestObject) (server.CodespacesListDevcontainersInRepositoryForAuthenticatedUserResponseObject, error) {
	repo := a.s.repoNamed(callFrom(ctx).user, req.Owner, req.Repo)
	if repo == nil {
		return notFound(), nil
	}
	win := paginate(len(repo.devcontainers), req.Params.Page, req.Params.PerPage)
	var list server.CodespacesListDevcontainersInRepositoryForAuthenticatedUser200JSONResponse
	list.TotalCount = len(repo.devcontainers)
	list.Devcontainers = make([]devcontainerItem, 0, win.end-win.start)
	for _, d := range repo.devcontainers[win.start:win.end] {
		item := devcontainerItem{Path: d.path}
		if d.name != "" {
			item.Name = ptr(d.name)
		}
		if d.displayName != "" {
			item.DisplayName = ptr(d.displayName)
		}
		list.Devcontainers = append(list.Devcontainers, item)
	}
	// Built as a response for the Link header, which the description does
	// not document here and GitHub sends.
	return withLink(response{status: http.StatusOK, body: list}, win, callFrom(ctx)), nil
}

// devcontainerItem is an item of the devcontainers list
// (codegen/names.yaml names the description's inline schema).
type devcontainerItem = gen.Devcontainer
