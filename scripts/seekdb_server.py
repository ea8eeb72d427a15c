"""Runs a real seekdb 1.4 server on a loopback TCP port, from the pylibseekdb wheel.

pylibseekdb.open() starts the engine in embedded mode, which on Linux listens only on a Unix socket
(connection_options() returns {"user", "unix_socket"}): seekdb-js and mysql2 need TCP. The wheel
ships the seekdb server binary itself, so this launcher starts that in server mode instead, with a
data directory under the project, waits until SELECT VERSION() answers, prints one JSON line
{"host", "port", "user", "version", "pid", "data_dir"} and keeps the server alive until it is
told to stop (SIGTERM/SIGINT, or stdin closing with --stop-on-stdin-eof). It then stops the server
and removes the data directory.
"""
import argparse
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pylibseekdb  # noqa: F401  (the package that carries the binary)
import pymysql


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--port", type=int, default=0, help="TCP port (default: a free one)")
    ap.add_argument("--data-root", default=".seekdb", help="directory under which the data directory is made")
    ap.add_argument("--timeout", type=float, default=120.0, help="seconds to wait for the server to answer")
    ap.add_argument("--stop-on-stdin-eof", action="store_true", help="stop when stdin closes (for a parent process)")
    args = ap.parse_args()

    binary = Path(pylibseekdb.__file__).with_name("seekdb")
    if not binary.exists():
        print(json.dumps({"error": f"no seekdb binary in the pylibseekdb wheel at {binary}"}), flush=True)
        return 2
    port = args.port or free_port()
    root = Path(args.data_root).resolve()
    root.mkdir(parents=True, exist_ok=True)
    data_dir = root / f"server-{port}-{os.getpid()}"
    data_dir.mkdir()
    log = open(data_dir.with_suffix(".log"), "wb")
    proc = subprocess.Popen(
        [str(binary), "--nodaemon", "--port", str(port), "--base-dir", str(data_dir)],
        stdout=log,
        stderr=subprocess.STDOUT,
        stdin=subprocess.DEVNULL,
        start_new_session=True,
    )

    stopping = threading.Event()

    def stop(*_):
        stopping.set()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)

    def shutdown(code: int) -> int:
        if proc.poll() is None:
            proc.terminate()
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        log.close()
        shutil.rmtree(data_dir, ignore_errors=True)
        data_dir.with_suffix(".log").unlink(missing_ok=True)
        return code

    deadline = time.monotonic() + args.timeout
    version = None
    last_error = "not started"
    while time.monotonic() < deadline and not stopping.is_set():
        if proc.poll() is not None:
            tail = data_dir.with_suffix(".log").read_text(errors="replace")[-2000:]
            print(json.dumps({"error": f"seekdb exited with {proc.returncode}", "log": tail}), flush=True)
            return shutdown(2)
        try:
            conn = pymysql.connect(host="127.0.0.1", port=port, user="root", password="", database="test", connect_timeout=2)
            with conn.cursor() as cur:
                cur.execute("SELECT VERSION()")
                version = cur.fetchone()[0]
            conn.close()
            break
        except Exception as e:  # not up yet
            last_error = str(e)
            time.sleep(0.25)
    if version is None:
        print(json.dumps({"error": f"seekdb did not answer within {args.timeout}s: {last_error}"}), flush=True)
        return shutdown(2)

    print(json.dumps({"host": "127.0.0.1", "port": port, "user": "root", "version": version, "pid": proc.pid, "data_dir": str(data_dir)}), flush=True)

    if args.stop_on_stdin_eof:
        threading.Thread(target=lambda: (sys.stdin.read(), stopping.set()), daemon=True).start()
    while not stopping.is_set():
        if proc.poll() is not None:
            print(json.dumps({"error": f"seekdb exited with {proc.returncode}"}), file=sys.stderr, flush=True)
            return shutdown(2)
        stopping.wait(0.5)
    return shutdown(0)


if __name__ == "__main__":
    sys.exit(main())
