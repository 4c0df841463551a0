"""The directory as a person uses it: search, filters, the map, the keyboard, a phone."""

import re

import pytest
from playwright.sync_api import expect


@pytest.fixture
def centres(make_centre):
    return {
        "banlieue": make_centre(
            name="Profession Banlieue",
            slug="profession-banlieue",
            departements=("93",),
            legal_form="association",
            phone="01 48 09 26 36",
        ),
        "labo": make_centre(
            name="Labo Cités", slug="labo-cites", departements=("69", "01"), legal_form="gip"
        ),
        "caraibe": make_centre(
            name="Ville Caraïbe",
            slug="ville-caraibe",
            departements=("972",),
            phone="0596 68 64 52",
            postcode="97200",
            city="Fort-de-France",
        ),
    }


def result_titles(page):
    return page.locator(".centre-list .card__title a").all_inner_texts()


def test_search_finds_the_centre_and_updates_the_url(page, centres, assert_accessible):
    page.goto("/centres/")
    assert_accessible(page)
    page.get_by_label("Trouver mon centre").fill("Fort de France")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url(re.compile(r"q=Fort\+de\+France"))
    page.locator("[data-results-count]", has_text="1 centre").wait_for()
    assert result_titles(page) == ["Ville Caraïbe"]
    page.go_back()
    page.locator("[data-results-count]", has_text="3 centres").wait_for()
    assert len(result_titles(page)) == 3


def test_territory_without_centre_is_named(page, centres):
    page.goto("/centres/?q=Corse")
    expect(page.get_by_text("Aucun centre de ressources ne sert la région Corse.")).to_be_visible()
    anct = page.get_by_role("link", name="agence-cohesion-territoires.gouv.fr").first
    expect(anct).to_be_visible()


def test_filter_updates_results_and_back_button_restores_them(page, centres):
    page.goto("/centres/")
    page.get_by_label("Métropole ou outre-mer").select_option("outre-mer")
    page.wait_for_url(re.compile(r"zone=outre-mer"))
    page.locator("[data-results-count]", has_text="1 centre").wait_for()
    assert result_titles(page) == ["Ville Caraïbe"]
    page.get_by_label("Forme juridique").select_option("association")
    page.wait_for_url(re.compile(r"forme=association"))
    page.locator(".empty-state").wait_for()
    page.go_back()
    page.locator("[data-results-count]", has_text="1 centre").wait_for()
    page.go_back()
    page.locator("[data-results-count]", has_text="3 centres").wait_for()


def test_filters_work_without_javascript(browser, live_server, centres):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/centres/")
    page.get_by_label("Forme juridique").select_option("gip")
    page.get_by_role("button", name="Filtrer", exact=True).click()
    page.wait_for_url(re.compile(r"forme=gip"))
    assert result_titles(page) == ["Labo Cités"]
    context.close()


def test_clicking_the_map_opens_the_centre(page, centres):
    page.goto("/centres/#carte")
    link = page.locator("#carte svg a", has=page.locator("title", has_text="Ville Caraïbe"))
    link.hover()
    assert page.locator("[data-map-caption]").inner_text().startswith("Ville Caraïbe")
    link.click()
    page.wait_for_url("**/centres/ville-caraibe/")
    assert page.get_by_role("heading", level=1).inner_text() == "Ville Caraïbe"


def test_the_map_can_be_used_with_the_keyboard_alone(page, centres):
    page.goto("/centres/")
    # From the last control before the map (the link to the list instead), Tab reaches the
    # map's links one centre at a time.
    page.locator(".map-section__skip a").focus()
    names = []
    for _ in range(3):
        page.keyboard.press("Tab")
        names.append(page.evaluate("document.activeElement.getAttribute('aria-label')"))
        caption = page.locator("[data-map-caption]").inner_text()
        assert caption == names[-1]
        outline = page.evaluate(
            "getComputedStyle(document.activeElement.querySelector('path')).fill"
        )
        assert outline == "rgb(255, 191, 71)"  # the focus colour: focus is visible
    assert sorted(n.split("\u00a0:")[0] for n in names) == [
        "Labo Cités",
        "Profession Banlieue",
        "Ville Caraïbe",
    ]
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/centres/[a-z-]+/$"))


def test_directory_on_a_phone(phone_page, centres, assert_accessible):
    page = phone_page
    page.goto("/centres/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, "the page scrolls sideways on a phone"
    page.get_by_label("Trouver mon centre").fill("93")
    page.get_by_role("button", name="Rechercher").tap()
    page.locator("[data-results-count]", has_text="1 centre").wait_for()
    assert result_titles(page) == ["Profession Banlieue"]
    page.locator("#carte svg a").first.tap()
    page.wait_for_url(re.compile(r"/centres/[a-z-]+/$"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_accessible(page)


def test_centre_page_and_open_data_page_are_accessible(page, centres, assert_accessible):
    page.goto("/centres/profession-banlieue/")
    assert page.get_by_role("link", name="01 48 09 26 36").get_attribute("href") == (
        "tel:+33148092636"
    )
    assert_accessible(page)
    page.goto("/centres/donnees-ouvertes/")
    # The directory's CSV (the agenda's has its own section further down).
    expect(page.locator('a[href="/centres/export.csv"]')).to_be_visible()
    assert_accessible(page)


def test_directory_prints_as_a_plain_list(page, centres):
    page.goto("/centres/")
    page.emulate_media(media="print")
    expect(page.locator("#carte")).to_be_hidden()
    expect(page.locator("#filtres")).to_be_hidden()
    expect(page.locator("form.centre-search")).to_be_hidden()
    expect(page.get_by_role("link", name="Profession Banlieue", exact=True)).to_be_visible()
    expect(page.get_by_text("01 48 09 26 36")).to_be_visible()


# Suggestions as you type (issue 13)


def test_search_box_suggests_places_and_the_keyboard_picks_one(page, centres, assert_accessible):
    page.goto("/")
    box = page.get_by_role("combobox", name="Trouver mon centre")
    expect(box).to_have_attribute("aria-expanded", "false")
    box.press_sequentially("fort de", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions de lieux")
    expect(listbox).to_be_visible()
    expect(box).to_have_attribute("aria-expanded", "true")
    expect(box).to_have_attribute("aria-controls", listbox.get_attribute("id"))
    first = listbox.get_by_role("option").first
    expect(first).to_have_text("Fort-de-France (Martinique, 972)")
    assert_accessible(page)
    box.press("ArrowDown")
    expect(first).to_have_attribute("aria-selected", "true")
    expect(box).to_have_attribute("aria-activedescendant", first.get_attribute("id"))
    expect(box).to_be_focused()  # focus stays in the box: the option is only highlighted
    box.press("Enter")
    page.wait_for_url(re.compile(r"/centres/\?q=Fort-de-France\+%28972%29"))
    page.locator("[data-results-count]", has_text="1 centre").wait_for()
    assert result_titles(page) == ["Ville Caraïbe"]


def test_escape_closes_the_suggestions_then_empties_the_box(page, centres):
    page.goto("/centres/")
    box = page.get_by_role("combobox", name="Trouver mon centre")
    box.press_sequentially("lyo", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions de lieux")
    expect(listbox).to_be_visible()
    box.press("Escape")
    expect(listbox).to_be_hidden()
    expect(box).to_have_attribute("aria-expanded", "false")
    expect(box).to_have_value("lyo")
    box.press("Escape")
    expect(box).to_have_value("")


def test_a_suggestion_picked_with_the_mouse_searches_in_the_directory(page, centres):
    page.goto("/centres/")
    box = page.get_by_role("combobox", name="Trouver mon centre")
    box.press_sequentially("seine-s", delay=30)
    page.get_by_role("listbox").get_by_role("option", name="Seine-Saint-Denis (93)").click()
    page.wait_for_url(re.compile(r"q=Seine-Saint-Denis"))
    page.locator("[data-results-count]", has_text="1 centre").wait_for()
    assert result_titles(page) == ["Profession Banlieue"]


def test_homonyms_are_offered_without_javascript(browser, live_server, centres):
    context = browser.new_context(java_script_enabled=False, base_url=live_server.url)
    page = context.new_page()
    page.goto("/")
    expect(page.get_by_role("combobox")).to_have_count(0)
    page.get_by_label("Trouver mon centre").fill("Saint-Denis")
    page.get_by_role("button", name="Rechercher").click()
    page.get_by_role("link", name="Saint-Denis (Seine-Saint-Denis, 93)").click()
    page.wait_for_url(re.compile(r"q=Saint-Denis\+%2893%29"))
    assert result_titles(page) == ["Profession Banlieue"]
    context.close()


# Map, forced colours and print (issue 13)


def test_printed_directory_has_addresses_the_date_the_source_and_its_order(page, centres):
    page.goto("/centres/")
    expect(page.get_by_text("Fort-de-France", exact=False).first).to_be_attached()
    address = page.locator(".centre-card__address")
    expect(address.first).to_be_hidden()  # on screen, the card stays short
    page.emulate_media(media="print")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    expect(page.get_by_text("97200 Fort-de-France")).to_be_visible()
    source = page.locator(".directory__print-source")
    expect(source).to_be_visible()
    expect(source).to_contain_text("/centres/")
    expect(source).to_contain_text(re.compile(r"imprimé le (1er|\d{1,2}) [a-zéû]+ 20\d\d"))
    expect(page.get_by_text("l’outre-mer en dernier")).to_be_visible()


def test_map_legend_keys_stay_distinct_in_forced_colours(page, make_centre):
    for n, codes in enumerate((("69",), ("38",), ("01",))):  # neighbours: other colours
        make_centre(name=f"Centre {n}", slug=f"centre-{n}", departements=codes)
    page.emulate_media(forced_colors="active")
    page.goto("/centres/")
    colours = page.locator(".map-list__items .map-key").evaluate_all(
        "keys => keys.map(key => getComputedStyle(key).backgroundColor)"
    )
    assert len(colours) == 3 and len(set(colours)) >= 2, colours


def test_on_a_phone_the_map_offers_its_list_with_large_enough_targets(phone_page, centres):
    page = phone_page
    page.goto("/centres/")
    skip = page.get_by_role("link", name="Choisir dans la liste des centres", exact=False)
    expect(skip).to_be_visible()
    for link in [skip, *page.locator(".map-list__items a").all()]:
        box = link.bounding_box()
        assert box["height"] >= 24, (link.inner_text(), box)
    skip.tap()
    page.wait_for_url(re.compile(r"#carte-liste$"))
