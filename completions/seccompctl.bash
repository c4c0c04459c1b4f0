# bash completion for seccompctl(8)

_seccompctl_actions()
{
	local avail a
	if [[ -r /proc/sys/kernel/seccomp/actions_avail ]]; then
		avail=$(</proc/sys/kernel/seccomp/actions_avail)
	else
		avail="kill_process kill_thread trap errno user_notif trace log"
	fi
	# the kernel refuses allow in actions_logged
	for a in $avail; do
		[[ $a == allow ]] || printf '%s\n' "$a"
	done
}

_seccompctl()
{
	local cur=${COMP_WORDS[COMP_CWORD]} cmd="" i
	local commands="status show get set enable disable reset tail top verify profile record filters"
	local global="--json -q --quiet --no-sandbox --version -h --help"
	local change="--dry-run --force --persist --persist= --timeout= --observe= --require-record"
	local tail="--source= --file= --trust-file --directory= -D --boot --boot= -b --all -n --lines= -f --follow --since= --until= --pid= --uid=
		--comm= --exe= --syscall= --action= --arch= --host= --unit= --container= --pod= --no-workload -o --output= --numeric --summary --rcvbuf=
		--output-file= --cursor-file= --unique --unique= --metrics-file="
	local verify="--source= --file= --trust-file --all -D --directory= -b --boot --boot= --since= --until= --host= --metrics-file="
	local profile_out="--format= -o --output-file= --base= --default-action= --log-denied --runtime="
	local profile="--source= --file= --trust-file --directory= -D --boot --boot= -b --all --since= --until= --pid= --uid=
		--comm= --exe= --syscall= --action= --arch= --host= --unit= --container= --pod= --no-workload --check= --per= --output-dir= $profile_out"
	local record="$profile_out --enable-log --timeout= --settle= --rcvbuf= -u --user="
	local filters="--syscall= --disasm --actions-logged= --compare="
	local top="-d --delay= -n --iterations= -b --batch -s --sort= --no-workload --comm= --exe= --syscall= --action= --arch= --unit= --container= --pod="
	local prev=${COMP_WORDS[COMP_CWORD - 1]}

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	case $cur in
	--persist=* | --file=* | --output-file=* | --base=* | --check=* | --cursor-file=* | --metrics-file=* | --compare=*)
		COMPREPLY=($(compgen -f -P "${cur%%=*}=" -- "${cur#*=}"))
		return
		;;
	--source=*) COMPREPLY=($(compgen -P --source= -W "auto netlink bpf kernel journal file" -- "${cur#*=}")); return ;;
	--format=*) COMPREPLY=($(compgen -P --format= -W "oci systemd json" -- "${cur#*=}")); return ;;
	--runtime=*) COMPREPLY=($(compgen -P --runtime= -W "runc crun none" -- "${cur#*=}")); return ;;
	--per=*) COMPREPLY=($(compgen -P --per= -W "container unit" -- "${cur#*=}")); return ;;
	--output-dir=*) COMPREPLY=($(compgen -d -P --output-dir= -- "${cur#*=}")); return ;;
	--default-action=*)
		COMPREPLY=($(compgen -P --default-action= -W "errno kill_process kill_thread trap log" -- "${cur#*=}"))
		return
		;;
	--arch=*) COMPREPLY=($(compgen -P --arch= -W "x86_64 i386 x32 aarch64 arm armeb ppc ppc64 ppc64le s390 s390x mips mipsel mips64 mips64el mips64n32 mips64eln32 riscv64 loongarch64 parisc parisc64" -- "${cur#*=}")); return ;;
	--directory=*) COMPREPLY=($(compgen -d -P --directory= -- "${cur#*=}")); return ;;
	--output=*) COMPREPLY=($(compgen -P --output= -W "short json ecs raw" -- "${cur#*=}")); return ;;
	--sort=*) COMPREPLY=($(compgen -P --sort= -W "rate total workload exe syscall action" -- "${cur#*=}")); return ;;
	--action=*)
		local v=${cur#*=} head=--action=
		[[ $v == *,* ]] && head=--action=${v%,*}, && v=${v##*,}
		COMPREPLY=($(compgen -P "$head" -W "$(_seccompctl_actions)" -- "$v"))
		return
		;;
	esac
	case $prev in
	-o)
		# tail: a format; profile and record: a file
		if [[ $cmd == tail ]]; then
			COMPREPLY=($(compgen -W "short json ecs raw" -- "$cur"))
		else
			COMPREPLY=($(compgen -f -- "$cur"))
		fi
		return
		;;
	-n) [[ $cmd == top ]] || COMPREPLY=($(compgen -W "10 100 all" -- "$cur")); return ;;
	-s) [[ $cmd == top ]] && COMPREPLY=($(compgen -W "rate total workload exe syscall action" -- "$cur")); return ;;
	-D) COMPREPLY=($(compgen -d -- "$cur")); return ;;
	esac
	if [[ $cur == -* ]]; then
		case $cmd in
		set | enable | disable | reset) COMPREPLY=($(compgen -W "$global $change" -- "$cur")) ;;
		tail) COMPREPLY=($(compgen -W "$global $tail" -- "$cur")) ;;
		verify) COMPREPLY=($(compgen -W "$global $verify" -- "$cur")) ;;
		profile) COMPREPLY=($(compgen -W "$global $profile" -- "$cur")) ;;
		record) COMPREPLY=($(compgen -W "$global $record" -- "$cur")) ;;
		filters) COMPREPLY=($(compgen -W "$global $filters" -- "$cur")) ;;
		top) COMPREPLY=($(compgen -W "$global $top" -- "$cur")) ;;
		status) COMPREPLY=($(compgen -W "$global --processes --check" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$global" -- "$cur")) ;;
		esac
		[[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	case $cmd in
	"") COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
	record) COMPREPLY=($(compgen -c -- "$cur")) ;;
	filters) COMPREPLY=($(compgen -W "$(cd /proc && ls -d [0-9]* 2>/dev/null)" -- "$cur")) ;;
	set | enable | disable)
		# names may be comma-separated inside one word: complete after the last comma
		local head="" tail=$cur
		if [[ $cur == *,* ]]; then
			head=${cur%,*},
			tail=${cur##*,}
		fi
		COMPREPLY=($(compgen -P "$head" -W "$(_seccompctl_actions)" -- "$tail"))
		;;
	esac
}

complete -F _seccompctl seccompctl
