# ruff: noqa: E501  (messages read best on one line each)
"""Every message of the policy package, as constants that tests import.

Pack errors follow "<what> must be <expected>; got <what was found> instead. <fix>" and are
prefixed with ``file:line:`` by the loader. The finding texts, in English and French, are in
the message catalogue (``vocab/messages``: section ``policy`` for the evaluator's own texts,
section ``findings`` for the shipped packs' texts).
"""

from __future__ import annotations

# --- Pack errors -----------------------------------------------------------------------------
YAML_SYNTAX = "the file must be valid YAML; got a syntax error instead ({problem}). Check indentation and quoting near that line."
NOT_READABLE = "the policy pack must be a readable UTF-8 file; got {error} instead."
TOP_NOT_MAPPING = "a policy pack must be a YAML mapping with keys {allowed}; got {got} instead."
REQUIRED = "{what} must be present; got nothing instead. Add it."
TEXT_REQUIRED = "{what} must be present, inline as {{en, fr}} or as {msg_id!r} in the message catalogue's findings section; got neither instead. Add it to the pack."
UNKNOWN_KEY = "{what} must only use the keys {allowed}; got {key} instead.{hint}"
DID_YOU_MEAN = " Did you mean {match!r}?"
DUPLICATE_KEY = "key {key!r} must appear once in its mapping; got it twice instead. Remove one."
ONE_OF = "{what} must be one of {allowed}; got {got!r} instead."
WRONG_TYPE = "{what} must be {expected}; got {got} instead."
PATTERN = "{what} must be {expected}; got {got!r} instead."
OUT_OF_RANGE = "{what} must be an integer from {low} to {high}; got {got!r} instead."
EMPTY_LIST = "{what} must list at least one item; got an empty list instead."
DUPLICATE_ITEM = "{what} must not repeat {item!r}; got it twice instead."
NO_CONDITION = "{what} must have 'fail_when', 'warn_when' or both; got neither instead."
BAD_TEMPLATE = "{what} must be a valid str.format template; got a broken one instead ({problem}). Write literal braces as '{{{{' and '}}}}'."
BAD_PLACEHOLDER = "{what} placeholders must be value, threshold, scope, metric or a dotted fact name; got {{{name}}} instead."
DUPLICATE_RULE = "rule id {rule!r} must be unique across the loaded packs; got it a second time instead (first at {first}). Rename one of the rules."
DUPLICATE_PACK = "pack id {pack!r} must be unique across the loaded packs; got it a second time instead (first in {first}). Load each pack once."
VERSION_NOT_STRING = "{what} must be a string; got {got} instead. Quote it, e.g. version: \"1\"."

# --- Finding errors at load/evaluate time (not tied to a file) ---------------------------------
NO_POLICY_DIR = (
    "the policy folder must exist; got none at {tried} instead. Set the environment variable "
    "AI_WORK_AUDIT_POLICIES to the folder that holds the policy packs (the repository's policies/)."
)
ENV_NOT_DIR = (
    "the environment variable AI_WORK_AUDIT_POLICIES must name a folder; got {path} instead. "
    "Point it to the folder that holds the policy packs, or unset it."
)
BAD_KIND = "the audit kind must be one of {allowed}; got {got!r} instead."
BAD_LANG = "the report language must be one of {allowed}; got {got!r} instead."
NO_PACKS = "the policy folder {folder} must hold at least one pack for {kind!r}; got none instead."
