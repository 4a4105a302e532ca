"""Deterministic synthetic monitoring logs with known, planted problems (demo and tests).

The CMU CERT insider-threat data sets may not be redistributed, so these files have the same
columns instead (shared data README): ``logon.csv``, ``device.csv``, ``http.csv``,
``email.csv``, ``file.csv`` with naive month/day/year dates, plus an activity-tracker export
(``tracker.csv``) and an LDAP-style roster (``roster.csv``) with sex, age band and leave periods.
Local times are meant to be read with ``--timezone Europe/Paris``. Names are built from
syllables; every address uses the reserved ``.example`` domain; nothing describes a real person.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

TIMEZONE = "Europe/Paris"
DATE_FORMAT = "%m/%d/%Y %H:%M:%S"
DOMAIN = "northwind-logistics.example"
UNION_ADDRESS = f"cse-syndicat@{DOMAIN}"
#: The planted problem: this department is monitored far more intensely than the others.
INTENSE_DEPARTMENT = "Customer Support"
DEPARTMENTS = ("Customer Support", "Finance", "Engineering", "Sales", "Logistics",
               "Human Resources")
DEPARTMENT_WEIGHTS = (0.12, 0.14, 0.24, 0.2, 0.2, 0.1)
ROLES = ("Associate", "Analyst", "Engineer", "Coordinator", "Manager", "Technician")
START = date(2025, 3, 3)  # a Monday; four weeks cross the 30 March 2025 DST change in Paris

_FIRST = ("ma", "li", "so", "ra", "no", "ta", "be", "lu", "ka", "ve", "mi", "do", "ze", "pa")
_LAST = ("var", "mon", "tel", "bri", "cas", "dor", "len", "gau", "rin", "sel", "tho", "quin")
_WORDS = ("report", "meeting", "budget", "shipment", "invoice", "schedule", "review", "client",
          "order", "planning", "update", "draft", "warehouse", "route", "quarter", "forecast",
          "ticket", "support", "delivery", "project", "team", "agenda", "notes", "contract")
_SITES = ("intranet", "newsdaily", "weatherhub", "trackparcel", "docsportal", "travelbook",
          "techforum", "marketwatch", "recipebox", "jobsboard")
_HEALTH = ("arrêt maladie jusqu'à vendredi", "medical appointment tomorrow morning",
           "I think this is burn-out")
_UNION_TEXT = ("réunion du syndicat jeudi", "strike ballot results", "préavis de grève")
_CHAT = ("ok see you at lunch", "can you send the file", "call me back please",
         "thanks for the update")
_TRACKER_TYPES = ("screenshot", "keystroke", "idle", "productivity_score", "emotion", "webcam")
_EMOTIONS = ("calm", "stressed", "frustrated", "engaged", "bored")


def write_monitoring_data(folder: str | Path, workers: int = 300, days: int = 28, *,
                          seed: int = 2025, start: date = START) -> dict[str, Any]:
    """Write the CERT-schema CSVs, ``tracker.csv`` and ``roster.csv`` to ``folder``.

    Returns the planted facts (counts and names) that an audit of the folder must find.
    """
    if workers < 12:
        raise ValueError(f"workers must be at least 12; got {workers} instead.")
    if days < 7:
        raise ValueError(f"days must be at least 7; got {days} instead.")
    rng = np.random.default_rng(seed)
    out = Path(folder)
    out.mkdir(parents=True, exist_ok=True)
    roster = _roster(rng, workers, start, days)
    grid = _Grid(rng, roster, start, days)
    planted: dict[str, Any] = {"timezone": TIMEZONE, "workers": workers,
                               "intense_department": INTENSE_DEPARTMENT,
                               "union_address": UNION_ADDRESS}
    files = {
        "logon.csv": _users(_logon(grid), roster),
        "device.csv": _users(_device(rng, grid), roster),
        "http.csv": _http(rng, grid, roster, planted),
        "email.csv": _email(rng, grid, roster, planted),
        "file.csv": _file(rng, grid, roster, planted),
        "tracker.csv": _tracker(rng, grid, roster, planted),
    }
    rows = {}
    for name, frame in files.items():
        frame = frame.sort_values(["_ts", "user"], kind="stable").reset_index(drop=True)
        if name != "tracker.csv":
            frame.insert(0, "id", _ids(rng, len(frame)))
        stamps = pa.array(frame.pop("_ts").to_numpy(dtype="datetime64[s]"))
        frame.insert(1 if name != "tracker.csv" else 0, "date",
                     pc.strftime(stamps, format=DATE_FORMAT).to_numpy(zero_copy_only=False))
        _write_csv(frame, out / name)
        rows[name] = len(frame)
    _write_csv(roster.drop(columns=["_intense", "_leaker"]), out / "roster.csv")
    planted["rows"] = rows
    planted["events"] = sum(rows.values())
    planted["on_leave_workers"] = int(roster["leave_start"].ne("").sum())
    return planted


def _write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False)  # quotes only where needed, as the CERT files do


def _roster(rng: np.random.Generator, n: int, start: date, days: int) -> pd.DataFrame:
    first = [_name(rng, _FIRST, 2) for _ in range(n)]
    last = [_name(rng, _LAST, 2 + int(rng.random() < 0.4)) for _ in range(n)]
    ids: list[str] = []
    seen: set[str] = set()
    letters = np.array(list("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
    while len(ids) < n:
        candidate = "".join(rng.choice(letters, 3)) + f"{int(rng.integers(1000, 9999))}"
        if candidate not in seen:
            seen.add(candidate)
            ids.append(candidate)
    emails: list[str] = []
    used: dict[str, int] = {}
    for f, la in zip(first, last, strict=True):
        local = f"{f}.{la}".lower()
        used[local] = used.get(local, 0) + 1
        emails.append(f"{local}{used[local] if used[local] > 1 else ''}@{DOMAIN}")
    department = np.array(DEPARTMENTS)[rng.choice(len(DEPARTMENTS), n, p=DEPARTMENT_WEIGHTS)]
    intense = department == INTENSE_DEPARTMENT
    if intense.sum() < 5:  # keep the planted department large enough to compare
        department[: 5] = INTENSE_DEPARTMENT
        intense = department == INTENSE_DEPARTMENT
    names = [f"{f} {la}" for f, la in zip(first, last, strict=True)]
    supervisor = [names[int(i)] for i in rng.integers(0, n, n)]
    frame = pd.DataFrame({
        "employee_name": names, "user_id": ids, "email": emails,
        "role": np.array(ROLES)[rng.integers(0, len(ROLES), n)],
        "business_unit": "1",
        "functional_unit": np.where(np.isin(department, ("Finance", "Human Resources")),
                                    "2 - Administration", "1 - Operations"),
        "department": department,
        "team": [f"{d[:3].upper()}-{int(t)}" for d, t in zip(department, rng.integers(1, 4, n),
                                                            strict=True)],
        "supervisor": supervisor,
        "sex": np.where(rng.random(n) < 0.48, "Female", "Male"),
        "age_band": np.where(rng.random(n) < 0.7, "Under 40", "40 and over"),
    })
    # leave: about 5 % of workers take one working week off in the second or third week
    on_leave = rng.permutation(n)[: max(3, n // 20)]
    last_week = max(0, (days - 5) // 7)  # a leave week must end inside the period
    week = rng.integers(min(1, last_week), min(2, last_week) + 1, len(on_leave))
    leave_start = [""] * n
    leave_end = [""] * n
    for worker, w in zip(on_leave, week, strict=True):
        first_day = start + timedelta(days=7 * int(w))
        leave_start[worker] = first_day.isoformat()
        leave_end[worker] = (first_day + timedelta(days=4)).isoformat()
    frame["leave_start"] = leave_start
    frame["leave_end"] = leave_end
    frame["_intense"] = intense
    leaker = np.zeros(n, dtype=bool)
    leaker[on_leave[:2]] = True  # the planted problem: their tracker keeps recording on leave
    frame["_leaker"] = leaker
    return frame


def _name(rng: np.random.Generator, syllables: tuple[str, ...], count: int) -> str:
    return "".join(syllables[int(i)] for i in rng.integers(0, len(syllables), count)).title()


class _Grid:
    """Active worker-days (weekdays, not on leave) with logon and logoff seconds of the day."""

    def __init__(self, rng: np.random.Generator, roster: pd.DataFrame, start: date,
                 days: int) -> None:
        calendar = pd.date_range(start, periods=days, freq="D")
        weekdays = calendar[calendar.dayofweek < 5]
        self.saturdays = calendar[calendar.dayofweek == 5]
        n = len(roster)
        worker = np.repeat(np.arange(n), len(weekdays))
        day = np.tile(weekdays.to_numpy(dtype="datetime64[s]"), n)
        starts, ends = (
            pd.to_datetime(roster[c].where(roster[c] != "")).to_numpy(dtype="datetime64[s]")
            for c in ("leave_start", "leave_end"))
        on_leave = (day >= starts[worker]) & (day <= ends[worker])  # NaT compares false
        self.leave_worker = worker[on_leave]
        self.leave_day = day[on_leave]
        self.worker = worker[~on_leave]
        self.day = day[~on_leave]
        size = len(self.worker)
        self.logon = 8 * 3600 + rng.integers(0, 3600, size)
        self.logoff = 17 * 3600 + rng.integers(0, 110 * 60, size)
        self.size = size

    def random_times(self, rng: np.random.Generator, counts: np.ndarray) -> tuple[np.ndarray,
                                                                                 np.ndarray]:
        """``counts[i]`` uniform times inside worker-day i's session: (worker-day index, ts)."""
        index = np.repeat(np.arange(self.size), counts)
        span = self.logoff[index] - self.logon[index]
        seconds = self.logon[index] + (rng.random(len(index)) * span).astype(np.int64)
        return index, self.day[index] + seconds.astype("timedelta64[s]")

    def periodic(self, rows: np.ndarray, period: int) -> tuple[np.ndarray, np.ndarray]:
        """Events every ``period`` seconds from logon to logoff for the worker-days ``rows``."""
        span = self.logoff[rows] - self.logon[rows]
        counts = span // period + 1
        index = np.repeat(rows, counts)
        step = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        seconds = self.logon[index] + step * period
        return index, self.day[index] + seconds.astype("timedelta64[s]")


def _pcs(worker: np.ndarray) -> np.ndarray:
    return np.char.add("PC-", (1000 + worker * 7 % 9000).astype(str))


def _logon(grid: _Grid) -> pd.DataFrame:
    index = np.arange(grid.size)
    ts_on = grid.day + grid.logon.astype("timedelta64[s]")
    ts_off = grid.day + grid.logoff.astype("timedelta64[s]")
    worker = np.concatenate([grid.worker, grid.worker])
    frame = pd.DataFrame({
        "_ts": pd.to_datetime(np.concatenate([ts_on, ts_off])),
        "user": worker, "pc": _pcs(worker),
        "activity": np.repeat(["Logon", "Logoff"], len(index)),
    })
    return frame


def _users(frame: pd.DataFrame, roster: pd.DataFrame) -> pd.DataFrame:
    frame["user"] = roster["user_id"].to_numpy()[frame["user"].to_numpy()]
    return frame


def _device(rng: np.random.Generator, grid: _Grid) -> pd.DataFrame:
    rows = np.flatnonzero(rng.random(grid.size) < 0.3)
    plug = grid.logon[rows] + rng.integers(600, 3 * 3600, len(rows))
    unplug = np.minimum(plug + rng.integers(60, 3600, len(rows)), grid.logoff[rows])
    worker = np.concatenate([grid.worker[rows], grid.worker[rows]])
    day = np.concatenate([grid.day[rows], grid.day[rows]])
    seconds = np.concatenate([plug, unplug]).astype("timedelta64[s]")
    return pd.DataFrame({"_ts": pd.to_datetime(day + seconds), "user": worker,
                         "pc": _pcs(worker),
                         "activity": np.repeat(["Connect", "Disconnect"], len(rows))})


def _words(rng: np.random.Generator, n: int, k: int = 6) -> np.ndarray:
    picks = np.asarray(_WORDS, dtype=object)[rng.integers(0, len(_WORDS), (n, k))]
    if not n:
        return np.zeros(0, dtype=object)
    first = pd.Series(picks[:, 0])
    others: list[Any] = [pd.Series(picks[:, j]) for j in range(1, k)]
    joined = first.str.cat(others, sep=" ")
    return joined.to_numpy(dtype=object)


def _phone(rng: np.random.Generator) -> str:
    digits = rng.integers(10, 99, 4)
    return f"+33 6 {digits[0]} {digits[1]} {digits[2]} {digits[3]}"


def _plant_identifiers(rng: np.random.Generator, content: np.ndarray, roster: pd.DataFrame,
                       share: float) -> tuple[int, int]:
    """Put raw e-mail addresses and phone numbers into a share of the content cells."""
    n = len(content)
    chosen = rng.permutation(n)[: int(n * share) * 2]
    half = len(chosen) // 2
    emails = roster["email"].to_numpy()
    for i in chosen[:half]:
        content[i] = f"{content[i]} contact {emails[int(rng.integers(0, len(emails)))]}"
    for i in chosen[half:]:
        content[i] = f"{content[i]} call {_phone(rng)}"
    return half, len(chosen) - half


def _http(rng: np.random.Generator, grid: _Grid, roster: pd.DataFrame,
          planted: dict[str, Any]) -> pd.DataFrame:
    index, ts = grid.random_times(rng, rng.poisson(8, grid.size))
    n = len(index)
    sites = np.asarray(_SITES, dtype=object)[rng.integers(0, len(_SITES), n)]
    home = rng.random(n) < 0.1
    paths = np.asarray(_WORDS, dtype=object)[rng.integers(0, len(_WORDS), n)]
    query = rng.integers(1, 999, n).astype(str)
    urls = np.where(home, "https://www." + sites + ".example/",
                    "https://www." + sites + ".example/" + paths + "?id=" + query)
    content = _words(rng, n)
    with_email, with_phone = _plant_identifiers(rng, content, roster, 0.01)
    worker = grid.worker[index]
    planted["full_url_records"] = int((~home).sum())
    planted["http_email_in_content"] = with_email
    planted["http_phone_in_content"] = with_phone
    frame = pd.DataFrame({"_ts": pd.to_datetime(ts), "user": worker, "pc": _pcs(worker),
                          "url": urls, "content": content})
    return _users(frame, roster)


def _email(rng: np.random.Generator, grid: _Grid, roster: pd.DataFrame,
           planted: dict[str, Any]) -> pd.DataFrame:
    index, ts = grid.random_times(rng, rng.poisson(4, grid.size))
    n = len(index)
    emails = roster["email"].to_numpy(dtype=object)
    worker = grid.worker[index]
    to = emails[rng.integers(0, len(emails), n)]
    second = rng.random(n) < 0.3
    to = np.where(second, to + ";" + emails[rng.integers(0, len(emails), n)], to)
    cc = np.where(rng.random(n) < 0.2, emails[rng.integers(0, len(emails), n)], "")
    bcc = np.where(rng.random(n) < 0.05, emails[rng.integers(0, len(emails), n)], "")
    content = _words(rng, n, 12)
    order = rng.permutation(n)
    union_to = order[: max(5, n // 400)]
    union_text = order[len(union_to): len(union_to) + max(5, n // 500)]
    health = order[len(union_to) + len(union_text): len(union_to) + len(union_text)
                   + max(6, n // 400)]
    to = to.astype(object)
    to[union_to] = UNION_ADDRESS
    for number, i in enumerate(union_text):
        content[i] = f"{content[i]} {_UNION_TEXT[number % len(_UNION_TEXT)]}"
    for number, i in enumerate(health):
        content[i] = f"{content[i]} {_HEALTH[number % len(_HEALTH)]}"
    planted["union_recipient_emails"] = len(union_to)
    planted["union_content_emails"] = len(union_text)
    planted["health_term_emails"] = len(health)
    frame = pd.DataFrame({
        "_ts": pd.to_datetime(ts), "user": worker, "pc": _pcs(worker), "to": to, "cc": cc,
        "bcc": bcc, "from": emails[worker], "size": rng.integers(2_000, 60_000, n),
        "attachments": rng.poisson(0.3, n), "content": content,
    })
    return _users(frame, roster)


def _file(rng: np.random.Generator, grid: _Grid, roster: pd.DataFrame,
          planted: dict[str, Any]) -> pd.DataFrame:
    index, ts = grid.random_times(rng, rng.poisson(2, grid.size))
    n = len(index)
    worker = grid.worker[index]
    names = np.asarray(_WORDS, dtype=object)[rng.integers(0, len(_WORDS), n)]
    suffix = np.asarray((".docx", ".xlsx", ".pdf", ".txt"), dtype=object)[
        rng.integers(0, 4, n)]
    content = _words(rng, n, 10)
    with_email, with_phone = _plant_identifiers(rng, content, roster, 0.02)
    planted["file_email_in_content"] = with_email
    planted["file_phone_in_content"] = with_phone
    frame = pd.DataFrame({"_ts": pd.to_datetime(ts), "user": worker, "pc": _pcs(worker),
                          "filename": "C:\\Users\\docs\\" + names + suffix, "content": content})
    return _users(frame, roster)


def _tracker(rng: np.random.Generator, grid: _Grid, roster: pd.DataFrame,
             planted: dict[str, Any]) -> pd.DataFrame:
    intense = roster["_intense"].to_numpy()[grid.worker]
    everyone = np.arange(grid.size)
    parts: list[pd.DataFrame] = []

    def add(kind: str, index: np.ndarray, ts: np.ndarray, value: Any, content: Any = "") -> None:
        parts.append(pd.DataFrame({"_ts": pd.to_datetime(ts), "user": grid.worker[index],
                                   "event_type": kind, "value": value, "content": content}))

    # keystroke counts every two hours for everyone; a few carry typed text (a keylogger)
    index, ts = grid.periodic(everyone, 2 * 3600)
    typed = np.full(len(index), "", dtype=object)
    logged = rng.permutation(len(index))[: max(8, len(index) // 500)]
    for number, i in enumerate(logged):
        pool = _HEALTH if number % 4 == 0 else _CHAT
        typed[i] = pool[number % len(pool)]
    add("keystroke", index, ts, rng.integers(50, 3000, len(index)), typed)
    planted["keystroke_content_events"] = len(logged)
    planted["health_term_keystrokes"] = len(range(0, len(logged), 4))
    planted["keystroke_count_events"] = len(index) - len(logged)
    # one productivity score per worker-day, at logoff
    ts = grid.day + (grid.logoff - 60).astype("timedelta64[s]")
    add("productivity_score", everyone, ts, np.round(rng.uniform(40, 100, grid.size), 1))
    # the intensely monitored department: screenshots every 10 min, idle every 5 min,
    # a webcam snapshot every hour and a daily emotion score
    rows = np.flatnonzero(intense)
    index, ts = grid.periodic(rows, 600)
    add("screenshot", index, ts, "")
    screenshots = len(index)
    index, ts = grid.periodic(rows, 300)
    add("idle", index, ts, rng.integers(0, 300, len(index)))
    planted["idle_metric_events"] = len(index)
    index, ts = grid.periodic(rows, 3600)
    add("webcam", index, ts, "")
    planted["webcam_events"] = len(index)
    ts = grid.day[rows] + (grid.logon[rows] + 1800).astype("timedelta64[s]")
    add("emotion", rows, ts, np.asarray(_EMOTIONS, dtype=object)[
        rng.integers(0, len(_EMOTIONS), len(rows))])
    planted["emotion_events"] = len(rows)
    # off-hours screenshots: Tuesday and Thursday evenings 19:30-21:20, Saturday mornings
    evening_rows = rows[np.isin(pd.DatetimeIndex(grid.day[rows]).dayofweek, (1, 3))]
    step = np.arange(12) * 600 + 19 * 3600 + 1800
    index = np.repeat(evening_rows, len(step))
    ts = grid.day[index] + np.tile(step, len(evening_rows)).astype("timedelta64[s]")
    add("screenshot", index, ts, "")
    off_hours = len(index)
    intense_workers = np.flatnonzero(roster["_intense"].to_numpy())[:5]
    saturday_step = np.arange(18) * 600 + 9 * 3600
    sat_worker = np.repeat(intense_workers, len(grid.saturdays) * len(saturday_step))
    sat_day = np.tile(np.repeat(grid.saturdays.to_numpy(dtype="datetime64[s]"),
                                len(saturday_step)), len(intense_workers))
    sat_ts = sat_day + np.tile(saturday_step, len(intense_workers) * len(grid.saturdays)
                               ).astype("timedelta64[s]")
    parts.append(pd.DataFrame({"_ts": pd.to_datetime(sat_ts), "user": sat_worker,
                               "event_type": "screenshot", "value": "", "content": ""}))
    off_hours += len(sat_ts)
    planted["off_hours_events"] = off_hours
    planted["screenshot_events"] = screenshots + off_hours
    # the tracker of two workers on leave keeps counting keystrokes (09:00-17:00, every 2 h)
    leaking = roster["_leaker"].to_numpy()[grid.leave_worker]
    leave_worker = grid.leave_worker[leaking]
    leave_day = grid.leave_day[leaking]
    step = np.arange(5) * 7200 + 9 * 3600
    leave_ts = np.repeat(leave_day, len(step)) + np.tile(step, len(leave_day)).astype(
        "timedelta64[s]")
    parts.append(pd.DataFrame({"_ts": pd.to_datetime(leave_ts),
                               "user": np.repeat(leave_worker, len(step)),
                               "event_type": "keystroke",
                               "value": rng.integers(50, 3000, len(leave_ts)), "content": ""}))
    planted["on_leave_events"] = len(leave_ts)
    planted["keystroke_count_events"] += len(leave_ts)
    frame = pd.concat(parts, ignore_index=True)
    frame["value"] = frame["value"].astype(str)
    return _users(frame, roster)


def _ids(rng: np.random.Generator, n: int) -> np.ndarray:
    """CERT-like event ids, ``{XXXX-XXXXXXXX-XXXXXXXX}``, built as fixed-width bytes."""
    alphabet = np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", dtype=np.uint8)
    codes = np.empty((n, 24), dtype=np.uint8)
    codes[:, 0], codes[:, 5], codes[:, 14], codes[:, 23] = ord("{"), ord("-"), ord("-"), ord("}")
    body = [i for i in range(1, 23) if i not in (5, 14)]
    codes[:, body] = alphabet[rng.integers(0, len(alphabet), (n, len(body)))]
    return codes.view("S24").ravel().astype(str)


# --- laws (issue 13): an explanation / review request log and the deployer's declarations ---

#: What the synthetic request log plants: late answers, unanswered requests, answers without
#: written reasons (AI Act art. 86, PWD art. 11, Colorado SB 26-189).
REQUEST_OUTCOMES = ("explained", "upheld", "reversed", "corrected")


def write_request_log(path: str | Path, reference: date, *, requests: int = 40,
                      seed: int = 13) -> dict[str, int]:
    """A request log (request_id, received, answered, outcome, type) of the 90 days before
    ``reference``: explanations and reviews, most answered within a week, some planted late
    (45-60 days), unanswered, or answered without written reasons. Returns what was planted."""
    rng = np.random.default_rng(seed)
    rows: list[dict[str, Any]] = []
    planted = {"late": 0, "unanswered": 0, "no_reasons": 0}
    for i in range(requests):
        kind = "review" if i % 3 == 0 else "explanation"
        received = reference - timedelta(days=int(rng.integers(50, 90)))
        draw = rng.random()
        answered: date | None = received + timedelta(days=int(rng.integers(1, 8)))
        outcome = str(rng.choice(REQUEST_OUTCOMES))
        if draw < 0.15:
            answered = received + timedelta(days=int(rng.integers(45, 61)))
            planted["late"] += 1
        elif draw < 0.25:
            answered, outcome = None, ""
            planted["unanswered"] += 1
        elif draw < 0.3 and kind == "review":
            outcome = ""
            planted["no_reasons"] += 1
        rows.append({"request_id": f"REQ-{i + 1:04d}", "received": received.isoformat(),
                     "answered": answered.isoformat() if answered else "",
                     "outcome": outcome, "type": kind})
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _write_csv(pd.DataFrame(rows), target)
    return planted


def write_declarations(path: str | Path, first_use: date) -> Path:
    """The demo organisation's declarations (declarations/v1): two systems, one of them
    announced to the representatives after its first use and without a suspension procedure."""
    informed_late = first_use + timedelta(days=7)
    text = f"""schema: ai-work-audit/declarations/v1
organisation: demo-org
deployer: {{public_body: false, public_service: false}}
systems:
  - id: activity-monitoring
    high_risk: true
    first_use: {first_use.isoformat()}
    overseer_named: true
    overseer_trained: true
    suspension_procedure: false
    representatives_informed: {informed_late.isoformat()}
    workers_informed: {informed_late.isoformat()}
    dpia: {(first_use - timedelta(days=30)).isoformat()}
    written_information: {first_use.isoformat()}
  - id: screening-model
    high_risk: true
    first_use: {first_use.isoformat()}
    overseer_named: true
    overseer_trained: true
    suspension_procedure: true
    representatives_informed: {(first_use - timedelta(days=20)).isoformat()}
    workers_informed: {(first_use - timedelta(days=15)).isoformat()}
    notice: {(first_use - timedelta(days=21)).isoformat()}
    correction_offered: true
    human_review_offered: false
    records_retention_days: 730
"""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target
