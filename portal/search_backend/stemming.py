"""Simple suffix stripping of query words in Finnish, Swedish and English, for the
SQLite backend, which has no stemmer for them: what is left of a word is matched as the
beginning of the indexed words."""

import dataclasses
import re


@dataclasses.dataclass(frozen=True)
class SuffixRules:
    """Endings removed from the end of a query word in passes: each pass removes at
    most one of its endings (space-separated, the longest that fits); the stem keeps at
    least `min_stem` letters."""

    passes: tuple[str, ...]
    min_stem: int = 4
    # An ending removed only after one of these letters (Swedish genitive s).
    preceded_by: dict[str, str] = dataclasses.field(default_factory=dict)
    undouble: bool = False  # "programm" -> "program" (Swedish "programmet")

    def stem(self, word: str) -> str:
        for endings in self.passes:
            for ending in sorted(endings.split(), key=len, reverse=True):
                if self._removes(word, ending):
                    word = word[: -len(ending)]
                    break
        if (
            self.undouble
            and len(word) > self.min_stem
            and word[-1] == word[-2]
            and word[-1] not in "aeiouyåäö"
        ):
            word = word[:-1]
        return word

    def _removes(self, word: str, ending: str) -> bool:
        stem = word[: -len(ending)]
        if not word.endswith(ending) or _letters(stem) < self.min_stem:
            return False
        return ending not in self.preceded_by or stem[-1] in self.preceded_by[ending]


def _letters(text: str) -> int:
    return sum(1 for char in text if char.isalpha())


FINNISH = SuffixRules(
    passes=(
        # Clitics.
        "kin kaan kään ko kö han hän pa pä",
        # Possessive suffixes.
        "ni si nsa nsä mme nne",
        # Case endings, in the singular and after the plural i/j.
        "ssa ssä sta stä lla llä lta ltä lle ksi na nä tta ttä ineen seen"
        " hin han hen hon hun hyn hän hön n t a ä issa issä ista istä illa illä"
        " ilta iltä ille iksi ina inä iin ja jä ita itä iden itten ien jen den"
        " tten in",
        # The stem's last vowel, which changes with the ending (ohjelma, ohjelmi-),
        # or the long vowel before an illative n (ohjelmaan).
        "a ä e i o u y ö aa ää ee ii oo uu",
    )
)
SWEDISH = SuffixRules(
    passes=(
        # The genitive s, then the plural and definite endings.
        "s",
        "heterna hetens arnas ernas ornas andes arens anden heten heter arna erna"
        " orna ande arne aste aren ades erns ade are ern ens het ast ad en ar er"
        " or as es at et na a e",
    ),
    preceded_by={"s": "bcdfghjklmnoprtvy"},
    undouble=True,
)
ENGLISH = SuffixRules(passes=("'s s es ies y ed ing ment ments",))
RULES_BY_LANGUAGE = {"fi": FINNISH, "sv": SWEDISH, "en": ENGLISH}
_WORD_END = re.compile(r"[^\W\d_]+$")


def query_stem(word: str, language_code: str | None) -> str:
    """What is left of a query word, in lower case, once the language's inflectional
    ending is removed; a word not ending in letters stays as it is."""
    word = word.lower()
    rules = RULES_BY_LANGUAGE.get((language_code or "")[:2])
    if rules is None or not _WORD_END.search(word):
        return word
    return rules.stem(word)
