"""The staff roles: one definition, used by a data migration and by ``manage.py setup_roles``.

A role is a Django group holding exactly the permissions its members need; the admin then
shows each of them only the models and buttons those permissions open. Giving someone a role
is adding their (staff) account to the group. A centre's referent also needs to be linked to
their centres (``Centre.referents``): their permission only reaches centres they are linked to.
"""

ADMINISTRATORS = "Administrateurs du réseau"
CONTENT_EDITORS = "Éditeurs de contenu"
DIRECTORY_MANAGERS = "Gestionnaires de l’annuaire"
REFERENTS = "Référents de centre"

ALL = "__all__"
CRUD = ("add", "change", "delete", "view")


def _model_perms(app_label, model, actions=CRUD):
    return [f"{app_label}.{action}_{model}" for action in actions]


# Role name → permissions as "app_label.codename", or ALL for every permission of the site.
ROLES = {
    ADMINISTRATORS: ALL,
    CONTENT_EDITORS: [
        *_model_perms("pages", "page"),
        *_model_perms("pages", "homepage"),
        *_model_perms("pages", "highlight"),
        # History records of the pages (django-simple-history's models).
        *_model_perms("pages", "historicalpage", ("view",)),
        *_model_perms("pages", "historicalhomepage", ("view",)),
        # The agenda: every centre's events, and its lists of types and audiences.
        *_model_perms("events", "event"),
        "events.import_event",
        "events.export_event",
        *_model_perms("events", "eventtype"),
        *_model_perms("events", "audience"),
        *_model_perms("events", "historicalevent", ("view",)),
        # The library: every centre's resources and their files, and the list of types.
        *_model_perms("library", "resource"),
        *_model_perms("library", "resourcefile"),
        "library.import_resource",
        "library.export_resource",
        *_model_perms("library", "resourcetype"),
        *_model_perms("library", "historicalresource", ("view",)),
        # The news: the network's and every centre's.
        *_model_perms("news", "newsitem"),
        "news.import_newsitem",
        "news.export_newsitem",
        *_model_perms("news", "historicalnewsitem", ("view",)),
    ],
    DIRECTORY_MANAGERS: [
        *_model_perms("centres", "centre"),
        "centres.import_centre",
        "centres.export_centre",
        *_model_perms("centres", "theme"),
        *_model_perms("centres", "region", ("view",)),
        *_model_perms("centres", "departement", ("view",)),
        *_model_perms("centres", "commune", ("view",)),
        *_model_perms("centres", "historicalcentre", ("view",)),
    ],
    # Only the centres the account is linked to: CentreAdmin checks the link (and EventAdmin
    # and NewsItemAdmin, for the events and news of those centres).
    REFERENTS: [
        "centres.change_own_centre",
        "events.add_event",
        "events.change_own_event",
        "events.delete_own_event",
        # The resources of their centres, and the files of those (LibraryAdmin checks the link).
        "library.add_resource",
        "library.change_own_resource",
        "library.delete_own_resource",
        *_model_perms("library", "resourcefile"),
        "news.add_newsitem",
        "news.change_own_newsitem",
        "news.delete_own_newsitem",
    ],
}


def setup_roles(apps=None, verbosity=0):
    """Create or update each role's group so that it holds exactly its permissions.

    ``apps`` is a migration's app registry, or None for the running project's. Returns the
    names of the groups created. In a migration, a permission its app's state does not have
    yet is left out (the migration that adds it calls this again); otherwise a missing
    permission raises ``Permission.DoesNotExist``.
    """
    from django.apps import apps as global_apps

    in_migration = apps is not None and apps is not global_apps
    apps = apps or global_apps
    create_all_permissions(apps, verbosity)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    created = []
    for name, wanted in ROLES.items():
        group, was_created = Group.objects.get_or_create(name=name)
        if was_created:
            created.append(name)
        if wanted == ALL:
            permissions = list(Permission.objects.all())
        else:
            permissions = []
            for dotted in wanted:
                app_label, codename = dotted.split(".", 1)
                if not _has_models(apps, app_label):
                    continue  # an app migrated later: its own migration calls this again
                permission = Permission.objects.filter(
                    content_type__app_label=app_label, codename=codename
                ).first()
                if permission is None and in_migration:
                    continue  # added by a later migration of its app, which calls this again
                if permission is None:
                    raise Permission.DoesNotExist(f"{app_label}.{codename}")
                permissions.append(permission)
        group.permissions.set(permissions)
    return created


def _has_models(apps, app_label):
    try:
        return any(True for _ in apps.get_app_config(app_label).get_models())
    except LookupError:
        return False


def create_all_permissions(apps, verbosity=0):
    """Create the permissions now: Django only creates them after ``migrate`` finishes."""
    from django.contrib.auth.management import create_permissions

    for app_config in apps.get_app_configs():
        # A migration's registry has no models module; create_permissions skips such apps.
        had_module = getattr(app_config, "models_module", None)
        app_config.models_module = had_module or True
        try:
            create_permissions(app_config, apps=apps, verbosity=verbosity)
        finally:
            app_config.models_module = had_module
