"""French-like prose for the search benchmarks: the political-ville vocabulary drawn with a
Zipf law, stop words and rare made-up words (no Django: importable before ``django.setup``)."""

COMMON = """
quartier quartiers politique ville ville contrat urbain urbaine rénovation habitat logement
logements social sociale habitants emploi jeunes jeunesse insertion éducation école collège
réussite éducative santé prévention sécurité tranquillité publique médiation associations
association centre ressources réseau professionnels chefs projet délégués préfet élus
commune communes intercommunalité métropole département région État programme national
renouvellement urbain ANRU cohésion territoires prioritaires géographie prioritaire
participation conseils citoyens démocratie locale culture sport développement économique
commerce entreprises formation apprentissage mobilité transports égalité femmes hommes
discriminations laïcité citoyenneté parentalité familles enfants petite enfance seniors
numérique inclusion accès droits services publics maisons france gestion urbaine proximité
cadre vie espaces publics diagnostic évaluation observation données indicateurs étude guide
fiche expérience actes rencontre webinaire synthèse outil démarche méthode accompagnement
qualification acteurs partenariat financement crédits appel projets bailleurs copropriétés
dégradées rénovation énergétique transition écologique alimentation jardins partagés
""".split()
GLUE = "le la les des du de un une et en dans pour avec sur par au aux ce cette qui que".split()


def make_text(rng, rare_words, size=5000):
    """Return about ``size`` characters of French-like prose."""
    words, length = [], 0
    while length < size:
        if rng.random() < 0.35:
            word = rng.choice(GLUE)
        elif rng.random() < 0.02:
            word = rng.choice(rare_words)
        else:
            # Zipf-like: the first words of COMMON come far more often.
            word = COMMON[min(int(rng.paretovariate(1.1)) - 1, len(COMMON) - 1)]
        words.append(word)
        length += len(word) + 1
    sentences = []
    for start in range(0, len(words), 14):
        sentence = " ".join(words[start : start + 14])
        sentences.append(sentence[:1].upper() + sentence[1:] + ".")
    return " ".join(sentences)
