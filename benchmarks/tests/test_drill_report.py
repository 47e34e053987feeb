"""benchmarks/drill_report.py against hand-written timelines (the version 1 layout of docs/zkprobe-watch.md) and
truth samples. Standard library only: python3 -m unittest discover -s benchmarks/tests"""

import json
import os
import re
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import drill_report as dr  # noqa: E402

T0 = 1796608984.25


def instant(after, before):
    return {"after": after, "before": before}


def episode(number, began, unavailable=None, detect=None, election=None, kind="leader-change"):
    """An episode line's object with every documented key, in the documented order."""
    return {"number": number, "kind": kind, "worst": "critical", "began": instant(began - 0.25, began),
            "ended": instant(began + 2, began + 2.25), "memberDown": None,
            "leaderLost": {"member": "127.0.0.1:31001", "after": began - 0.25, "before": began},
            "electionStarted": None, "newLeader": None, "writesFailed": None, "writesWorked": None,
            "detectSeconds": detect, "electionSeconds": election, "serveAgainSeconds": None,
            "unavailableSeconds": unavailable, "unavailableFrom": "writes" if unavailable else None,
            "resolutionSeconds": 0.25, "aKeyOfALaterVersion": 1}


def timeline_text(episodes, version=1):
    header = {"timeline": "zkprobe-watch", "version": version,
              "settings": {"interval": 0.25, "duration": None, "timeout": 1, "members": ["127.0.0.1:31001"],
                           "clientProbe": "write", "probePath": "/zkprobe-drill", "ensemble": None,
                           "version": "0.1.0", "started": T0}}
    round0 = {"round": 0, "start": T0, "seconds": 0.012, "late": False, "check": {"verdict": "ok"}}
    end = {"end": T0 + 60, "rounds": 240, "stoppedBy": "signal", "episodes": episodes}
    return "".join(json.dumps(x) + "\n" for x in (header, round0, end))


class ReadTimelineTests(unittest.TestCase):
    def write(self, text):
        f = tempfile.NamedTemporaryFile("w", suffix=".jsonl", delete=False)
        f.write(text)
        f.close()
        self.addCleanup(os.unlink, f.name)
        return f.name

    def test_reads_episodes_from_the_last_line_and_settings_from_the_first(self):
        eps = [episode(1, T0 + 10, unavailable={"min": 1.0, "max": 1.5})]
        t = dr.read_timeline(self.write(timeline_text(eps)))
        self.assertEqual(t["episodes"][0]["unavailableSeconds"], {"min": 1.0, "max": 1.5})
        self.assertEqual(t["settings"]["interval"], 0.25)
        self.assertEqual((t["rounds"], t["stoppedBy"]), (240, "signal"))

    def test_a_later_version_is_read(self):
        t = dr.read_timeline(self.write(timeline_text([], version=2)))
        self.assertEqual(t["episodes"], [])

    def test_refuses_what_is_not_a_finished_timeline_with_the_file_named(self):
        unfinished = timeline_text([]).splitlines(keepends=True)[:2]
        for text, words in [("", "empty"), ("{\"timeline\": \"other\"}\n", "header"),
                            (timeline_text([], version=0), "version 0"), ("".join(unfinished), "did not finish"),
                            ("not json\n", "not JSON")]:
            path = self.write(text)
            with self.assertRaises(dr.TimelineError) as caught:
                dr.read_timeline(path)
            self.assertIn(path, str(caught.exception))
            self.assertIn(words, str(caught.exception))


class TruthOutageTests(unittest.TestCase):
    def test_begins_at_the_first_failed_write_and_ends_at_the_earliest_success_after_it(self):
        # writes every 0.1 s; those launched 10.3 … 11.9 fail; 12.0 and 12.1 complete at 12.35 and 12.30
        samples = [(10.0 + i / 10, True, 10.0 + i / 10 + 0.01) for i in range(3)]
        samples += [(10.3 + i / 10, False, 11.3 + i / 10) for i in range(17)]
        samples += [(12.0, True, 12.35), (12.1, True, 12.30), (12.2, True, 12.31)]
        begin, end = dr.truth_outage(samples, 10.0, 20.0)
        self.assertAlmostEqual(begin, 10.3)
        self.assertAlmostEqual(end, 12.30)

    def test_only_writes_launched_in_the_window_count(self):
        samples = [(9.9, False, 10.9), (10.0, True, 10.01), (10.1, True, 10.11), (20.0, False, 21.0)]
        self.assertIsNone(dr.truth_outage(samples, 10.0, 20.0))

    def test_an_outage_that_lasts_past_the_window_has_no_end(self):
        self.assertEqual(dr.truth_outage([(10.0, True, 10.01), (10.1, False, 11.1)], 10.0, 20.0), (10.1, None))


class FaultMatchingTests(unittest.TestCase):
    def test_an_episode_belongs_to_the_window_its_first_not_ok_round_ended_in(self):
        eps = [episode(1, 105.0), episode(2, 130.0), episode(3, 131.0)]
        self.assertEqual([e["number"] for e in dr.episodes_in(eps, 100.0, 130.0)], [1])
        self.assertEqual([e["number"] for e in dr.episodes_in(eps, 130.0, 200.0)], [2, 3])

    def test_the_figures_come_from_the_first_episode_with_an_unavailable_span(self):
        eps = [episode(1, 105.0), episode(2, 106.0, unavailable={"min": 1, "max": 2})]
        self.assertEqual(dr.main_episode(eps)["number"], 2)
        self.assertEqual(dr.main_episode(eps[:1])["number"], 1)
        self.assertIsNone(dr.main_episode([]))


class SummaryTests(unittest.TestCase):
    def fault(self, kind, truth, unavailable, detect=None):
        ep = episode(1, 100.0, unavailable=unavailable, detect=detect) if unavailable or detect else None
        return {"kind": kind, "truth": truth, "episode": ep}

    def test_contained_counts_bounds_that_hold_the_truth_give_or_take_its_resolution(self):
        faults = [
            self.fault("kill leader", (100.0, 101.2), {"min": 1.0, "max": 1.5}),  # inside
            self.fault("kill leader", (100.0, 101.55), {"min": 1.0, "max": 1.5}),  # 0.05 above max: within 0.1
            self.fault("kill leader", (100.0, 101.7), {"min": 1.0, "max": 1.5}),  # 0.2 above: outside
            self.fault("kill leader", (100.0, 100.85), {"min": 1.0, "max": None}),  # unbounded max, 0.15 below min
            self.fault("kill leader", (100.0, 101.0), None),  # the watch saw no outage: not contained
        ]
        row = dr.summarize(faults)[0]
        self.assertEqual((row["contained"], row["judged"]), (2, 5))
        self.assertAlmostEqual(row["truthOutage"], 1.2)

    def test_spans_give_the_median_and_range_of_midpoints_and_the_mean_width(self):
        faults = [self.fault("pause leader", None, None, detect={"min": 0.5, "max": 1.0}),
                  self.fault("pause leader", None, None, detect={"min": 1.0, "max": 2.0}),
                  self.fault("pause leader", None, None, detect={"min": 3.0, "max": None}),  # unbounded: left out
                  self.fault("pause leader", None, {"min": 0.1, "max": 0.4}, detect={"min": 2.0, "max": 2.5})]
        row = dr.summarize(faults)[0]
        self.assertEqual(row["detectSeconds"]["count"], 3)
        self.assertAlmostEqual(row["detectSeconds"]["median"], 1.5)
        self.assertAlmostEqual(row["detectSeconds"]["low"], 0.75)
        self.assertAlmostEqual(row["detectSeconds"]["high"], 2.25)
        self.assertAlmostEqual(row["detectSeconds"]["width"], (0.5 + 1.0 + 0.5) / 3)
        self.assertIsNone(row["electionSeconds"])
        self.assertEqual((row["judged"], row["watchOnly"], row["watchOnlyShort"]), (0, 1, 1))

    def test_watch_only_outages_are_short_when_their_lower_bound_is_below_the_truth_deadline(self):
        faults = [self.fault("kill leader", None, {"min": 0.2, "max": 0.7}),
                  self.fault("kill leader", None, {"min": 1.05, "max": 1.6}),  # within the truth's 0.1 s
                  self.fault("kill leader", None, {"min": 1.3, "max": 1.8}),  # the truth would have seen it
                  self.fault("kill leader", (100.0, 101.5), {"min": 1.3, "max": 1.8})]
        row = dr.summarize(faults)[0]
        self.assertEqual((row["watchOnly"], row["watchOnlyShort"], row["contained"], row["judged"]), (3, 2, 1, 1))
        cells = re.split(r"\s{2,}", dr.fault_table("t", [row]).splitlines()[2])
        self.assertEqual(cells[-2:], ["1/1", "3 (2 short)"])

    def test_one_row_per_kind_in_the_order_first_injected(self):
        faults = [self.fault(k, None, None) for k in ("kill leader", "pause leader", "kill leader")]
        rows = dr.summarize(faults)
        self.assertEqual([(r["kind"], r["n"], r["withEpisode"]) for r in rows],
                         [("kill leader", 2, 0), ("pause leader", 1, 0)])
        table = dr.fault_table("3 members", rows).splitlines()
        self.assertEqual(table[0], "== 3 members")
        self.assertTrue(table[2].startswith("kill leader "))
        self.assertEqual(len(table), 4)


class QuorumsimTableTests(unittest.TestCase):
    def test_estimates_print_mean_and_half_width(self):
        doc = {"electionMinutesPerYear": {"mean": 0.4292, "ci95": [0.4239, 0.4345]},
               "downtimeMinutesPerYear": {"mean": 11.8, "ci95": None},
               "election": {"source": "measured", "meanSeconds": 1.234}}
        cells = re.split(r"\s{2,}", dr.quorumsim_table([("3@2000", "elections: measured", doc)]).splitlines()[1])
        self.assertEqual(cells, ["3@2000", "elections: measured", "1.23", "0.429 ± 0.0053", "11.8"])

    def test_a_run_without_the_election_key_prints_a_dash(self):
        cells = re.split(r"\s{2,}", dr.quorumsim_table([("x", "-", {})]).splitlines()[1])
        self.assertEqual(cells, ["x", "-", "-", "-", "-"])


if __name__ == "__main__":
    unittest.main()
