# Sourced by scripts/docker-test.sh and scripts/compose-test.sh: a Docker engine and the Debian
# base images, on a machine that has Debian's docker.io but maybe no running daemon and no
# reachable image registry.
#
#   p15_docker_up           use the daemon DOCKER_HOST (or the default socket) names if it
#                           answers; else start a private dockerd whose data lives in a temporary
#                           directory, stopped and removed by p15_docker_down
#   p15_docker_base_images  debian:12 and debian:12-slim: present, pulled, or made with
#                           debootstrap from Debian's mirror and imported (cached as a tarball)
#   p15_docker_down         stops and removes what p15_docker_up started (nothing otherwise)
#
# Settings: P15_DEBIAN_MIRROR (debootstrap's mirror; default: debootstrap's own),
# P15_DOCKER_CACHE (where the base tarball is kept; default ~/.cache/p15).

# shellcheck source=scripts/proc.sh
source "$(dirname "${BASH_SOURCE[0]}")/proc.sh"

p15_docker_dir=""
p15_dockerd_pid=""

p15_docker_up() {
  if docker info >/dev/null 2>&1; then
    echo "docker-env: using the running daemon ($(docker info -f '{{.ServerVersion}}'))"
    return 0
  fi
  if ! command -v dockerd >/dev/null; then
    echo "docker-env: no Docker daemon answers and dockerd is missing (apt-get install docker.io)" >&2
    return 2
  fi
  p15_docker_dir=$(mktemp -d /tmp/p15-docker.XXXXXX)
  dockerd --data-root "$p15_docker_dir/data" --exec-root "$p15_docker_dir/exec" \
    -H "unix://$p15_docker_dir/docker.sock" --pidfile "$p15_docker_dir/docker.pid" \
    >"$p15_docker_dir/dockerd.log" 2>&1 &
  p15_dockerd_pid=$!
  export DOCKER_HOST="unix://$p15_docker_dir/docker.sock"
  local deadline=$((SECONDS + 60))
  until docker info >/dev/null 2>&1; do
    if ! kill -0 "$p15_dockerd_pid" 2>/dev/null || ((SECONDS > deadline)); then
      echo "docker-env: the private dockerd did not start; its log:" >&2
      tail -n 30 "$p15_docker_dir/dockerd.log" >&2
      return 1
    fi
    sleep 0.5
  done
  echo "docker-env: started a private dockerd ($DOCKER_HOST)"
}

p15_docker_down() {
  [[ -n "$p15_docker_dir" ]] || return 0
  if [[ -n "$p15_dockerd_pid" ]] && kill -0 "$p15_dockerd_pid" 2>/dev/null; then
    # Containers first, so that dockerd unmounts their layers before the directory goes.
    docker ps -aq | xargs -r docker rm -f >/dev/null 2>&1 || true
    kill "$p15_dockerd_pid" 2>/dev/null || true
    p15_wait_or_kill "$p15_dockerd_pid" 30
  fi
  # A layer still mounted (a killed daemon) would make rm fail half-way: unmount what is left.
  grep -o " $p15_docker_dir[^ ]*" /proc/mounts | sort -r | xargs -r -n1 umount -l 2>/dev/null || true
  rm -rf "$p15_docker_dir"
  p15_docker_dir=""
}

# The rootfs tarball of a minimal bookworm, with the official slim image's dpkg excludes (no
# docs, man pages or translations) and the security and updates suites beside main.
p15_debian_tarball() {
  local cache=${P15_DOCKER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/p15}
  local tarball="$cache/debian-bookworm-minbase.tar"
  if [[ -s "$tarball" ]]; then
    echo "$tarball"
    return 0
  fi
  command -v debootstrap >/dev/null || {
    echo "docker-env: debootstrap is missing (apt-get install debootstrap)" >&2
    return 2
  }
  mkdir -p "$cache"
  local rootfs
  rootfs=$(mktemp -d /tmp/p15-rootfs.XXXXXX)
  echo "docker-env: debootstrap --variant=minbase bookworm (about a minute)" >&2
  if ! debootstrap --variant=minbase bookworm "$rootfs" ${P15_DEBIAN_MIRROR:+"$P15_DEBIAN_MIRROR"} \
    >"$cache/debootstrap.log" 2>&1; then
    echo "docker-env: debootstrap failed; see $cache/debootstrap.log" >&2
    rm -rf "$rootfs"
    return 1
  fi
  local mirror
  mirror=$(awk '$1 == "deb" {print $2; exit}' "$rootfs/etc/apt/sources.list")
  {
    echo "deb $mirror bookworm main"
    echo "deb $mirror bookworm-updates main"
    echo "deb ${mirror%/}-security bookworm-security main"
  } >"$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/p15-slim" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
EOF
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/doc/*/[!c]* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/locale/*
  tar -C "$rootfs" -cf "$tarball.part" . && mv "$tarball.part" "$tarball"
  rm -rf "$rootfs"
  echo "$tarball"
}

p15_docker_base_images() {
  local missing=() image
  for image in debian:12 debian:12-slim; do
    docker image inspect "$image" >/dev/null 2>&1 && continue
    timeout 60 docker pull -q "$image" >/dev/null 2>&1 && continue
    missing+=("$image")
  done
  ((${#missing[@]})) || return 0
  local tarball
  tarball=$(p15_debian_tarball) || return 1
  for image in "${missing[@]}"; do
    docker import -c 'CMD ["bash"]' "$tarball" "$image" >/dev/null
    echo "docker-env: $image imported from a debootstrap rootfs"
  done
}
