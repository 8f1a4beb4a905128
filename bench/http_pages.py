"""Requests per second of Tongxin pages beside a bare Django "hello" view, in one run.

Both are served by gunicorn with 2 sync workers on 127.0.0.1 and loaded with wrk for a fixed
time. Tongxin runs with production settings on a SQLite copy of the demo union (built here in a
temporary directory, or on PostgreSQL when DATABASE_URL is set). The goal: a member page at
least a quarter of the floor's rate. Writes docs/benchmarks/http.md.

    .venv/bin/python bench/http_pages.py [--seconds 10] [--connections 8]
"""

import argparse
import datetime as dt
import http.cookiejar
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
GUNICORN = str(Path(PY).parent / "gunicorn")
PAGES = [
    ("member: Me (/me/)", "member", "/me/"),
    ("office: people list (/people/)", "office", "/people/"),
    ("office: org tree (/orgs/)", "office", "/orgs/"),
    ("member: API me (/api/v1/accounts/me)", "member", "/api/v1/accounts/me"),
]


def run(cmd: list[str], env: dict[str, str]) -> None:
    subprocess.run(cmd, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)


def serve(app: str, port: int, env: dict[str, str]) -> subprocess.Popen:
    proc = subprocess.Popen(
        [GUNICORN, app, "--workers", "2", "--bind", f"127.0.0.1:{port}", "--log-level", "warning"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(
                f"http://127.0.0.1:{port}/healthz"
                if "tongxin" in app
                else f"http://127.0.0.1:{port}/",
                timeout=1,
            )
            return proc
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise RuntimeError(f"{app} did not start")


def session_cookie(port: int, username: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    login = f"http://127.0.0.1:{port}/accounts/login/"
    html = opener.open(login).read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": token, "identifier": username, "password": "tongxin2021"}
    ).encode()
    request = urllib.request.Request(login, data=data, headers={"Referer": login})
    opener.open(request).read()
    cookies = {c.name: c.value for c in jar}
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def wrk(url: str, seconds: int, connections: int, cookie: str = "") -> dict[str, float]:
    cmd = ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", url]
    if cookie:
        cmd[1:1] = ["-H", f"Cookie: {cookie}"]
    out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = re.search(r"50%\s+([\d.]+)(\w+)", out)
    p99 = re.search(r"99%\s+([\d.]+)(\w+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)

    def ms(match: re.Match | None) -> float:
        if not match:
            return float("nan")
        value, unit = float(match.group(1)), match.group(2)
        return value * {"us": 0.001, "ms": 1, "s": 1000}[unit]

    return {
        "rps": rps,
        "p50": ms(p50),
        "p99": ms(p99),
        "non2xx": int(errors.group(1)) if errors else 0,
    }


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tongxin-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings_tongxin",
        "TONGXIN_VAR_DIR": str(work),
    }
    database = "PostgreSQL" if env.get("DATABASE_URL", "").startswith("postgres") else "SQLite"
    procs: list[subprocess.Popen] = []
    try:
        print("building the demo union …", flush=True)
        run([PY, "manage.py", "migrate", "--noinput"], env)
        run([PY, "manage.py", "seed_demo"], env)
        run([PY, "manage.py", "collectstatic", "--noinput"], env)
        procs.append(
            serve(
                "bench.hello.wsgi", 8101, {**env, "DJANGO_SETTINGS_MODULE": "bench.hello.settings"}
            )
        )
        procs.append(serve("tongxin.wsgi", 8102, env))
        floor = wrk("http://127.0.0.1:8101/", args.seconds, args.connections)
        rows = [("bare Django hello (floor)", floor)]
        for label, user, path in PAGES:
            cookie = session_cookie(8102, user)
            rows.append(
                (label, wrk(f"http://127.0.0.1:8102{path}", args.seconds, args.connections, cookie))
            )
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)
        shutil.rmtree(work, ignore_errors=True)
    lines = [
        "# HTTP throughput: Tongxin pages beside a bare Django view",
        "",
        f"Run {dt.datetime.now():%Y-%m-%d %H:%M} on {platform.node()} ({os.cpu_count()} cores, "
        f"Python {platform.python_version()}), {database}, gunicorn 2 sync workers, "
        f"wrk 2 threads × {args.connections} connections × {args.seconds} s, logged-in session.",
        "Produced by `bench/http_pages.py`; the goal is a member page at ≥ 25% of the floor.",
        "",
        "| page | req/s | share of floor | p50 ms | p99 ms | non-2xx |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for label, result in rows:
        share = result["rps"] / floor["rps"] * 100
        lines.append(
            f"| {label} | {result['rps']:.0f} | {share:.0f}% | {result['p50']:.1f} | {result['p99']:.1f} | {result['non2xx']} |"
        )
    text = "\n".join(lines) + "\n"
    print(text)
    target = ROOT / "docs" / "benchmarks" / f"http-{database.lower()}.md"
    target.write_text(text, encoding="utf-8")
    member = rows[1][1]["rps"] / floor["rps"]
    return 0 if member >= 0.25 else 1


if __name__ == "__main__":
    sys.exit(main())
