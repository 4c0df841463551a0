from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from centres.models import Centre
from centres.resources import COLUMNS

pytestmark = pytest.mark.django_db

DIRECTORY = Path(__file__).resolve().parents[2] / "centres" / "data" / "centres.csv"


def write_csv(path, rows, headers=COLUMNS):
    lines = [",".join(headers)]
    for row in rows:
        lines.append(",".join(f'"{row.get(h, "")}"' for h in headers))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def valid_row(**overrides):
    row = {"identifiant": "centre-a", "nom": "Centre A", "departements": "69", "publie": "oui"}
    row.update(overrides)
    return row


def test_directory_file_holds_nineteen_valid_centres(capsys):
    call_command("import_centres", str(DIRECTORY))
    assert Centre.objects.count() == 19
    for centre in Centre.objects.prefetch_related("departements"):
        assert centre.departements.exists(), centre
        assert centre.is_published
    caribe = Centre.objects.get(slug="ville-caraibe")
    assert caribe.phone == "+596596686452"
    assert caribe.departements.get().code == "972"
    assert Centre.objects.get(slug="reso-villes").departements.count() == 9
    assert set(
        Centre.objects.get(slug="villes-et-territoires-occitanie").departements.values_list(
            "code", flat=True
        )
    ) == {"11", "30", "34", "48", "66"}


def test_importing_the_directory_twice_changes_nothing(capsys):
    call_command("import_centres", str(DIRECTORY))
    before = list(Centre.objects.order_by("pk").values())
    capsys.readouterr()
    call_command("import_centres", str(DIRECTORY))
    assert "Aucun centre créé, aucun centre modifié, 19 centres inchangés." in (
        capsys.readouterr().out
    )
    assert list(Centre.objects.order_by("pk").values()) == before


def test_if_empty_keeps_local_edits(make_centre, capsys):
    make_centre(name="Modifié localement")
    call_command("import_centres", str(DIRECTORY), "--if-empty")
    assert Centre.objects.count() == 1
    assert "rien n’est importé" in capsys.readouterr().out


def test_dry_run_saves_nothing(tmp_path, capsys):
    call_command("import_centres", str(write_csv(tmp_path / "a.csv", [valid_row()])), "--dry-run")
    assert "Rien n’est encore enregistré\u00a0; l’import donnerait\u00a0: 1 centre créé" in (
        capsys.readouterr().out
    )
    assert not Centre.objects.exists()


def test_invalid_file_changes_nothing_and_names_line_column_and_reason(tmp_path, capsys):
    path = write_csv(
        tmp_path / "bad.csv",
        [
            valid_row(),
            valid_row(identifiant="centre-b", nom="Centre B", telephone="pas un numéro"),
            valid_row(identifiant="centre-c", nom="Centre C", departements="99"),
            valid_row(identifiant="centre-d", nom=""),
        ],
    )
    with pytest.raises(CommandError, match="aucune modification"):
        call_command("import_centres", str(path))
    err = capsys.readouterr().err
    assert "ligne 3, colonne « telephone »" in err
    assert "numéro de téléphone valide" in err
    assert "ligne 4, colonne « departements »" in err
    assert "Code de département inconnu : 99" in err
    assert "ligne 5, colonne « nom »" in err
    assert not Centre.objects.exists()


def test_duplicate_identifiant_and_unknown_header_are_errors(tmp_path, capsys):
    path = write_csv(tmp_path / "dup.csv", [valid_row(), valid_row()])
    with pytest.raises(CommandError):
        call_command("import_centres", str(path))
    assert "figure déjà ligne 2" in capsys.readouterr().err

    path = write_csv(tmp_path / "hdr.csv", [valid_row()], headers=(*COLUMNS, "fax"))
    with pytest.raises(CommandError):
        call_command("import_centres", str(path))
    assert "colonnes inconnues : fax" in capsys.readouterr().err
    assert not Centre.objects.exists()


def test_missing_or_empty_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="Impossible de lire"):
        call_command("import_centres", str(tmp_path / "absent.csv"))
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(CommandError, match="vide"):
        call_command("import_centres", str(tmp_path / "empty.csv"))


def test_french_excel_file_through_the_command(tmp_path, capsys):
    header = ";".join(COLUMNS)
    cells = dict.fromkeys(COLUMNS, "")
    cells.update(
        identifiant="ville-caraibe",
        nom="Ville Caraïbe",
        departements="972",
        telephone="0596 68 64 52",
        publie="oui",
        description="Centre de ressources de la Martinique ; « île »",
    )
    line = ";".join(f'"{cells[c]}"' for c in COLUMNS)
    path = tmp_path / "excel.csv"
    path.write_bytes(f"{header}\r\n{line}\r\n".encode("cp1252"))
    call_command("import_centres", str(path))
    centre = Centre.objects.get()
    assert centre.name == "Ville Caraïbe"
    assert centre.description == "Centre de ressources de la Martinique ; « île »"
    assert centre.phone == "+596596686452"


def test_command_exit_codes(tmp_path, capsys, monkeypatch):
    from django.core.management import execute_from_command_line
    from django.db import connections

    # run_from_argv closes the connections when it ends, which would end the test's transaction.
    monkeypatch.setattr(connections, "close_all", lambda: None)

    good = write_csv(tmp_path / "good.csv", [valid_row()])
    bad = write_csv(tmp_path / "bad.csv", [valid_row(telephone="faux")])
    (tmp_path / "fake.csv").write_bytes(b"%PDF-1.5 binary")
    for path, code in ((bad, 1), (tmp_path / "fake.csv", 1), (tmp_path / "none.csv", 1)):
        with pytest.raises(SystemExit) as exit_info:
            execute_from_command_line(["manage.py", "import_centres", str(path)])
        assert exit_info.value.code == code
    assert "PDF" in capsys.readouterr().err
    assert not Centre.objects.exists()
    execute_from_command_line(["manage.py", "import_centres", str(good)])  # exits 0: no raise
    assert Centre.objects.count() == 1
    with pytest.raises(SystemExit) as exit_info:
        execute_from_command_line(["manage.py", "export_centres", "--format", "xls"])
    assert exit_info.value.code == 2  # argparse: not one of the formats
