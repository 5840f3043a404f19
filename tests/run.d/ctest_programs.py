#!/usr/bin/env python3
"""ctest_programs.py BUILD_DIR (programs|others|memcheck) [VALGRIND_ARG...]

Sorts a build tree's ctests (from `ctest --show-only=json-v1`) into
  - program tests: the command is a program built in BUILD_DIR (an ELF
    file), possibly behind CMAKE_CROSSCOMPILING_EMULATOR;
  - other tests: the command is a script or an outside tool (sh, perl,
    python, cmake -P ...), which the stages that only make sense for built
    programs (valgrind, the s390x emulator) must leave out, and say so.

  programs   print a ctest -R regex matching the program tests and the
             `cmake -P` checks (fine in a cross or emulated build)
  others     print one line per test that regex leaves out: name, command
  memcheck   run the tests under valgrind memcheck, RCVD_JOBS at a time,
             honouring WORKING_DIRECTORY and ENVIRONMENT: program tests
             directly, script tests with each built program they are handed
             replaced by a valgrind wrapper. Exit 1 if any test fails or any
             valgrind log reports an error or a leak. Tests whose name
             matches RCVD_MEMCHECK_SELF (a regex) run valgrind themselves:
             they are handed RCVD_E2E_VALGRIND=LOGDIR instead of wrappers
             (tests/e2e: the drivers wait for the programs and stop them
             cleanly, and check the logs too). Tests whose name matches
             RCVD_MEMCHECK_EXCLUDE (a regex) are left out, and every test
             left out is printed with the reason.
"""
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import time


def load(build):
    out = subprocess.run(["ctest", "--show-only=json-v1"], cwd=build,
                         check=True, capture_output=True, text=True).stdout
    return json.loads(out)["tests"]


def is_elf_in(path, build):
    try:
        real = os.path.realpath(path)
        if not real.startswith(os.path.realpath(build) + os.sep):
            return False
        with open(real, "rb") as f:
            return f.read(4) == b"\x7fELF"
    except OSError:
        return False


def props(test):
    return {p["name"]: p["value"] for p in test.get("properties", [])}


def split(build):
    programs, others = [], []
    for t in load(build):
        cmd = t.get("command") or []
        if props(t).get("DISABLED"):
            continue
        if cmd and is_elf_in(cmd[0], build):
            programs.append(t)
        elif len(cmd) > 1 and os.path.basename(cmd[0]).startswith("qemu-") \
                and is_elf_in(cmd[1], build):
            programs.append(t)
        else:
            others.append(t)
    return programs, others


def host_scripts(tests):
    """Tests that are `cmake -P` scripts over build outputs (symbols,
    versions): no target program runs, so they are fine in any build."""
    return [t for t in tests if t.get("command") and
            os.path.basename(t["command"][0]) == "cmake" and "-P" in t["command"]]


def regex(tests):
    # CMake's regex has no \-escapes for most characters: test names are
    # identifiers, so escape only what CMake treats as special.
    names = [re.sub(r"([.^$*+?()\[\]|\\])", r"\\\1", t["name"]) for t in tests]
    return "^(" + "|".join(names) + ")$" if names else "^$"


VALGRIND = ["valgrind", "--tool=memcheck", "--leak-check=full",
            "--errors-for-leak-kinds=definite,indirect,possible"]


def wrapper(build, logdir, prog, vg_args):
    """A script standing in for a built program that a test script runs,
    so the program runs under valgrind too. 99 marks a valgrind finding,
    distinct from the program's own exit statuses; the logs are read
    afterwards as well."""
    wrapdir = os.path.join(logdir, "wrap")
    os.makedirs(wrapdir, exist_ok=True)
    path = os.path.join(wrapdir, os.path.basename(prog))
    args = " ".join("'" + a.replace("'", "'\\''") + "'" for a in
                    VALGRIND + ["--error-exitcode=99",
                                f"--log-file={logdir}/%p.log"] + vg_args)
    with open(path, "w") as f:
        f.write(f"#!/bin/sh\nexec {args} '{os.path.realpath(prog)}' \"$@\"\n")
    os.chmod(path, 0o755)
    return path


def memcheck(build, vg_args, exclude, self_run):
    """Every program test runs under valgrind; every script test that is
    handed a built program gets that program wrapped (so the CLI tests
    count too) or, matching self_run, is told to run it under valgrind
    itself; tests with no built program at all are listed."""
    programs, others = split(build)
    root = os.path.join(build, "memcheck")
    plan, excluded = [], []
    for t in programs:
        plan.append((t, "program"))
    for t in others:
        if exclude and re.search(exclude, t["name"]):
            excluded.append((t, "excluded by the stage (see its comment)"))
        elif any(is_elf_in(a, build) for a in t["command"][1:]):
            plan.append((t, "self" if self_run and re.search(self_run, t["name"])
                         else "wrapped"))
        else:
            excluded.append((t, "runs no program built here"))
    for t, why in excluded:
        print(f"excluded {t['name']}: {why}: {' '.join(t['command'][:2])}")

    def run(item):
        t, kind = item
        p = props(t)
        env = dict(os.environ)
        for kv in p.get("ENVIRONMENT", []):
            k, _, v = kv.partition("=")
            env[k] = v
        logdir = os.path.join(root, t["name"])
        shutil.rmtree(logdir, ignore_errors=True)
        os.makedirs(logdir)
        if kind == "self":
            env["RCVD_E2E_VALGRIND"] = logdir
            cmd = t["command"]
        elif kind == "program":
            cmd = VALGRIND + ["--error-exitcode=99", f"--log-file={logdir}/%p.log"] \
                + vg_args + t["command"]
        else:
            cmd = [wrapper(build, logdir, a, vg_args) if is_elf_in(a, build) else a
                   for a in t["command"]]
        t0 = time.time()
        try:
            res = subprocess.run(cmd, cwd=p.get("WORKING_DIRECTORY", build), env=env,
                                 stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                 timeout=3600)
            rc, out = res.returncode, res.stdout.decode(errors="replace")
        except subprocess.TimeoutExpired:
            rc, out = -1, "timeout after 3600 s"
        bad, runs = [], 0
        logs = sorted(os.path.join(d, n) for d, _, names in os.walk(logdir)
                      for n in names if n.endswith(".log"))
        for name in logs:
            runs += 1
            with open(name, errors="replace") as f:
                text = f.read()
            m = re.search(r"ERROR SUMMARY: (\d+) errors", text)
            if not m or int(m.group(1)) != 0:
                bad.append(text)
        return t, kind, rc, runs, bad, time.time() - t0, out

    jobs = int(os.environ.get("RCVD_JOBS", "2"))
    failed = 0
    with concurrent.futures.ThreadPoolExecutor(max_workers=jobs) as ex:
        for t, kind, rc, runs, bad, secs, out in ex.map(run, plan):
            skip = props(t).get("SKIP_RETURN_CODE")
            what = f"{t['name']} [{kind}, {runs} process(es), {secs:.1f} s]"
            if skip is not None and rc == int(skip) and not bad:
                print(f"skipped  {what}: the test itself skipped")
                print(out[-2000:])
                continue
            if rc != 0 or bad or runs == 0:
                failed += 1
                print(f"FAIL     {what}: exit {rc}, {len(bad)} valgrind report(s) with errors")
                print(out[-3000:])
                for text in bad[:3]:
                    print(text[-6000:])
            else:
                print(f"ok       {what}")
    print(f"memcheck: {len(plan)} tests under valgrind, {failed} failed, "
          f"{len(excluded)} excluded")
    return 1 if failed or not plan else 0


def main():
    if len(sys.argv) < 3:
        print(__doc__)
        return 2
    build, mode = sys.argv[1], sys.argv[2]
    if mode == "programs":
        programs, others = split(build)
        print(regex(programs + host_scripts(others)))
    elif mode == "others":
        for t in [t for t in split(build)[1] if t not in host_scripts(split(build)[1])]:
            print(f"{t['name']}: {' '.join(t['command'][:3])}")
    elif mode == "memcheck":
        return memcheck(build, sys.argv[3:], os.environ.get("RCVD_MEMCHECK_EXCLUDE", ""),
                        os.environ.get("RCVD_MEMCHECK_SELF", ""))
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
