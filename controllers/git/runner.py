"""Running the `git` CLI: isolated environment, deadline, process-group kill and redaction.

Every call gets a fresh environment (no inherited GIT_* variables, no system or global config,
an empty HOME) so the operator's own Git setup never changes what the controller does, and
nothing is ever prompted for. Output that reaches an exception is scrubbed of secrets first.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import re
import signal
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from controllers.git.errors import GitError

#: Default deadline of a local (non-network) git command.
LOCAL_TIMEOUT = 60.0

_USERINFO_RE = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\s]*@")
_AUTH_HEADER_RE = re.compile(r"(?i)(authorization:\s*)(\S+\s+)?\S+")
_BEARER_RE = re.compile(r"(?i)(bearer\s+)\S+")

#: Variables passed through from the operator's environment; everything else is dropped.
_PASSTHROUGH = ("PATH", "TMPDIR", "SYSTEMROOT", "TZ")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Remove URL userinfo, Authorization headers, bearer tokens and every known secret value."""
    for secret in sorted({s for s in secrets if s}, key=len, reverse=True):
        text = text.replace(secret, "***")
    text = _USERINFO_RE.sub(r"\g<scheme>", text)
    text = _AUTH_HEADER_RE.sub(r"\1***", text)
    return _BEARER_RE.sub(r"\1***", text)


def base_env(home: Path) -> dict[str, str]:
    """The environment every git process starts from: isolated, non-interactive, C locale."""
    env = {k: os.environ[k] for k in _PASSTHROUGH if k in os.environ}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    env.update(
        {
            "HOME": str(home),
            "XDG_CONFIG_HOME": str(home / ".config"),
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "",
            "SSH_ASKPASS": "",
            "LC_ALL": "C",
            "LANG": "C",
        }
    )
    return env


def config_env(pairs: Sequence[tuple[str, str]]) -> dict[str, str]:
    """Git configuration passed through the environment, never on the command line."""
    env = {"GIT_CONFIG_COUNT": str(len(pairs))}
    for i, (key, value) in enumerate(pairs):
        env[f"GIT_CONFIG_KEY_{i}"] = key
        env[f"GIT_CONFIG_VALUE_{i}"] = value
    return env


@dataclass(frozen=True, slots=True)
class Completed:
    """What a finished git command said."""

    returncode: int
    stdout: str
    stderr: str


async def _kill_group(proc: asyncio.subprocess.Process) -> None:
    """Kill the whole process group (git spawns ssh, remote helpers, gpg) and reap the leader."""
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(proc.pid, signal.SIGKILL)
    with contextlib.suppress(ProcessLookupError):
        proc.kill()
    await proc.wait()


async def run_git(
    args: Sequence[str],
    *,
    env: Mapping[str, str],
    timeout: float,  # noqa: ASYNC109 -- each git call carries its own deadline by design
    cwd: Path | None = None,
    input_data: bytes | None = None,
    secrets: Iterable[str] = (),
    check: bool = True,
    what: str | None = None,
) -> Completed:
    """Run `git <args>` (see `run_command`)."""
    return await run_command(
        ["git", *args],
        env=env,
        timeout=timeout,
        cwd=cwd,
        input_data=input_data,
        secrets=secrets,
        check=check,
        what=what or f"git {args[0]}",
    )


async def run_command(
    argv: Sequence[str],
    *,
    env: Mapping[str, str],
    timeout: float,  # noqa: ASYNC109 -- each git call carries its own deadline by design
    cwd: Path | None = None,
    input_data: bytes | None = None,
    secrets: Iterable[str] = (),
    check: bool = True,
    what: str | None = None,
) -> Completed:
    """Run a program; on a non-zero exit (when `check`) raise GitError with redacted stderr.

    The process leads its own session so a timeout (or cancellation) can kill everything it
    started, including an ssh child stuck on a dead connection.
    """
    secrets = tuple(secrets)
    label = what or argv[0]
    proc = await asyncio.create_subprocess_exec(
        *argv,
        cwd=str(cwd) if cwd is not None else None,
        env=dict(env),
        stdin=asyncio.subprocess.PIPE if input_data is not None else asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
        start_new_session=True,
    )
    try:
        out, err = await asyncio.wait_for(proc.communicate(input_data), timeout)
    except TimeoutError:
        await _kill_group(proc)
        raise GitError(f"{label} timed out after {timeout:g}s") from None
    except BaseException:
        await _kill_group(proc)
        raise
    else:
        # A helper (ssh, gpg-agent is started detached) may outlive git; never leave one behind.
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(proc.pid, signal.SIGKILL)
    done = Completed(
        proc.returncode if proc.returncode is not None else -1,
        out.decode("utf-8", "replace"),
        err.decode("utf-8", "replace"),
    )
    if check and done.returncode != 0:
        raise GitError(f"{label} failed: {summarize(done.stderr or done.stdout, secrets)}")
    return done


def summarize(output: str, secrets: Iterable[str] = ()) -> str:
    """The meaningful lines of git's output, redacted, on one line."""
    lines = [ln.strip() for ln in output.splitlines()]
    keep = [
        ln for ln in lines if ln and not ln.startswith(("hint:", "remote: Counting", "remote: Compressing"))
    ]
    text = "; ".join(keep) or "no output"
    return redact(text, secrets)
