"""Start the production-like server for a benchmark: gunicorn on 127.0.0.1, DEBUG as ``env``
says, logging warnings only. Shared by benchmarks/http.py and benchmarks/login_flood.py."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def start_gunicorn(env, port, workers):
    """Start gunicorn serving ``crpv.wsgi`` on 127.0.0.1:``port`` with ``workers`` workers and
    the environment ``env``; return the process (not yet ready: the caller waits for it)."""
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "crpv.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
