#!/usr/bin/env bash
# A private Docker engine for tests on machines that run none: started by hand (no systemd),
# loopback only (no bridge, no iptables), with the debian:bookworm base image the Dockerfiles
# name built by debootstrap, since no image registry can be reached.
# Usage: docker-engine.sh start DIR | stop DIR      (prints the DOCKER_HOST to use on start;
#        exits 3 where no engine can unpack images: a chroot)
set -euo pipefail
cmd=${1:?usage: docker-engine.sh start|stop DIR} dir=${2:?usage: docker-engine.sh start|stop DIR}
sock=unix://$dir/docker.sock

case $cmd in
  start)
    mkdir -p "$dir"
    dockerd --data-root "$dir/data" --exec-root "$dir/exec" -H "$sock" --pidfile "$dir/dockerd.pid" \
      --bridge=none --iptables=false --ip-masq=false >"$dir/dockerd.log" 2>&1 &
    for _ in $(seq 300); do
      DOCKER_HOST=$sock docker info >/dev/null 2>&1 && break
      sleep 0.1
    done
    DOCKER_HOST=$sock docker info >/dev/null ||
      { echo "docker-engine: dockerd did not answer within 30 s; its last lines:" >&2; tail -n 20 "$dir/dockerd.log" >&2; exit 1; }
    if ! DOCKER_HOST=$sock docker image inspect debian:bookworm >/dev/null 2>&1; then
      # The engine unpacks image layers in a mount namespace of its own, remounting /: inside a
      # chroot, where / is no mount point, that fails for every image.
      if ! mountpoint -q /; then
        echo "docker-engine: cannot build the debian:bookworm base image here: / is not a mount point (a chroot?), so the engine cannot unpack image layers" >&2
        "$0" stop "$dir"
        exit 3
      fi
      mirror=$("$(dirname "$0")/apt-mirror.sh") ||
        { echo "docker-engine: cannot build the debian:bookworm base image without a Debian mirror" >&2; exit 1; }
      debootstrap --variant=minbase bookworm "$dir/rootfs" "$mirror" >"$dir/debootstrap.log" 2>&1 ||
        { echo "docker-engine: debootstrap from $mirror failed; its last lines:" >&2; tail -n 20 "$dir/debootstrap.log" >&2; exit 1; }
      tar -C "$dir/rootfs" -c . | DOCKER_HOST=$sock docker import - debian:bookworm >/dev/null
      rm -rf "$dir/rootfs"
    fi
    echo "$sock"
    ;;
  stop)
    if [[ -f $dir/dockerd.pid ]]; then
      pid=$(cat "$dir/dockerd.pid")
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 200); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    # dockerd leaves its network namespace mounted; unmount before deleting.
    for m in $(grep -o "$dir/exec[^ ]*" /proc/mounts | sort -r); do umount "$m" 2>/dev/null || true; done
    rm -rf "$dir"
    ;;
esac
