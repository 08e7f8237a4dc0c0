#!/usr/bin/env python3
"""Operational load test of `carules serve` (docs/service.md, "Load test"): what a deployment
hits when its users misbehave. Loopback only; every loop is bounded in count and time.

  python3 benches/ops_load.py [--binary target/release/carules] [--log-seconds 60]

1. batch: one 4 MiB /v1/batch body of minimal requests; the server's peak RSS (VmHWM) stays
   under 256 MB, and once the client leaves the server stops computing (no CPU used after).
2. log: the decision log's reader (standard output) stops reading; decisions keep being
   answered for --log-seconds and carules_decision_log_dropped_total rises.
3. reload: every rule file of a --rules copy is rewritten slowly (half written, a pause, the
   rest) over and over while 聊城 requests are answered: no answer comes from a partial set
   (every one is 聊城's, 371500, with its documents).
4. sigterm: SIGTERM while 8 clients decide; the process exits 0 within --grace-ms.
Exit 0 when all hold; each prints its figures.
"""
import argparse, http.client, json, os, shutil, signal, subprocess, sys, tempfile, threading, time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QINGHAI = json.dumps({"region": "630000", "as_of": "2026-11-21T10:00:00+08:00", "service": "renewal"})
LIAOCHENG = json.dumps({"region": "371500", "as_of": "2026-11-21T10:00:00+08:00", "service": "change", "applicant": {"kind": "organization"}})


def start(binary, *args, stdout=subprocess.DEVNULL):
    p = subprocess.Popen([binary, "serve", "--listen", "127.0.0.1:0", *args], stdout=stdout, stderr=subprocess.PIPE, text=True)
    deadline = time.time() + 30
    while time.time() < deadline:
        line = p.stderr.readline()
        if "http://" in line:
            addr = line.split("http://", 1)[1].split()[0]
            threading.Thread(target=lambda: [None for _ in p.stderr], daemon=True).start()
            host, port = addr.rsplit(":", 1)
            return p, host, int(port)
    p.kill()
    sys.exit("the server did not start")


def call(host, port, method, path, body=None, timeout=10):
    c = http.client.HTTPConnection(host, port, timeout=timeout)
    c.request(method, path, body=body, headers={"Content-Type": "application/json"})
    r = c.getresponse()
    data = r.read()
    c.close()
    return r.status, data


def proc_status(pid, key):
    for line in open(f"/proc/{pid}/status"):
        if line.startswith(key + ":"):
            return int(line.split()[1])  # kB
    return 0


def cpu_ticks(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return int(fields[11]) + int(fields[12])


def metric(host, port, name):
    _, text = call(host, port, "GET", "/metrics")
    for line in text.decode().splitlines():
        if line.startswith(name):
            return float(line.split()[-1])
    return 0.0


def stop(p):
    p.send_signal(signal.SIGTERM)
    try:
        p.wait(timeout=40)
    except subprocess.TimeoutExpired:
        p.kill()


def batch(binary):
    p, host, port = start(binary, "--decision-log", "off", "--max-batch-lines", "100000", "--timeout-ms", "60000")
    line = '{"region":"630000","as_of":"2026-11-21T10:00:00+08:00"}\n'
    body = (line * (4 * 1024 * 1024 // len(line))).encode()
    c = http.client.HTTPConnection(host, port, timeout=30)
    c.request("POST", "/v1/batch", body=body, headers={"Content-Type": "application/x-ndjson"})
    r = c.getresponse()
    got = len(r.read(256 * 1024))  # read a little, then leave
    c.sock.close()
    c.close()
    time.sleep(1.0)
    before = cpu_ticks(p.pid)
    time.sleep(2.0)
    after = cpu_ticks(p.pid)
    peak_mb = proc_status(p.pid, "VmHWM") / 1024
    stop(p)
    lines = body.count(b"\n")
    ok = peak_mb < 256 and after - before <= 10  # at most 0.1 s of CPU in 2 s: idle
    print(f"batch: {len(body)} bytes, {lines} lines; read {got} bytes then left; peak RSS {peak_mb:.1f} MB; "
          f"CPU in the 2 s after the client left: {(after - before) / os.sysconf('SC_CLK_TCK'):.2f} s -> {'ok' if ok else 'FAILED'}")
    return ok


def log_reader_stopped(binary, seconds):
    r, w = os.pipe()  # nobody reads r: the log's reader has stopped
    p, host, port = start(binary, "--decision-log", "-", "--decision-log-queue", "1024", stdout=w)
    os.close(w)
    start_t, answered, errors = time.time(), 0, 0
    dropped_first = None
    c = http.client.HTTPConnection(host, port, timeout=10)  # one keep-alive connection
    while time.time() - start_t < seconds:
        c.request("POST", "/v1/decide", body=QINGHAI, headers={"Content-Type": "application/json"})
        reply = c.getresponse()
        reply.read()
        answered += reply.status == 200
        errors += reply.status != 200
        if dropped_first is None and time.time() - start_t > seconds / 2:
            dropped_first = metric(host, port, "carules_decision_log_dropped_total")
    c.close()
    dropped = metric(host, port, "carules_decision_log_dropped_total")
    stop(p)
    os.close(r)
    ok = errors == 0 and answered > 0 and dropped > (dropped_first or 0) > 0
    print(f"log: reader stopped; {answered} decisions answered in {seconds} s, {errors} errors; dropped lines "
          f"{dropped_first:.0f} half way, {dropped:.0f} at the end -> {'ok' if ok else 'FAILED'}")
    return ok


def reload(binary):
    rules = tempfile.mkdtemp(prefix="carules-ops-")
    shutil.copytree(os.path.join(ROOT, "rules"), rules, dirs_exist_ok=True)
    p, host, port = start(binary, "--decision-log", "off", "--rules", rules, "--poll-ms", "50", "--reload-debounce-ms", "300")
    stop_writer = threading.Event()

    rounds = [0]

    def rewrite():
        # Rounds: every file rewritten in turn (half written, a pause, the rest, with a comment
        # naming the round, so each round is a new revision), then a rest longer than the
        # debounce so the finished set is read.
        files = sorted(f for f in os.listdir(rules) if f.endswith(".carules"))
        texts = {f: open(os.path.join(rules, f), encoding="utf-8").read() for f in files}
        while not stop_writer.is_set():
            rounds[0] += 1
            for f in files:
                text = texts[f] + f"# rewrite round {rounds[0]}\n"
                with open(os.path.join(rules, f), "w", encoding="utf-8") as out:
                    out.write(text[: len(text) // 2])
                    out.flush()
                    time.sleep(0.03)
                    out.write(text[len(text) // 2:])
            stop_writer.wait(0.8)

    writer = threading.Thread(target=rewrite)
    writer.start()
    bad, n, start_t = [], 0, time.time()
    while time.time() - start_t < 10:
        status, data = call(host, port, "POST", "/v1/decide", LIAOCHENG)
        n += 1
        a = json.loads(data)
        if status != 200 or a.get("region", {}).get("code") != "371500" or not a.get("documents"):
            bad.append((status, a.get("region"), a.get("error")))
    stop_writer.set()
    writer.join()
    swapped = metric(host, port, 'carules_rules_reloads_total{result="swapped"}')
    refused = metric(host, port, 'carules_rules_reloads_total{result="refused"}')
    stop(p)
    shutil.rmtree(rules)
    ok = not bad and n > 0 and swapped >= 2
    print(f"reload: {n} 聊城 answers during 10 s of {rounds[0]} rounds rewriting every rule file ({swapped:.0f} reloads swapped in, "
          f"{refused:.0f} refused); {len(bad)} not 聊城's with documents {bad[:3]} -> {'ok' if ok else 'FAILED'}")
    return ok


def sigterm(binary):
    grace_ms = 5000
    p, host, port = start(binary, "--decision-log", "off", "--grace-ms", str(grace_ms))
    stop_load = threading.Event()
    counts = [0, 0]

    def client():
        while not stop_load.is_set():
            try:
                status, _ = call(host, port, "POST", "/v1/decide", QINGHAI, timeout=5)
                counts[0] += status == 200
            except OSError:
                counts[1] += 1  # refused once the server stops accepting: expected
                time.sleep(0.01)

    threads = [threading.Thread(target=client) for _ in range(8)]
    [t.start() for t in threads]
    time.sleep(2)
    t0 = time.time()
    p.send_signal(signal.SIGTERM)
    try:
        code = p.wait(timeout=grace_ms / 1000 + 10)
    except subprocess.TimeoutExpired:
        p.kill()
        code = None
    took = time.time() - t0
    stop_load.set()
    [t.join() for t in threads]
    ok = code == 0 and took <= grace_ms / 1000 + 1
    print(f"sigterm: under 8 clients ({counts[0]} answered before); exit {code} after {took:.2f} s (grace {grace_ms / 1000} s) "
          f"-> {'ok' if ok else 'FAILED'}")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--binary", default=os.path.join(ROOT, "target/release/carules"))
    ap.add_argument("--log-seconds", type=int, default=60)
    ap.add_argument("--only", choices=["batch", "log", "reload", "sigterm"])
    a = ap.parse_args()
    runs = {"batch": lambda: batch(a.binary), "log": lambda: log_reader_stopped(a.binary, a.log_seconds),
            "reload": lambda: reload(a.binary), "sigterm": lambda: sigterm(a.binary)}
    results = [f() for name, f in runs.items() if a.only in (None, name)]
    sys.exit(0 if all(results) else 1)


if __name__ == "__main__":
    main()
