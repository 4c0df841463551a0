"""``{% link %}``: the address of a fixed URL name, reversed once per process."""

from django.template import Context, Template
from django.urls import reverse, set_script_prefix

from crpv.templatetags import links


def draw(source):
    return Template("{% load links %}" + source).render(Context())


def test_link_gives_the_same_address_as_url():
    assert draw("{% link 'centres:list' %}") == reverse("centres:list")
    assert draw("{% link 'centres:export' 'csv' %}") == reverse("centres:export", args=["csv"])


def test_link_reverses_each_address_once(monkeypatch):
    links._reverse.cache_clear()
    calls = []
    real = links.reverse
    monkeypatch.setattr(links, "reverse", lambda *a, **k: calls.append(a) or real(*a, **k))
    for _ in range(3):
        draw("{% link 'centres:open_data' %}")
    assert len(calls) == 1


def test_link_follows_the_script_prefix():
    # Behind a proxy that mounts the site under a path, the prefix is part of the address.
    draw("{% link 'centres:list' %}")  # remembered under the prefix "/"
    set_script_prefix("/portail/")
    try:
        assert draw("{% link 'centres:list' %}") == "/portail/centres/"
    finally:
        set_script_prefix("/")
        links._reverse.cache_clear()
