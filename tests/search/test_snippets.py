from search.index import highlight, snippet

LONG = (
    "Le contrat de ville réunit l’État, les collectivités et leurs partenaires autour "
    "d’un projet pour les habitants. "
    * 6
    + "Les Quartiers prioritaires bénéficient de crédits spécifiques. "
    + "La participation des habitants passe par les conseils citoyens. " * 6
)


def test_words_found_by_term_are_marked_as_written():
    html = snippet("La rénovation des QUARTIERS et du quartier.", "quartiers renovation")
    assert html == (
        "La <mark>rénovation</mark> des <mark>QUARTIERS</mark> et du <mark>quartier</mark>."
    )


def test_text_and_marks_are_escaped():
    html = snippet('<script>alert("x")</script> & <b>quartiers</b>', "quartier script")
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;<mark>script</mark>&gt;" in html
    assert "&amp;" in html and "&quot;x&quot;" in html
    assert "&lt;b&gt;<mark>quartiers</mark>&lt;/b&gt;" in html


def test_the_passage_is_around_the_first_word_found_cut_between_words():
    html = str(snippet(LONG, "quartier", length=120))
    assert html.startswith("… ") and html.endswith(" …")
    assert "<mark>Quartiers</mark>" in html
    inner = html[2:-2].replace("<mark>", "").replace("</mark>", "")
    assert len(inner) <= 120
    # Whole words only: the passage is a piece of the text that starts and ends at spaces.
    position = LONG.find(inner)
    assert position > 0
    assert LONG[position - 1] == " " and LONG[position + len(inner)] == " "


def test_without_a_word_found_the_start_of_the_text():
    html = str(snippet(LONG, "ornithorynque", length=60))
    assert html.startswith("Le contrat de ville") and html.endswith(" …")
    assert "<mark>" not in html


def test_short_text_is_whole_and_whitespace_collapsed():
    assert snippet("Une  ligne\n\net   une autre.", "ligne") == (
        "Une <mark>ligne</mark> et une autre."
    )


def test_empty_inputs():
    assert snippet("", "quartier") == ""
    assert snippet(None, "") == ""
    assert highlight("", "quartier") == ""


def test_highlight_marks_a_title_whole():
    assert highlight("Politique de la ville & quartiers", "quartier") == (
        "Politique de la ville &amp; <mark>quartiers</mark>"
    )
