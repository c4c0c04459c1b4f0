# Sourced by the scripts: a minimal Debian release root made with debootstrap,
# and a command run inside it as a real root (its own mount namespace, the root
# a mount point reached by pivot_root, fresh /proc, the host's /sys with its
# cgroups, /dev, tmpfs /run and /tmp), so runc and the daemons work there.

# The host's CA files and resolver, so apt inside the root can download.
release_copy_network() {
	local root=$1 cafile
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	if [ -d /usr/local/share/ca-certificates ]; then
		mkdir -p "$root/usr/local/share/ca-certificates"
		cp -r /usr/local/share/ca-certificates/. "$root/usr/local/share/ca-certificates/"
	fi
	cafile=$(sed -n 's/^cafile=//p' /etc/npmrc 2>/dev/null || true)
	[ -n "$cafile" ] && [ -f "$cafile" ] && mkdir -p "$root$(dirname "$cafile")" &&
		cp "$cafile" "$root$cafile"
	return 0
}

# release_root RELEASE DIR: make DIR a minimal root of RELEASE unless it is one
# already (a stamp file says it finished); a half-made root is made again.
release_root() {
	local release=$1 root=$2
	if [ -f "$root/.seccompctl-root" ] && [ "$(cat "$root/.seccompctl-root")" = "$release" ]; then
		return 0
	fi
	command -v debootstrap >/dev/null || need_packages debootstrap
	rm -rf "$root.part"
	mkdir -p "$(dirname "$root")"
	echo "debootstrap $release into $root" >&2
	if ! debootstrap --variant=minbase --include=ca-certificates "$release" "$root.part" \
		"${DEBIAN_MIRROR:-http://deb.debian.org/debian}" >"$root.part.log" 2>&1; then
		tail -n 20 "$root.part.log" >&2
		echo "debootstrap $release failed (above, whole log in $root.part.log): check that" \
			"${DEBIAN_MIRROR:-http://deb.debian.org/debian} is reachable" >&2
		return 1
	fi
	# no daemon starts at install time: the tests start their own, by hand
	printf '#!/bin/sh\nexit 101\n' >"$root.part/usr/sbin/policy-rc.d"
	chmod 755 "$root.part/usr/sbin/policy-rc.d"
	printf 'APT::Install-Recommends "false";\n' >"$root.part/etc/apt/apt.conf.d/90seccompctl"
	release_copy_network "$root.part"
	chroot "$root.part" update-ca-certificates >/dev/null 2>&1 || true
	echo "$release" >"$root.part/.seccompctl-root"
	rm -rf "$root"
	mv "$root.part" "$root"
	rm -f "$root.part.log"
}

# release_run DIR COMMAND...: COMMAND as root of DIR, in a mount namespace of
# its own that goes with it (nothing stays mounted on the host).
release_run() {
	local root=$1
	shift
	release_copy_network "$root"
	unshare --mount --propagation private -- /bin/sh -eu -c '
		root=$1; shift
		mount --bind "$root" "$root"
		mount -t proc proc "$root/proc"
		mount --rbind /sys "$root/sys"
		mount --rbind /dev "$root/dev"
		mount -t tmpfs -o mode=755 tmpfs "$root/run"
		mount -t tmpfs -o mode=1777 tmpfs "$root/tmp"
		mkdir -p "$root/.old"
		cd "$root"
		pivot_root . .old
		umount -l /.old
		cd /
		exec env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 \
			TERM="${TERM:-dumb}" CI="${CI:-}" "$@"
	' sh "$root" "$@"
}
