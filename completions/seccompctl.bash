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
	local commands="show get set enable disable reset"
	local global="--json -q --quiet --version -h --help"
	local change="--dry-run --force --persist --persist= --timeout= --require-record"

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	if [[ $cur == --persist=* ]]; then
		COMPREPLY=($(compgen -f -P --persist= -- "${cur#--persist=}"))
		return
	fi
	if [[ $cur == -* ]]; then
		case $cmd in
		set | enable | disable | reset) COMPREPLY=($(compgen -W "$global $change" -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W "$global" -- "$cur")) ;;
		esac
		[[ ${COMPREPLY[0]} == *= ]] && compopt -o nospace 2>/dev/null
		return
	fi
	case $cmd in
	"") COMPREPLY=($(compgen -W "$commands" -- "$cur")) ;;
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
