import json
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from centres import maps

GEOJSON = Path("/work/shared/data/geo/departements-avec-outre-mer.geojson")


def test_map_file_has_every_departement_with_insets():
    data = maps.outlines()
    assert len(data["departements"]) == 101
    assert {"2A", "2B", "971", "972", "973", "974", "976"} <= set(data["departements"])
    labels = [inset["label"] for inset in data["insets"]]
    assert labels == [
        "Paris et petite couronne",
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "La Réunion",
        "Mayotte",
    ]
    assert data["neighbours"]["69"] == ["01", "38", "42", "71"]


def test_neighbouring_centres_get_different_colours():
    groups = [["69", "01"], ["38"], ["42"], ["71"]]
    colours = maps._colours(groups, maps.outlines()["neighbours"])
    assert colours[0] not in colours[1:]
    assert len(set(colours)) >= 2


@pytest.mark.django_db
def test_centre_map_is_cropped_around_its_territory():
    whole = maps.centre_map([])
    martinique = maps.centre_map(["972"])
    assert whole["view_box"] == maps.outlines()["viewBox"]
    assert martinique["view_box"] != whole["view_box"]
    assert len(martinique["highlighted_paths"]) == 1
    assert len(martinique["other_paths"]) < 5  # the insets nearby, not all of France
    rhone = maps.centre_map(["69"])
    assert 3 < len(rhone["other_paths"]) < 30  # its neighbours, not all of France
    assert rhone["image"].startswith("data:image/svg+xml,%3Csvg%20xmlns=")
    assert " " not in rhone["image"]


@pytest.mark.skipif(not GEOJSON.exists(), reason="the shared outlines are not on this machine")
def test_build_script_regenerates_the_committed_file(tmp_path, monkeypatch):
    script = Path(settings.BASE_DIR) / "scripts" / "build_map.py"
    code = (
        "import sys, runpy, pathlib; m = runpy.run_path(sys.argv[1]);"
        "print(__import__('json').dumps(m['build'](sys.argv[2]), ensure_ascii=False,"
        " separators=(',', ':')))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, str(script), str(GEOJSON)],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert json.loads(out) == maps.outlines()


def test_the_map_is_drawn_again_only_when_what_it_shows_changes(make_centre):
    from centres.maps import map_key
    from centres.models import Departement

    centre = make_centre(name="Labo Cités", departements=("69",))
    before = map_key()
    centre.phone = "04 78 77 01 43"
    centre.save()  # a new content version, the same map
    assert map_key() == before
    centre.departements.set(Departement.objects.filter(code__in=("69", "01")))
    assert map_key() != before
