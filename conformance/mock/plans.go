package mock

import "strings"

// Plans: what an organization's GitHub plan (organization.plan) takes away
// from its endpoints.
//
// Organization secrets for Codespaces exist on the paid plans only: GitHub
// answers 404 to every organization secrets endpoint of an organization on
// GitHub Free, even to its admin with admin:org. google/go-github #3000 (a
// comment of 2026-07-19): "GET /orgs/{org}/codespaces/secrets/public-key
// with a classic PAT (admin:org) against a Free org still returns 404
// today", the reporter's endpoints working on an Enterprise organization
// and not on a free one; GitHub's docs ("Managing development environment
// secrets for your repository or organization") offer them to
// organizations on GitHub Team or GitHub Enterprise. The mock answers 404
// after the admin check (a member is still 403, an outsider 404): no answer
// to a member of a free organization is on record.
//
// Nothing else is known to differ by plan: the other organization endpoints
// (its codespaces, the access settings) answer on every plan. The reference
// pages' "Codespaces is available for organizations using GitHub Team or
// GitHub Enterprise Cloud" (seed 000) says no status.

// Plans the world may give an organization. PlanFree lacks organization
// secrets; the default world's organizations have no plan (""), which
// offers everything.
const (
	PlanFree       = "free"
	PlanTeam       = "team"
	PlanEnterprise = "enterprise"
)

// planHasOrgSecrets reports whether an organization on plan has Codespaces
// organization secrets.
func planHasOrgSecrets(plan string) bool { return !strings.EqualFold(plan, PlanFree) }
