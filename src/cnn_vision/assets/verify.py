r"""파일 확인: 해시, gzip 안의 IDX 헤더와 길이. 무엇이 틀렸는지 한국어로 말합니다.

모든 확인은 파일을 1MB씩 흘려 읽습니다. gzip 파일은 압축을 풀면서 IDX 헤더를 먼저 보고, 형식이
말하는 크기(헤더의 차원 크기로 정해짐)보다 1바이트라도 더 나오면 거기서 멈춥니다. 그래서 작은
gzip 폭탄(압축을 풀면 수 GB가 되는 파일)이 캐시에 있어도 메모리는 몇 MB만 씁니다.
"""

from __future__ import annotations

import gzip
import hashlib
import os
import zlib
from pathlib import Path

from cnn_vision.assets.errors import DataFileError
from cnn_vision.assets.registry import RemoteFile

__all__ = ["CHUNK", "file_digest", "file_problem", "verify_file", "new_hash"]

CHUNK = 1 << 20
"""한 번에 읽는 바이트 수(1MB)."""

_HASH_NAMES = {"md5": "MD5", "sha256": "SHA-256"}


def new_hash(algorithm: str):
    """``"md5"`` 또는 ``"sha256"`` 해시 객체를 만듭니다(다른 이름은 한국어 :class:`ValueError`)."""
    if algorithm not in _HASH_NAMES:
        raise ValueError(f"algorithm은 md5 또는 sha256이어야 합니다: algorithm={algorithm!r}")
    if algorithm == "md5":
        return hashlib.md5(usedforsecurity=False)
    return hashlib.sha256()


def file_digest(path: os.PathLike | str, algorithm: str = "sha256") -> str:
    """파일의 해시를 1MB씩 읽으며 계산합니다.

    Parameters
    ----------
    path : path-like
        파일.
    algorithm : {"md5", "sha256"}, default "sha256"

    Returns
    -------
    str
        16진수 해시.
    """
    digest = new_hash(algorithm)
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _digest_problem(remote: RemoteFile, found: str) -> str | None:
    if found == remote.digest:
        return None
    what = "압축을 푼 내용의 " if remote.gzip else ""
    return (f"{what}{_HASH_NAMES[remote.algorithm]}이 {found}입니다({remote.digest}이어야 합니다). "
            "파일이 잘렸거나 손상되었거나 다른 파일입니다.")


def _read_up_to(stream, size: int) -> bytes:
    parts, got = [], 0
    while got < size:
        chunk = stream.read(size - got)
        if not chunk:
            break
        parts.append(chunk)
        got += len(chunk)
    return b"".join(parts)


def _idx_problem(remote: RemoteFile, header: bytes) -> str | None:
    magic, shape = remote.idx
    header_size = 4 + 4 * len(shape)
    if len(header) < header_size:
        return f"IDX 헤더({header_size}바이트)보다 짧습니다({len(header)}바이트). 파일이 잘렸습니다."
    found = int.from_bytes(header[:4], "big")
    if found != magic:
        return (f"IDX 매직 넘버가 {found:#06x}입니다({magic:#06x}이어야 합니다). "
                "IDX 파일이 아니거나 다른 종류의 파일입니다.")
    dims = tuple(int.from_bytes(header[4 + 4 * i: 8 + 4 * i], "big") for i in range(len(shape)))
    if dims != shape:
        return f"헤더의 크기가 {dims}입니다({shape}이어야 합니다)."
    return None


def _gzip_problem(remote: RemoteFile, path: Path) -> str | None:
    """압축을 풀며 흘려 확인합니다. 형식이 말하는 크기를 넘으면 더 풀지 않습니다."""
    digest = new_hash(remote.algorithm)
    expected = remote.content_size
    total = 0
    try:
        with gzip.open(path, "rb") as stream:
            if remote.idx is not None:
                header = _read_up_to(stream, 4 + 4 * len(remote.idx[1]))
                problem = _idx_problem(remote, header)
                if problem:
                    return problem
                digest.update(header)
                total = len(header)
            while True:
                # 정확한 크기를 알면 그보다 1바이트만 더 읽어 봅니다(남는 데이터가 있는지).
                want = CHUNK if expected is None else min(CHUNK, expected + 1 - total)
                chunk = stream.read(want) if want > 0 else b""
                if not chunk:
                    break
                digest.update(chunk)
                total += len(chunk)
                if expected is not None and total > expected:
                    break
    except (OSError, EOFError, zlib.error) as error:
        return f"gzip 압축을 풀 수 없습니다(파일이 잘렸거나 손상됨: {error})."
    if expected is not None and total != expected:
        if total > expected:
            return (f"압축을 푼 내용이 형식이 말하는 {expected:,}바이트보다 깁니다. 뒤에 남는 데이터가 "
                    "있습니다(더는 풀지 않았습니다).")
        return f"압축을 푼 크기가 {total:,}바이트로 {expected:,}바이트보다 작습니다. 파일이 잘렸습니다."
    return _digest_problem(remote, digest.hexdigest())


def file_problem(remote: RemoteFile, path: os.PathLike | str) -> str | None:
    r"""파일이 표의 해시(와 IDX 헤더)에 맞는지 확인하고, 틀리면 무엇이 틀렸는지 돌려줍니다.

    Parameters
    ----------
    remote : RemoteFile
        기대하는 파일.
    path : path-like
        확인할 파일.

    Returns
    -------
    str or None
        문제가 없으면 ``None``, 있으면 한국어 설명(파일이 없음, 파일 자리에 폴더가 있음, gzip이
        깨짐, 헤더가 다름, 잘림, 남는 데이터, 해시가 다름).
    """
    path = Path(path)
    if path.is_dir():
        return "파일 자리에 폴더가 있습니다."
    if not path.is_file():
        return "파일이 없습니다."
    if remote.gzip:
        return _gzip_problem(remote, path)
    return _digest_problem(remote, file_digest(path, remote.algorithm))


def verify_file(
    remote: RemoteFile,
    path: os.PathLike | str,
    *,
    error: type[DataFileError] = DataFileError,
    how_to_fix: str = "",
) -> Path:
    """:func:`file_problem` 과 같지만, 문제가 있으면 파일 경로를 밝힌 오류를 냅니다.

    Parameters
    ----------
    remote : RemoteFile
    path : path-like
        확인할 파일.
    error : type, default DataFileError
        낼 오류의 종류(:class:`~cnn_vision.assets.errors.DataFileError` 의 하위 클래스).
    how_to_fix : str
        메시지 끝에 붙일 고치는 방법.

    Returns
    -------
    pathlib.Path
        확인한 파일.

    Raises
    ------
    DataFileError
        파일이 없거나 확인을 통과하지 못할 때.
    """
    path = Path(path)
    problem = file_problem(remote, path)
    if problem is not None:
        raise error(path, problem, how_to_fix)
    return path
