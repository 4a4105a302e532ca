"""A French evaluation set for personal-data detection, in the register of workplace messages.

Generated reproducibly (seeded) from the templates below, written for this project: e-mails,
chat lines and HR notes with people's names (with and without titles), postal addresses,
French phone numbers, NIR (numéro de sécurité sociale, valid key), IBAN (valid check digits),
e-mail addresses, health and trade-union terms. Every name, number and address is invented.
Output: the format of presidio-research's synthetic dataset (``full_text``, ``spans`` with
``entity_type``, ``entity_value``, ``start_position``, ``end_position``, ``template_id``) plus
``language: "fr"``, so ``pii_eval.py`` scores it the same way. Usage:

    .venv/bin/python benchmarks/pii_fr_data.py [--sentences 600] [--seed 11] [--output PATH]
    .venv/bin/python benchmarks/pii_eval.py --data benchmarks/data/pii_fr_eval.json \\
        --language fr --output benchmarks/results/pii_eval_fr.md
"""

from __future__ import annotations

import argparse
import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

OUTPUT = Path(__file__).parent / "data" / "pii_fr_eval.json"

FIRST = ("Camille", "Nicolas", "Élodie", "Mathieu", "Sophie", "Julien", "Aurélie", "Thomas",
         "Léa", "Maxime", "Chloé", "Antoine", "Inès", "Hugo", "Manon", "Karim", "Yasmine",
         "Baptiste", "Clémence", "Étienne", "Fatou", "Mehdi", "Anaïs", "Grégoire", "Noémie",
         "Sébastien", "Hélène", "Rémi", "Océane", "Loïc", "Aïcha", "Théo", "Margaux", "Jérôme")
LAST = ("Martin", "Bernard", "Dubois", "Lefèvre", "Moreau", "Girard", "Fontaine", "Rousseau",
        "Mercier", "Lambert", "Bonnet", "Faure", "Chevalier", "Gauthier", "Perrin", "Morel",
        "Benali", "Nguyen", "Diallo", "Da Silva", "Lemaire", "Caron", "Renaud", "Brun",
        "Vasseur", "Leclerc", "Haddad", "Besnard", "Marchand", "Duval", "Le Goff", "Roussel")
TITLES = ("M.", "Mme", "Madame", "Monsieur", "Dr", "Me")
VOIES = ("rue", "avenue", "boulevard", "place", "chemin", "allée", "impasse", "quai", "route")
VOIE_NAMES = ("de la République", "Victor Hugo", "des Lilas", "du Général Leclerc", "Jean Jaurès",
              "de la Gare", "des Acacias", "Pasteur", "du Moulin", "de Verdun", "Gambetta",
              "des Tilleuls", "Saint-Michel", "de Bretagne", "Émile Zola", "du Port")
COMMUNES = (("75011", "Paris"), ("69003", "Lyon"), ("13006", "Marseille"), ("31000", "Toulouse"),
            ("44000", "Nantes"), ("59800", "Lille"), ("35000", "Rennes"), ("67000", "Strasbourg"),
            ("33000", "Bordeaux"), ("34000", "Montpellier"), ("21000", "Dijon"),
            ("76600", "Le Havre"), ("63000", "Clermont-Ferrand"), ("29200", "Brest"),
            ("92100", "Boulogne-Billancourt"), ("94200", "Ivry-sur-Seine"))
DOMAINS = ("northwind.fr", "acme-logistique.fr", "groupe-horizon.com", "laposte.net",
           "gmail.com", "orange.fr")
HEALTH = ("arrêt maladie", "RQTH", "séropositif", "séropositive", "burn-out",
          "congé maternité", "dépression", "mi-temps thérapeutique", "rendez-vous médical",
          "accident du travail", "diabète", "hospitalisation", "grossesse", "maladie chronique",
          "certificat médical", "psychiatre")
UNION = ("délégué syndical", "déléguée syndicale", "la CGT", "la CFDT", "FO", "Sud Rail",
         "préavis de grève", "la grève", "syndicat", "section syndicale", "l'intersyndicale",
         "mandat syndical", "adhérent au syndicat", "piquet de grève")

Span = tuple[str, str]  # (entity type, text)
Piece = str | Span


def _nir(rng: random.Random) -> str:
    """A NIR with a valid key: sex, year, month, département, commune, order, 97 - n mod 97."""
    body = (f"{rng.choice('12')}{rng.randint(60, 99):02d}{rng.randint(1, 12):02d}"
            f"{rng.randint(1, 95):02d}{rng.randint(1, 999):03d}{rng.randint(1, 999):03d}")
    key = 97 - int(body) % 97
    spaced = f"{body[0]} {body[1:3]} {body[3:5]} {body[5:7]} {body[7:10]} {body[10:13]}"
    return f"{spaced} {key:02d}" if rng.random() < 0.6 else f"{body}{key:02d}"


def _iban(rng: random.Random) -> str:
    """A French IBAN with valid check digits (ISO 13616, mod 97)."""
    bban = (f"{rng.randint(10000, 99999)}{rng.randint(10000, 99999)}"
            f"{rng.randint(10**10, 10**11 - 1)}{rng.randint(10, 99)}")
    numeric = "".join(str(int(c, 36)) for c in bban + "FR00")
    check = 98 - int(numeric) % 97
    iban = f"FR{check:02d}{bban}"
    return " ".join(iban[i:i + 4] for i in range(0, len(iban), 4)) if rng.random() < 0.7 \
        else iban


def _phone(rng: random.Random) -> str:
    digits = [rng.choice("67"), *[str(rng.randint(0, 9)) for _ in range(8)]]
    if rng.random() < 0.3:
        digits[0] = rng.choice("1234")
    groups = ["0" + digits[0]] + ["".join(digits[i:i + 2]) for i in range(1, 9, 2)]
    style = rng.random()
    if style < 0.5:
        return " ".join(groups)
    if style < 0.7:
        return ".".join(groups)
    if style < 0.85:
        return "+33 " + groups[0][1] + " " + " ".join(groups[1:])
    return "".join(groups)


def _fold(text: str) -> str:
    table = str.maketrans("éèêëàâäîïôöûüùçÉÈ", "eeeeaaaiioouuucEE")
    return re.sub(r"[^a-z\-]", "", text.lower().translate(table).replace(" ", "-"))


class Filler:
    """Random values for one sentence (names reused within it)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.first = rng.choice(FIRST)
        self.last = rng.choice(LAST)
        self.first2 = rng.choice([f for f in FIRST if f != self.first])
        self.last2 = rng.choice([name for name in LAST if name != self.last])

    def person(self) -> Span:
        return ("PERSON", f"{self.first} {self.last}")

    def first_name(self) -> Span:
        return ("PERSON", self.first)

    def other(self) -> Span:
        return ("PERSON", f"{self.first2} {self.last2}")

    def titled(self) -> list[Piece]:
        return [self.rng.choice(TITLES) + " ", ("PERSON", self.last)]

    def address(self) -> Span:
        number = self.rng.randint(1, 180)
        suffix = self.rng.choice(("", "", "", " bis", " ter"))
        postcode, commune = self.rng.choice(COMMUNES)
        return ("LOCATION", f"{number}{suffix} {self.rng.choice(VOIES)} "
                            f"{self.rng.choice(VOIE_NAMES)}, {postcode} {commune}")

    def street(self) -> Span:
        return ("LOCATION", f"{self.rng.randint(1, 180)} {self.rng.choice(VOIES)} "
                            f"{self.rng.choice(VOIE_NAMES)}")

    def town(self) -> Span:
        postcode, commune = self.rng.choice(COMMUNES)
        return ("LOCATION", f"{postcode} {commune}")

    def email(self) -> Span:
        return ("EMAIL_ADDRESS", f"{_fold(self.first)}.{_fold(self.last)}@"
                                 f"{self.rng.choice(DOMAINS)}")

    def phone(self) -> Span:
        return ("PHONE_NUMBER", _phone(self.rng))

    def nir(self) -> Span:
        return ("FR_NIR", _nir(self.rng))

    def iban(self) -> Span:
        return ("IBAN_CODE", _iban(self.rng))

    def health(self) -> Span:
        return ("HEALTH", self.rng.choice(HEALTH))

    def union(self) -> list[Piece]:
        """A union term; an article ("la CGT", "l'intersyndicale") stays outside the span."""
        term = self.rng.choice(UNION)
        for article in ("la ", "l'", "le "):
            if term.startswith(article):
                return [article, ("TRADE_UNION", term[len(article):])]
        return [("TRADE_UNION", term)]


Template = Callable[[Filler], list[Any]]
#: The templates: workplace e-mails, chat lines, HR notes (each a list of text and spans).
TEMPLATES: list[Template] = [
    lambda f: ["Bonjour, pouvez-vous envoyer le contrat de ", f.person(), " à l'adresse ",
               f.address(), " ? Merci."],
    lambda f: ["Salut ", f.first_name(), ", tu peux me rappeler au ", f.phone(), " ?"],
    lambda f: ["Pour la mutuelle, mon numéro de sécurité sociale est le ", f.nir(), "."],
    lambda f: ["Voici mon RIB pour le remboursement des frais : ", f.iban(), "."],
    lambda f: ["Merci d'écrire à ", f.email(), " pour toute question sur la paie."],
    lambda f: [*f.titled(), " sera en ", f.health(), " jusqu'à la fin du mois."],
    lambda f: ["Réunion avec ", *f.union(), " jeudi à 14h en salle B, ", f.person(),
               " présidera."],
    lambda f: ["Nouvelle adresse de ", f.person(), " : ", f.address(), "."],
    lambda f: [f.person(), " a transmis sa reconnaissance ", ("HEALTH", "RQTH"),
               " au service RH."],
    lambda f: ["Je vous informe que ", f.other(), " est ", *f.union(), " depuis janvier."],
    lambda f: ["Cordialement,\n", f.person(), "\nResponsable logistique\nTél. ", f.phone()],
    lambda f: ["Le colis doit partir au ", f.street(), ", ", f.town(), " avant vendredi."],
    lambda f: ["Bonjour ", f.first_name(), ", le médecin du travail t'attend mardi pour ton ",
               f.health(), "."],
    lambda f: ["Coordonnées bancaires de ", f.person(), " : IBAN ", f.iban(), "."],
    lambda f: ["Peux-tu mettre à jour le dossier de ", f.person(), " ? Son portable est le ",
               f.phone(), " et son mail ", f.email(), "."],
    lambda f: ["Dossier de ", *f.titled(), " : NIR ", f.nir(), ", né à Lyon."],
    lambda f: ["Le planning de l'équipe est prêt, je l'envoie à ", f.other(), " ce soir."],
    lambda f: ["Attention : ", *f.union(), " a déposé un préavis pour le 12 mars."],
    lambda f: ["J'ai croisé ", f.person(), " à la cantine, elle revient de ", f.health(),
               " lundi."],
    lambda f: ["Merci de contacter ", f.other(), " au ", f.phone(), " pour l'inventaire."],
    lambda f: ["Le salarié ", f.person(), ", domicilié au ", f.address(),
               ", conteste son avertissement."],
    lambda f: ["ok pour demain, rdv devant l'entrepôt avec ", f.first_name(), " et ",
               ("PERSON", f.first2), "."],
    lambda f: ["La note de frais de ", *f.titled(), " est validée ; virement sur ", f.iban(),
               "."],
    lambda f: ["Pour info, ", f.person(), " m'a dit qu'il est ", f.health(),
               ", merci de rester discrets."],
    lambda f: ["Envoyer la convocation à ", f.email(), " et en copie à la ",
               ("TRADE_UNION", "section syndicale"), "."],
    lambda f: ["Le rapport trimestriel est en ligne, merci de le relire avant la réunion."],
    lambda f: ["Le serveur de fichiers sera coupé samedi de 8h à 12h pour maintenance."],
    lambda f: ["Bonjour à tous, la cantine ferme à 14h vendredi."],
    lambda f: ["Commande 4512 expédiée, livraison prévue sous 48h au dépôt de ",
               ("LOCATION", "Rennes"), "."],
    lambda f: ["Suite à l'entretien, ", f.person(), " rejoindra l'équipe de ", f.other(),
               " en avril."],
    lambda f: ["Je serai absent demain, ", f.health(), " ; joignable au ", f.phone(), "."],
    lambda f: ["Merci ", f.first_name(), " ! Je transmets à ", *f.titled(), " pour signature."],
    lambda f: ["L'attestation employeur de ", f.person(), " (NIR ", f.nir(),
               ") est à envoyer à la CPAM."],
    lambda f: ["Le ", *f.union(), " demande la liste des heures supplémentaires du mois."],
    lambda f: ["Adresse de livraison : ", f.address(), ", à l'attention de ", f.person(), "."],
    lambda f: ["Vous pouvez me joindre au ", f.phone(), " ou par courriel : ", f.email(), "."],
    lambda f: ["Les élections du CSE ont lieu le 3 juin ; ", *f.union(), " présente une liste."],
    lambda f: ["Le badge de ", f.person(), " ne fonctionne plus depuis lundi."],
    lambda f: ["Visite médicale de reprise pour ", *f.titled(), " après son ", f.health(),
               "."],
    lambda f: ["Merci de ne pas diffuser : ", f.other(), " est suivi par un ",
               ("HEALTH", "psychiatre"), "."],
]


def render(pieces: list[Any]) -> tuple[str, list[dict[str, Any]]]:
    """The sentence and its spans (offsets in the sentence)."""
    text = ""
    spans = []
    for piece in pieces:
        if isinstance(piece, tuple):
            kind, value = piece
            spans.append({"entity_type": kind, "entity_value": value,
                          "start_position": len(text), "end_position": len(text) + len(value)})
            text += value
        else:
            text += piece
    return text, spans


def generate(sentences: int, seed: int) -> list[dict[str, Any]]:
    """``sentences`` records, cycling through the templates with seeded values."""
    rng = random.Random(seed)
    records = []
    for i in range(sentences):
        template_id = i % len(TEMPLATES)
        text, spans = render(TEMPLATES[template_id](Filler(rng)))
        records.append({"full_text": text, "spans": spans, "template_id": template_id,
                        "language": "fr"})
    return records


def main(argv: list[str] | None = None) -> Path:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=600)
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    records = generate(args.sentences, args.seed)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(records, ensure_ascii=False, indent=1), encoding="utf-8")
    print(f"wrote {len(records)} sentences to {args.output}")
    return args.output


if __name__ == "__main__":
    main()
