"""English and French texts of the reports, and numbers formatted per language.

Every fixed text of every report goes through :data:`MESSAGES` (message id → ``{"en", "fr"}``),
read from the catalogue ``vocab/messages/{en,fr}.yaml``; French typography (non-breaking space
before ``:``, ``;``, ``%``; decimal comma) is applied here.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime
from typing import Final, Literal, get_args

from ai_work_audit.errors import ConfigError
from ai_work_audit.vocab._messages import all_messages

Language = Literal["en", "fr"]
LANGUAGES: Final[tuple[str, ...]] = get_args(Language)

NBSP: Final = "\u00a0"
NNBSP: Final = "\u202f"  # narrow no-break space: French thousands separator and before % ; ! ?

ERR_LANG: Final = (
    "The 'lang' parameter of {func} must be one of {allowed}; got {got!r} instead. "
    "Pass lang='en' or lang='fr'."
)

MESSAGES: Final[dict[str, dict[str, str]]] = all_messages()
"""Message id → ``{"en": …, "fr": …}``, from ``vocab/messages/{en,fr}.yaml``."""


def check_language(lang: str, func: str) -> Language:
    """Return ``lang`` when supported, else raise :class:`ConfigError`."""
    if lang not in LANGUAGES:
        raise ConfigError(ERR_LANG.format(func=func, allowed=", ".join(LANGUAGES), got=lang))
    return lang  # type: ignore[return-value]


class Lang:
    """Messages and number formats of one language."""

    def __init__(self, lang: Language) -> None:
        self.code: Language = lang
        self._fr = lang == "fr"

    # --- text ---------------------------------------------------------------------------------
    def t(self, msg_id: str, /, **values: object) -> str:
        """The message ``msg_id`` in this language, with ``{name}`` fields filled in."""
        text = MESSAGES[msg_id][self.code]
        if self._fr:
            text = _french_spacing(text)
        return text.format(**values) if values else text

    @property
    def colon(self) -> str:
        """The separator between a label and its value: ": " (en) / " : " (fr)."""
        return NBSP + ": " if self._fr else ": "

    @property
    def semicolon(self) -> str:
        """The separator of list items that hold commas: "; " (en) / " ; " (fr, thin space)."""
        return NNBSP + "; " if self._fr else "; "

    # --- numbers ------------------------------------------------------------------------------
    def _decimal(self, text: str) -> str:
        """Localise a number formatted by Python's ``,`` / ``.`` conventions."""
        if not self._fr:
            return text
        return text.replace(",", NNBSP).replace(".", ",")

    def integer(self, value: int | None) -> str:
        """1,234 (en) / 1 234 (fr)."""
        if value is None:
            return self.t("value.na")
        return self._decimal(f"{value:,d}")

    def number(self, value: float | None, digits: int = 2) -> str:
        """A decimal with ``digits`` decimals: 0.25 / 0,25."""
        if value is None or not math.isfinite(value):
            return self.t("value.na")
        return self._decimal(f"{value:,.{digits}f}")

    def percent(self, value: float | None, digits: int = 1) -> str:
        """25.0% (en) / 25,0 % (fr)."""
        if value is None or not math.isfinite(value):
            return self.t("value.na")
        text = self._decimal(f"{value * 100:.{digits}f}")
        return f"{text}{NNBSP}%" if self._fr else f"{text}%"

    def share(self, value: float | None) -> str:
        """A share of a total; small shares keep enough digits to be compared with 2 %."""
        if value is not None and 0 < value < 0.1:
            return self.percent(value, 2)
        return self.percent(value, 1)

    def ratio(self, value: float | None, adverse: bool | None = None) -> str:
        """An impact ratio with 3 decimals, kept on the same side of 0.8 as the exact test.

        Rounding 0.7996 would print 0.800 beside an "adverse impact" flag; the four-fifths
        comparison is exact (29 CFR 1607.4(D)), so the printed value is clamped to 0.799 or
        0.800 when rounding would contradict ``adverse``.
        """
        if value is None or not math.isfinite(value):
            return self.t("value.na")
        shown = round(value, 3)
        if adverse is True and shown >= 0.8:
            shown = 0.799
        elif adverse is False and shown < 0.8 <= value + 1e-9:
            shown = 0.8
        return self.number(shown, 3)

    def pvalue(self, value: float | None) -> str:
        """Two significant digits; under 0.0001 printed as "< 0.0001"."""
        if value is None or not math.isfinite(value):
            return self.t("value.na")
        if value < 1e-4:
            return "< " + self._decimal("0.0001")
        if value >= 0.1:
            return self.number(value, 2)
        decimals = 1 - math.floor(math.log10(value))
        return self.number(value, decimals)

    def signed(self, value: float | None, digits: int = 2) -> str:
        """A signed statistic (z): −1.24 with a true minus sign."""
        if value is None or not math.isfinite(value):
            return self.t("value.na")
        return self.number(value, digits).replace("-", "\u2212")

    def interval(self, bounds: tuple[float, float] | None) -> str:
        """[21.0%, 29.0%] (en) / [21,0 % ; 29,0 %] (fr)."""
        if bounds is None:
            return self.t("value.na")
        lo, hi = (self.percent(b) for b in bounds)
        return f"[{lo}{NNBSP}; {hi}]" if self._fr else f"[{lo}, {hi}]"

    def date(self, iso: str) -> str:
        """An ISO-8601 timestamp as a date in words, in UTC; unparsable text is returned as is."""
        try:
            when = datetime.fromisoformat(iso)
        except (TypeError, ValueError):
            return iso
        if when.tzinfo is not None:
            when = when.astimezone(UTC)
        return self.t(
            "date.format",
            day=when.day,
            month=self.t(f"month.{when.month}"),
            year=when.year,
            time=when.strftime("%H:%M"),
        )


def _french_spacing(text: str) -> str:
    """Non-breaking spaces before ``:`` and narrow ones before ``;`` and ``%`` (French usage)."""
    return (
        text.replace(" :", NBSP + ":")
        .replace(" ;", NNBSP + ";")
        .replace(" %", NNBSP + "%")
        .replace("« ", "«" + NNBSP)
        .replace(" »", NNBSP + "»")
    )
