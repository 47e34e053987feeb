"""benchmarks/drill's arithmetic and tables: reading a `zkprobe watch` timeline, the ground-truth outage of the
kazoo writes, which episode belongs to which injected fault, and the per-fault-kind table.

Standard library only (no kazoo, no ZooKeeper): benchmarks/tests/test_drill_report.py checks it against
hand-written timelines. The timeline's keys are the documented ones (docs/zkprobe-watch.md, version 1); nothing
else is read, and unknown keys are ignored.
"""

import json
import statistics

TRUTH_RESOLUTION = 0.1  # seconds between two truth writes: how well the truth places an outage's start
TRUTH_DEADLINE = 1.0  # each truth write's deadline: an outage shorter than this fails no truth write


class TimelineError(ValueError):
    """A timeline that is not one: the message names the file and what is wrong with it."""


def read_timeline(path):
    """The header's settings, the last line's end, round count, stop reason and episodes of a watch's timeline.

    Only the first and the last line are parsed (a reader needing only the end reads the tail). Raises
    TimelineError for a file that is not a finished zkprobe-watch timeline of version 1 or later."""
    first = last = None
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                if first is None:
                    first = line
                last = line
    if first is None:
        raise TimelineError(f"{path}: empty; a zkprobe watch timeline starts with its header line")
    try:
        header, end = json.loads(first), json.loads(last)
    except ValueError as e:
        raise TimelineError(f"{path}: not JSON Lines ({e})") from None
    if not isinstance(header, dict) or header.get("timeline") != "zkprobe-watch":
        raise TimelineError(f"{path}: line 1 is not a zkprobe watch header (\"timeline\": \"zkprobe-watch\")")
    version = header.get("version")
    if not isinstance(version, int) or version < 1:
        raise TimelineError(f"{path}: version {version!r}; expected a whole number 1 or above")
    if not isinstance(end, dict) or not isinstance(end.get("episodes"), list):
        raise TimelineError(f"{path}: the last line has no \"episodes\": the watch did not finish (killed?)")
    return {"settings": header.get("settings") or {}, "end": end.get("end"), "rounds": end.get("rounds"),
            "stoppedBy": end.get("stoppedBy"), "episodes": end["episodes"]}


def truth_outage(samples, start, stop):
    """The first outage the truth writes saw among those launched in [start, stop): (begin, end) in epoch seconds.

    samples: (launched, ok, finished) per write, launched every TRUTH_RESOLUTION seconds, each with its own
    deadline. begin = the launch of the first failed write; end = the earliest completion of a successful write
    launched after it (a write launched during the outage that is still retrying when writes work again completes
    then), or None when none did before stop. None when no write failed."""
    window = sorted(s for s in samples if start <= s[0] < stop)
    failed = next((s for s in window if not s[1]), None)
    if failed is None:
        return None
    ends = [s[2] for s in window if s[1] and s[0] > failed[0]]
    return failed[0], (min(ends) if ends else None)


def episodes_in(episodes, start, stop):
    """The episodes that began in [start, stop): their first not-OK round ended (`began.before`) in it."""
    return [e for e in episodes if start <= e["began"]["before"] < stop]


def main_episode(episodes):
    """The episode of a fault that the figures come from: the first with an unavailable span, else the first."""
    return next((e for e in episodes if e.get("unavailableSeconds")), episodes[0] if episodes else None)


def bounded(span):
    """(midpoint, width) of a {min, max} span, or None when it is null or unbounded (max null)."""
    if not span or span.get("max") is None:
        return None
    return (span["min"] + span["max"]) / 2, span["max"] - span["min"]


def contains(span, seconds, slack=TRUTH_RESOLUTION):
    """Do the span's bounds hold `seconds`, give or take `slack` (the truth's own resolution)?"""
    if not span:
        return False
    upper = span.get("max")
    return span["min"] - slack <= seconds and (upper is None or seconds <= upper + slack)


def summarize(faults):
    """One row per fault kind, in the order the kinds first appear. Each fault: {"kind", "truth": [begin, end] or
    None, "episode": the main episode or None, "episodes": how many began in its window}."""
    rows = []
    for kind in dict.fromkeys(f["kind"] for f in faults):
        fs = [f for f in faults if f["kind"] == kind]
        row = {"kind": kind, "n": len(fs), "withEpisode": sum(1 for f in fs if f["episode"])}
        for key in ("detectSeconds", "electionSeconds", "unavailableSeconds"):
            spans = [bounded(f["episode"].get(key)) for f in fs if f["episode"]]
            row[key] = spread([s for s in spans if s])
        outages = [f["truth"][1] - f["truth"][0] for f in fs if f["truth"] and f["truth"][1] is not None]
        row["truthOutage"] = statistics.median(outages) if outages else None
        judged = [f for f in fs if f["truth"] and f["truth"][1] is not None]
        row["contained"] = sum(1 for f in judged
                               if f["episode"] and contains(f["episode"].get("unavailableSeconds"),
                                                            f["truth"][1] - f["truth"][0]))
        row["judged"] = len(judged)
        watch_only = [f["episode"]["unavailableSeconds"] for f in fs
                      if not f["truth"] and f["episode"] and f["episode"].get("unavailableSeconds")]
        row["watchOnly"] = len(watch_only)
        # No truth write failed: the outage, if any, was shorter than a truth write's deadline.
        row["watchOnlyShort"] = sum(1 for span in watch_only if span["min"] < TRUTH_DEADLINE + TRUTH_RESOLUTION)
        rows.append(row)
    return rows


def spread(pairs):
    """{median, low, high of the midpoints, mean width, count} of (midpoint, width) pairs; None when empty."""
    if not pairs:
        return None
    mids = [m for m, _ in pairs]
    return {"median": statistics.median(mids), "low": min(mids), "high": max(mids),
            "width": statistics.fmean(w for _, w in pairs), "count": len(pairs)}


def cell(s):
    if not s:
        return "-"
    return f"{s['median']:.2f} [{s['low']:.2f}–{s['high']:.2f}] w{s['width']:.2f}"


FAULT_HEADER = ("fault", "n", "episodes", "detect s", "election s", "unavailable s", "truth outage s",
                "contained", "watch only")


def fault_table(title, rows):
    """The text table of one ensemble: a title line, a header, one line per fault kind."""
    body = [FAULT_HEADER] + [
        (r["kind"], str(r["n"]), str(r["withEpisode"]), cell(r["detectSeconds"]), cell(r["electionSeconds"]),
         cell(r["unavailableSeconds"]), "-" if r["truthOutage"] is None else f"{r['truthOutage']:.2f}",
         f"{r['contained']}/{r['judged']}",
         f"{r['watchOnly']} ({r['watchOnlyShort']} short)" if r["watchOnly"] else "-")
        for r in rows]
    return f"== {title}\n" + aligned(body)


def aligned(lines):
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(line, widths)).rstrip() for line in lines)


def estimate(e):
    """A quorumsim JSON estimate {mean, ci95} as "mean ± half-width" (minutes a year)."""
    if not e:
        return "-"
    ci = e.get("ci95")
    half = f" ± {(ci[1] - ci[0]) / 2:.2g}" if ci else ""
    return f"{e['mean']:.3g}{half}"


def quorumsim_table(rows):
    """Assumed against measured elections, side by side. rows: (ensemble, elections line, quorumsim run JSON
    object) per scenario."""
    body = [("ensemble", "elections", "election mean s", "in elections min/yr", "downtime min/yr")] + [
        (name, line, mean_election(doc), estimate(doc.get("electionMinutesPerYear")),
         estimate(doc.get("downtimeMinutesPerYear")))
        for name, line, doc in rows]
    return aligned(body)


def mean_election(doc):
    """The mean election (detection included) of a quorumsim run JSON object's `election` key, seconds."""
    mean = (doc.get("election") or {}).get("meanSeconds")
    return "-" if mean is None else f"{mean:.3g}"
