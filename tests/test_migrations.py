import importlib

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_are_in_step():
    # Exits non-zero (SystemExit) when a model change has no migration.
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_a_public_address_naming_a_person_moves_to_the_staff_only_contact(make_centre):
    from django.apps import apps

    from centres.models import Centre

    migration = importlib.import_module("centres.migrations.0013_private_contact")
    paris = make_centre(slug="paris", email="catherine.halpern@paris.fr")
    make_centre(slug="lyon", email="contact@labo-cites.org")
    make_centre(slug="nord", email="crpv.paris@example.org")
    migration.move_personal_addresses(apps, None)
    paris.refresh_from_db()
    assert (paris.email, paris.private_contact) == ("", "catherine.halpern@paris.fr")
    assert Centre.objects.get(slug="lyon").email == "contact@labo-cites.org"
    assert Centre.objects.get(slug="nord").email == "crpv.paris@example.org"
    migration.move_back(apps, None)
    paris.refresh_from_db()
    assert (paris.email, paris.private_contact) == ("catherine.halpern@paris.fr", "")


@pytest.mark.django_db
def test_published_events_get_their_creation_date_as_publication_date(make_event):
    from django.apps import apps

    from events.models import Event

    migration = importlib.import_module("events.migrations.0003_event_published_at")
    published = make_event()
    draft = make_event(is_published=False)
    Event.objects.update(published_at=None)
    migration.backfill(apps, None)
    published.refresh_from_db()
    assert published.published_at == published.created_at
    assert Event.objects.get(pk=draft.pk).published_at is None


@pytest.mark.django_db
def test_the_contact_page_is_created_once_and_removed_only_as_created():
    from django.apps import apps

    from pages.models import Page

    migration = importlib.import_module("pages.migrations.0005_contact_page")
    assert Page.objects.filter(slug="contact").count() == 1  # made by migrate
    migration.create_page(apps, None)  # a page of that address exists: left alone
    assert Page.objects.filter(slug="contact").count() == 1
    Page.objects.filter(slug="contact").update(body="<p>Écrivez-nous.</p>")
    migration.remove_page(apps, None)  # edited by the network: kept
    assert Page.objects.filter(slug="contact").exists()
    Page.objects.filter(slug="contact").delete()
    migration.create_page(apps, None)
    migration.remove_page(apps, None)
    assert not Page.objects.filter(slug="contact").exists()


@pytest.mark.django_db
def test_the_pending_imports_content_type_follows_the_model_to_crpv_with_its_permissions():
    from django.apps import apps
    from django.contrib.auth.models import Group, Permission
    from django.contrib.contenttypes.models import ContentType

    migration = importlib.import_module("crpv.migrations.0003_pending_import_content_type")
    ContentType.objects.filter(model="pendingimport").delete()
    old = ContentType.objects.create(app_label="centres", model="pendingimport")
    permission = Permission.objects.create(
        content_type=old, codename="view_pendingimport", name="Can view pending import"
    )
    group = Group.objects.create(name="Équipe nationale")
    group.permissions.add(permission)
    migration.move(apps, "centres", "crpv")
    # The same row, so the group keeps its permission.
    assert ContentType.objects.get(pk=old.pk).app_label == "crpv"
    assert group.permissions.get().content_type_id == old.pk
    migration.move(apps, "crpv", "centres")
    assert ContentType.objects.get(pk=old.pk).app_label == "centres"


@pytest.mark.django_db
def test_a_pending_imports_content_type_left_behind_in_centres_is_removed():
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    migration = importlib.import_module("crpv.migrations.0003_pending_import_content_type")
    new = ContentType.objects.get_or_create(app_label="crpv", model="pendingimport")[0]
    ContentType.objects.create(app_label="centres", model="pendingimport")
    migration.move(apps, "centres", "crpv")
    assert list(ContentType.objects.filter(model="pendingimport")) == [new]
