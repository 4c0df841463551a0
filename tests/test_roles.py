"""Staff roles: each group may do exactly its job in the admin (a permission matrix)."""

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command
from django.test import RequestFactory

from centres.models import Centre, Commune, Departement, Region, Theme
from crpv.roles import (
    ADMINISTRATORS,
    CONTENT_EDITORS,
    DIRECTORY_MANAGERS,
    REFERENTS,
    ROLES,
    setup_roles,
)
from pages.models import HomePage, Page

pytestmark = pytest.mark.django_db

ADMIN = f"/{settings.ADMIN_URL}"
ACTIONS = ("view", "add", "change", "delete", "import", "export")
MODELS = (Centre, Theme, Region, Departement, Commune, Page, HomePage, User, Group, AccessAttempt)
ALL = set(ACTIONS) - {"import", "export"}
READ = {"view"}
# What each role may do on each model in the admin; a model not listed: nothing.
EXPECTED = {
    ADMINISTRATORS: {
        Centre: set(ACTIONS),
        Theme: ALL,
        Region: READ,
        Departement: READ,
        Commune: READ,
        Page: ALL,
        HomePage: {"view", "change"},  # one home page, never deleted
        User: ALL,
        Group: ALL,
        AccessAttempt: {"view", "change", "delete"},  # deleting the attempts unlocks an account
    },
    CONTENT_EDITORS: {Page: ALL, HomePage: {"view", "change"}},
    DIRECTORY_MANAGERS: {
        Centre: set(ACTIONS),
        Theme: ALL,
        Region: READ,
        Departement: READ,
        Commune: READ,
    },
    REFERENTS: {Centre: {"view", "change"}},  # their own centres only: see test_referents
}


def allowed(user, model, obj):
    request = RequestFactory().get("/")
    request.user = user
    model_admin = admin.site._registry[model]
    done = set()
    for action in ("view", "change", "delete"):
        if getattr(model_admin, f"has_{action}_permission")(request, obj):
            done.add(action)
    if model_admin.has_add_permission(request):
        done.add("add")
    for action in ("import", "export"):
        check = getattr(model_admin, f"has_{action}_permission", None)
        if check and check(request):
            done.add(action)
    return done


@pytest.mark.parametrize("role", list(EXPECTED))
def test_permission_matrix(role, make_staff, centre):
    user = make_staff(role, centres=[centre])
    objects = {Centre: centre, HomePage: HomePage.objects.first()}
    for model in MODELS:
        obj = objects.get(model)
        assert allowed(user, model, obj) == EXPECTED[role].get(model, set()), (role, model)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_admin_pages_follow_the_matrix(role, make_staff, centre, client):
    client.force_login(make_staff(role, centres=[centre]))
    for model in (Centre, Theme, Page, User, Group):
        opts = model._meta
        can = EXPECTED[role].get(model, set())
        changelist = client.get(f"{ADMIN}/{opts.app_label}/{opts.model_name}/")
        assert changelist.status_code == (200 if "view" in can else 403), (role, model)
        add = client.get(f"{ADMIN}/{opts.app_label}/{opts.model_name}/add/")
        assert add.status_code == (200 if "add" in can else 403), (role, model)
    imports = client.get(f"{ADMIN}/centres/centre/import/")
    assert imports.status_code == (200 if "import" in EXPECTED[role].get(Centre, ()) else 403)


@pytest.mark.parametrize("role", list(EXPECTED))
def test_admin_index_lists_only_what_the_role_uses(role, make_staff, centre, client):
    client.force_login(make_staff(role, centres=[centre]))
    html = client.get(f"{ADMIN}/").content.decode()
    for model in MODELS:
        opts = model._meta
        link = f'href="{ADMIN}/{opts.app_label}/{opts.model_name}/"'
        assert (link in html) == bool(EXPECTED[role].get(model)), (role, model)


def test_data_migration_created_the_roles():
    groups = {group.name: group for group in Group.objects.filter(name__in=list(ROLES))}
    assert set(groups) == set(ROLES)
    assert groups[ADMINISTRATORS].permissions.count() == Permission.objects.count()
    assert set(groups[REFERENTS].permissions.values_list("codename", flat=True)) == {
        "change_own_centre",
        "add_event",
        "change_own_event",
        "delete_own_event",
        "add_resource",
        "change_own_resource",
        "delete_own_resource",
        "add_resourcefile",
        "change_resourcefile",
        "delete_resourcefile",
        "view_resourcefile",
        "add_newsitem",
        "change_own_newsitem",
        "delete_own_newsitem",
    }


def test_setup_roles_is_idempotent_and_repairs_the_groups(capsys):
    editors = Group.objects.get(name=CONTENT_EDITORS)
    editors.permissions.add(Permission.objects.get(codename="delete_centre"))
    Group.objects.filter(name=REFERENTS).delete()
    before = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}

    call_command("setup_roles")
    assert f"{REFERENTS}\u00a0: créé" in capsys.readouterr().out
    assert not editors.permissions.filter(codename="delete_centre").exists()
    first = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert first[ADMINISTRATORS] == before[ADMINISTRATORS]

    assert setup_roles() == []
    second = {g.name: set(g.permissions.values_list("pk", flat=True)) for g in Group.objects.all()}
    assert second == first
