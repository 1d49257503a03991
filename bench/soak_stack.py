"""The stack a soak runs against, started as `make run` starts it (scripts/stack.sh, local
processes), and the faults it can suffer."""
import asyncio
import os
import signal
import socket
import subprocess
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def free_port(consecutive=1):
    """A port with `consecutive - 1` free ports after it (the replicas take API_PORT + i)."""
    while True:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        if port + consecutive > 65535:
            continue
        taken = False
        for p in range(port + 1, port + consecutive):
            with socket.socket() as s:
                try:
                    s.bind(("127.0.0.1", p))
                except OSError:
                    taken = True
        if not taken:
            return port


def read_pid(path):
    try:
        return int(Path(path).read_text().strip())
    except (OSError, ValueError):
        return None


def children_of(pid):
    kids = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
                if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                    kids.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return kids


def rss_kb(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def fd_count(pid):
    try:
        return len(os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return 0


class Stack:
    def __init__(self, store, work):
        self.store = store
        self.replicas = 2 if store == "postgres" else 1
        self.run_dir = work / "run"
        self.run_dir.mkdir()
        self.mounted = False
        if store == "sqlite" and os.geteuid() == 0:
            # A disk of its own, small enough to fill in a moment.
            self.mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs",
                                           str(self.run_dir)]).returncode == 0
        web, api, publish = free_port(), free_port(self.replicas), free_port(2)
        self.env = dict(os.environ, RUN_DIR=str(self.run_dir), STORE=store,
                        REPLICAS=str(self.replicas), WEB_PORT=str(web), API_PORT=str(api),
                        PUBLISH_PORT=str(publish), WEB_PORT_2=str(free_port()),
                        REDIS_PORT=str(free_port()),
                        # Local processes even where a Docker engine answers.
                        DOCKER_HOST="unix:///nonexistent")
        self.web_ports = [web] + ([int(self.env["WEB_PORT_2"])] if store == "postgres" else [])
        self.api_ports = [api + i for i in range(self.replicas)]
        self.restarted = []  # counterd processes this soak started again (its children)

    def describe(self):
        if self.store == "sqlite":
            return "nginx -> counterd -> SQLite" + (" (on a 256 MiB tmpfs)" if self.mounted else "")
        return "2 nginx (Redis) -> 2 counterd -> PostgreSQL"

    def stack(self, command):
        return subprocess.run([str(REPO / "scripts/stack.sh"), command], env=self.env,
                              cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)

    def up(self):
        result = self.stack("up")
        if result.returncode != 0:
            raise RuntimeError("make run failed:\n" + result.stdout)
        if self.store == "sqlite":
            self.manager_code = (self.run_dir / "data/admin-token").read_text().strip()
        else:
            env_file = (self.run_dir / "replicas.env").read_text()
            self.manager_code = [l.split("=", 1)[1] for l in env_file.splitlines()
                                 if l.startswith("ADMIN_TOKEN=")][0]

    def down(self):
        # The counterd this soak started again are its children: stopped and reaped here (a
        # zombie would look alive to scripts/stack.sh).
        for p in self.restarted:
            p.terminate()
            p.wait()
        self.stack("down")
        if self.mounted:
            subprocess.run(["umount", "-l", str(self.run_dir)])

    def counterd_pidfiles(self):
        return [self.run_dir / ("counterd.pid" if i == 0 else f"counterd-{i + 1}.pid")
                for i in range(self.replicas)]

    def nginx_masters(self):
        names = ["nginx"] + (["nginx-2"] if self.store == "postgres" else [])
        return [read_pid(self.run_dir / n / "nginx.pid") for n in names]

    def usage(self):
        counterd = [read_pid(p) for p in self.counterd_pidfiles()]
        nginx = [p for m in self.nginx_masters() if m for p in [m] + children_of(m)]
        return {
            "counterd_rss_kb": sum(rss_kb(p) for p in counterd if p),
            "counterd_fds": sum(fd_count(p) for p in counterd if p),
            "nginx_rss_kb": sum(rss_kb(p) for p in nginx),
            "nginx_fds": sum(fd_count(p) for p in nginx),
        }

    def largest_asset(self):
        dist = REPO / "build/wasm/dist"
        return max((p for p in dist.iterdir() if p.is_file() and p.suffix in (".wasm", ".js")),
                   key=lambda p: p.stat().st_size).name

    # ---- faults

    async def kill_and_restart(self, replica):
        """SIGKILL, as a crash would; then started again with the same command and environment."""
        pidfile = self.counterd_pidfiles()[replica]
        pid = read_pid(pidfile)
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().rstrip(b"\0").split(b"\0")
        env = dict(e.split(b"=", 1) for e in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0") if b"=" in e)
        os.kill(pid, signal.SIGKILL)
        mine = [p for p in self.restarted if p.pid == pid]
        for p in mine:
            p.wait()
            self.restarted.remove(p)
        while Path(f"/proc/{pid}").exists():
            await asyncio.sleep(0.05)
        await asyncio.sleep(1)  # down for a moment, as after a real crash
        log = open(pidfile.with_suffix(".log"), "ab")
        p = subprocess.Popen(argv, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        self.restarted.append(p)
        pidfile.write_text(f"{p.pid}\n")
        await self.wait_ready(self.api_ports[replica])

    async def wait_ready(self, port, guard=60):
        deadline = time.monotonic() + guard
        while time.monotonic() < deadline:
            try:
                reader, writer = await asyncio.open_connection("127.0.0.1", port)
                writer.write(b"GET /readyz HTTP/1.0\r\n\r\n")
                line = await reader.readline()
                writer.close()
                if b" 200 " in line:
                    return
            except OSError:
                pass
            await asyncio.sleep(0.2)
        raise RuntimeError(f"port {port} not ready after {guard} s")

    async def reload_nginx(self):
        for master in self.nginx_masters():
            os.kill(master, signal.SIGHUP)

    async def fill_disk(self, seconds=15):
        filler = self.run_dir / "data/filler"
        with open(filler, "wb") as f:
            try:
                while True:
                    f.write(b"\0" * (1 << 20))
                    f.flush()
            except OSError:
                pass
        await asyncio.sleep(seconds)
        filler.unlink()

    async def restart_postgres(self):
        script, folder = str(REPO / "scripts/postgres.sh"), str(self.run_dir / "postgres")
        for step in ("stop", "start"):
            proc = await asyncio.create_subprocess_exec(script, step, folder, stdout=subprocess.DEVNULL)
            await proc.wait()
        for port in self.api_ports:
            await self.wait_ready(port)

    def faults(self, soak):
        """(name, coroutine function) in the order they take turns."""
        if self.store == "sqlite":
            listed = [("counterd killed (SIGKILL) and started again", lambda: self.kill_and_restart(0)),
                      ("nginx reloaded", self.reload_nginx),
                      ("a client stops reading mid-answer", soak.stalled_reader)]
            if self.mounted:
                listed.append(("the disk filled for 15 s, then freed", self.fill_disk))
            return listed
        return [("replica 2 killed (SIGKILL) and started again", lambda: self.kill_and_restart(1)),
                ("PostgreSQL restarted", self.restart_postgres),
                ("nginx reloaded (both)", self.reload_nginx),
                ("a client stops reading mid-answer", soak.stalled_reader),
                ("replica 1 killed (SIGKILL) and started again", lambda: self.kill_and_restart(0))]
