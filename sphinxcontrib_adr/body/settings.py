"""The body's settings: verdicts, scales, criteria, risk statuses and style
checks (``adr_*`` values), validated once per configuration."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..core.config import PerConfig, SettingError, about, add_config_value, connect_check

if TYPE_CHECKING:
    from collections.abc import Sequence

    from sphinx.application import Sphinx
    from sphinx.config import Config


# --------------------------------------------------------------------------
# configuration

CONFIG: list[tuple[str, Any, str]] = [
    (
        "adr_verdicts",
        ["chosen", "rejected", "deferred", "considered"],
        "Verdicts an ``alternative`` may have, shown as badges (chosen, rejected and "
        "deferred get check, cross and pause marks in HTML).",
    ),
    (
        "adr_chosen_verdicts",
        ["chosen"],
        "Verdicts that mean *the decision took this option* (the ``no_chosen`` check "
        "of ``adr_style_checks`` looks for one on accepted ADRs).",
    ),
    (
        "adr_style_checks",
        [],
        "Checks of writing style, off by default because common ADR styles break them "
        'on purpose: ``"no_chosen"`` reports an accepted ADR whose alternatives have '
        "no chosen verdict (many ADRs list only the rejected options and describe the "
        "chosen one under *Decision*).",
    ),
    (
        "adr_scales",
        {
            "level": ["low", "medium", "high"],
            "quality": ["poor", "fair", "good", "excellent"],
            "score": [1, 5],
        },
        "Named rating scales: a list of words in increasing order, or ``[min, max]`` "
        "(two numbers) for a numeric range. Words match case-insensitively and by an "
        "unambiguous prefix of three letters or more (``med`` is ``medium``).",
    ),
    (
        "adr_criteria",
        {
            "complexity": ("level", "lower"),
            "cost": ("level", "lower"),
            "performance": ("quality", "higher"),
            "maintainability": ("level", "higher"),
            "scalability": ("level", "higher"),
            "simplicity": ("level", "higher"),
            "learning-value": ("level", "higher"),
            "production-readiness": ("level", "higher"),
        },
        "Criteria alternatives are rated on: name -> ``(scale, better)``, where *scale* "
        "names a scale of ``adr_scales`` and *better* says which end of it is the good "
        'one: ``"higher"``, ``"lower"`` (low cost, low complexity) or ``"none"`` '
        '(no merit, shown neutral). A bare scale name means ``"higher"``. Each '
        "criterion is an option of ``alternative`` (``:performance: good``) and a column "
        "of ``alternative-table``; its badge is green at the good end, amber in the "
        "middle, red at the bad end.",
    ),
    (
        "adr_risk_impact_scale",
        "level",
        "The ``adr_scales`` scale of a risk's ``:impact:`` (words, or an integer range).",
    ),
    (
        "adr_risk_likelihood_scale",
        "level",
        "The ``adr_scales`` scale of a risk's ``:likelihood:`` (words, or an integer range).",
    ),
    (
        "adr_risk_statuses",
        ["open", "mitigated", "accepted", "closed"],
        "Statuses a ``risk`` may have; the first is the default.",
    ),
    (
        "adr_metric_statuses",
        ["met", "partially met", "not met", "pending"],
        "Statuses a metric may have in a ``metrics`` table (leading marks such as emoji "
        "check marks are ignored, so a cell reading *[check mark] Met* is ``met``).",
    ),
    (
        "adr_consequence_kinds",
        ["positive", "negative", "neutral"],
        "Kinds of consequences; each is a label in ``consequences`` content "
        "(``Positive:``) and a ``:kind:`` value.",
    ),
]

#: options of ``alternative`` itself; every other option name must be a criterion
ALTERNATIVE_OPTIONS = ("verdict", "adr", "id")


@dataclass(frozen=True)
class Scale:
    """Words in increasing order, or a numeric ``[low, high]`` range."""

    name: str
    words: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None

    @property
    def numeric(self) -> bool:
        return not self.words

    def values(self) -> tuple[str, ...]:
        """The discrete values, low to high (integer ranges only for numbers)."""
        if self.words:
            return self.words
        assert self.low is not None and self.high is not None
        return tuple(str(n) for n in range(int(self.low), int(self.high) + 1))

    def describe(self) -> str:
        if self.words:
            return ", ".join(self.words)
        return f"a number from {_num(self.low)} to {_num(self.high)}"

    def rank(self, value: str) -> int:
        values = self.values()
        return values.index(value) if value in values else -1

    def parse(self, raw: str) -> tuple[str, str | None] | None:
        """``(value, note)`` for ``"High (delayed exports)"``; None if off the scale."""
        text = " ".join(raw.split())
        note = None
        match = re.match(r"^(.*?)\s*\((.*)\)\s*$", text)
        if match and match.group(1):
            text, note = match.group(1), " ".join(match.group(2).split()) or None
        if self.numeric:
            try:
                number = float(text)
            except ValueError:
                return None
            assert self.low is not None and self.high is not None
            if not self.low <= number <= self.high:
                return None
            return _num(number), note
        word = text.casefold()
        if word in self.words:
            return word, note
        if len(word) >= 3:
            found = [w for w in self.words if w.startswith(word)]
            if len(found) == 1:
                return found[0], note
        return None


def _num(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else str(value)


@dataclass(frozen=True)
class BodySettings:
    verdicts: tuple[str, ...]
    chosen: frozenset[str]
    #: the opt-in checks of ``adr_style_checks``
    style_checks: frozenset[str]
    criteria: dict[str, Scale]
    #: criterion -> which end of its scale is good ("higher", "lower" or "none")
    better: dict[str, str]
    impact: Scale
    likelihood: Scale
    risk_statuses: tuple[str, ...]
    metric_statuses: tuple[str, ...]
    consequence_kinds: tuple[str, ...]


def _words(name: str, value: object, allow_empty: bool = False) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple):
        raise SettingError(name, f"{name} = {value!r}: must be a list of strings")
    words = []
    for item in value:
        if not isinstance(item, str) or not item.strip():
            raise SettingError(name, f"{name} = {value!r}: {item!r} is not a non-empty string")
        words.append(" ".join(item.casefold().split()))
    if not words and not allow_empty:
        raise SettingError(name, f"{name} = {value!r}: must name at least one value")
    if len(set(words)) != len(words):
        raise SettingError(name, f"{name} = {value!r}: repeats a value")
    return tuple(words)


def _scales(value: object) -> dict[str, Scale]:
    name = "adr_scales"
    if not isinstance(value, dict):
        raise SettingError(name, f"{name} = {value!r}: must be a dict of scale name -> values")
    scales: dict[str, Scale] = {}
    for sname, spec in value.items():
        if not isinstance(sname, str):
            raise SettingError(name, f"{name}: scale name {sname!r} is not a string")
        is_range = (
            isinstance(spec, list | tuple)
            and len(spec) == 2
            and all(isinstance(x, int | float) and not isinstance(x, bool) for x in spec)
        )
        if is_range:
            low, high = float(spec[0]), float(spec[1])
            if low >= high:
                raise SettingError(
                    name, f"{name}[{sname!r}] = {spec!r}: the minimum must be below max"
                )
            scales[sname] = Scale(sname, low=low, high=high)
        else:
            with about(name):
                scales[sname] = Scale(sname, words=_words(f"{name}[{sname!r}]", spec))
    return scales


def _scale_ref(
    name: str, value: object, scales: dict[str, Scale], discrete: bool, default: bool = False
) -> Scale:
    """The scale ``value`` names; ``default``: ``name`` was left at its default, so a
    missing scale is the fault of ``adr_scales`` (which was set without it)."""
    if default and isinstance(value, str) and value not in scales:
        setting = name.split("[", 1)[0]
        raise SettingError(
            "adr_scales",
            f"adr_scales has no scale {value!r}, which the default {setting} uses; add it "
            f"to adr_scales (it holds {', '.join(map(repr, scales)) or 'none'}) or set {setting}",
        )
    if not isinstance(value, str) or value not in scales:
        raise SettingError(  # about the whole setting, whose entry the message names
            name.split("[", 1)[0],
            f"{name} = {value!r}: must name a scale of adr_scales ({list(scales)})",
        )
    scale = scales[value]
    if (
        discrete
        and scale.numeric
        and not (float(scale.low or 0).is_integer() and float(scale.high or 0).is_integer())
    ):
        raise SettingError(
            name, f"{name} = {value!r}: a risk scale needs words or an integer range"
        )
    return scale


#: the opt-in style checks of ``adr_style_checks``
STYLE_CHECKS = ("no_chosen",)

#: the ``better`` words of ``adr_criteria``
DIRECTIONS = ("higher", "lower", "none")


def _criterion_spec(cname: str, spec: object) -> tuple[object, str]:
    """``"level"`` or ``("level", "lower")`` -> (scale name, direction)."""
    if isinstance(spec, str):
        return spec, "higher"
    if (
        isinstance(spec, list | tuple)
        and len(spec) == 2
        and isinstance(spec[1], str)
        and spec[1].casefold() in DIRECTIONS
    ):
        return spec[0], spec[1].casefold()
    raise SettingError(
        "adr_criteria",
        f"adr_criteria[{cname!r}] = {spec!r}: write a scale name or (scale, better) "
        f"with better one of {', '.join(DIRECTIONS)}",
    )


def _validate(config: Config) -> BodySettings:
    """Check every body configuration value; raise ConfigError naming the bad one."""
    verdicts = _words("adr_verdicts", config.adr_verdicts)
    chosen = _words("adr_chosen_verdicts", config.adr_chosen_verdicts, allow_empty=True)
    for verdict in chosen:
        if verdict not in verdicts and config.adr_chosen_verdicts == ["chosen"]:
            raise SettingError(
                "adr_verdicts",  # the default, not written: blame what was
                f"adr_verdicts = {config.adr_verdicts!r}: must hold 'chosen' (the default "
                "adr_chosen_verdicts); add it, or set adr_chosen_verdicts to the verdicts "
                "that mean the option was taken",
            )
        if verdict not in verdicts:
            raise SettingError(
                "adr_chosen_verdicts",
                f"adr_chosen_verdicts = {config.adr_chosen_verdicts!r}: {verdict!r} is not "
                f"in adr_verdicts {list(verdicts)}",
            )
    style_checks = _words("adr_style_checks", config.adr_style_checks, allow_empty=True)
    for check in style_checks:
        if check not in STYLE_CHECKS:
            raise SettingError(
                "adr_style_checks",
                f"adr_style_checks = {config.adr_style_checks!r}: {check!r} is not a style "
                f"check; write some of {list(STYLE_CHECKS)}",
            )
    scales = _scales(config.adr_scales)
    criteria, better = _criteria(config, scales)
    return BodySettings(
        verdicts=verdicts,
        chosen=frozenset(chosen),
        style_checks=frozenset(style_checks),
        criteria=criteria,
        better=better,
        impact=_risk_scale(config, "adr_risk_impact_scale", scales),
        likelihood=_risk_scale(config, "adr_risk_likelihood_scale", scales),
        risk_statuses=_words("adr_risk_statuses", config.adr_risk_statuses),
        metric_statuses=_words("adr_metric_statuses", config.adr_metric_statuses),
        consequence_kinds=_words("adr_consequence_kinds", config.adr_consequence_kinds),
    )


def _criteria(config: Config, scales: dict[str, Scale]) -> tuple[dict[str, Scale], dict[str, str]]:
    """``adr_criteria``: each criterion's scale and which end of it is better."""
    raw_criteria = config.adr_criteria
    if not isinstance(raw_criteria, dict):
        raise SettingError(
            "adr_criteria", f"adr_criteria = {raw_criteria!r}: must be a dict of name -> scale"
        )
    criteria: dict[str, Scale] = {}
    better: dict[str, str] = {}
    for cname, spec in raw_criteria.items():
        if not isinstance(cname, str) or not re.match(r"^[a-z][a-z0-9_-]*$", cname):
            raise SettingError(
                "adr_criteria", f"adr_criteria: {cname!r} is not a valid option name (a-z, 0-9, -)"
            )
        if cname in ALTERNATIVE_OPTIONS:
            raise SettingError(
                "adr_criteria", f"adr_criteria: {cname!r} clashes with an alternative option"
            )
        sname, better[cname] = _criterion_spec(cname, spec)
        criteria[cname] = _scale_ref(
            f"adr_criteria[{cname!r}]", sname, scales, False, _is_default(config, "adr_criteria")
        )
    return criteria, better


def _risk_scale(config: Config, name: str, scales: dict[str, Scale]) -> Scale:
    return _scale_ref(name, getattr(config, name), scales, True, _is_default(config, name))


def _is_default(config: Config, name: str) -> bool:
    return bool(getattr(config, name) == next(d for n, d, _h in CONFIG if n == name))


#: the validated body settings (computed once per config object)
body_settings: PerConfig[BodySettings] = PerConfig(_validate)


def _on_config_inited(_app: Sphinx, config: Config) -> None:
    body_settings.refresh(config)


def match_word(raw: str, words: Sequence[str]) -> str | None:
    """Case-insensitive match of ``raw`` in ``words`` (leading marks like ✅ ignored)."""
    word = " ".join(re.sub(r"^[^\w]+", "", raw.strip()).casefold().split())
    return word if word in words else None


def register(app: Sphinx) -> None:
    """The body's configuration values, validated at ``config-inited``."""
    for name, default, help_text in CONFIG:
        add_config_value(app, name, default, help_text)
    connect_check(app, _on_config_inited, priority=450)
