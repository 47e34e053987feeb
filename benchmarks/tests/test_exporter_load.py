"""benchmarks/exporter-load.py's pure helpers: percentiles, the exposition and /proc parsers, the failure counts,
the RSS windows and the NEW/BASELINE table. Standard library only: python3 -m unittest discover -s benchmarks/tests"""

import importlib.util
import os
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
_spec = importlib.util.spec_from_file_location("exporter_load", os.path.join(HERE, "..", "exporter-load.py"))
el = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(el)


def scrape(target, ms, status=200, success=1.0):
    return el.Scrape(target, ms / 1000, status, success, None if status else "ConnectionResetError")


class PercentileTests(unittest.TestCase):
    def test_nearest_rank_on_sorted_values(self):
        values = list(range(100, 0, -1))  # 100..1, unsorted on purpose
        self.assertEqual(el.pct(values, 50), 51)  # index round(0.5 * 99) = 50 of 1..100
        self.assertEqual(el.pct(values, 99), 99)
        self.assertEqual(el.pct(values, 100), 100)
        self.assertEqual(el.pct(values, 0), 1)

    def test_one_and_none(self):
        self.assertEqual(el.pct([7.5], 99), 7.5)
        self.assertIsNone(el.pct([], 50))


class ParsingTests(unittest.TestCase):
    def test_exposition_values_keep_labels_and_skip_comments(self):
        text = ("# HELP zkprobe_exporter_checks_total checks finished\n# TYPE zkprobe_exporter_checks_total counter\n"
                "zkprobe_exporter_checks_total 1234\n"
                'zkprobe_exporter_scrapes_total{path="/probe",outcome="success"} 5\n'
                "zkprobe_check_duration_seconds 0.047333573\nnot a sample line\n\n")
        values = el.exposition_values(text)
        self.assertEqual(values["zkprobe_exporter_checks_total"], 1234)
        self.assertEqual(values['zkprobe_exporter_scrapes_total{path="/probe",outcome="success"}'], 5)
        self.assertEqual(values["zkprobe_check_duration_seconds"], 0.047333573)
        self.assertEqual(len(values), 3)

    def test_series_sum_adds_every_label_set_of_a_prefix(self):
        values = el.exposition_values('zkprobe_exporter_scrapes_total{path="/metrics",outcome="success"} 7\n'
                                      'zkprobe_exporter_scrapes_total{path="/metrics",outcome="failure"} 2\n'
                                      'zkprobe_exporter_scrapes_total{path="/probe",outcome="success"} 40\n')
        self.assertEqual(el.series_sum(values, 'zkprobe_exporter_scrapes_total{path="/metrics"'), 9)
        self.assertEqual(el.series_sum(values, "zkprobe_exporter_scrapes_total"), 49)
        self.assertEqual(el.series_sum(values, "zkprobe_exporter_checks_total"), 0)

    def test_probe_success_with_and_without_labels(self):
        self.assertEqual(el.probe_success("a 1\nzkprobe_probe_success 0\nzkprobe_probe_duration_seconds 1.2\n"), 0)
        self.assertEqual(el.probe_success('zkprobe_probe_success{ensemble="e2"} 1\n'), 1)
        self.assertIsNone(el.probe_success("zkprobe_probe_duration_seconds 1\n"))
        self.assertIsNone(el.probe_success("unknown target \"x\"\n"))

    def test_status_kib(self):
        text = "Name:\tzkprobe\nVmHWM:\t   33280 kB\nVmRSS:\t   24576 kB\n"
        self.assertEqual(el.status_kib(text, "VmRSS"), 24576)
        self.assertEqual(el.status_kib(text, "VmHWM"), 33280)
        self.assertIsNone(el.status_kib(text, "VmSwap"))

    def test_stat_cpu_ticks_with_spaces_and_parentheses_in_the_command(self):
        fields = ["S", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "250", "40", "0", "0"]
        self.assertEqual(el.stat_cpu_ticks("4242 (python3 (x) y) " + " ".join(fields)), 290)

    def test_prometheus_series(self):
        vector = {"status": "success", "data": {"resultType": "vector", "result": [
            {"metric": {"instance": "e2"}, "value": [1, "0"]}, {"metric": {"instance": "e3"}, "value": [1, "1"]}]}}
        self.assertEqual(el.prometheus_series(vector), [({"instance": "e2"}, 0.0), ({"instance": "e3"}, 1.0)])
        scalar = {"status": "success", "data": {"resultType": "scalar", "result": [1, "300"]}}
        self.assertEqual(el.prometheus_series(scalar), [({}, 300.0)])
        with self.assertRaises(ValueError):
            el.prometheus_series({"status": "error", "errorType": "bad_data", "error": "parse error"})


class SummaryTests(unittest.TestCase):
    def test_failed_counts_non_200_and_success_0_on_healthy_only(self):
        scrapes = [scrape("e1", 1000, success=0),  # silent-member ensemble: success 0 is not a failure
                   scrape("e2", 10), scrape("e3", 20, success=0), scrape("e4", 30, status=503, success=None),
                   scrape("e5", 40, status=0, success=None), scrape("e6", 50)]
        s = el.summarize(scrapes, ["e1"])
        self.assertEqual(s["scrapes"], 6)
        self.assertEqual(s["success 0 on healthy"], 1)
        self.assertEqual(s["answered 503"], 1)
        self.assertEqual(s["no answer (reset, timeout)"], 1)
        self.assertEqual(s["failed (non-200 or success 0 on healthy)"], 3)
        self.assertEqual(s["p99 ms"], 1000)  # nearest rank of 6: the slowest
        self.assertEqual(s["healthy p99 ms"], 50)  # e1's 1 s is not a healthy scrape

    def test_windows(self):
        samples = [20, 21, 24, 22, 23, 30, 25, 25, 26, 25]
        self.assertEqual(el.windows(samples, 3), (24, 26, 30))
        self.assertEqual(el.windows([], 3), (None, None, None))

    def test_spread_offsets_cover_the_interval_evenly(self):
        offsets = el.spread_offsets(4, 10)
        self.assertEqual(offsets, [0, 2.5, 5, 7.5])
        self.assertEqual(len(el.spread_offsets(1000, 15)), 1000)
        self.assertLess(max(el.spread_offsets(1000, 15)), 15)


class TableTests(unittest.TestCase):
    def test_ratio_text(self):
        self.assertEqual(el.ratio_text(50, 200), "0.25x")
        self.assertEqual(el.ratio_text(0, 0), "=")
        self.assertEqual(el.ratio_text(3, 0), "-")
        self.assertEqual(el.ratio_text(None, 5), "-")

    def test_new_beside_baseline_in_first_measured_order(self):
        records = [
            {"figure": "scale", "binary": "baseline", "values": {"p99 ms": 2570.0, "failed": 3}},
            {"figure": "rss", "binary": "baseline", "values": {"peak MiB": 86.0}},
            {"figure": "scale", "binary": "new", "values": {"p99 ms": 1285.0, "failed": 0, "only new": 1}},
        ]
        lines = el.table(records).splitlines()
        self.assertEqual(lines[0], "== scale")
        self.assertIn("NEW", lines[1])
        self.assertEqual(lines[2].split(), ["p99", "ms", "1285.0", "2570.0", "0.50x"])
        self.assertEqual(lines[3].split(), ["failed", "0", "3", "0.00x"])
        self.assertEqual(lines[4].split(), ["only", "new", "1", "-", "-"])
        self.assertEqual(lines[5], "== rss")
        self.assertEqual(lines[7].split(), ["peak", "MiB", "-", "86.0", "-"])

    def test_a_saturated_fake_fleet_is_said(self):
        records = [{"figure": "f", "binary": "new", "values": {"fake fleet CPU, % of a core": 97.0}},
                   {"figure": "g", "binary": "new", "values": {"fake fleet CPU, % of a core": 40.0}}]
        text = el.table(records)
        self.assertEqual(text.count("saturated"), 1)
        self.assertLess(text.index("== f"), text.index("saturated"))
        self.assertLess(text.index("saturated"), text.index("== g"))


if __name__ == "__main__":
    unittest.main()
