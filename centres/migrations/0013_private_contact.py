"""A staff-only contact, and the public e-mail addresses that name a person moved into it.

Open data holds no personal data: an address of the form prénom.nom@ (the Paris entry's, from
the network's brochure) is moved to ``private_contact``, which no page and no export shows.
Service addresses (contact@, accueil@, crpv.paris@…) stay public.
"""

import re

from django.db import migrations, models

PERSONAL = re.compile(r"^[a-z]+(?:-[a-z]+)?\.[a-z]+(?:-[a-z]+)?@", re.IGNORECASE)
SERVICE_WORDS = {
    "accueil", "centre", "communication", "contact", "crpv", "direction", "documentation",
    "formation", "info", "infos", "ressources", "secretariat",
}


def move_personal_addresses(apps, schema_editor):
    Centre = apps.get_model("centres", "Centre")
    for centre in Centre.objects.exclude(email=""):
        words = set(re.split(r"[.-]", centre.email.split("@")[0].lower()))
        if PERSONAL.match(centre.email) and not words & SERVICE_WORDS:
            centre.private_contact, centre.email = centre.email, ""
            centre.save(update_fields=["private_contact", "email"])


def move_back(apps, schema_editor):
    Centre = apps.get_model("centres", "Centre")
    for centre in Centre.objects.filter(email="", private_contact__contains="@"):
        if PERSONAL.match(centre.private_contact):
            centre.email, centre.private_contact = centre.private_contact, ""
            centre.save(update_fields=["private_contact", "email"])


class Migration(migrations.Migration):

    dependencies = [
        ('centres', '0012_typographic_apostrophes'),
    ]

    operations = [
        migrations.AddField(
            model_name='centre',
            name='private_contact',
            field=models.CharField(blank=True, help_text='Nom et adresse électronique d’une personne du centre. Jamais publié\xa0: ni sur le portail, ni dans les exports ou les données ouvertes.', max_length=200, verbose_name='contact nominatif (équipe seulement)'),
        ),
        migrations.AddField(
            model_name='historicalcentre',
            name='private_contact',
            field=models.CharField(blank=True, help_text='Nom et adresse électronique d’une personne du centre. Jamais publié\xa0: ni sur le portail, ni dans les exports ou les données ouvertes.', max_length=200, verbose_name='contact nominatif (équipe seulement)'),
        ),
        migrations.AlterField(
            model_name='centre',
            name='email',
            field=models.EmailField(blank=True, help_text='Adresse du centre, publiée sur le portail et dans les données ouvertes\xa0: une adresse de service (contact@…), jamais celle d’une personne.', max_length=254, verbose_name='courriel'),
        ),
        migrations.AlterField(
            model_name='historicalcentre',
            name='email',
            field=models.EmailField(blank=True, help_text='Adresse du centre, publiée sur le portail et dans les données ouvertes\xa0: une adresse de service (contact@…), jamais celle d’une personne.', max_length=254, verbose_name='courriel'),
        ),
        migrations.RunPython(move_personal_addresses, move_back),
    ]
