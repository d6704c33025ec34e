"""A deterministic synthetic biography in trotsky-site's content format, of any number of pages.

The same seed and size give the same bytes. The pages are returned as `Spec` values too, so
that `peers.py` can lay the same text out for Pelican, MkDocs and Hugo.
"""
from __future__ import annotations

import datetime
import json
import random
from dataclasses import dataclass, field
from pathlib import Path

FIRST = ("Anton Boris Dmitri Fyodor Grigory Ivan Kliment Lev Maxim Mikhail Nikolai Pavel Sergei Vladimir Yakov "
         "Adolph Alexander Andrei Arkady Avel Felix Georgy Karl Leonid Lazar Nadezhda Natalia Alexandra Inessa "
         "Larisa Maria Olga Vera Yelena Zinaida Angelica Rosa Clara Yevgenia Galina Anna Ekaterina Lydia Sofia "
         "Viktor Yuri Oleg Konstantin Timofei Semyon Stepan Filipp Matvei Ilya Yevgeny Vasily Pyotr Alexei").split()
LAST = ("Abramov Belov Bogdanov Chernov Danilov Dybenko Frolov Gusev Ivanov Kalinin Kamenev Karpov Kirov Kozlov "
        "Krylov Lebedev Lunin Makarov Markin Morozov Nikitin Novikov Orlov Pavlov Petrov Popov Rakov Rykov Savin "
        "Semenov Smirnov Sokolov Sorokin Stepanov Tarasov Titov Ulyanov Vasin Volkov Voronin Yakovlev Zaitsev "
        "Zhukov Antonov Baranov Bykov Chekalin Denisov Fedorov Gromov Ilyin Klimov Kuzmin Lavrov Medvedev "
        "Mironov Nazarov Osipov Panin Rodin Rudnev Sidorov Timofeev Ushakov Vlasov Yermakov Zimin Agapov Bazhenov "
        "Vorobyov Gavrilov Dementyev Yefimov Zuev Ignatov Kovalev Loginov Maslov Nesterov Ovchinnikov Prokhorov "
        "Rybakov Sazonov Tikhonov Fomin Khokhlov Tsvetkov Chistyakov Sharov Shchukin Yudin Yashin Blinov Vinogradov").split()
PLACES = ("Moscow Petrograd Kiev Odessa Tiflis Baku Kazan Samara Saratov Tsaritsyn Kharkov Minsk Vilna Riga Warsaw "
          "Vienna Zurich Paris Berlin London Prague Istanbul Oslo Mexico-City Alma-Ata Yanovka Nikolaev").split()
WORDS = ("the revolution party congress committee faction opposition army front war peace treaty soviet workers "
         "peasants grain railway telegram decree resolution debate leader exile prison winter spring summer autumn "
         "letter article pamphlet newspaper editor delegate vote majority minority line policy strategy tactic "
         "crisis famine harvest factory strike uprising garrison fleet sailors regiment commissar tribunal trial "
         "archive memoir speech meeting plenum session congress rival ally friend enemy city province border "
         "station train journey return departure arrival report report agreement split programme theory").split()
ADJECTIVES = ("red white united central northern southern provisional revolutionary workers' peasant socialist "
              "democratic national international military economic literary").split()
NOUNS = ("committee union league council bureau society group federation circle commission academy press "
         "association party school fund").split()
TOPIC_HEADS = ("question problem debate doctrine policy crisis campaign affair programme controversy reform "
               "movement theory platform").split()
CYR = dict(zip("abcdefghijklmnopqrstuvwxyz", "абцдефгхийклмнопкрстувшксз"))
KINDS = {"chapter": "chapters", "person": "people", "topic": "topics", "organisation": "organisations"}


@dataclass
class Spec:
    kind: str
    id: str
    title: str
    summary: str
    front: dict = field(default_factory=dict)
    body: str = ""
    headings: list = field(default_factory=list)

    @property
    def path(self) -> str:
        return f"{KINDS[self.kind]}/{self.id}.md"


def counts(total: int) -> dict[str, int]:
    chapters = max(2, total // 50)
    people = total // 2
    organisations = total // 5
    return {"chapter": chapters, "person": people, "organisation": organisations,
            "topic": total - chapters - people - organisations}


def _unique(rng, make, taken: set, fallback: str) -> str:
    for _ in range(20):
        name = make()
        if name.casefold() not in taken:
            break
    else:
        name = f"{make()} {fallback}"
    taken.add(name.casefold())
    return name


def _slug(text: str) -> str:
    return "-".join("".join(c if c.isalnum() else " " for c in text.lower()).split())


def _day(rng, start: int, end: int) -> datetime.date:
    return datetime.date(start, 1, 1) + datetime.timedelta(days=rng.randrange((end - start) * 365))


def _date(rng, day: datetime.date) -> object:
    """Russian dates before 14 February 1918 are given in Old Style about half the time."""
    if day < datetime.date(1918, 2, 14) and rng.random() < 0.5:
        return {"os": (day - datetime.timedelta(days=13 if day.year >= 1900 else 12)).isoformat()}
    return day.isoformat()


def make_specs(total: int, seed: int = 1917) -> list[Spec]:
    rng = random.Random(seed)
    n = counts(total)
    taken: set = set()
    specs: list[Spec] = []
    for i in range(n["person"]):
        name = _unique(rng, lambda: f"{rng.choice(FIRST)} {rng.choice(LAST)}", taken, f"the {i}th")
        first, last = name.split()[0], name.split()[-1]
        born = _day(rng, 1850, 1915)
        front = {"name": name, "native_name": "".join(CYR.get(c, c) for c in name.lower()).title(),
                 "aliases": [name.replace(" ", f" {rng.choice(FIRST)}ovich ", 1)] if rng.random() < 0.5 else [],
                 "born": {**_as_map(_date(rng, born)), "place": rng.choice(PLACES)}}
        if rng.random() < 0.8:
            front["died"] = _date(rng, born + datetime.timedelta(days=rng.randrange(9000, 30000)))
        specs.append(Spec("person", _slug(name), name, f"{first} {last}, a {rng.choice(ADJECTIVES)} "
                          f"{rng.choice(NOUNS)} member from {rng.choice(PLACES)}.", front))
    for i in range(n["organisation"]):
        name = _unique(rng, lambda: f"{rng.choice(ADJECTIVES).title()} {rng.choice(NOUNS).title()} of "
                       f"{rng.choice(PLACES)}", taken, str(i))
        front = {"name": name, "founded": _date(rng, _day(rng, 1880, 1930))}
        specs.append(Spec("organisation", _slug(name), name, f"The {name.lower()}.", front))
    for i in range(n["topic"]):
        title = _unique(rng, lambda: f"The {rng.choice(WORDS)} {rng.choice(TOPIC_HEADS)}", taken, str(i))
        specs.append(Spec("topic", _slug(title), title, f"{title}, as argued at the time.", {"title": title}))
    for i in range(n["chapter"]):
        title = _unique(rng, lambda: f"{rng.choice(WORDS).title()} and {rng.choice(WORDS)}", taken, str(i))
        start = _day(rng, 1900, 1938)
        front = {"title": title, "order": i + 1,
                 "period": {"start": start.isoformat(), "end": (start + datetime.timedelta(days=400)).isoformat()}}
        specs.append(Spec("chapter", _slug(title), title, f"Chapter {i + 1}: {title.lower()}.", front))
    people = [s for s in specs if s.kind == "person"]
    cards = [s for s in specs if s.kind in ("person", "organisation")]
    for spec in specs:
        spec.headings = [f"The {rng.choice(WORDS)} {rng.choice(WORDS)} {k}" for k in range(_sections(spec, rng))]
    for spec in specs:
        _fill(spec, rng, specs, people, cards)
    return specs


def _as_map(date) -> dict:
    return date if isinstance(date, dict) else {"ns": date}


def _sections(spec: Spec, rng) -> int:
    return {"chapter": 5, "topic": 2, "organisation": 1, "person": rng.choice((0, 1, 1, 2, 2, 3))}[spec.kind]


def _sentence(rng, specs) -> str:
    """Plain words; with `specs`, cross-links to them (by id, with text, by name, to a heading) and dates."""
    words = [rng.choice(WORDS) for _ in range(rng.randrange(8, 20))]
    for _ in range(rng.choice((0, 1, 1, 2)) if specs else 0):
        target = rng.choice(specs)
        style = rng.random()
        if style < 0.6:
            link = f"[[{target.id}]]"
        elif style < 0.85:
            link = f"[[{target.id}|{rng.choice(WORDS)} {rng.choice(WORDS)}]]"
        elif style < 0.95 or not target.headings:
            link = f"[[{target.title}]]"
        else:
            link = f"[[{target.id}#{_slug(rng.choice(target.headings))}]]"
        words.insert(rng.randrange(len(words)), link)
    if specs and rng.random() < 0.05:
        day = _day(rng, 1905, 1917)
        words.append(f"on [[{day.isoformat()} O.S.]]")
    text = " ".join(words) + "."
    return text[0].upper() + text[1:]


def _paragraph(rng, specs) -> str:
    return " ".join(_sentence(rng, specs) for _ in range(rng.randrange(3, 6)))


def _fill(spec: Spec, rng, specs, people, cards) -> None:
    if spec.kind == "person":
        spec.front["relations"] = [{"person": p.id, "type": rng.choice(("ally", "opponent", "friend", "rival"))}
                                   for p in rng.sample(people, 2) if p is not spec]
        spec.front["roles"] = [{"title": f"Member of the {rng.choice(NOUNS)}", "from": rng.randrange(1900, 1930)}]
        if not spec.headings and rng.random() < 0.2:
            return   # a stub: nothing links to its headings, for it has none
    if spec.kind == "chapter":
        spec.front["events"] = [{"date": _date(rng, _day(rng, 1905, 1938)), "title": _sentence(rng, [])[:-1],
                                 "people": [p.id for p in rng.sample(people, 2)], "place": rng.choice(PLACES)}
                                for _ in range(rng.randrange(3, 7))]
    parts = [_paragraph(rng, specs)]
    for heading in spec.headings:
        parts.append(f"## {heading}")
        for k in range(3 if spec.kind == "chapter" else rng.randrange(1, 3)):
            parts.append(_paragraph(rng, specs))
            if spec.kind in ("chapter", "topic") and rng.random() < 0.2:
                parts.append(f"![[{rng.choice(cards).id}]]")
    if rng.random() < 0.3 and not parts[-1].startswith("!"):
        parts[-1] += "[^1]"
        parts.append(f"[^1]: {_sentence(rng, [])}")
    if spec.kind == "topic" and rng.random() < 0.3:
        parts.append("| Year | Event |\n| --- | --- |\n" + "\n".join(
            f"| {1900 + k} | {_sentence(rng, [])} |" for k in range(3)))
    spec.body = "\n\n".join(parts) + "\n"


def _yaml(value) -> str:
    """Flow-style YAML through JSON, which YAML reads the same; keys stay bare."""
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_yaml(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_yaml(v) for v in value) + "]"
    return str(value) if isinstance(value, int) else json.dumps(value, ensure_ascii=False)


def front_matter(spec: Spec) -> str:
    data = {**spec.front, "summary": spec.summary}
    lines = [f"{key}: {_yaml(value)}" for key, value in data.items() if value not in ([], None)]
    return "---\n" + "\n".join(lines) + "\n---\n"


SITE_YML = ("title: A synthetic biography\nsubtitle: Benchmark corpus\nauthor: benchmarks/corpus.py\n"
            "language: en\nbase_url: /\nlicence: Generated text\ndate_style: ns_first\n"
            "description: A deterministic corpus for timing the generator.\n")


def write_content(specs: list[Spec], content: Path) -> None:
    content.mkdir(parents=True, exist_ok=True)
    (content / "site.yml").write_text(SITE_YML, encoding="utf-8")
    for folder in KINDS.values():
        (content / folder).mkdir(exist_ok=True)
    for spec in specs:
        (content / spec.path).write_text(front_matter(spec) + spec.body, encoding="utf-8")


def edit_one_page(content: Path, specs: list[Spec], run: int) -> Path:
    """Appends a sentence to one page's body (a different sentence every run), as an author would."""
    people = [s for s in specs if s.kind == "person" and s.body]
    path = content / people[len(people) // 2].path
    path.write_text(path.read_text(encoding="utf-8") + f"\nAn added sentence, edit number {run}.\n",
                    encoding="utf-8")
    return path


if __name__ == "__main__":
    import sys
    size = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(__file__).parent / "work" / f"corpus-{size}" / "content"
    write_content(make_specs(size), out)
    print(f"wrote {size} pages to {out}")
