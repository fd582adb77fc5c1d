"""The console's pages as the navigation and the home page list them.

One line per page; a page's author adds or corrects its line here. ``roles`` hides the
link from those who could not use the page (admins see every link); the page itself
still refuses them (web.session.require_role), the link is only a courtesy.
"""

from __future__ import annotations

from dataclasses import dataclass

from counterfraud.domain import ApiRole


def N_(message: str) -> str:  # noqa: N802 - the conventional name of a deferred gettext
    """Marks a message for translation; templates translate it with ``_(item.label)``."""
    return message


ALL_ROLES = (ApiRole.ADMIN, ApiRole.ANALYST, ApiRole.OPERATOR)
STAFF = (ApiRole.ADMIN, ApiRole.ANALYST)


@dataclass(frozen=True, slots=True)
class NavItem:
    key: str
    label: str  # an English msgid, translated when shown
    href: str
    group: str
    roles: tuple[ApiRole, ...] = ALL_ROLES
    banks: bool = False  # also shown to every role of a bank


GROUPS: tuple[str, ...] = (N_("Find"), N_("Intercept"), N_("Cases"), N_("Cooperate"),
                           N_("Figures"))

NAV: tuple[NavItem, ...] = (
    NavItem("dashboard", N_("Dashboard"), "/console/dashboard", N_("Figures"), STAFF),
    NavItem("kpi", N_("KPI"), "/console/kpi", N_("Figures"), STAFF),
    NavItem("search", N_("Search"), "/console/search", N_("Find")),
    NavItem("identifier", N_("Identifier"), "/console/identifiers", N_("Find")),
    NavItem("networks", N_("Networks"), "/console/networks", N_("Find"), STAFF),
    NavItem("screening", N_("Screening"), "/console/screening", N_("Intercept")),
    NavItem("blocklist", N_("Blocklist"), "/console/blocklist", N_("Intercept"), STAFF),
    NavItem("appeals", N_("Appeals"), "/console/appeals", N_("Intercept")),
    NavItem("cases", N_("Cases"), "/console/cases", N_("Cases"), STAFF),
    NavItem("report_intake", N_("Report intake"), "/console/reports/new", N_("Cases"),
            STAFF),
    NavItem("victims", N_("Victims"), "/console/victims", N_("Cases"), STAFF),
    NavItem("freeze", N_("Freeze queue"), "/console/freeze", N_("Cases"), STAFF,
            banks=True),
    NavItem("takedowns", N_("Takedowns"), "/console/takedowns", N_("Cases"), STAFF),
    NavItem("agreements", N_("Agreements"), "/console/agreements", N_("Cooperate"), STAFF),
    NavItem("partners", N_("Partners"), "/console/partners", N_("Cooperate"),
            (ApiRole.ADMIN,)),
    NavItem("audit", N_("Audit trail"), "/console/audit", N_("Cooperate"), STAFF),
)


def visible_nav(role: ApiRole | None, *, bank: bool = False) -> list[NavItem]:
    """The links a role is shown (none before signing in); ``bank``: of a bank's key."""
    if role is None:
        return []
    return [item for item in NAV
            if role is ApiRole.ADMIN or role in item.roles or (bank and item.banks)]


ROLE_LABELS: dict[str, str] = {ApiRole.ADMIN.value: N_("Administrator"),
                               ApiRole.ANALYST.value: N_("Analyst"),
                               ApiRole.OPERATOR.value: N_("Operator")}
"""Each role as people read it (translated when shown: ``_(role_labels[user.role])``)."""
