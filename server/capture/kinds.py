"""Page kinds: what a captured page is, as the API reports it in page.kind."""

from __future__ import annotations

LI_PROFILE = "linkedin_profile"  # a member's profile, signed in
LI_GUEST = "linkedin_guest_profile"  # a member's public profile, signed out
LI_DETAILS = "linkedin_profile_details"  # /in/<slug>/details/… and other sub-pages
LI_COMPANY = "linkedin_company"
LI_AUTHWALL = "linkedin_authwall"
LI_SALESNAV = "linkedin_salesnav_lead"
LI_OTHER = "linkedin_other"  # feed, jobs, search, messaging
GITHUB_USER = "github_user"
GITHUB_ORG = "github_org"
GITHUB_OTHER = "github_other"  # repositories, settings
TEAM = "team_page"
PERSONAL = "personal_page"
MAIL = "mail_message"
MAIL_OTHER = "mail_other"  # inbox lists, compose
GENERIC = "generic"
EMPTY = "empty"  # nothing parseable was sent
STALE = "stale"  # the page still shows what was there before navigation: send it again shortly

# Kinds that never name a person: their answer is always an empty candidate list.
NO_PERSON = frozenset({LI_COMPANY, LI_AUTHWALL, LI_OTHER, GITHUB_ORG, GITHUB_OTHER, MAIL_OTHER, EMPTY, STALE})
# Kinds whose page is not ready: the client should capture again after the page settles.
RETRY = frozenset({STALE})
