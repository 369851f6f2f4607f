"""``throughput_proxy``: N = 20 sessions through nginx, with 1 and 2 app processes.

The deployment is ``tradedash serve`` itself (:mod:`deploy.serve`: nginx from the
repository's template, the shipped config, sessions pinned by cookie, new ones to the
least busy process). The sessions are :mod:`bench.throughput`'s websocket clients,
driving the scenario page the same way; they open their websockets through nginx, which
spreads them over the processes (least connections). The baseline is Streamlit's
defaults: one process, served directly, as in ``throughput_n20``'s baseline.

Three configurations, each one bounded load run of the same length, in the order
default, 1 process, 2 processes, then once more in reverse, so a slow minute of a shared
machine does not fall on one side only; each run's five windows are its samples.
"""

from __future__ import annotations

import io
import os
import statistics
import tempfile
from pathlib import Path

from bench.common import DEFAULT_ENV, Result, Target, dashboard_server, free_port
from bench.throughput import Load, drive, percentile
from deploy.serve import deployment

SESSIONS = 20


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _served(
    processes: int, store: Path, run_dir: Path, n: int, duration: float
) -> tuple[Load, float]:
    """One load run through ``tradedash serve``, and the CPU milliseconds its app
    processes and nginx spent per completed rerun (a cost that does not depend on how
    busy the rest of the machine is, unlike the rate)."""
    quiet = io.StringIO()  # serve's own messages; the benchmark prints its rows
    with deployment(processes, port=free_port(), run_dir=run_dir, store=str(store), log=quiet) as d:
        base = f"http://127.0.0.1:{d.port}"
        drive(base, 2, 2.0)  # imports and caches in place in every process
        pids = [a.proc.pid for a in d.apps if a.proc] + ([d.nginx.pid] if d.nginx else [])
        before = sum(cpu_seconds(p) for p in pids)
        load = drive(base, n, duration)
        spent = sum(cpu_seconds(p) for p in pids) - before
    return load, 1e3 * spent / max(1, len(load.done))


def _extra(runs: list[Load], prefix: str = "") -> dict[str, float | int | None]:
    """Latency percentiles over every run's reruns; the mean of the runs' overall rates."""
    lat = sorted(x for load in runs for x in load.latencies_ms())
    return {
        f"{prefix}p50_ms": percentile(lat, 0.5),
        f"{prefix}p95_ms": percentile(lat, 0.95),
        f"{prefix}overall_rate": statistics.mean(load.overall() for load in runs),
        f"{prefix}reruns": len(lat),
        f"{prefix}failed_reruns": sum(load.failures() for load in runs),
    }


def run_throughput_proxy(quick: bool) -> list[Result]:
    duration = 6.0 if quick else 15.0
    n = SESSIONS
    loads: dict[str, list[Load]] = {"default": [], "p1": [], "p2": []}
    cpu: dict[str, list[float]] = {"p1": [], "p2": []}
    with tempfile.TemporaryDirectory(prefix="bench-proxy-") as tmp:
        os.chmod(tmp, 0o711)  # nginx's worker (nobody, when run as root) reaches run/
        store, run = Path(tmp) / "store", Path(tmp) / "run"
        with dashboard_server(store, DEFAULT_ENV) as (_, default_base):
            drive(default_base, 1, 1.0)
            loads["default"].append(drive(default_base, n, duration))
        for order in (("p1", "p2"), ("p2", "p1")):
            for name in order:
                load, ms = _served(int(name[1]), store, run / name, n, duration)
                loads[name].append(load)
                cpu[name].append(ms)
            if quick:
                break
        if not quick:
            with dashboard_server(store, DEFAULT_ENV) as (_, default_base):
                drive(default_base, 1, 1.0)
                loads["default"].append(drive(default_base, n, duration))

    def samples(name: str) -> list[float]:
        return [r for load in loads[name] for r in load.rates()]

    p1, p2, default = loads["p1"], loads["p2"], loads["default"]
    p95_p2 = _extra(p2)["p95_ms"]
    common = {
        "sessions": n,
        "duration_s": duration,
        "runs_per_side": len(loads["p1"]),
        "server_cpu_ms_per_rerun_p1": statistics.median(cpu["p1"]),
        "server_cpu_ms_per_rerun_p2": statistics.median(cpu["p2"]),
    }
    two = Result(
        name="throughput_proxy_p2_n20",
        unit="reruns/s",
        samples=samples("p2"),
        baseline_name="throughput_n20_default_settings",
        baseline_samples=samples("default"),
        higher_is_better=True,
        target=Target("ratio", min=5.0),
        conditions={"p95 ≤ 1000 ms": p95_p2 is not None and p95_p2 <= 1000},
        extra={**common, **_extra(p2), **_extra(default, "baseline_")},
        notes=[
            "tradedash serve --processes 2: nginx (deploy/nginx.conf.template) in front of "
            "two app processes with the shipped config; the baseline is one process with "
            "Streamlit's defaults, served directly; websocket clients in the benchmark's "
            "own process on the same 2 cores"
        ],
    )
    scale = Result(
        name="throughput_proxy_p2_vs_p1_n20",
        unit="reruns/s",
        samples=samples("p2"),
        baseline_name="throughput_proxy_p1_n20",
        baseline_samples=samples("p1"),
        higher_is_better=True,
        target=Target("ratio", min=1.6),
        extra={**common, **_extra(p2), **_extra(p1, "baseline_")},
    )
    one = Result(
        name="throughput_proxy_p1_n20",
        unit="reruns/s",
        samples=samples("p1"),
        baseline_name="throughput_n20_default_settings",
        baseline_samples=samples("default"),
        higher_is_better=True,
        extra={**common, **_extra(p1), **_extra(default, "baseline_")},
    )
    return [one, two, scale]
