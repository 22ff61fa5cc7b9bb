"""Drives the symdiff REPL through a pseudo-terminal, as a person at a keyboard would.

Usage: pty_session.py BINARY HISTORY_FILE STEP...
Each STEP is `send:TEXT` (escapes such as \\r, \\t, \\x03 and \\x1b[A are decoded),
`expect:TEXT` (wait until TEXT has appeared in the output since the previous expect),
`sleep:SECONDS` (go on reading output meanwhile) or `probe:LABEL` (note the program's CPU time
and resident memory now, from /proc). Prints the whole transcript, then one line per probe
(`probe LABEL wall=S cpu=S rss_kb=N`); exits 1 with a message when an expectation times out.
The program gets the arguments in PTY_SESSION_ARGS (a JSON list), none by default.
"""
import json, os, pty, select, sys, time

binary, history = sys.argv[1], sys.argv[2]
steps = sys.argv[3:]
pid, fd = pty.fork()
if pid == 0:
    env = dict(os.environ, SYMDIFF_HISTORY=history, TERM="xterm", INPUTRC="/dev/null")
    os.execve(binary, [binary] + json.loads(os.environ.get("PTY_SESSION_ARGS", "[]")), env)

transcript = b""
cursor = 0
probes = []
ticks = os.sysconf("SC_CLK_TCK")

def probe(label):
    """The CPU time (user + system, all threads) and resident set of the program now."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / ticks
    rss = 0
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                rss = int(line.split()[1])
    probes.append("probe %s wall=%.3f cpu=%.3f rss_kb=%d" % (label, time.time(), cpu, rss))

def pump(timeout):
    global transcript
    ready, _, _ = select.select([fd], [], [], timeout)
    if ready:
        try:
            data = os.read(fd, 65536)
        except OSError:
            return False
        if not data:
            return False
        transcript += data
    return True

for step in steps:
    kind, _, text = step.partition(":")
    payload = text.encode().decode("unicode_escape").encode("latin-1")
    if kind == "send":
        os.write(fd, payload)
        time.sleep(0.05)
    elif kind == "sleep":
        deadline = time.time() + float(text)
        while time.time() < deadline:
            pump(max(0, min(0.05, deadline - time.time())))
    elif kind == "probe":
        probe(text)
    elif kind == "expect":
        deadline = time.time() + 20
        while payload not in transcript[cursor:]:
            if time.time() > deadline or not pump(0.1):
                sys.stdout.write(transcript.decode("utf-8", "replace"))
                sys.stdout.write("\n--- timed out waiting for %r\n" % text)
                sys.exit(1)
        cursor = transcript.index(payload, cursor) + len(payload)
# Let the program finish, then report how it ended.
deadline = time.time() + 10
while time.time() < deadline and pump(0.1):
    pass
_, status = os.waitpid(pid, 0)
sys.stdout.write(transcript.decode("utf-8", "replace"))
sys.stdout.write("\n--- exit %d\n" % (os.WEXITSTATUS(status) if os.WIFEXITED(status) else -1))
for line in probes:
    sys.stdout.write(line + "\n")
