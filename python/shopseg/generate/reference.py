"""Static reference data of the demo store: geography, people, channels, devices.

Everything here is plain Python data, read once into small numpy/pyarrow
vocabularies. The store is a Paris web shop that sells across Europe (and a
little to the US); cities carry real coordinates, currencies follow the
country and are priced with the project's exchange-rate seed.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np

# Euros per unit of each currency; identical to seeds/currency_rates.csv.
EUR_PER_UNIT = {"EUR": 1.0, "USD": 0.92, "GBP": 1.17, "CHF": 1.05, "SEK": 0.088}
CURRENCIES = tuple(EUR_PER_UNIT)


@dataclass(frozen=True)
class Country:
    """One shipping country: share of the customer base and local customs."""

    code: str
    name: str
    share: float
    currency: str
    vat: float
    shipping_zone: int  # 0 = France, 1 = EU, 2 = outside the EU
    name_group: str
    languages: tuple[tuple[str, float], ...]
    email_domains: tuple[tuple[str, float], ...]
    tld: str


COUNTRIES: tuple[Country, ...] = (
    Country("FR", "France", 0.45, "EUR", 0.20, 0, "fr",
            (("fr", 0.88), ("FR", 0.07), ("en-US", 0.05)),
            (("gmail.com", 0.40), ("orange.fr", 0.12), ("hotmail.fr", 0.10), ("yahoo.fr", 0.07),
             ("free.fr", 0.07), ("outlook.fr", 0.06), ("laposte.net", 0.05), ("sfr.fr", 0.04),
             ("icloud.com", 0.09)), "fr"),
    Country("DE", "Germany", 0.10, "EUR", 0.19, 1, "de",
            (("de", 0.90), ("en-US", 0.10)),
            (("gmail.com", 0.30), ("web.de", 0.20), ("gmx.de", 0.20), ("t-online.de", 0.10),
             ("outlook.de", 0.08), ("icloud.com", 0.07), ("yahoo.de", 0.05)), "de"),
    Country("BE", "Belgium", 0.08, "EUR", 0.21, 1, "be",
            (("fr", 0.55), ("nl", 0.40), ("en-US", 0.05)),
            (("gmail.com", 0.45), ("telenet.be", 0.15), ("hotmail.com", 0.15), ("skynet.be", 0.12),
             ("icloud.com", 0.07), ("outlook.be", 0.06)), "be"),
    Country("ES", "Spain", 0.07, "EUR", 0.21, 1, "es",
            (("es", 0.92), ("en-US", 0.08)),
            (("gmail.com", 0.55), ("hotmail.es", 0.20), ("yahoo.es", 0.10), ("outlook.es", 0.08),
             ("icloud.com", 0.07)), "es"),
    Country("IT", "Italy", 0.06, "EUR", 0.22, 1, "it",
            (("it", 0.92), ("en-US", 0.08)),
            (("gmail.com", 0.45), ("libero.it", 0.18), ("hotmail.it", 0.12), ("yahoo.it", 0.10),
             ("virgilio.it", 0.08), ("icloud.com", 0.07)), "it"),
    Country("NL", "Netherlands", 0.05, "EUR", 0.21, 1, "nl",
            (("nl", 0.88), ("en-US", 0.12)),
            (("gmail.com", 0.45), ("hotmail.nl", 0.15), ("ziggo.nl", 0.12), ("outlook.com", 0.12),
             ("kpnmail.nl", 0.08), ("icloud.com", 0.08)), "nl"),
    Country("GB", "United Kingdom", 0.05, "GBP", 0.0, 2, "en",
            (("en-GB", 0.80), ("en-US", 0.20)),
            (("gmail.com", 0.40), ("hotmail.co.uk", 0.15), ("icloud.com", 0.13), ("outlook.com", 0.12),
             ("btinternet.com", 0.10), ("yahoo.co.uk", 0.10)), "co.uk"),
    Country("US", "United States", 0.04, "USD", 0.0, 2, "en",
            (("en-US", 1.0),),
            (("gmail.com", 0.55), ("yahoo.com", 0.15), ("icloud.com", 0.15), ("outlook.com", 0.10),
             ("aol.com", 0.05)), "com"),
    Country("CH", "Switzerland", 0.03, "CHF", 0.0, 2, "de",
            (("de", 0.55), ("fr", 0.35), ("it", 0.05), ("en-US", 0.05)),
            (("gmail.com", 0.45), ("bluewin.ch", 0.25), ("gmx.ch", 0.12), ("icloud.com", 0.10),
             ("hotmail.ch", 0.08)), "ch"),
    Country("SE", "Sweden", 0.02, "SEK", 0.25, 1, "sv",
            (("sv", 0.60), ("en-US", 0.40)),
            (("gmail.com", 0.50), ("hotmail.se", 0.20), ("outlook.com", 0.12), ("icloud.com", 0.10),
             ("telia.com", 0.08)), "se"),
    Country("AT", "Austria", 0.015, "EUR", 0.20, 1, "de",
            (("de", 0.95), ("en-US", 0.05)),
            (("gmail.com", 0.45), ("gmx.at", 0.25), ("aon.at", 0.10), ("outlook.com", 0.10),
             ("icloud.com", 0.10)), "at"),
    Country("PT", "Portugal", 0.015, "EUR", 0.23, 1, "pt",
            (("pt", 0.85), ("en-US", 0.15)),
            (("gmail.com", 0.55), ("sapo.pt", 0.20), ("hotmail.com", 0.15), ("outlook.pt", 0.10)), "pt"),
    Country("IE", "Ireland", 0.01, "EUR", 0.23, 1, "en",
            (("en-GB", 0.60), ("en-US", 0.40)),
            (("gmail.com", 0.50), ("hotmail.com", 0.20), ("eircom.net", 0.15), ("icloud.com", 0.15)), "ie"),
    Country("LU", "Luxembourg", 0.01, "EUR", 0.17, 1, "fr",
            (("fr", 0.60), ("de", 0.30), ("en-US", 0.10)),
            (("gmail.com", 0.50), ("pt.lu", 0.20), ("hotmail.com", 0.15), ("icloud.com", 0.15)), "lu"),
)
COUNTRY_CODES = tuple(c.code for c in COUNTRIES)
# Countries whose English name may replace the ISO code in dirty rows.
NAMED_COUNTRIES = ("FR", "DE", "BE", "ES", "IT", "NL", "GB", "US", "CH", "SE")


@dataclass(frozen=True)
class City:
    """A real city with its region, coordinates and a few real postal codes."""

    country: str
    name: str
    region: str
    lat: float
    lon: float
    weight: float
    postal_codes: tuple[str, ...]


def _codes(*codes: str | int, width: int = 5) -> tuple[str, ...]:
    return tuple(c if isinstance(c, str) else str(c).zfill(width) for c in codes)


CITIES: tuple[City, ...] = (
    City("FR", "Paris", "Île-de-France", 48.8566, 2.3522, 30, _codes(*range(75001, 75021))),
    City("FR", "Boulogne-Billancourt", "Île-de-France", 48.8397, 2.2399, 3, _codes(92100)),
    City("FR", "Saint-Denis", "Île-de-France", 48.9362, 2.3574, 2, _codes(93200)),
    City("FR", "Versailles", "Île-de-France", 48.8049, 2.1204, 2, _codes(78000)),
    City("FR", "Montreuil", "Île-de-France", 48.8638, 2.4485, 2, _codes(93100)),
    City("FR", "Nanterre", "Île-de-France", 48.8924, 2.2071, 2, _codes(92000)),
    City("FR", "Créteil", "Île-de-France", 48.7904, 2.4556, 1.5, _codes(94000)),
    City("FR", "Lyon", "Auvergne-Rhône-Alpes", 45.7640, 4.8357, 8, _codes(*range(69001, 69010))),
    City("FR", "Marseille", "Provence-Alpes-Côte d'Azur", 43.2965, 5.3698, 7, _codes(*range(13001, 13017))),
    City("FR", "Toulouse", "Occitanie", 43.6047, 1.4442, 5, _codes(31000, 31100, 31200, 31300, 31400, 31500)),
    City("FR", "Nice", "Provence-Alpes-Côte d'Azur", 43.7102, 7.2620, 4, _codes(6000, 6100, 6200, 6300)),
    City("FR", "Nantes", "Pays de la Loire", 47.2184, -1.5536, 4, _codes(44000, 44100, 44200, 44300)),
    City("FR", "Strasbourg", "Grand Est", 48.5734, 7.7521, 3.5, _codes(67000, 67100, 67200)),
    City("FR", "Montpellier", "Occitanie", 43.6108, 3.8767, 3.5, _codes(34000, 34070, 34080, 34090)),
    City("FR", "Bordeaux", "Nouvelle-Aquitaine", 44.8378, -0.5792, 4, _codes(33000, 33100, 33200, 33300, 33800)),
    City("FR", "Lille", "Hauts-de-France", 50.6292, 3.0573, 4, _codes(59000, 59160, 59260, 59800)),
    City("FR", "Rennes", "Bretagne", 48.1173, -1.6778, 3, _codes(35000, 35200, 35700)),
    City("FR", "Reims", "Grand Est", 49.2583, 4.0317, 2, _codes(51100)),
    City("FR", "Grenoble", "Auvergne-Rhône-Alpes", 45.1885, 5.7245, 2.5, _codes(38000, 38100)),
    City("FR", "Dijon", "Bourgogne-Franche-Comté", 47.3220, 5.0415, 2, _codes(21000)),
    City("FR", "Rouen", "Normandie", 49.4432, 1.0999, 2, _codes(76000, 76100)),
    City("FR", "Tours", "Centre-Val de Loire", 47.3941, 0.6848, 1.5, _codes(37000, 37100)),
    City("DE", "Berlin", "Berlin", 52.5200, 13.4050, 10, _codes(10115, 10178, 10243, 10435, 10785, 12043)),
    City("DE", "Hamburg", "Hamburg", 53.5511, 9.9937, 6, _codes(20095, 20144, 22765)),
    City("DE", "München", "Bayern", 48.1351, 11.5820, 6, _codes(80331, 80469, 80799, 81667)),
    City("DE", "Köln", "Nordrhein-Westfalen", 50.9375, 6.9603, 5, _codes(50667, 50733, 50823)),
    City("DE", "Frankfurt am Main", "Hessen", 50.1109, 8.6821, 4, _codes(60311, 60313, 60594)),
    City("DE", "Stuttgart", "Baden-Württemberg", 48.7758, 9.1829, 3, _codes(70173, 70178)),
    City("DE", "Düsseldorf", "Nordrhein-Westfalen", 51.2277, 6.7735, 3, _codes(40210, 40213)),
    City("DE", "Leipzig", "Sachsen", 51.3397, 12.3731, 2.5, _codes(4109, 4177)),
    City("BE", "Bruxelles", "Bruxelles-Capitale", 50.8503, 4.3517, 8, _codes(1000, 1050, 1060, 1180, width=4)),
    City("BE", "Antwerpen", "Vlaanderen", 51.2194, 4.4025, 5, _codes(2000, 2018, 2060, width=4)),
    City("BE", "Gent", "Vlaanderen", 51.0543, 3.7174, 4, _codes(9000, width=4)),
    City("BE", "Liège", "Wallonie", 50.6326, 5.5797, 3, _codes(4000, 4020, width=4)),
    City("BE", "Namur", "Wallonie", 50.4674, 4.8718, 2, _codes(5000, width=4)),
    City("BE", "Brugge", "Vlaanderen", 51.2093, 3.2247, 2, _codes(8000, width=4)),
    City("BE", "Charleroi", "Wallonie", 50.4108, 4.4446, 2, _codes(6000, width=4)),
    City("ES", "Madrid", "Comunidad de Madrid", 40.4168, -3.7038, 10, _codes(28001, 28004, 28010, 28013, 28045)),
    City("ES", "Barcelona", "Cataluña", 41.3874, 2.1686, 9, _codes(8001, 8007, 8010, 8015)),
    City("ES", "Valencia", "Comunitat Valenciana", 39.4699, -0.3763, 4, _codes(46001, 46002)),
    City("ES", "Sevilla", "Andalucía", 37.3891, -5.9845, 3, _codes(41001, 41004)),
    City("ES", "Bilbao", "País Vasco", 43.2630, -2.9350, 2, _codes(48001)),
    City("ES", "Málaga", "Andalucía", 36.7213, -4.4214, 2.5, _codes(29001, 29002)),
    City("IT", "Roma", "Lazio", 41.9028, 12.4964, 9, _codes(118, 184, 185, 197)),
    City("IT", "Milano", "Lombardia", 45.4642, 9.1900, 10, _codes(20121, 20122, 20144)),
    City("IT", "Napoli", "Campania", 40.8518, 14.2681, 4, _codes(80121, 80133)),
    City("IT", "Torino", "Piemonte", 45.0703, 7.6869, 4, _codes(10121, 10128)),
    City("IT", "Firenze", "Toscana", 43.7696, 11.2558, 3, _codes(50121, 50123)),
    City("IT", "Bologna", "Emilia-Romagna", 44.4949, 11.3426, 3, _codes(40121, 40126)),
    City("NL", "Amsterdam", "Noord-Holland", 52.3676, 4.9041, 10, ("1012 AB", "1016 DK", "1071 XX")),
    City("NL", "Rotterdam", "Zuid-Holland", 51.9244, 4.4777, 6, ("3011 AA", "3012 CN")),
    City("NL", "Den Haag", "Zuid-Holland", 52.0705, 4.3007, 5, ("2511 BT", "2514 EA")),
    City("NL", "Utrecht", "Utrecht", 52.0907, 5.1214, 4, ("3511 LX", "3512 JE")),
    City("NL", "Eindhoven", "Noord-Brabant", 51.4416, 5.4697, 3, ("5611 AZ",)),
    City("NL", "Groningen", "Groningen", 53.2194, 6.5665, 2, ("9711 LM",)),
    City("GB", "London", "England", 51.5072, -0.1276, 14,
         ("EC1A 1BB", "SW1A 1AA", "N1 9GU", "SE1 7PB", "W1D 3QF", "E2 7DG")),
    City("GB", "Manchester", "England", 53.4808, -2.2426, 4, ("M1 1AE", "M4 5JD")),
    City("GB", "Birmingham", "England", 52.4862, -1.8904, 3.5, ("B1 1AA", "B5 4BU")),
    City("GB", "Edinburgh", "Scotland", 55.9533, -3.1883, 3, ("EH1 1YZ", "EH3 9AA")),
    City("GB", "Bristol", "England", 51.4545, -2.5879, 2.5, ("BS1 4DJ",)),
    City("GB", "Leeds", "England", 53.8008, -1.5491, 2.5, ("LS1 4AP",)),
    City("GB", "Glasgow", "Scotland", 55.8642, -4.2518, 2, ("G1 1XQ",)),
    City("US", "New York", "NY", 40.7128, -74.0060, 10, _codes(10001, 10011, 10013, 10019)),
    City("US", "Los Angeles", "CA", 34.0522, -118.2437, 6, _codes(90012, 90026, 90036)),
    City("US", "San Francisco", "CA", 37.7749, -122.4194, 4, _codes(94103, 94110)),
    City("US", "Chicago", "IL", 41.8781, -87.6298, 4, _codes(60601, 60614)),
    City("US", "Boston", "MA", 42.3601, -71.0589, 3, _codes(2108, 2116)),
    City("US", "Miami", "FL", 25.7617, -80.1918, 2.5, _codes(33130, 33139)),
    City("US", "Seattle", "WA", 47.6062, -122.3321, 2.5, _codes(98101, 98109)),
    City("CH", "Zürich", "Zürich", 47.3769, 8.5417, 8, _codes(8001, 8004, 8032, width=4)),
    City("CH", "Genève", "Genève", 46.2044, 6.1432, 7, _codes(1201, 1204, 1207, width=4)),
    City("CH", "Basel", "Basel-Stadt", 47.5596, 7.5886, 4, _codes(4001, 4051, width=4)),
    City("CH", "Lausanne", "Vaud", 46.5197, 6.6323, 4, _codes(1003, 1004, width=4)),
    City("CH", "Bern", "Bern", 46.9480, 7.4474, 3, _codes(3011, 3013, width=4)),
    City("SE", "Stockholm", "Stockholm", 59.3293, 18.0686, 10, ("111 20", "114 35", "118 46")),
    City("SE", "Göteborg", "Västra Götaland", 57.7089, 11.9746, 5, ("411 03", "413 04")),
    City("SE", "Malmö", "Skåne", 55.6050, 13.0038, 4, ("211 20", "214 21")),
    City("SE", "Uppsala", "Uppsala", 59.8586, 17.6389, 2, ("753 10",)),
    City("AT", "Wien", "Wien", 48.2082, 16.3738, 10, _codes(1010, 1070, 1090, width=4)),
    City("AT", "Graz", "Steiermark", 47.0707, 15.4395, 3, _codes(8010, width=4)),
    City("AT", "Salzburg", "Salzburg", 47.8095, 13.0550, 2, _codes(5020, width=4)),
    City("PT", "Lisboa", "Lisboa", 38.7223, -9.1393, 8, ("1100-148", "1200-195", "1250-096")),
    City("PT", "Porto", "Porto", 41.1579, -8.6291, 5, ("4000-322", "4050-262")),
    City("IE", "Dublin", "Leinster", 53.3498, -6.2603, 10, ("D02 X285", "D08 VF8H")),
    City("IE", "Cork", "Munster", 51.8985, -8.4756, 3, ("T12 X70A",)),
    City("LU", "Luxembourg", "Luxembourg", 49.6116, 6.1319, 10, ("L-1111", "L-2449")),
    City("LU", "Esch-sur-Alzette", "Luxembourg", 49.4958, 5.9806, 3, ("L-4001",)),
)

# Name pools per name group: (female first names, male first names, last names).
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    "fr": (
        ("Marie", "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Pauline",
         "Claire", "Sophie", "Nathalie", "Isabelle", "Hélène", "Élodie", "Laura", "Anaïs", "Céline", "Lucie"),
        ("Thomas", "Nicolas", "Julien", "Maxime", "Alexandre", "Antoine", "Lucas", "Hugo", "Louis", "Pierre",
         "Romain", "Mathieu", "Guillaume", "Olivier", "Sébastien", "François", "Jérôme", "Théo", "Arthur", "Benoît"),
        ("Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
         "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
         "Morel", "Girard", "André", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Legrand"),
    ),
    "de": (
        ("Anna", "Lena", "Laura", "Julia", "Sarah", "Katharina", "Lisa", "Hannah", "Sophie", "Marie",
         "Sabine", "Claudia", "Petra", "Jana"),
        ("Lukas", "Maximilian", "Jonas", "Leon", "Felix", "Paul", "Jan", "Tobias", "Stefan", "Michael",
         "Andreas", "Thomas", "Markus", "Florian"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz",
         "Hoffmann", "Koch", "Richter", "Wolf", "Schröder", "Neumann", "Braun", "Zimmermann", "Krüger"),
    ),
    "be": (
        ("Marie", "Emma", "Louise", "Olivia", "Elise", "Lotte", "Julie", "Sarah", "Laura", "Charlotte"),
        ("Lucas", "Noah", "Louis", "Arthur", "Thomas", "Jules", "Wout", "Pieter", "Maxime", "Nicolas"),
        ("Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens", "Wouters",
         "Dubois", "Lambert", "Dupont", "Martin", "Simon"),
    ),
    "es": (
        ("María", "Lucía", "Paula", "Laura", "Marta", "Andrea", "Carmen", "Elena", "Sara", "Ana",
         "Cristina", "Isabel"),
        ("Javier", "Alejandro", "Daniel", "Pablo", "David", "Carlos", "Sergio", "Manuel", "Jorge", "Adrián",
         "Miguel", "Álvaro"),
        ("García", "Rodríguez", "González", "Fernández", "López", "Martínez", "Sánchez", "Pérez", "Gómez",
         "Martín", "Jiménez", "Ruiz", "Hernández", "Díaz", "Moreno"),
    ),
    "it": (
        ("Giulia", "Francesca", "Chiara", "Sara", "Martina", "Valentina", "Alessia", "Federica", "Elena",
         "Silvia", "Laura", "Anna"),
        ("Marco", "Alessandro", "Andrea", "Luca", "Matteo", "Francesco", "Lorenzo", "Davide", "Giuseppe",
         "Simone", "Stefano", "Paolo"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
         "Bruno", "Gallo", "Conti", "De Luca", "Costa"),
    ),
    "nl": (
        ("Emma", "Sophie", "Julia", "Lotte", "Sanne", "Anouk", "Fleur", "Eva", "Lisa", "Iris", "Femke"),
        ("Daan", "Sem", "Lucas", "Levi", "Thijs", "Bram", "Jesse", "Ruben", "Niels", "Joost", "Pieter"),
        ("de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
         "Meijer", "de Boer", "Mulder"),
    ),
    "en": (
        ("Olivia", "Emily", "Sophie", "Charlotte", "Jessica", "Hannah", "Lucy", "Emma", "Sarah", "Rachel",
         "Amelia", "Grace"),
        ("James", "Oliver", "Jack", "Harry", "William", "Thomas", "George", "Daniel", "Michael", "David",
         "Matthew", "Benjamin"),
        ("Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Johnson", "Roberts",
         "Walker", "Wright", "Thompson", "Miller", "Anderson", "Clarke"),
    ),
    "sv": (
        ("Emma", "Maja", "Elsa", "Alice", "Wilma", "Ebba", "Linnea", "Sara", "Anna", "Karin"),
        ("Erik", "Lars", "Oscar", "William", "Lucas", "Hugo", "Axel", "Anders", "Johan", "Karl"),
        ("Andersson", "Johansson", "Karlsson", "Nilsson", "Eriksson", "Larsson", "Olsson", "Persson",
         "Svensson", "Gustafsson"),
    ),
    "pt": (
        ("Maria", "Ana", "Beatriz", "Inês", "Mariana", "Sofia", "Rita", "Joana"),
        ("João", "Pedro", "Tiago", "Rui", "Miguel", "Diogo", "Rodrigo", "Nuno"),
        ("Silva", "Santos", "Ferreira", "Pereira", "Oliveira", "Costa", "Rodrigues", "Martins", "Sousa",
         "Fernandes"),
    ),
}
NAME_GROUPS = tuple(NAMES)

# Free-text gender as stores receive it, per underlying gender (female, male, other).
GENDER_TEXTS = (
    (("F", 0.40), ("female", 0.25), ("Woman", 0.10), ("Femme", 0.10), ("f", 0.05), ("Female", 0.10)),
    (("M", 0.40), ("male", 0.25), ("Man", 0.08), ("Homme", 0.12), ("m", 0.05), ("Male", 0.10)),
    (("non-binary", 0.6), ("Non-binary", 0.2), ("other", 0.2)),
)

INCOME_BANDS = (("<25k", 0.20), ("25-50k", 0.40), ("50-100k", 0.30), ("100k+", 0.10))
ACCOUNT_STATUSES = ("enabled", "disabled", "invited", "declined")
CONSENTS = ("subscribed", "not_subscribed", "unsubscribed", "pending")
CREATED_BY_APPS = ("web", "ios", "android", "pos", "import")
# E-mail providers an account may have used before its current address.
OLD_EMAIL_DOMAINS = ("wanadoo.fr", "aol.com", "hotmail.com", "yahoo.com", "club-internet.fr", "neuf.fr")

INDUSTRIES: tuple[tuple[str, float, tuple[str, ...]], ...] = (
    # (industry, share, words used to name a company of that industry)
    ("Hospitality", 0.22, ("Café", "Hôtel", "Bistro", "Restaurant")),
    ("Retail", 0.18, ("Boutique", "Épicerie", "Concept Store")),
    ("Professional Services", 0.16, ("Cabinet", "Conseil", "Bureau")),
    ("Fitness & Wellness", 0.08, ("Studio", "Club")),
    ("Beauty & Spa", 0.07, ("Institut", "Salon", "Spa")),
    ("Education", 0.05, ("École", "Académie")),
    ("Healthcare", 0.06, ("Clinique", "Pharmacie", "Cabinet Médical")),
    ("Technology", 0.10, ("Groupe", "Agence", "Studio")),
    ("Manufacturing", 0.05, ("Ateliers", "Fabrique")),
    ("Public Sector", 0.03, ("Office", "Centre")),
)
LEGAL_SUFFIXES = {
    "FR": "SAS", "DE": "GmbH", "BE": "SRL", "ES": "S.L.", "IT": "S.r.l.", "NL": "B.V.", "GB": "Ltd",
    "US": "Inc.", "CH": "AG", "SE": "AB", "AT": "GmbH", "PT": "Lda.", "IE": "Ltd", "LU": "S.à r.l.",
}

# Marketing channels. Weights are per context: acquisition (first order),
# repeat orders, browsing by known people and traffic of anonymous visitors.
CHANNELS = ("Direct", "Organic Search", "Paid Search", "Paid Social", "Organic Social", "Email",
            "Affiliates", "Referral", "Display")
ACQUISITION_MIX = (0.12, 0.24, 0.20, 0.14, 0.05, 0.03, 0.08, 0.06, 0.08)
REPEAT_MIX = (0.32, 0.18, 0.12, 0.05, 0.02, 0.22, 0.04, 0.02, 0.03)
BROWSE_MIX = (0.25, 0.20, 0.10, 0.15, 0.08, 0.12, 0.02, 0.03, 0.05)
ANONYMOUS_MIX = (0.12, 0.25, 0.14, 0.22, 0.10, 0.0, 0.02, 0.05, 0.10)
GUEST_MIX = (0.10, 0.22, 0.24, 0.16, 0.04, 0.0, 0.14, 0.04, 0.06)
# How much a customer acquired through the channel buys (rate) and spends per basket.
CHANNEL_LOYALTY = (1.2, 1.1, 1.0, 0.65, 0.9, 1.4, 0.75, 1.25, 0.6)
CHANNEL_BASKET = (1.05, 1.0, 1.15, 0.75, 0.85, 1.2, 0.8, 1.05, 0.7)
EMAIL_CHANNEL = CHANNELS.index("Email")

# (channel, utm_source, utm_medium, utm_campaign, referrer, weight within channel).
# The campaign of Email sessions is replaced by the latest newsletter sent.
TRAFFIC_SOURCES: tuple[tuple[str, str | None, str | None, str | None, str | None, float], ...] = (
    ("Direct", None, None, None, None, 1.0),
    ("Organic Search", None, None, None, "https://www.google.com/", 0.86),
    ("Organic Search", None, None, None, "https://www.bing.com/", 0.09),
    ("Organic Search", None, None, None, "https://duckduckgo.com/", 0.05),
    ("Paid Search", "google", "cpc", "brand_fr", None, 0.22),
    ("Paid Search", "google", "cpc", "brand_fr", "https://www.google.com/", 0.10),
    ("Paid Search", "google", "cpc", "generic_coffee", None, 0.14),
    ("Paid Search", "google", "cpc", "shopping_all_products", None, 0.22),
    ("Paid Search", "google", "cpc", "pmax_catalog", "https://www.google.com/", 0.12),
    ("Paid Search", "bing", "cpc", "brand_fr", None, 0.10),
    ("Paid Search", "bing", "cpc", "shopping_all_products", None, 0.10),
    ("Paid Social", "facebook", "paid_social", "prospecting_lookalike", None, 0.25),
    ("Paid Social", "facebook", "paid_social", "retargeting_cart", "https://www.facebook.com/", 0.15),
    ("Paid Social", "facebook", "paid_social", "seasonal_sale", None, 0.15),
    ("Paid Social", "instagram", "paid_social", "reels_new_collection", None, 0.30),
    ("Paid Social", "instagram", "paid_social", "retargeting_cart", None, 0.15),
    ("Organic Social", None, None, None, "https://www.facebook.com/", 0.45),
    ("Organic Social", None, None, None, "https://t.co/", 0.25),
    ("Organic Social", None, None, None, "https://www.instagram.com/", 0.30),
    ("Email", "newsletter", "email", None, None, 1.0),
    ("Affiliates", "awin", "affiliate", "cashback", None, 0.45),
    ("Affiliates", "awin", "affiliate", "voucher_codes", None, 0.35),
    ("Affiliates", "awin", "affiliate", "content_partners", None, 0.20),
    ("Referral", None, None, None, "https://www.some-blog.com/post", 0.30),
    ("Referral", None, None, None, "https://www.marmiton.org/recettes/cafe-glace", 0.20),
    ("Referral", None, None, None, "https://www.lemonde.fr/guide-achat/", 0.20),
    ("Referral", None, None, None, "https://forum.runners-paris.fr/topic/1234", 0.15),
    ("Referral", None, None, None, "https://www.journaldesfemmes.fr/beaute/", 0.15),
    ("Display", "criteo", "display", "retargeting_dynamic", None, 0.70),
    ("Display", "criteo", "display", "prospecting", None, 0.30),
)

# Landing page type per channel: home, category, product, other.
LANDING_MIX = {
    "Direct": (0.70, 0.12, 0.15, 0.03),
    "Organic Search": (0.20, 0.20, 0.45, 0.15),
    "Paid Search": (0.10, 0.30, 0.60, 0.0),
    "Paid Social": (0.05, 0.25, 0.70, 0.0),
    "Organic Social": (0.20, 0.15, 0.50, 0.15),
    "Email": (0.20, 0.70, 0.10, 0.0),
    "Affiliates": (0.15, 0.25, 0.60, 0.0),
    "Referral": (0.20, 0.10, 0.40, 0.30),
    "Display": (0.05, 0.15, 0.80, 0.0),
}

DEVICE_MIX = (0.55, 0.38, 0.07)  # mobile, desktop, tablet
# Device type as trackers write it: canonical value first, then free-text variants.
DEVICE_TEXTS = (
    (("mobile", 0.86), ("Mobile", 0.06), (" mobile ", 0.03), ("smartphone", 0.05)),
    (("desktop", 0.88), ("Desktop", 0.05), ("PC", 0.05), ("desktop ", 0.02)),
    (("tablet", 0.88), ("Tablet", 0.09), (" tablet", 0.03)),
)
OPERATING_SYSTEMS = ("iOS", "Android", "Windows", "macOS", "Linux")
OS_MIX_BY_DEVICE = (
    (0.45, 0.55, 0.0, 0.0, 0.0),
    (0.0, 0.0, 0.68, 0.27, 0.05),
    (0.60, 0.40, 0.0, 0.0, 0.0),
)
BROWSERS = ("Safari", "Chrome", "Firefox", "Edge", "Samsung Internet")
BROWSER_MIX_BY_OS = (
    (0.85, 0.15, 0.0, 0.0, 0.0),
    (0.0, 0.70, 0.08, 0.0, 0.22),
    (0.0, 0.65, 0.13, 0.22, 0.0),
    (0.55, 0.40, 0.05, 0.0, 0.0),
    (0.0, 0.50, 0.50, 0.0, 0.0),
)

INTERESTS = ("coffee", "tea", "fashion", "running", "yoga", "beauty", "skincare", "home decor", "cooking",
             "tech", "reading", "cycling", "fitness", "travel", "sustainability", "gaming")
TAGS = ("vip", "wholesale", "influencer", "staff", "newsletter_signup", "loyalty_member")


def ascii_fold(text: str) -> str:
    """Lower-case ASCII form of a name, for e-mail addresses and URL slugs."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()


def slugify(text: str) -> str:
    """URL slug: ASCII lower case words joined by hyphens."""
    folded = ascii_fold(text)
    return "-".join("".join(ch if ch.isalnum() else " " for ch in folded).split())


def normalised(weights: tuple[float, ...] | list[float]) -> np.ndarray:
    """Weights as a probability vector."""
    w = np.asarray(weights, dtype=np.float64)
    return w / w.sum()
