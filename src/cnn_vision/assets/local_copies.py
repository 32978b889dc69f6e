r"""로컬 사본: 환경 변수가 가리키는 폴더나 시스템 패키지(데비안 ``dataset-fashion-mnist``)의 파일.

데비안 패키지를 아는 코드는 이 모듈뿐입니다(패키지 이름과 폴더는 표의
:class:`~cnn_vision.assets.registry.LocalCopies` 에 있습니다). 사본은 캐시 옆의 임시 파일로 **한 번**
복사하고, 그렇게 쓴 바이트를 확인한 뒤에야 이름을 바꿉니다. 그래서 확인과 복사 사이에 원본이
바뀌어도 확인하지 않은 바이트가 캐시에 들어가지 않습니다. 필요한 파일이 하나라도 틀리면 아무것도
캐시에 쓰지 않습니다.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Sequence
from pathlib import Path

from cnn_vision.assets.errors import DataFileError
from cnn_vision.assets.fetch import atomic_path
from cnn_vision.assets.registry import LocalCopies, RemoteFile
from cnn_vision.assets.standin import FETCH_COMMAND
from cnn_vision.assets.verify import file_problem

__all__ = ["find_local_copy", "copy_verified", "local_fix"]


def local_fix(local: LocalCopies, target: str = "<대상>") -> str:
    """로컬 사본이 없거나 틀렸을 때의 한국어 고치는 방법."""
    return (f"고치는 방법: 루트 권한으로 'apt-get install --reinstall {local.package}'를 실행하거나, "
            f"올바른 파일이 있는 폴더를 환경 변수 {local.env_var}로 알려 주세요. 인터넷이 되면 "
            f"'{FETCH_COMMAND} {target}'이 내려받습니다.")


def find_local_copy(
    local: LocalCopies | None,
    files: Sequence[RemoteFile],
    *,
    target: str = "<대상>",
    error: type[DataFileError] = DataFileError,
) -> tuple[str, Path] | None:
    r"""로컬 사본이 있는 폴더를 찾습니다(파일 내용은 아직 확인하지 않습니다).

    환경 변수(``local.env_var``)가 있으면 그 폴더만 봅니다. 사용자가 직접 가리킨 곳이므로
    폴더가 없거나 파일이 빠져 있으면 조용히 넘어가지 않고 오류입니다. 환경 변수가 없으면 시스템
    패키지의 폴더를 봅니다(폴더가 없거나 비었으면 패키지가 없는 것으로 봅니다).

    Returns
    -------
    tuple of (str, pathlib.Path) or None
        ``("env", 폴더)`` 또는 ``("debian", 폴더)``. 어디에도 없으면 ``None``.

    Raises
    ------
    DataFileError
        환경 변수의 폴더가 없거나 파일이 빠졌을 때, 시스템 패키지에 파일이 일부만 있을 때.
    """
    if local is None:
        return None
    names = [remote.fname for remote in files]
    from_env = os.environ.get(local.env_var, "").strip()
    if from_env:
        directory = Path(os.path.expanduser(from_env))
        if not directory.is_dir():
            raise error(
                directory,
                f"환경 변수 {local.env_var}가 가리키는 폴더가 없습니다.",
                f"고치는 방법: 폴더 경로를 고치거나 환경 변수 {local.env_var}를 지우세요.",
            )
        kind = "env"
    else:
        directory, kind = local.system_dir, "debian"
        if not directory.is_dir():
            return None
    missing = [name for name in names if not (directory / name).is_file()]
    if not missing:
        return kind, directory
    if kind == "debian" and len(missing) == len(names):
        return None
    where = (f"환경 변수 {local.env_var}가 가리키는 폴더" if kind == "env"
             else f"데비안 패키지 {local.package}의 폴더")
    raise error(directory / missing[0], f"파일이 없습니다({where}에 빠진 파일: {', '.join(missing)}).",
                local_fix(local, target))


def copy_verified(
    pairs: Sequence[tuple[RemoteFile, Path]],
    source_dir: Path,
    *,
    how_to_fix: str,
    error: type[DataFileError] = DataFileError,
) -> tuple[str, ...]:
    r"""로컬 사본을 ``(파일, 놓을 자리)``\ 마다 임시 파일로 복사하고, 쓴 바이트를 확인한 뒤 모두 바꿉니다.

    하나라도 확인을 통과하지 못하면 모든 임시 파일을 지우고 원본 경로를 밝힌 오류를 냅니다(캐시는
    그대로). Ctrl-C도 마찬가지입니다.

    Returns
    -------
    tuple of str
        캐시에 넣은 파일 이름.

    Raises
    ------
    DataFileError
        복사한 내용이 확인을 통과하지 못할 때.
    """
    with contextlib.ExitStack() as stack:
        for remote, destination in pairs:
            source = source_dir / remote.fname
            temp = stack.enter_context(atomic_path(destination))
            with open(source, "rb") as reader, open(temp, "wb") as writer:
                shutil.copyfileobj(reader, writer, 1 << 20)
                writer.flush()
                os.fsync(writer.fileno())
            problem = file_problem(remote, temp)  # 캐시에 놓일 바로 그 바이트를 확인합니다.
            if problem is not None:
                raise error(source, problem, how_to_fix)
    return tuple(remote.fname for remote, _ in pairs)
