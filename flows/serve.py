"""``parley serve``: the poll cycle as a scheduled Prefect deployment, served from one long-running process.

Prefect does not schedule runs on its ephemeral in-process server, so when
``PREFECT_API_URL`` is unset this module starts a real local ``prefect server`` (SQLite under
``PREFECT_HOME``, bound to 127.0.0.1, analytics and UI off) as a child process for as long as
it serves, and stops it on exit. With ``PREFECT_API_URL`` set (a team server), it registers
there instead. Missed runs never pile up: the deployment allows one run at a time and cancels
newcomers while one is running, and on start-up every missed run but the newest is cancelled,
so downtime costs one catch-up run. Each feed's own due time is the poll flow's business.
"""

from __future__ import annotations

import datetime as dt
import inspect
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx

from extractors.errors import ConfigError

if TYPE_CHECKING:
    from prefect.deployments.runner import RunnerDeployment

StatusFn = Callable[[str], None]
SERVER_START_TIMEOUT_S = 120.0
_QUIET_SERVER_ENV = {
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "PREFECT_UI_ENABLED": "false",
    "PREFECT_SERVER_LOGGING_LEVEL": "WARNING",
}


@contextmanager
def local_prefect_server(
    home: Path | None = None,
    *,
    port: int | None = None,
    timeout_s: float = SERVER_START_TIMEOUT_S,
    extra_env: dict[str, str] | None = None,
    on_status: StatusFn | None = None,
) -> Iterator[str]:
    """Run ``prefect server start`` on 127.0.0.1 for the duration of the block; yield its API URL.

    Args:
        home: PREFECT_HOME for the server's SQLite database (default: $PREFECT_HOME, else ./.prefect).
        port: the port (default: a free ephemeral one).
        timeout_s: how long to wait for the health endpoint before giving up.
        extra_env: more settings for the server process (e.g. a faster scheduler loop in tests).
        on_status: told what is happening, for the CLI.

    Yields:
        The API URL, e.g. ``http://127.0.0.1:4200/api``.

    Raises:
        ConfigError: the server exited or did not become healthy in time (its log is quoted).
    """
    home = home or Path(os.environ.get("PREFECT_HOME") or Path.cwd() / ".prefect")
    home.mkdir(parents=True, exist_ok=True)
    port = port or _free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = {**os.environ, **_QUIET_SERVER_ENV, "PREFECT_HOME": str(home), **(extra_env or {})}
    env.pop("PREFECT_API_URL", None)  # the server itself must not look for another server
    log_path = home / "parley-server.log"
    pid_path = home / "parley-server.pid"
    say = on_status or (lambda message: None)
    if _stop_stale(pid_path):
        say(f"stopped a local Prefect server left running by an earlier `parley serve` ({pid_path})")
    say(f"starting a local Prefect server on 127.0.0.1:{port} (state in {home}, log in {log_path})")
    with log_path.open("ab") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1", "--port", str(port)],
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            env=env,
            start_new_session=True,
            preexec_fn=_die_with_parent,
        )
    pid_path.write_text(str(process.pid), encoding="utf-8")
    try:
        _wait_healthy(process, api, timeout_s, log_path)
        say(f"Prefect server ready at {api}")
        yield api
    finally:
        _stop(process)
        pid_path.unlink(missing_ok=True)
        say("Prefect server stopped")


def serve_poll(
    *,
    every_minutes: float,
    feeds_file: str | None = None,
    db_path: str | None = None,
    name: str = "parley-poll",
    allow_private: list[str] | None = None,
    on_status: StatusFn | None = None,
) -> None:
    """Register the poll deployment on a schedule and run its flow runs until interrupted.

    Args:
        every_minutes: minutes between poll cycles (feeds not yet due are skipped by the flow itself).
        feeds_file: the feeds TOML the runs use (made absolute: runs start in their own process).
        db_path: the DuckDB file the runs write (made absolute likewise).
        name: the deployment name (``poll_and_process/<name>``).
        allow_private: hosts/networks the SSRF guard lets through.
        on_status: told what is happening, for the CLI.
    """
    if every_minutes <= 0:
        raise ConfigError(f"--every must be positive, not {every_minutes}")
    say = on_status or (lambda message: None)
    with ExitStack() as stack:
        if not os.environ.get("PREFECT_API_URL"):
            api = stack.enter_context(local_prefect_server(on_status=say))
            stack.enter_context(_api_url(api))
        from prefect import serve

        deployment = poll_deployment(
            every_minutes=every_minutes,
            feeds_file=feeds_file,
            db_path=db_path,
            name=name,
            allow_private=allow_private,
        )
        cancelled = collapse_missed_runs(f"poll_and_process/{name}")
        if cancelled:
            say(f"cancelled {cancelled} missed run(s); one catch-up run is kept")
        say(f"serving poll_and_process/{name} every {every_minutes:g} min (Ctrl-C stops)")
        serve(deployment, print_starting_message=False)


def deploy_to_work_pool(
    *,
    pool: str,
    every_minutes: float,
    feeds_file: str | None = None,
    db_path: str | None = None,
    name: str = "parley-poll",
    allow_private: list[str] | None = None,
    source: str | None = None,
) -> str:
    """Register the scheduled poll deployment on a team server's work pool; ``prefect worker start`` runs it.

    Args:
        pool: an existing work pool (``prefect work-pool create NAME --type process``).
        every_minutes: minutes between poll cycles.
        feeds_file: the feeds TOML as the workers see it (made absolute).
        db_path: the DuckDB file as the workers see it (made absolute).
        name: the deployment name.
        allow_private: hosts/networks the SSRF guard lets through.
        source: where workers load the code from: a checkout path or a git URL (default: this checkout).

    Returns:
        The deployment id.

    Raises:
        ConfigError: PREFECT_API_URL is not set (a work pool lives on a running server).
    """
    if not os.environ.get("PREFECT_API_URL"):
        raise ConfigError("--work-pool needs PREFECT_API_URL pointing at the team's Prefect server")
    from flows.poll import poll_and_process

    code = source or str(Path(__file__).resolve().parent.parent)
    remote = poll_and_process.from_source(source=code, entrypoint="flows/poll.py:poll_and_process")
    assert not inspect.isawaitable(remote)
    deployment_id = remote.deploy(
        name=name,
        work_pool_name=pool,
        **_schedule_options(every_minutes, feeds_file, db_path, allow_private),
        build=False,
        push=False,
        print_next_steps=False,
    )
    assert not inspect.isawaitable(deployment_id)
    return str(deployment_id)


def poll_deployment(
    *,
    every_minutes: float,
    feeds_file: str | None,
    db_path: str | None,
    name: str,
    allow_private: list[str] | None,
) -> RunnerDeployment:
    """The poll flow as a deployment: an interval schedule, one run at a time, newcomers cancelled."""
    from flows.poll import poll_and_process

    deployment = poll_and_process.to_deployment(
        name=name, **_schedule_options(every_minutes, feeds_file, db_path, allow_private)
    )
    assert not inspect.isawaitable(deployment)  # called outside an event loop: the sync variant
    return deployment


def _schedule_options(
    every_minutes: float, feeds_file: str | None, db_path: str | None, allow_private: list[str] | None
) -> dict[str, Any]:
    """What served and work-pool poll deployments share: the interval, one run at a time, the parameters."""
    from prefect.client.schemas.objects import ConcurrencyLimitConfig, ConcurrencyLimitStrategy

    return {
        "interval": dt.timedelta(minutes=every_minutes),
        "parameters": _parameters(feeds_file, db_path, allow_private),
        "concurrency_limit": ConcurrencyLimitConfig(
            limit=1, collision_strategy=ConcurrencyLimitStrategy.CANCEL_NEW
        ),
        "description": "Parley's poll cycle: every due feed once, new pages processed in batches.",
        "tags": ["parley"],
    }


def collapse_missed_runs(deployment_name: str, now: dt.datetime | None = None) -> int:
    """Cancel every scheduled run of a deployment whose start time has passed, except the newest.

    Args:
        deployment_name: ``flow_name/deployment_name``.
        now: the cut-off (default: the current time).

    Returns:
        How many runs were cancelled (0 when the deployment is new).
    """
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import (
        DeploymentFilter,
        DeploymentFilterId,
        FlowRunFilter,
        FlowRunFilterExpectedStartTime,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType
    from prefect.client.schemas.sorting import FlowRunSort
    from prefect.exceptions import ObjectNotFound
    from prefect.states import Cancelled

    cutoff = now or dt.datetime.now(dt.UTC)
    with get_client(sync_client=True) as client:
        try:
            deployment = client.read_deployment_by_name(deployment_name)
        except ObjectNotFound:
            return 0
        missed = client.read_flow_runs(
            deployment_filter=DeploymentFilter(id=DeploymentFilterId(any_=[deployment.id])),
            flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.SCHEDULED])),
                expected_start_time=FlowRunFilterExpectedStartTime.model_validate({"before_": cutoff}),
            ),
            sort=FlowRunSort.EXPECTED_START_TIME_DESC,
        )
        for run in missed[1:]:
            client.set_flow_run_state(
                run.id,
                Cancelled(message="missed while Parley was not serving; one catch-up run is kept"),
                force=True,
            )
    return max(len(missed) - 1, 0)


def _parameters(
    feeds_file: str | None, db_path: str | None, allow_private: list[str] | None
) -> dict[str, object]:
    """Flow parameters for a deployment: paths made absolute, since runs start in other processes."""
    parameters: dict[str, object] = {}
    if feeds_file:
        parameters["feeds_file"] = str(Path(feeds_file).resolve())
    if db_path:
        parameters["db_path"] = str(Path(db_path).resolve())
    if allow_private:
        parameters["allow_private"] = list(allow_private)
    return parameters


@contextmanager
def _api_url(api: str) -> Iterator[None]:
    """Point this process (already-imported Prefect included) and its flow-run children at ``api``."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    os.environ["PREFECT_API_URL"] = api
    try:
        with temporary_settings(updates={PREFECT_API_URL: api}):
            yield
    finally:
        os.environ.pop("PREFECT_API_URL", None)


def _wait_healthy(process: subprocess.Popen[bytes], api: str, timeout_s: float, log_path: Path) -> None:
    """Poll the health endpoint until it answers, the process dies, or time runs out."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            code = process.returncode
            raise ConfigError(f"the local Prefect server exited with {code}:\n{_tail(log_path)}")
        try:
            if httpx.get(f"{api}/health", timeout=2.0, trust_env=False).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    _stop(process)
    raise ConfigError(f"the local Prefect server was not healthy after {timeout_s:.0f}s:\n{_tail(log_path)}")


def _stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server's whole process group: SIGTERM, then SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    for sig, grace in ((signal.SIGTERM, 20.0), (signal.SIGKILL, 5.0)):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=grace)
            return
        except subprocess.TimeoutExpired:
            continue


def _die_with_parent() -> None:
    """In the server child before exec: on Linux, get SIGTERM when `parley serve` dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        import ctypes

        pr_set_pdeathsig = 1
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(pr_set_pdeathsig, signal.SIGTERM)


def _stop_stale(pid_path: Path) -> bool:
    """Stop a server an earlier, killed `parley serve` left behind (it would share the SQLite state)."""
    try:
        pid = int(pid_path.read_text(encoding="utf-8").strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ")
    except (OSError, ValueError):
        pid_path.unlink(missing_ok=True)
        return False
    if b"prefect" not in cmdline or b"server" not in cmdline:
        pid_path.unlink(missing_ok=True)
        return False
    with suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGTERM)
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline and Path(f"/proc/{pid}").exists():
        time.sleep(0.2)
    pid_path.unlink(missing_ok=True)
    return True


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _tail(path: Path, lines: int = 20) -> str:
    try:
        return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"
