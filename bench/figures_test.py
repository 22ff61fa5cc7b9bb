"""Tests of bench/figures.py's table writing: `python3 bench/figures.py --self-test`."""
import os
import subprocess
import sys
import tempfile
import unittest

import figures_format as fmt
import figures_markers as markers
import figures_rows as rows

DOC = "intro\n<!-- figures:begin a -->\nold a\n<!-- figures:end a -->\nmiddle\n<!-- figures:begin b -->\n<!-- figures:end b -->\ntail\n"


class MarkerTests(unittest.TestCase):
    def test_replaces_only_between_markers(self):
        new = markers.replace_block(DOC, "a", "new a\n")
        self.assertEqual(new, DOC.replace("old a", "new a"))
        self.assertEqual(markers.replace_block(new, "a", "new a"), new, "rewriting is idempotent")

    def test_empty_block_gets_content(self):
        new = markers.replace_block(DOC, "b", "| x |")
        self.assertIn("<!-- figures:begin b -->\n| x |\n<!-- figures:end b -->\ntail", new)

    def test_missing_repeated_or_reversed_markers_are_errors(self):
        with self.assertRaises(markers.MarkerError):
            markers.replace_block(DOC, "c", "x")
        with self.assertRaises(markers.MarkerError):
            markers.replace_block(DOC + "<!-- figures:end a -->\n", "a", "x")
        reversed_doc = "<!-- figures:end a -->\n<!-- figures:begin a -->\n"
        with self.assertRaises(markers.MarkerError):
            markers.replace_block(reversed_doc, "a", "x")

    def test_rewrite_checks_every_block_before_writing(self):
        with tempfile.TemporaryDirectory() as d:
            path = os.path.join(d, "README.md")
            with open(path, "w") as f:
                f.write(DOC)
            with self.assertRaises(markers.MarkerError):
                markers.rewrite(path, {"a": "new", "missing": "x"})
            self.assertEqual(open(path).read(), DOC)
            self.assertTrue(markers.rewrite(path, {"a": "new", "b": "bee"}))
            self.assertFalse(markers.rewrite(path, {"a": "new", "b": "bee"}))
            self.assertEqual(markers.blocks(open(path).read()), ["a", "b"])

    def test_table_escapes_pipes(self):
        table = markers.markdown_table(["what", "value"], [["a | b", 1]])
        self.assertEqual(table.splitlines(), ["| what | value |", "|---|---|", "| a \\| b | 1 |"])


class FormatTests(unittest.TestCase):
    def test_times_pick_their_unit(self):
        self.assertEqual(fmt.time_text(234e-9), "234 ns")
        self.assertEqual(fmt.time_text(1.294e-6), "1.29 µs")
        self.assertEqual(fmt.time_text(4.02e-3), "4.02 ms")
        self.assertEqual(fmt.time_text(0.347), "347 ms")
        self.assertEqual(fmt.time_text(1.1), "1.10 s")

    def test_median_and_range_over_runs(self):
        self.assertEqual(fmt.times([0.004, 0.005, 0.003]), "4.00 ms (3.00–5.00)")
        self.assertEqual(fmt.times([0.004, None]), "4.00 ms")
        self.assertEqual(fmt.times([None, None]), "-")
        self.assertEqual(fmt.ratio([2.0, 2.5, 1.5]), "2.00 (1.50–2.50)")
        self.assertEqual(fmt.ratio([2.0, 2.0, 2.0]), "2.00")
        self.assertEqual(fmt.ratio([0.0021]), "0.0021")
        self.assertEqual(fmt.ratio([1234.5]), "1234")

    def test_speed_reads_either_way(self):
        self.assertEqual(fmt.speed([4.0, 5.0, 6.0]), "5.00x faster (4.00–6.00)")
        self.assertEqual(fmt.speed([0.5, 0.5]), "2.00x slower")

    def test_targets_are_judged(self):
        self.assertEqual(fmt.target(0.9, lambda v: v <= 1, "no slower"), "target no slower: MET")
        self.assertEqual(fmt.target(1.1, lambda v: v <= 1, "no slower"), "target no slower: NOT MET")
        self.assertEqual(fmt.target(None, lambda v: v <= 1, "no slower"), "target no slower: -")


def startup(sd, ginsh):
    return {"bench": {"startup": {"symdiff": sd, "ginsh": ginsh}}}


class RowTests(unittest.TestCase):
    def test_ratio_is_taken_within_each_run(self):
        runs = rows.Runs([startup(4.0, 5.0), startup(8.0, 8.0), startup(4.4, 4.0)], {}, {"ginsh": True})
        [row] = rows.startup_rows(runs)
        self.assertEqual(row[1], "4.40 ms (4.00–8.00)")
        self.assertEqual(row[2], "ginsh 5.00 ms (4.00–8.00)")
        self.assertEqual(row[3], "1.00 (0.80–1.10); target no slower: MET")

    def test_missing_reference_and_failed_bench(self):
        runs = rows.Runs([startup(4.0, None)], {}, {"ginsh": False})
        self.assertEqual(rows.startup_rows(runs)[0][2], "ginsh not installed")
        runs = rows.Runs([{}], {"bench": "exit status 1"}, {})
        self.assertIn("not measured (bench failed: exit status 1)", rows.startup_rows(runs)[0][1])

    def test_every_row_survives_no_data(self):
        table = rows.summary_table(rows.Runs([{}, {}, {}], {}, {}))
        self.assertTrue(all(line.startswith("| ") or line.startswith("|---") for line in table.splitlines()))

    def test_matrix_lines_are_read(self):
        log = ("  parse + gradient + Hessian + print, cold: median 511.6 µs (range 484.2–8694.2 µs over 400 runs)\n"
               "  size with n = n, d = d: gradient 7 tensor nodes, Hessian 7 tensor nodes\n"
               "  size with n = 10000, d = 100: gradient 7 tensor nodes, Hessian 7 tensor nodes\n"
               "scalar engine, the same loss over 100 weights written out: gradient 0.96 ms (2196 nodes), "
               "sparse Hessian 97.7 ms (54614 nodes)\n")
        figures = rows.matrix_figures(log)
        self.assertAlmostEqual(figures["times"][rows.COLD], 511.6e-6)
        self.assertEqual(figures["scalar"]["hessian_nodes"], 54614)
        [row] = rows.matrix_rows(rows.Runs([{"matrix": figures}], {}, {}))
        self.assertIn("MET", row[3])
        self.assertNotIn("NOT MET", row[3])

    def test_gradbench_rows_name_their_eval_and_only_derivatives_carry_the_target(self):
        text = rows.gradbench_tables(GRADBENCH_RESULTS, 3)
        lines = text.splitlines()
        # One table per eval; `jacobian` of ba and of gmm stay apart.
        self.assertEqual([line for line in lines if line.startswith("| function")],
                         ["| function | size | observations | symdiff ms | manual ms | JAX ms | symdiff/manual | symdiff/JAX | target |",
                          "| function | size | symdiff ms | manual ms | JAX ms | symdiff/manual | symdiff/JAX | target |",
                          "| function | size | symdiff ms | manual ms | JAX ms | symdiff/manual | symdiff/JAX | target |"])
        self.assertIn("| `objective` | ba1 | 31,843 | 0.84 | 0.99 | 10.00 | 0.90 (0.84–1.30) | 0.09 (0.08–0.10) | value (no target) |", lines)
        self.assertIn("| `jacobian` | ba1 | 31,843 | 5.00 | 7.00 | 30.00 | 0.71 | 0.17 | within 1.1x of manual, faster than JAX: MET |", lines)
        # 1.2x the C++ meets gmm's 1.5x and misses lse's 1.1x; slower than JAX misses.
        self.assertIn("| `jacobian` | gmm d=2 k=5 n=1000 | 0.24 | 0.20 | 0.30 | 1.20 | 0.80 | within 1.5x of manual, faster than JAX: MET |", lines)
        self.assertIn("| `jacobian` | gmm d=32 k=5 n=1000 | 20.00 | 5.00 | 4.00 | 4.00 | 5.00 | within 1.5x of manual, faster than JAX: NOT MET |", lines)
        self.assertIn("| `gradient` | lse n=10000 | 0.12 | 0.10 | 0.20 | 1.20 | 0.60 | within 1.1x of manual, faster than JAX: NOT MET |", lines)
        self.assertIn("| `primal` | lse n=10000 | 0.05 | 0.10 | 0.03 | 0.50 | 1.67 | value (no target) |", lines)
        self.assertIn("= 400 ms; from the cache 1.00 ms (target: under 2 s: MET).", text)

    def test_gradbench_sizes_are_spelled_out(self):
        names = [rows.targets.row_name(e, s) for e, s in [
            ("ba", "ba10_n1197_m126327_p563734"), ("gmm", "10_50_1000"), ("kmeans", "k=10,n=10000,d=16"),
            ("llsq", "n=256,m=128"), ("lse", "n=1280000")]]
        self.assertEqual(names, ["ba10", "gmm d=10 k=50 n=1000", "kmeans k=10 n=10000 d=16", "llsq n=256 m=128", "lse n=1280000"])

    def test_run_sh_table_follows_the_same_rule(self):
        runner = {"symdiff": "primal     n=10000   valid=True evaluate_ns=50000\ngradient   n=10000   valid=True evaluate_ns=120000\n",
                  "manual": "primal     n=10000   valid=True evaluate_ns=100000\ngradient   n=10000   valid=True evaluate_ns=100000\n"}
        with tempfile.TemporaryDirectory() as out:
            for tool, text in runner.items():
                with open(os.path.join(out, "lse.%s.1.txt" % tool), "w") as f:
                    f.write(text)
            report = os.path.join(os.path.dirname(os.path.abspath(__file__)), "gradbench", "report.py")
            done = subprocess.run([sys.executable, report, out, "--evals", "lse", "--tools", "symdiff,manual"],
                                  capture_output=True, text=True)
        self.assertEqual(done.returncode, 0, done.stderr)
        printed = [" ".join(line.split()) for line in done.stdout.splitlines()]
        self.assertIn("lse primal n=10000 0.050 0.100 0.50 - value (no target)", printed)
        self.assertIn("lse gradient n=10000 0.120 0.100 1.20 - MISSED: > 1.1x manual", printed)
        self.assertIn("targets: 1 missed", printed)


def _gradbench_row(eval_name, function, size, times_ms, manual, jax):
    return {"eval": eval_name, "function": function, "size": size,
            "median_ns": {t: ms * 1e6 for t, ms in zip(("symdiff", "manual", "jax"), times_ms)},
            "symdiff_over_manual": manual, "symdiff_over_jax": jax}


GRADBENCH_RESULTS = {
    "rows": [
        _gradbench_row("ba", "objective", "ba1_n49_m7776_p31843", (0.84, 0.99, 10), [0.84, 1.3, 0.9], [0.08, 0.1, 0.09]),
        _gradbench_row("ba", "jacobian", "ba1_n49_m7776_p31843", (5, 7, 30), [5 / 7], [1 / 6]),
        _gradbench_row("gmm", "objective", "2_5_1000", (0.11, 0.09, 0.12), [1.2], [0.9]),
        _gradbench_row("gmm", "jacobian", "2_5_1000", (0.24, 0.2, 0.3), [1.2], [0.8]),
        _gradbench_row("gmm", "jacobian", "32_5_1000", (20, 5, 4), [4.0], [5.0]),
        _gradbench_row("lse", "primal", "n=10000", (0.05, 0.1, 0.03), [0.5], [5 / 3]),
        _gradbench_row("lse", "gradient", "n=10000", (0.12, 0.1, 0.2), [1.2], [0.6])],
    "costs": {"ba": [{"derive_ns": 3e7, "compile_ns": 3.7e8}, {"derive_ns": 1e6, "compile_ns": 0}]},
    "invalid": []}

if __name__ == "__main__":
    unittest.main()
