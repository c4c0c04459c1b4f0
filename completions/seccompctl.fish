# fish completion for seccompctl(8)

function __seccompctl_actions
    if test -r /proc/sys/kernel/seccomp/actions_avail
        # the kernel refuses allow in actions_logged
        string split ' ' -- (string trim < /proc/sys/kernel/seccomp/actions_avail) | string match -v allow
    else
        printf '%s\n' kill_process kill_thread trap errno user_notif trace log
    end
end

set -l commands show get set enable disable reset
set -l changers set enable disable reset

complete -c seccompctl -f
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a show -d 'every available action, whether logged, and when'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a get -d 'print actions_logged as the kernel has it'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a set -d 'replace actions_logged, and verify'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a enable -d 'add actions, and verify'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a disable -d 'remove actions, and verify'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a reset -d 'restore the kernel default, and verify'

complete -c seccompctl -l json -d 'print one JSON document'
complete -c seccompctl -s q -l quiet -d 'print only errors and warnings'
complete -c seccompctl -l version -d 'print the version and exit'
complete -c seccompctl -s h -l help -d 'show help and exit'

complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l dry-run -d 'show what would be written; write nothing'
complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l force -d 'write even when the value would not change'
complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l persist -F -d 'also save the value in a sysctl.d file'
complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l timeout -x -d 'seconds to wait for the kernel record'
complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l require-record -d 'exit 3 when the change cannot be verified'

complete -c seccompctl -n "__fish_seen_subcommand_from set enable disable" -a "(__seccompctl_actions)"
