"""The national team's contact page (/contact/), in the footer: where a visitor writes, with
no form. Written from the facts of the network's brochure (see shared/seeds): the network is
run with the ANCT and Question de Ville; the team's addresses are not public yet, hence the
« [À compléter : …] » passages, for the network to fill in the admin (the admin's index lists
them). Reversing removes the page only if it is still as created here.
"""

import re

from django.db import migrations

# Frozen copies of pages.typography.french_spacing and of 0002's _html: migrations must not
# follow code changes.
_BEFORE = re.compile(r" +(?=[:;?!»])")
_AFTER = re.compile(r"« +")


def fr(text):
    return _AFTER.sub("«\u00a0", _BEFORE.sub("\u00a0", text)).strip()


def _html(body):
    return fr(re.sub(r"\s*\n\s*", " ", body).replace("> <", "><"))


SLUG = "contact"
TITLE = "Contact"
INTRO = (
    "Où écrire à l’équipe nationale du réseau des centres de ressources politique de la ville, "
    "et à qui poser les autres questions."
)
BODY = """
<h2>Écrire à l’équipe nationale</h2>
<p>L’équipe nationale anime le réseau avec l’Agence nationale de la cohésion des territoires
(ANCT) et l’association Question de Ville. Elle répond aux questions sur le réseau, sur ce
portail et sur ce qu’il publie.</p>
<ul>
<li>par courriel : [À compléter : adresse électronique de l’équipe nationale] ;</li>
<li>par courrier : [À compléter : adresse postale de l’équipe nationale].</li>
</ul>
<p>Le portail n’a pas de formulaire de contact : écrivez directement à ces adresses.</p>
<h2>Une question pour un centre de ressources</h2>
<p>Pour une formation, un événement, une ressource ou un appui dans votre territoire, écrivez au
centre qui le sert : ses coordonnées sont dans <a href="/centres/">l’annuaire des centres</a>.
Une information de l’annuaire est inexacte ? Écrivez au centre concerné.</p>
<h2>Un problème d’accessibilité</h2>
<p>Un contenu du site vous est inaccessible : la
<a href="/accessibilite/">déclaration d’accessibilité</a> dit comment le signaler et quels sont
vos recours.</p>
<h2>Question de Ville</h2>
<p>L’association des directrices et directeurs des centres de ressources se présente sur
<a href="/le-reseau/question-de-ville/">sa page</a>.</p>
"""
FOOTER_POSITION = 3  # after the legal notice (1) and personal data (2)


def create_page(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    if Page.objects.filter(slug=SLUG).exists():
        return  # the network made its own: keep it
    Page.objects.create(
        slug=SLUG,
        title=fr(TITLE),
        intro=fr(INTRO),
        body=_html(BODY),
        status="published",
        footer_position=FOOTER_POSITION,
    )


def remove_page(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    Page.objects.filter(slug=SLUG, body=_html(BODY)).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0004_status_help")]

    operations = [migrations.RunPython(create_page, remove_page)]
