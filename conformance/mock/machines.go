package mock

import (
	"context"

	"github.com/codespaces-go/codespaces/gen"
	"github.com/codespaces-go/codespaces/gen/server"
)

// Every repository offers both machine types in every location, and a
// codespace may move to either.

func (a *api) CodespacesRepoMachinesForAuthenticatedUser(_ context.Context, req server.CodespacesRepoMachinesForAuthenticatedUserRequestObject) (server.CodespacesRepoMachinesForAuthenticatedUserResponseObject, error) {
	if a.s.world.repoByName(req.Owner, req.Repo) == nil {
		return notFound(), nil
	}
	return server.CodespacesRepoMachinesForAuthenticatedUser200JSONResponse{
		CodespaceMachineListJSONResponse: server.CodespaceMachineListJSONResponse(a.s.world.machineList()),
	}, nil
}

func (a *api) CodespacesCodespaceMachinesForAuthenticatedUser(ctx context.Context, req server.CodespacesCodespaceMachinesForAuthenticatedUserRequestObject) (server.CodespacesCodespaceMachinesForAuthenticatedUserResponseObject, error) {
	s := a.s
	return onCodespace(ctx, s, req.CodespaceName, func(*call, *codespace) server.CodespacesCodespaceMachinesForAuthenticatedUserResponseObject {
		return server.CodespacesCodespaceMachinesForAuthenticatedUser200JSONResponse{
			CodespaceMachineListJSONResponse: server.CodespaceMachineListJSONResponse(s.world.machineList()),
		}
	}), nil
}

func (a *api) CodespacesListDevcontainersInRepositoryForAuthenticatedUser(ctx context.Context, req server.CodespacesListDevcontainersInRepositoryForAuthenticatedUserRequestObject) (server.CodespacesListDevcontainersInRepositoryForAuthenticatedUserResponseObject, error) {
	repo := a.s.world.repoByName(req.Owner, req.Repo)
	if repo == nil {
		return notFound(), nil
	}
	c := callFrom(ctx)
	win := paginate(len(repo.devcontainers), req.Params.Page, req.Params.PerPage)
	resp := server.CodespacesListDevcontainersInRepositoryForAuthenticatedUser200JSONResponse{
		Body: gen.DevcontainerList{
			TotalCount:    len(repo.devcontainers),
			Devcontainers: append([]gen.Devcontainer{}, repo.devcontainers[win.start:win.end]...),
		},
	}
	if link := win.link(c.base, c.url); link != "" {
		resp.Headers.Link = &link
	}
	return resp, nil
}
