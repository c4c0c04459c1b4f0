# fish completion for seccompctl(8)

function __seccompctl_actions
    if test -r /proc/sys/kernel/seccomp/actions_avail
        # the kernel refuses allow in actions_logged
        string split ' ' -- (string trim < /proc/sys/kernel/seccomp/actions_avail) | string match -v allow
    else
        printf '%s\n' kill_process kill_thread trap errno user_notif trace log
    end
end

set -l commands status show get set enable disable reset tail top verify profile record filters
set -l changers set enable disable reset

complete -c seccompctl -f
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a status -d 'the whole logging path, and why records would be missing'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a show -d 'every available action, whether logged, and when'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a get -d 'print actions_logged as the kernel has it'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a set -d 'replace actions_logged, and verify'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a enable -d 'add actions, and verify'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a disable -d 'remove actions, and verify'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a reset -d 'restore the kernel default, and verify'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a tail -d 'show seccomp records, interpreted'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a verify -d 'check the audit trail of actions_logged'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a profile -d 'turn seccomp records into an allow-list, or check a profile'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a record -d 'run a command under a logging filter, write its profile'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a filters -d 'read every process\'s seccomp filters, and what is logged'
complete -c seccompctl -n "not __fish_seen_subcommand_from $commands" -a top -d 'a live view of every seccomp decision, logged or not'

complete -c seccompctl -l json -d 'print one JSON document'
complete -c seccompctl -s q -l quiet -d 'print only errors and warnings'
complete -c seccompctl -l no-sandbox -d 'do not confine seccompctl'
complete -c seccompctl -l version -d 'print the version and exit'
complete -c seccompctl -s h -l help -d 'show help and exit'

complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l dry-run -d 'show what would be written; write nothing'
complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l force -d 'write even when the value would not change'
complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l persist -F -d 'also save the value in a sysctl.d file'
complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l timeout -x -d 'seconds to wait for the kernel record'
complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l observe -x -d 'with --dry-run: count every decision for SECONDS, and what the change would do'
complete -c seccompctl -n "__fish_seen_subcommand_from $changers" -l require-record -d 'exit 3 when the change cannot be verified'

complete -c seccompctl -n "__fish_seen_subcommand_from set enable disable" -a "(__seccompctl_actions)"

# what tail and profile share: where records come from, and which
set -l tp "__fish_seen_subcommand_from tail profile"
complete -c seccompctl -n $tp -l source -x -a 'auto netlink bpf kernel journal file' -d 'where records come from'
complete -c seccompctl -n $tp -l file -r -F -d 'a log (audit.log, dmesg, kern.log) or journal file (repeatable)'
complete -c seccompctl -n $tp -s D -l directory -x -a '(__fish_complete_directories)' -d 'read the journal files in DIR'
complete -c seccompctl -n $tp -s b -l boot -d 'journal: only this boot (current, all or an id)'
complete -c seccompctl -n $tp -l all -d 'also read the rotated logs'
complete -c seccompctl -n $tp -l trust-file -d 'take the file\'s syslog tags at their word'
complete -c seccompctl -n $tp -l since -x -d 'events at or after TIME'
complete -c seccompctl -n $tp -l until -x -d 'events before TIME'
complete -c seccompctl -n $tp -l pid -x -a '(__fish_complete_pids)' -d 'only this process'
complete -c seccompctl -n $tp -l uid -x -a '(__fish_complete_users)' -d 'only this user'
complete -c seccompctl -n $tp -l comm -x -d 'only process names matching'
complete -c seccompctl -n $tp -l exe -r -F -d 'only executables matching'
complete -c seccompctl -n $tp -l syscall -x -d 'only this system call'
complete -c seccompctl -n $tp -l action -x -a '(__seccompctl_actions)' -d 'only these actions'
complete -c seccompctl -n $tp -l arch -x -a 'x86_64 i386 x32 aarch64 arm armeb ppc ppc64 ppc64le s390 s390x mips mipsel mips64 mips64el mips64n32 mips64eln32 riscv64 loongarch64 parisc parisc64' -d 'only this architecture'
complete -c seccompctl -n $tp -l host -x -d 'only records that name a host matching'
complete -c seccompctl -n $tp -l unit -x -d 'only processes of a systemd unit or slice matching'
complete -c seccompctl -n $tp -l container -x -d 'only this container: an id prefix or a name'
complete -c seccompctl -n $tp -l pod -x -d 'only this Kubernetes pod: NAME, NAMESPACE/NAME or UID'
complete -c seccompctl -n $tp -l no-workload -d 'live sources: do not read each process for its workload'

set -l t "__fish_seen_subcommand_from tail"
complete -c seccompctl -n $t -s n -l lines -x -a '10 100 all' -d 'the last N events'
complete -c seccompctl -n $t -s f -l follow -d 'keep reading new records'
complete -c seccompctl -n $t -s o -l output -x -a 'short json ecs raw' -d 'output format'
complete -c seccompctl -n $t -l numeric -d 'do not name user and group ids'
complete -c seccompctl -n $t -l summary -d 'counts per exe, syscall, action and workload at the end'
complete -c seccompctl -n $t -l rcvbuf -x -d 'netlink receive buffer in bytes'
complete -c seccompctl -n $t -l output-file -r -F -d 'append events to this file; SIGHUP opens it again'
complete -c seccompctl -n $t -l cursor-file -r -F -d 'keep the position here and go on from it'
complete -c seccompctl -n $t -l unique -d 'each key once a window, then the count of its repeats'
complete -c seccompctl -n $t -l metrics-file -r -F -d 'keep Prometheus metrics in this file'

set -l v "__fish_seen_subcommand_from verify"
complete -c seccompctl -n $v -l source -x -a 'auto kernel journal file' -d 'where records come from'
complete -c seccompctl -n $v -l file -r -F -d 'a log (audit.log, dmesg, kern.log) or journal file (repeatable)'
complete -c seccompctl -n $v -l all -d 'also read the rotated logs'
complete -c seccompctl -n $v -l trust-file -d 'take the file\'s syslog tags at their word'
complete -c seccompctl -n $v -s D -l directory -x -a '(__fish_complete_directories)' -d 'read the journal files in DIR'
complete -c seccompctl -n $v -s b -l boot -d 'journal: only this boot (current, all or an id)'
complete -c seccompctl -n $v -l since -x -d 'changes at or after TIME'
complete -c seccompctl -n $v -l until -x -d 'changes before TIME'
complete -c seccompctl -n $v -l host -x -d 'only the trails of hosts matching'
complete -c seccompctl -n $v -l metrics-file -r -F -d 'also write the verdict for node_exporter'

complete -c seccompctl -n "__fish_seen_subcommand_from status" -l processes -d 'also list every process under seccomp'
complete -c seccompctl -n "__fish_seen_subcommand_from status" -l check -d 'exit 3 when there would be no paper trail'

set -l p "__fish_seen_subcommand_from profile"
complete -c seccompctl -n $p -l check -r -F -d 'list what this OCI profile would deny'
complete -c seccompctl -n $p -l per -x -a 'container unit' -d 'one profile per workload, into --output-dir'
complete -c seccompctl -n $p -l output-dir -x -a '(__fish_complete_directories)' -d 'where --per writes each profile and index.json'

# what profile and record share: how the profile is written
set -l pr "__fish_seen_subcommand_from profile record"
complete -c seccompctl -n $pr -s o -l format -x -a 'oci systemd json' -d 'profile format'
complete -c seccompctl -n $pr -l output-file -r -F -d 'write the profile to PATH'
complete -c seccompctl -n $pr -l base -r -F -d 'learn on top of this OCI profile'
complete -c seccompctl -n $pr -l default-action -x -a 'errno kill_process kill_thread trap log' -d 'for every other call'
complete -c seccompctl -n $pr -l log-denied -d 'OCI: SECCOMP_FILTER_FLAG_LOG'
complete -c seccompctl -n $pr -l runtime -x -a 'runc crun none' -d 'also allow what this runtime calls after loading the filter'

set -l r "__fish_seen_subcommand_from record"
complete -c seccompctl -n $r -l enable-log -d 'add log to actions_logged for the run, then put it back'
complete -c seccompctl -n $r -l timeout -x -d 'seconds to wait for the record of each --enable-log change'
complete -c seccompctl -n $r -l settle -x -d 'seconds to wait for the last records'
complete -c seccompctl -n $r -s u -l user -x -a '(__fish_complete_users)' -d 'run the command as this user'
complete -c seccompctl -n $r -l rcvbuf -x -d 'netlink receive buffer in bytes'
complete -c seccompctl -n $r -a '(__fish_complete_subcommand --fcs-skip=2)'

set -l fl "__fish_seen_subcommand_from filters"
complete -c seccompctl -n $fl -a '(__fish_complete_pids)'
complete -c seccompctl -n $fl -l syscall -x -d 'only this system call\'s fate'
complete -c seccompctl -n $fl -l disasm -d 'also each filter\'s instructions'
complete -c seccompctl -n $fl -l actions-logged -x -a '(__seccompctl_actions)' -d 'what would be logged under this value instead'
complete -c seccompctl -n $fl -l compare -r -F -d 'hold each filter against an OCI profile or systemd drop-in'

set -l tp2 "__fish_seen_subcommand_from top"
complete -c seccompctl -n $tp2 -s d -l delay -x -d 'seconds between refreshes'
complete -c seccompctl -n $tp2 -s n -l iterations -x -d 'stop after N refreshes'
complete -c seccompctl -n $tp2 -s b -l batch -d 'plain text (or JSON lines) each refresh'
complete -c seccompctl -n $tp2 -s s -l sort -x -a 'rate total workload exe syscall action' -d 'sort by'
complete -c seccompctl -n $tp2 -l no-workload -d 'do not read each process in /proc for its unit and container'
complete -c seccompctl -n $tp2 -l comm -x -d 'only process names matching'
complete -c seccompctl -n $tp2 -l exe -x -d 'only executables matching'
complete -c seccompctl -n $tp2 -l syscall -x -d 'only this system call'
complete -c seccompctl -n $tp2 -l action -x -a '(__seccompctl_actions)' -d 'only these actions'
complete -c seccompctl -n $tp2 -l arch -x -d 'only this architecture'
complete -c seccompctl -n $tp2 -l unit -x -d 'only processes of a unit or slice matching'
complete -c seccompctl -n $tp2 -l container -x -d 'only this container'
complete -c seccompctl -n $tp2 -l pod -x -d 'only this pod'
