from crpv.text import fold


def test_fold_ignores_case_accents_hyphens_and_apostrophes():
    assert fold("Provence-Alpes-Côte d’Azur") == "provence alpes cote d azur"
    assert fold("RÉUNION") == "reunion"
    assert fold("  Saint-Denis ") == "saint denis"
    assert fold("L'Abergement-Clémenciat") == "l abergement clemenciat"
    assert fold("Œuvre") == "oeuvre"
