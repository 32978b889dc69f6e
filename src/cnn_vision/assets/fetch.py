r"""접속 확인과 내려받기: 짧은 접속 확인, 임시 이름으로 받고 확인한 뒤에야 이름 바꾸기, 신호 처리.

- **접속 확인**\ (:class:`Probe`)은 실제로 받을 주소의 호스트와 포트로 합니다(tf_flowers는 다른
  호스트의 80번 포트, 나머지는 ``storage.googleapis.com``\ 의 443번 포트). 이름 풀이(DNS)가 멈춰
  있어도 ``timeout`` 초를 넘기지 않습니다.
- **내려받기**\ (:func:`download`)는 같은 폴더의 임시 파일
  (``.<이름>.cnn_vision-<호스트>-<PID>-<무작위>.part``)에 받고, 크기와 해시를 확인한 뒤에야 제
  이름으로 바꿉니다. https 주소가 http로 넘기는 리디렉션은 따르지 않습니다. 연결이 끊기거나
  서버가 HTTP가 아닌 응답을 보내면 :class:`~cnn_vision.assets.errors.DownloadError` 입니다.
- **신호**: Ctrl-C(SIGINT)와 :func:`interruptible` 안의 SIGTERM, SIGHUP은 받던 임시 파일을 지운 뒤에
  프로세스를 멈춥니다. SIGKILL처럼 정리할 틈이 없이 끝나 남은 임시 파일은 다음 실행이 지웁니다
  (:func:`sweep_stale_parts`: 이름의 PID가 이 컴퓨터에서 더는 살아 있지 않을 때만).
"""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import shutil
import signal
import socket
import tempfile
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from cnn_vision.assets import paths
from cnn_vision.assets.errors import DownloadError
from cnn_vision.assets.registry import RemoteFile
from cnn_vision.assets.verify import CHUNK, file_problem
from cnn_vision.checks import positive_number

__all__ = [
    "PART_TAG",
    "SignalInterrupt",
    "Probe",
    "network_available",
    "endpoint",
    "atomic_path",
    "part_dir",
    "write_atomically",
    "sweep_stale_parts",
    "download",
    "interruptible",
]

PART_TAG = "cnn_vision"
"""이 패키지의 임시 파일·폴더 이름에 들어가는 표시(다음 실행이 남은 것을 알아보고 지웁니다)."""

_HOST = re.sub(r"[^A-Za-z0-9_]", "_", socket.gethostname()) or "host"
_PART = re.compile(rf"^\.(?P<name>.+)\.{PART_TAG}-(?P<host>[A-Za-z0-9_]+)-(?P<pid>\d+)-[^.]*\.part$")


# -- 신호 -----------------------------------------------------------------------------------------


class SignalInterrupt(KeyboardInterrupt):
    """:func:`interruptible` 안에서 SIGTERM이나 SIGHUP을 받았을 때 나는 예외(Ctrl-C처럼 다룹니다).

    Attributes
    ----------
    signum : int
        받은 신호 번호.
    """

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _raise_interrupt(signum, frame):
    raise SignalInterrupt(signum)


_SIGNALS = tuple(getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name))


@contextlib.contextmanager
def interruptible(*, redeliver: bool = True) -> Iterator[None]:
    r"""블록 안에서 SIGTERM, SIGHUP을 Ctrl-C처럼 예외(:class:`SignalInterrupt`)로 바꿉니다.

    그래서 ``finally``\ 와 ``except``\ 의 정리(임시 파일 지우기, 자식 프로세스 끝내기)가 돕니다.
    블록을 나갈 때 원래의 신호 처리를 되돌리고, ``redeliver=True``\ 면 받은 신호를 원래의 처리에
    다시 보냅니다(기본 처리면 프로세스가 그 신호로 끝납니다: CI의 취소, ``timeout``, 닫힌 터미널).
    주 스레드가 아니거나 신호가 무시되도록 설정되어 있으면 아무것도 바꾸지 않습니다. 겹쳐 써도
    됩니다(바깥 블록이 정합니다).
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {}
    for number in _SIGNALS:
        old = signal.getsignal(number)
        if old is _raise_interrupt or old == signal.SIG_IGN or old is None:
            continue
        previous[number] = old
        signal.signal(number, _raise_interrupt)

    def restore() -> None:
        for number, old in previous.items():
            signal.signal(number, old)

    try:
        yield
    except SignalInterrupt as stop:
        restore()
        if redeliver and stop.signum in previous:
            signal.raise_signal(stop.signum)
        raise
    finally:
        restore()


# -- 접속 확인 ------------------------------------------------------------------------------------


def endpoint(url: str) -> tuple[str, int]:
    """주소의 ``(호스트, 포트)``. 포트가 없으면 https는 443, http는 80."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"http 또는 https 주소여야 합니다: url={url!r}")
    return parts.hostname, parts.port or (443 if parts.scheme == "https" else 80)


def network_available(host: str, port: int = 443, timeout: float = 2.0) -> bool:
    r"""``host:port``\ 에 TCP로 접속되는지 ``timeout`` 초 안에 확인합니다.

    이름 풀이(DNS)가 멈춰 있어도 기다리지 않도록 별도 스레드에서 접속해 보고, 제한 시간이 지나면
    ``False``\ 입니다. 아무 데이터도 보내지 않습니다. ``CNN_VISION_OFFLINE=1``\ 이면 접속하지 않고
    곧바로 ``False``\ 입니다.

    Parameters
    ----------
    host : str
        접속해 볼 호스트 이름.
    port : int, default 443
        포트 번호.
    timeout : float, default 2.0
        최대 대기 시간(초). 0보다 커야 합니다.

    Returns
    -------
    bool

    Raises
    ------
    ValueError
        ``timeout``\ 이 0보다 큰 유한한 수가 아닐 때.
    """
    timeout = positive_number(timeout, "timeout")
    if paths.offline_forced():
        return False
    result: list[bool] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                result.append(True)
        except OSError:
            result.append(False)

    thread = threading.Thread(target=probe, name="cnn_vision-network-probe", daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


class Probe:
    r"""접속 확인을 ``(호스트, 포트)``\ 마다 한 번만 하고 결과를 기억합니다(명령 한 번 동안).

    Parameters
    ----------
    timeout : float, default 2.0
        호스트마다 기다릴 최대 시간(초).
    """

    def __init__(self, timeout: float = 2.0):
        self.timeout = positive_number(timeout, "timeout")
        self._seen: dict[tuple[str, int], bool] = {}

    def problem(self, url: str) -> str:
        """``url``\\ 을 받을 수 있으면 빈 문자열, 없으면 그 이유(한국어 한 문장, 마침표 없음)."""
        if paths.offline_forced():
            return f"환경 변수 {paths.OFFLINE_ENV}=1이라 인터넷에 접속하지 않았습니다"
        host, port = endpoint(url)
        if (host, port) not in self._seen:
            self._seen[(host, port)] = network_available(host, port, self.timeout)
        if self._seen[(host, port)]:
            return ""
        return f"인터넷({host}:{port})에 {self.timeout:g}초 안에 접속하지 못했습니다"


# -- 임시 이름과 정리 ------------------------------------------------------------------------------


def _part_prefix(target: Path) -> str:
    return f".{target.name}.{PART_TAG}-{_HOST}-{os.getpid()}-"


@contextlib.contextmanager
def atomic_path(target: os.PathLike | str) -> Iterator[Path]:
    r"""``target``\ 과 같은 폴더의 임시 파일 경로를 주고, 블록이 끝나면 ``target``\ 으로 바꿉니다.

    블록 안에서 예외(Ctrl-C의 ``KeyboardInterrupt``, :class:`SignalInterrupt` 포함)가 나면 임시 파일을
    지우고 다시 냅니다. 그래서 ``target``\ 에는 다 쓴 파일만 놓이고, 반쯤 쓴 파일은 어디에도 남지
    않습니다. 폴더는 이미 있어야 합니다.

    Yields
    ------
    pathlib.Path
        쓸 임시 파일(``.<이름>.cnn_vision-<호스트>-<PID>-<무작위>.part``, 빈 파일로 만들어 둠).
    """
    target = Path(target)
    handle, name = tempfile.mkstemp(dir=target.parent, prefix=_part_prefix(target), suffix=".part")
    os.close(handle)
    temp = Path(name)
    try:
        yield temp
        os.chmod(temp, 0o644)
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def part_dir(target: os.PathLike | str) -> Iterator[Path]:
    r"""``target``\ 옆에 이 프로세스만 쓰는 임시 폴더를 만들고, 블록이 끝나면(어떻게 끝나든) 지웁니다.

    TFDS의 준비처럼 여러 파일을 쓰는 일을 이 폴더 안에서 합니다. 이름은 :func:`atomic_path` 의 임시
    파일과 같은 규칙이라 정리할 틈 없이 끝나도 다음 실행이 알아보고 지웁니다.
    """
    target = Path(target)
    folder = Path(tempfile.mkdtemp(dir=target.parent, prefix=_part_prefix(target), suffix=".part"))
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def write_atomically(target: os.PathLike | str, data: bytes) -> Path:
    """``data``\\ 를 임시 파일에 다 쓰고(fsync) ``target``\\ 으로 이름을 바꿉니다."""
    target = Path(target)
    with atomic_path(target) as temp, open(temp, "wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())
    return target


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # 다른 사용자의 살아 있는 프로세스
    return True


def sweep_stale_parts(folder: os.PathLike | str) -> list[Path]:
    r"""폴더에서 이 패키지가 남긴 임시 파일·폴더 가운데 주인 프로세스가 끝난 것을 지웁니다.

    이름이 ``.<이름>.cnn_vision-<호스트>-<PID>-<무작위>.part``\ 이고, 호스트가 이 컴퓨터이며, 그 PID의
    프로세스가 더는 없는 것만 지웁니다. 다른 프로세스가 지금 받고 있는 임시 파일, 다른 도구의 파일은
    건드리지 않습니다.

    Returns
    -------
    list of pathlib.Path
        지운 것.
    """
    folder = Path(folder)
    removed = []
    try:
        entries = list(folder.iterdir())
    except OSError:
        return removed
    for entry in entries:
        match = _PART.match(entry.name)
        if not match or match["host"] != _HOST or _alive(int(match["pid"])):
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
            removed.append(entry)
    return removed


# -- 내려받기 -------------------------------------------------------------------------------------


class _NoDowngradeRedirect(urllib.request.HTTPRedirectHandler):
    """https 주소가 http(등 https가 아닌 주소)로 넘기는 리디렉션을 따르지 않습니다."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urlsplit(req.full_url).scheme == "https" and urlsplit(newurl).scheme != "https":
            raise DownloadError(
                f"{req.full_url} 이 https가 아닌 주소({newurl})로 넘기려 해서 받지 않았습니다"
                "(암호화되지 않은 연결로 바뀌는 리디렉션은 따르지 않습니다)."
            )
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_NoDowngradeRedirect)


def _describe(error: BaseException) -> str:
    if isinstance(error, urllib.error.HTTPError):
        return f"서버가 HTTP {error.code} {error.reason}로 답했습니다"
    if isinstance(error, http.client.IncompleteRead):
        return (f"응답이 중간에 끊겼습니다(IncompleteRead: {len(error.partial):,}바이트를 받았고 "
                f"{error.expected or 0:,}바이트가 더 와야 했습니다)")
    if isinstance(error, http.client.BadStatusLine):
        return f"서버의 응답이 HTTP 형식이 아닙니다({type(error).__name__}: {error!s:.80})"
    if isinstance(error, http.client.HTTPException):
        return f"HTTP 응답이 잘못되었습니다({type(error).__name__}: {error!s:.80})"
    if isinstance(error, urllib.error.URLError):
        return f"접속하지 못했습니다({error.reason})"
    if isinstance(error, TimeoutError):
        return f"응답을 기다리다 시간이 다 되었습니다({error})"
    return f"{type(error).__name__}: {error}"


def download(
    remote: RemoteFile,
    destination: os.PathLike | str,
    *,
    timeout: float = 30.0,
    progress: Callable[[int, int | None], None] | None = None,
) -> Path:
    r"""``remote``\ 를 ``destination``\ 으로 내려받습니다: 임시 이름으로 받고 → 확인하고 → 이름 바꾸기.

    확인(서버가 알린 크기, 표의 크기, 해시, IDX 헤더)을 통과해야만 ``destination``\ 이 생기거나
    바뀝니다. 실패하거나 Ctrl-C로 멈추면 임시 파일을 지우고, 있던 파일은 그대로 둡니다. 폴더는
    이미 있어야 합니다.

    Parameters
    ----------
    remote : RemoteFile
        받을 파일.
    destination : path-like
        놓을 자리.
    timeout : float, default 30.0
        접속과 읽기에 기다릴 최대 시간(초, 한 번의 읽기마다).
    progress : callable, optional
        ``progress(받은 바이트, 전체 바이트 또는 None)``. 1MB마다 불립니다.

    Returns
    -------
    pathlib.Path
        ``destination``.

    Raises
    ------
    DownloadError
        접속, 읽기(끊긴 응답, HTTP가 아닌 응답, 너무 큰 응답 포함), 확인 중 하나가 실패했을 때,
        https 주소가 http로 넘기려 할 때. 메시지에 주소와 이유가 들어갑니다.
    """
    timeout = positive_number(timeout, "timeout")
    destination = Path(destination)
    if destination.is_dir():
        raise DownloadError(
            f"{destination} 자리에 폴더가 있어 받은 파일을 놓을 수 없습니다. 고치는 방법: 그 폴더를 "
            "옮기거나 지우고 다시 실행하세요."
        )
    with atomic_path(destination) as temp:
        try:
            with _OPENER.open(remote.url, timeout=timeout) as response, open(temp, "wb") as stream:
                header = response.headers.get("Content-Length") if response.headers else None
                total = int(header) if header and str(header).isdigit() else None
                limit = remote.max_bytes
                if total is not None and (total > limit or (remote.size and total != remote.size)):
                    wanted = f"정확히 {remote.size:,}" if remote.size else f"최대 {limit:,}"
                    raise DownloadError(
                        f"{remote.url} 의 크기가 {total:,}바이트라고 합니다({wanted}바이트여야 합니다). "
                        "다른 파일이라 받지 않았습니다.")
                received = 0
                while chunk := response.read(CHUNK):
                    received += len(chunk)
                    if received > limit:
                        raise DownloadError(
                            f"{remote.url} 에서 {limit:,}바이트보다 많이 받았습니다(다른 파일이거나 끝나지 "
                            "않는 응답이라 멈췄습니다).")
                    stream.write(chunk)
                    if progress is not None:
                        progress(received, total)
                if total is not None and received != total:
                    raise DownloadError(
                        f"{remote.url} 을 내려받지 못했습니다: 응답이 중간에 끊겼습니다"
                        f"({received:,}/{total:,}바이트).")
                stream.flush()
                os.fsync(stream.fileno())
        except DownloadError:
            raise
        except (OSError, urllib.error.URLError, http.client.HTTPException, ValueError) as error:
            raise DownloadError(f"{remote.url} 을 내려받지 못했습니다: {_describe(error)}.") from error
        problem = file_problem(remote, temp)
        if problem is not None:
            raise DownloadError(f"{remote.url} 에서 받은 파일이 확인을 통과하지 못했습니다: {problem}")
    return destination
