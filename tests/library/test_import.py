"""manage.py import_resources FILE --files DIR [--dry-run]: all or nothing, files checked by
documents.inspect, per-row errors in French."""

import pytest
from django.core.management import CommandError, call_command

from library.models import Resource, ResourceFile

pytestmark = pytest.mark.django_db

HEADER = "identifiant,titre,type,centres,resume,themes,date,licence,lien,fichiers\n"


@pytest.fixture
def folder(tmp_path, pdf):
    files = tmp_path / "documents"
    files.mkdir()
    (files / "etude-gup.pdf").write_bytes(pdf)
    (files / "guide.pdf").write_bytes(pdf)
    (files / "piege.pdf").write_bytes(b"<html><script>alert(1)</script></html>")
    return files


def sheet(tmp_path, *rows):
    path = tmp_path / "ressources.csv"
    path.write_text(HEADER + "".join(row + "\n" for row in rows), encoding="utf-8")
    return path


ROW_ETUDE = (
    'etude-gup,Étude GUP,étude,labo-cites,La GUP.,,15/03/2026,cc-by,,"etude-gup.pdf, guide.pdf"'
)
ROW_NATIONAL = "guide-national,Guide national,guide,,,,01/02/2025,,,"


def test_import_creates_resources_and_attaches_their_files(tmp_path, folder, centre, capsys):
    call_command("import_resources", sheet(tmp_path, ROW_ETUDE, ROW_NATIONAL), files=folder)
    resource = Resource.objects.get(slug="etude-gup")
    assert list(resource.centres.all()) == [centre]
    assert resource.licence == "cc-by"
    assert not resource.is_published
    assert sorted(resource.files.values_list("name", flat=True)) == ["etude-gup.pdf", "guide.pdf"]
    assert resource.files.first().format == "pdf"
    assert list(resource.facets.filter(name="format").values_list("value", flat=True)) == ["pdf"]
    assert Resource.objects.get(slug="guide-national").is_national
    assert "2 ressources créées" in capsys.readouterr().out


def test_import_again_leaves_the_same_files(tmp_path, folder, centre):
    path = sheet(tmp_path, ROW_ETUDE)
    call_command("import_resources", path, files=folder)
    call_command("import_resources", path, files=folder)
    assert ResourceFile.objects.count() == 2


def test_dry_run_checks_everything_and_saves_nothing(tmp_path, folder, centre, capsys, media):
    call_command("import_resources", sheet(tmp_path, ROW_ETUDE), files=folder, dry_run=True)
    assert not Resource.objects.exists()
    assert not ResourceFile.objects.exists()
    assert not list(media.rglob("*.pdf"))
    assert "l’import donnerait" in capsys.readouterr().out


def test_refused_file_is_an_error_of_its_row_and_nothing_is_saved(tmp_path, folder, centre, capsys):
    bad = "autre,Autre,étude,labo-cites,,,15/03/2026,,,piege.pdf"
    with pytest.raises(CommandError, match="aucune modification"):
        call_command("import_resources", sheet(tmp_path, ROW_ETUDE, bad), files=folder)
    err = capsys.readouterr().err
    assert "ligne 3, colonne «\u00a0fichiers\u00a0»\u00a0: «\u00a0piege.pdf\u00a0»" in err
    assert not Resource.objects.exists()
    assert not ResourceFile.objects.exists()


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("absent.pdf", "n’est pas dans le dossier"),
        ("../secret.pdf", "sans chemin"),
    ],
)
def test_missing_or_outside_file_is_refused(tmp_path, folder, centre, capsys, cell, message):
    (tmp_path / "secret.pdf").write_bytes(b"%PDF-1.4")
    row = f"etude,Étude,étude,labo-cites,,,15/03/2026,,,{cell}"
    with pytest.raises(CommandError):
        call_command("import_resources", sheet(tmp_path, row), files=folder)
    assert message in capsys.readouterr().err
    assert not Resource.objects.exists()


def test_naming_files_without_the_folder_is_an_error(tmp_path, centre, capsys):
    with pytest.raises(CommandError):
        call_command("import_resources", sheet(tmp_path, ROW_ETUDE))
    assert "--files" in capsys.readouterr().err


def test_rows_errors_are_in_french_by_line_and_column(tmp_path, folder, centre, capsys):
    row = "x,Titre,inconnu,centre-absent,,,31/02/2026,libre,,"
    with pytest.raises(CommandError):
        call_command("import_resources", sheet(tmp_path, row), files=folder)
    err = capsys.readouterr().err
    assert "colonne «\u00a0type\u00a0»" in err and "Type inconnu" in err
    assert "Centre inconnu : centre-absent" in err
    assert "colonne «\u00a0date\u00a0»" in err
    assert "Licence «\u00a0libre\u00a0» inconnue" in err or "Licence « libre » inconnue" in err


def test_export_has_the_import_columns_and_the_files(client, tmp_path, folder, centre):
    call_command("import_resources", sheet(tmp_path, ROW_ETUDE), files=folder)
    Resource.objects.update(is_published=True)
    exported = client.get("/ressources/export.csv").content
    lines = exported.decode("utf-8-sig").splitlines()
    assert lines[0].startswith(HEADER.strip())
    assert "etude-gup.pdf" in lines[1]
