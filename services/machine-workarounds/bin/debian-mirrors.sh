# Sourced by services/machine-workarounds/bin/pg-client.sh and services/machine-workarounds/standins/build.sh: which Debian mirrors to debootstrap from.
# The host's own (apt-get indextargets resolves one-line and deb822 sources; it may be a local mirror, or the only
# one a firewall lets through), else deb.debian.org.
#   debian_mirrors MIRROR_OVERRIDE SECURITY_OVERRIDE   sets $mirror and $security
host_repo() { # $1 = suite; prints the first configured repository URI serving it
  apt-get indextargets --no-release-info --format '$(RELEASE) $(REPO_URI)' 2>/dev/null |
    awk -v s="$1" '$1 == s { print $2; exit }'
}

debian_mirrors() {
  mirror="${1:-}"
  security="${2:-}"
  if [ -r /etc/os-release ]; then
    # shellcheck disable=SC1091
    . /etc/os-release
    if [ "${ID:-}" = debian ] && [ -n "${VERSION_CODENAME:-}" ]; then
      [ -n "$mirror" ] || mirror="$(host_repo "$VERSION_CODENAME")"
      [ -n "$security" ] || security="$(host_repo "$VERSION_CODENAME-security")"
    fi
  fi
  mirror="${mirror:-http://deb.debian.org/debian/}"
  security="${security:-http://deb.debian.org/debian-security/}"
}
