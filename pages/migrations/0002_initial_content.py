"""The network's first texts, written from the facts of its brochure (see shared/seeds).

Bracketed « [À compléter : …] » passages are for the network to fill in the admin.
Reversing this migration removes exactly the rows it created.
"""

import re

from django.db import migrations

# Frozen copy of pages.typography.french_spacing: migrations must not follow code changes.
_BEFORE = re.compile(r" +(?=[:;?!»])")
_AFTER = re.compile(r"« +")


def fr(text):
    return _AFTER.sub("«\u00a0", _BEFORE.sub("\u00a0", text)).strip()


HOME = {
    "title": "Les centres de ressources politique de la ville",
    "intro": (
        "Partout en France, en métropole comme en outre-mer, des centres de ressources aident "
        "les élus, les professionnels et les associations qui font vivre la politique de la "
        "ville à comprendre, se former et agir ensemble. Trouvez celui qui sert votre territoire."
    ),
    "highlights_title": "Ce que font les centres de ressources",
    "meta_description": (
        "Le réseau national des centres de ressources politique de la ville : leurs missions, "
        "le réseau et l’annuaire pour trouver le centre de votre territoire."
    ),
}

HIGHLIGHTS = [
    (
        "Réunir les acteurs",
        "Des lieux de rencontre entre les institutions et leurs partenaires, au plus près des "
        "territoires.",
    ),
    (
        "Informer et débattre",
        "Des espaces d’information, de réflexion et de débat, qui produisent des connaissances "
        "sur les quartiers et les politiques qui y sont menées.",
    ),
    (
        "Qualifier et animer des réseaux",
        "Des formations et des rencontres pour les acteurs de la politique de la ville, et des "
        "réseaux professionnels qui vivent dans la durée.",
    ),
    (
        "Capitaliser et diffuser",
        "Des expériences, des études et des méthodes rassemblées et mises à la disposition de "
        "tous.",
    ),
    (
        "Accompagner et expérimenter",
        "Selon les centres, un appui aux projets locaux, des études et des expérimentations.",
    ),
]

CENTRES_BODY = """
<h2>Ce qu’est un centre de ressources</h2>
<p>Chaque centre sert un territoire : un département, une région, une partie de région ou deux
régions. Il s’adresse à tous ceux qui conduisent la politique de la ville dans les quartiers
prioritaires : élus, services de l’État et des collectivités, associations, professionnels de
terrain. Soutenus par l’État et les collectivités territoriales, les centres ont acquis une
légitimité reconnue ; les plus anciens travaillent depuis le début des années 1990.</p>
<p>Un centre de ressources est à la fois :</p>
<ul>
<li>un <strong>lieu de rencontre</strong> entre les institutions et leurs partenaires ;</li>
<li>un <strong>espace d’information, de réflexion et de débat</strong>, qui produit de la
connaissance ;</li>
<li>un <strong>outil pour qualifier les acteurs</strong> et animer leurs réseaux ;</li>
<li>une <strong>structure qui capitalise et diffuse les ressources</strong> : expériences,
études, méthodes ;</li>
<li>selon les centres, un <strong>accompagnateur</strong> qui mène aussi des études et des
expérimentations.</li>
</ul>
<h2>Trois champs d’action</h2>
<p>Les centres travaillent sur les trois volets de la politique de la ville :</p>
<ul>
<li>la <strong>cohésion sociale</strong> ;</li>
<li>le <strong>développement économique</strong> ;</li>
<li>la <strong>rénovation urbaine</strong>.</li>
</ul>
<h2>Pourquoi travailler entre acteurs</h2>
<p>Les quartiers prioritaires et leurs habitants posent des questions complexes, que nul ne
résout seul. La politique de la ville a changé la manière de conduire l’action publique, et la
décision publique elle-même se transforme : il faut des lieux stables où prendre du recul,
donner du sens à l’action et l’ajuster aux réalités de chaque territoire.</p>
<p>Les centres offrent ces lieux. Élus, techniciens et citoyens y confrontent leurs pratiques et
leurs expériences, au-delà des frontières entre ministères et entre partenaires. Ce travail en
commun aide à dépasser les idées toutes faites et permet à chacun de mieux situer son rôle dans
l’action publique.</p>
<p><a href="/centres/">Trouver le centre de votre territoire</a></p>
"""

NETWORK_BODY = """
<h2>Un réseau animé avec l’État</h2>
<p>L’Agence nationale de la cohésion des territoires (ANCT) anime le réseau national des centres
de ressources et facilite leur accès aux informations nationales. Elle a repris ce rôle en
janvier 2020, à sa création : il revenait auparavant au Commissariat général à l’égalité des
territoires (CGET).</p>
<h2>Ce que le réseau permet</h2>
<ul>
<li>mettre des outils en commun et repérer les complémentarités entre centres ;</li>
<li>construire des analyses et des propositions communes à partir de la connaissance du
terrain ;</li>
<li>relier le national et le local : faire remonter aux décideurs les questions que rencontrent
les acteurs locaux, et aider à adapter les politiques nationales à chaque territoire ;</li>
<li>accompagner des expérimentations pour en diffuser les enseignements ;</li>
<li>prendre part aux échanges européens entre réseaux de la ville.</li>
</ul>
<p>Alors que les responsabilités publiques se partagent entre de plus en plus d’acteurs, le
réseau sert de point d’appui pour organiser et diffuser les ressources à l’échelle nationale.</p>
<h2>L’association des directeurs</h2>
<p>Depuis 2008, les directrices et directeurs des centres sont réunis dans l’association
<a href="/le-reseau/question-de-ville/">Question de Ville</a>.</p>
"""

QDV_BODY = """
<p>Question de Ville a été créée en 2008 par les directrices et directeurs des centres de
ressources politique de la ville. L’association prend part aux débats nationaux consacrés à la
politique de la ville et y fait valoir l’expérience de terrain des centres.</p>
<p>Site web et contact de l’association : [À compléter : adresse du site et adresse
électronique].</p>
"""

LEGAL_BODY = """
<h2>Éditeur du site</h2>
<p>[À compléter : nom de la structure qui édite le site, forme juridique, adresse du siège,
numéro SIREN ou RNA, téléphone, adresse électronique de contact]</p>
<h2>Directrice ou directeur de la publication</h2>
<p>[À compléter : prénom, nom et fonction]</p>
<h2>Hébergement</h2>
<p>[À compléter : nom de l’hébergeur, adresse postale, téléphone]</p>
<h2>Contenus et réutilisation</h2>
<p>Les textes de ce site sont rédigés par le réseau des centres de ressources politique de la
ville. L’annuaire des centres est publié en données ouvertes : ses formats et sa licence sont
décrits sur la page <a href="/centres/donnees-ouvertes/">Données ouvertes</a>.</p>
<h2>Liens vers d’autres sites</h2>
<p>Le site renvoie vers les sites des centres et de leurs partenaires, dont le réseau ne maîtrise
pas le contenu.</p>
<h2>Données personnelles et accessibilité</h2>
<p>Voir les pages <a href="/donnees-personnelles/">Données personnelles</a> et
<a href="/accessibilite/">Déclaration d’accessibilité</a>.</p>
"""

ACCESSIBILITY_BODY = """
<p>[À compléter : nom de la structure qui édite le site] s’engage à rendre son site internet
accessible, conformément à l’article 47 de la loi n° 2005-102 du 11 février 2005.</p>
<p>Cette déclaration d’accessibilité s’applique au portail du réseau des centres de ressources
politique de la ville : [À compléter : adresse du site].</p>
<h2>État de conformité</h2>
<p>Le site est <strong>non conforme</strong> au référentiel général d’amélioration de
l’accessibilité (RGAA), version 4.1 : il n’a pas encore fait l’objet d’un audit.</p>
<p>Il est pourtant conçu pour être accessible : navigation complète au clavier, lien d’accès
direct au contenu, lecture sur téléphone, contrastes suffisants. Ses pages sont vérifiées
automatiquement à chaque modification, mais seul un audit complet permet de déclarer un niveau de
conformité.</p>
<h2>Résultats des tests</h2>
<p>Aucun audit n’a encore été réalisé. Ses résultats et la liste des contenus non accessibles
seront publiés ici.</p>
<h2>Établissement de cette déclaration</h2>
<p>Cette déclaration a été établie le [À compléter : date].</p>
<p>Technologies utilisées pour la réalisation du site : HTML, CSS et JavaScript.</p>
<h2>Retour d’information et contact</h2>
<p>Si vous n’arrivez pas à accéder à un contenu ou à un service, signalez-le : nous vous
orienterons vers une autre solution ou vous transmettrons le contenu sous une autre forme.</p>
<ul>
<li>par courriel : [À compléter : adresse électronique] ;</li>
<li>par courrier : [À compléter : adresse postale].</li>
</ul>
<h2>Voies de recours</h2>
<p>Si vous avez signalé un défaut d’accessibilité qui vous empêche d’accéder à un contenu ou à un
service du site, et que vous n’avez pas obtenu de réponse satisfaisante, vous pouvez saisir le
Défenseur des droits :</p>
<ul>
<li>par le <a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne du Défenseur
des droits</a> ;</li>
<li>en contactant <a href="https://www.defenseurdesdroits.fr/carte-des-delegues">le délégué du
Défenseur des droits dans votre région</a> ;</li>
<li>par courrier, gratuitement et sans timbre : Défenseur des droits, Libre réponse 71120,
75342 Paris CEDEX 07.</li>
</ul>
"""

PRIVACY_BODY = """
<h2>Visiteurs</h2>
<p>Vous pouvez consulter le site et chercher un centre sans compte et sans donner aucune
information personnelle. Les recherches ne sont pas rattachées à votre identité.</p>
<h2>Cookies</h2>
<p>Le site ne dépose <strong>aucun cookie de mesure d’audience, de publicité ou de réseau
social</strong>. Seule l’équipe qui administre le site reçoit deux cookies techniques,
strictement nécessaires et donc dispensés de consentement : un cookie de session, qui garde la
connexion ouverte, et un cookie de sécurité, qui protège les formulaires contre la falsification
de requêtes.</p>
<h2>Journaux du serveur</h2>
<p>Comme tout serveur web, celui qui héberge le site enregistre des journaux techniques : adresse
IP, date et heure, page demandée, navigateur. Ils servent uniquement à la sécurité et au bon
fonctionnement du site et sont conservés [À compléter : durée de conservation, un an au plus].</p>
<h2>Comptes de l’équipe</h2>
<p>Les personnes qui mettent à jour le site ont un compte : nom d’utilisateur, nom, adresse
électronique, mot de passe (conservé sous une forme qui ne permet pas de le relire), date de
dernière connexion et historique des modifications. Ces données servent à gérer l’accès à
l’administration et à savoir qui a modifié quoi.</p>
<h2>Annuaire des centres</h2>
<p>L’annuaire publie les coordonnées professionnelles des centres : adresse, téléphone, site web
et adresse électronique de contact. Chaque centre peut les faire corriger.</p>
<h2>Vos droits</h2>
<p>Responsable du traitement : [À compléter : structure responsable et, le cas échéant, son
délégué à la protection des données].</p>
<p>Vous pouvez accéder aux données qui vous concernent, les faire rectifier ou effacer et vous
opposer à leur traitement en écrivant à : [À compléter : adresse électronique ou postale]. Si
vous estimez, après nous avoir contactés, que vos droits ne sont pas respectés, vous pouvez
adresser une réclamation à la <a href="https://www.cnil.fr/">Commission nationale de
l’informatique et des libertés (CNIL)</a>.</p>
"""

OPEN_DATA_BODY = """
<h2>Formats</h2>
<ul>
<li><strong>CSV</strong> : un tableau, une ligne par centre, à ouvrir dans un tableur ;</li>
<li><strong>JSON</strong> : pour les développeurs et les applications ;</li>
<li><strong>GeoJSON</strong> : les centres et leur position, pour les outils de
cartographie.</li>
</ul>
<p>Les fichiers décrivent les centres publiés : nom, territoire desservi, coordonnées, thèmes et
date de la dernière vérification.</p>
<h2>Licence</h2>
<p>Les données sont publiées sous la
<a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">Licence Ouverte 2.0</a>
(Etalab). Vous pouvez les copier, les modifier et les diffuser, y compris à des fins
commerciales, en mentionnant leur source (« Réseau des centres de ressources politique de la
ville ») et la date de leur dernière mise à jour.</p>
<h2>Signaler une erreur</h2>
<p>Une information est inexacte ? Écrivez au centre concerné : ses coordonnées figurent dans
<a href="/centres/">l’annuaire</a>.</p>
"""

# slug, title, intro, body, menu position, footer position, parent slug
PAGES = [
    (
        "les-centres-de-ressources",
        "Les centres de ressources",
        "Des lieux où les acteurs de la politique de la ville s’informent, se forment et "
        "travaillent ensemble, dans leur territoire.",
        CENTRES_BODY,
        1,
        None,
        None,
    ),
    (
        "le-reseau",
        "Le réseau national",
        "Les centres de ressources forment un réseau national, animé avec l’Agence nationale "
        "de la cohésion des territoires (ANCT).",
        NETWORK_BODY,
        2,
        None,
        None,
    ),
    (
        "question-de-ville",
        "Question de Ville",
        "L’association des directrices et directeurs des centres de ressources, créée en 2008.",
        QDV_BODY,
        3,
        None,
        "le-reseau",
    ),
    (
        "mentions-legales",
        "Mentions légales",
        "Qui publie ce site, qui l’héberge et comment réutiliser ses contenus.",
        LEGAL_BODY,
        None,
        1,
        None,
    ),
    (
        "accessibilite",
        "Déclaration d’accessibilité",
        "L’état d’accessibilité du portail, comment signaler un problème et vos recours.",
        ACCESSIBILITY_BODY,
        None,
        None,
        None,
    ),
    (
        "donnees-personnelles",
        "Données personnelles",
        "Ce que le site collecte, pourquoi, et comment exercer vos droits.",
        PRIVACY_BODY,
        None,
        2,
        None,
    ),
    (
        "donnees-ouvertes",
        "Données ouvertes",
        "L’annuaire des centres de ressources est ouvert : téléchargez-le, réutilisez-le et "
        "redistribuez-le librement, en citant sa source.",
        OPEN_DATA_BODY,
        None,
        None,
        None,
    ),
]


def _html(body):
    # One line per block, as the editor writes it; external links get a safe rel.
    html = fr(re.sub(r"\s*\n\s*", " ", body).replace("> <", "><"))
    return re.sub(r'(<a href="https://[^"]*")', r'\1 rel="noopener noreferrer"', html)


def create_content(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    HomePage = apps.get_model("pages", "HomePage")
    Highlight = apps.get_model("pages", "Highlight")

    created = {}
    for slug, title, intro, body, menu, footer, parent in PAGES:
        created[slug] = Page.objects.create(
            slug=slug,
            title=fr(title),
            intro=fr(intro),
            body=_html(body),
            status="published",
            menu_position=menu,
            footer_position=footer,
            parent=created.get(parent),
        )
    home = HomePage.objects.create(
        pk=1,
        accessibility_page=created["accessibilite"],
        **{name: fr(value) for name, value in HOME.items()},
    )
    for position, (title, text) in enumerate(HIGHLIGHTS, start=1):
        Highlight.objects.create(home=home, title=fr(title), text=fr(text), position=position)


def remove_content(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    HomePage = apps.get_model("pages", "HomePage")
    HomePage.objects.filter(pk=1).delete()  # its highlights go with it
    slugs = [slug for slug, *_ in PAGES]
    # Sub-pages first: a parent is protected while it has children.
    Page.objects.filter(slug__in=slugs, parent__isnull=False).delete()
    Page.objects.filter(slug__in=slugs).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_content, remove_content)]
