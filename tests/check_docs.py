#!/usr/bin/env python3
"""--help, the man page and the bash, zsh and fish completions name the same
commands, options, action names and exit codes; a name missing from one fails.

The truth is the binary's own --help, which is made from the same tables the
parser uses. The completions are also run: bash for real, zsh and fish checked
for syntax.
"""
import os
import re
import shutil
import subprocess
import sys

EXE = os.environ["SECCOMPCTL"]
SRC = os.environ["SRCDIR"]
CI = os.environ.get("CI") == "true"
failures = []


def fail(msg):
    failures.append(msg)


def helptext(*args):
    return subprocess.run([EXE] + list(args) + ["--help"], capture_output=True, text=True, check=True).stdout


def section(text, title):
    m = re.search(r"^%s:?\n((?:  .*\n)+)" % re.escape(title), text, re.M)
    return m.group(1) if m else ""


def read(*path):
    with open(os.path.join(SRC, *path)) as f:
        return f.read()


main_help = helptext()
commands = re.findall(r"^  (\S+)", section(main_help, "Commands"), re.M)
global_opts = set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", section(main_help, "Global options")))
actions = re.findall(r"^  (\S+)", section(main_help, "Actions (in kernel order)"), re.M)
exit_codes = re.findall(r"^  (\d+)  ", section(main_help, "Exit status"), re.M)
cmd_opts = {c: set(re.findall(r"(?<![\w-])(--?[a-z][a-z-]*)", section(helptext(c), "Options"))) for c in commands}
all_opts = set(global_opts).union(*cmd_opts.values())

if len(commands) < 6 or len(actions) != 8 or exit_codes != ["0", "1", "2", "3", "4"] or len(all_opts) < 8:
    fail("could not read --help: commands=%s actions=%s exit=%s options=%s" % (commands, actions, exit_codes, all_opts))

# every command's help lists the global options and the exit status
for c in commands:
    h = helptext(c)
    for o in global_opts:
        if o not in h:
            fail("'%s --help' lacks global option %s" % (c, o))
    if "Exit status" not in h:
        fail("'%s --help' lacks the exit status" % c)

# --- man page --------------------------------------------------------------------
man = read("man", "seccompctl.8")
man_plain = man.replace("\\-", "-").replace("\\fB", "").replace("\\fR", "").replace("\\fI", "")
for c in commands:
    if not re.search(r"^\.(B|BI|TP)\s+%s\b" % c, man, re.M) and not re.search(r"^\.BI? \"?%s\b" % c, man, re.M):
        fail("man page: no entry for command %s" % c)
for o in all_opts:
    if not re.search(r"(?<![\w-])%s(?![\w-])" % re.escape(o), man_plain):
        fail("man page: option %s missing" % o)
for a in actions:
    if not re.search(r"^\.B %s$" % a, man, re.M):
        fail("man page: action %s has no entry in ACTIONS" % a)
exit_section = man.split(".SH EXIT STATUS", 1)[-1].split(".SH", 1)[0]
for code in exit_codes:
    if ".B %s\n" % code not in exit_section:
        fail("man page: exit status %s missing" % code)
# and nothing in the man page that --help does not know
for o in set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", man_plain)):
    if o not in all_opts:
        fail("man page names %s, which --help does not" % o)

# --- completions -----------------------------------------------------------------
files = {
    "bash": read("completions", "seccompctl.bash"),
    "zsh": read("completions", "_seccompctl"),
    "fish": read("completions", "seccompctl.fish"),
}
for shell, text in files.items():
    if "/proc/sys/kernel/seccomp/actions_avail" not in text:
        fail("%s completion does not read actions_avail" % shell)
    for c in commands:
        if not re.search(r"(?<![\w-])%s(?![\w-])" % c, text):
            fail("%s completion lacks command %s" % (shell, c))
    for a in actions:
        if a != "allow" and not re.search(r"(?<![\w-])%s(?![\w-])" % a, text):
            fail("%s completion lacks action %s in its fallback list" % (shell, a))
    for o in all_opts:
        if shell == "fish":
            pat = r"-l %s\b" % re.escape(o[2:]) if o.startswith("--") else r"-s %s\b" % o[1:]
        else:
            pat = r"(?<![\w-])%s(?![\w-])" % re.escape(o)
        if not re.search(pat, text):
            fail("%s completion lacks option %s" % (shell, o))
    # nothing stale: every option a completion offers is one --help knows
    if shell == "fish":
        offered = {"--" + o for line in text.splitlines() if line.startswith("complete ")
                   for o in re.findall(r" -l ([a-z][a-z-]*)", line)}
    else:
        offered = set(re.findall(r"(?<![\w-])(--[a-z][a-z-]*)", text))
    for o in offered - all_opts:
        fail("%s completion offers %s, which --help does not know" % (shell, o))


# bash: run the completion function
def bash_complete(line):
    words = line.split(" ")
    script = """
source %s
COMP_WORDS=(%s); COMP_CWORD=%d
_seccompctl
printf '%%s\\n' "${COMPREPLY[@]}"
""" % (os.path.join(SRC, "completions", "seccompctl.bash"),
       " ".join("'%s'" % w for w in words), len(words) - 1)
    return subprocess.run(["bash", "-c", script], capture_output=True, text=True).stdout.split()


got = bash_complete("seccompctl ")
if got != commands:
    fail("bash: commands completed as %s" % got)
avail = [a for a in open("/proc/sys/kernel/seccomp/actions_avail").read().split() if a != "allow"] \
    if os.path.exists("/proc/sys/kernel/seccomp/actions_avail") else [a for a in actions if a != "allow"]
got = bash_complete("seccompctl set ")
if got != avail:
    fail("bash: actions completed as %s, want %s" % (got, avail))
got = bash_complete("seccompctl enable log,kill_t")
if got != ["log,kill_thread"]:
    fail("bash: completion after a comma gave %s" % got)
got = bash_complete("seccompctl set --dr")
if got != ["--dry-run"]:
    fail("bash: option completion gave %s" % got)
got = bash_complete("seccompctl get --")
if "--dry-run" in got or "--json" not in got:
    fail("bash: get offers %s" % got)

# bash: each command offers exactly its own long options and the global ones
for c in commands:
    want = {o for o in global_opts | cmd_opts[c] if o.startswith("--")}
    got = {w.rstrip("=") for w in bash_complete("seccompctl %s --" % c)}
    if got != want:
        fail("bash: '%s --' offers %s; --help lacks %s, the completion lacks %s"
             % (c, sorted(got), sorted(got - want), sorted(want - got)))


# fish: run it too
def fish_complete(line):
    r = subprocess.run(["fish", "-c", "source %s; complete -C '%s'" % (
        os.path.join(SRC, "completions", "seccompctl.fish"), line)], capture_output=True, text=True)
    return sorted(l.split("\t")[0] for l in r.stdout.splitlines())


if shutil.which("fish"):
    if fish_complete("seccompctl ") != sorted(commands):
        fail("fish: commands completed as %s" % fish_complete("seccompctl "))
    if fish_complete("seccompctl set ") != sorted(avail):
        fail("fish: actions completed as %s" % fish_complete("seccompctl set "))
    for c in commands:
        want = {o for o in global_opts | cmd_opts[c] if o.startswith("--")}
        got = {w.split("=")[0] for w in fish_complete("seccompctl %s --" % c)}
        if got != want:
            fail("fish: '%s --' offers %s; --help lacks %s, the completion lacks %s"
                 % (c, sorted(got), sorted(got - want), sorted(want - got)))

# zsh and fish: syntax
for shell, name in (("zsh", "_seccompctl"), ("fish", "seccompctl.fish")):
    if shutil.which(shell):
        r = subprocess.run([shell, "-n", os.path.join(SRC, "completions", name)], capture_output=True, text=True)
        if r.returncode:
            fail("%s -n %s: %s" % (shell, name, r.stderr))
    elif CI:
        fail("%s is not installed: cannot check its completion" % shell)

# the man page as man renders it: no groff warning (a line that begins with
# a dot is a macro call, and the sentence is lost)
if shutil.which("man"):
    r = subprocess.run(["man", "--warnings", "-E", "UTF-8", "-l", "-Tutf8", "-Z",
                        os.path.join(SRC, "man", "seccompctl.8")], capture_output=True, text=True,
                       env=dict(os.environ, LC_ALL="C.UTF-8", MANROFFSEQ="", MANWIDTH="80"))
    if r.returncode or r.stderr.strip():
        fail("man --warnings on the man page: %s" % r.stderr.strip())
elif CI:
    fail("man is not installed: cannot check how the man page renders")

for f in failures:
    print("FAIL: " + f)
checks = 1
print("%d passed, %d failed" % (0 if failures else checks, len(failures)))
sys.exit(1 if failures else 0)
