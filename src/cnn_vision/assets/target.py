r"""대상(:class:`Target`): 자료를 얻는 순서가 적힌 유일한 곳.

순서는 모든 자료에 같습니다.

1. **캐시**: 케라스나 TFDS가 찾는 자리에 올바른 파일(해시·IDX 헤더) 또는 온전한 준비된 폴더(샤드,
   체크섬)가 있으면 그대로 씁니다.
2. **로컬 사본**: 표에 로컬 사본이 있는 대상(패션 MNIST)은 환경 변수의 폴더나 시스템 패키지에서
   복사하고, 복사한 바이트를 확인한 뒤에야 캐시에 넣습니다.
3. **접속 확인**: 받을 주소의 호스트와 포트에 짧게 접속해 봅니다(``timeout`` 초).
4. **내려받기**: 임시 이름으로 받습니다. TFDS 데이터셋은 원본을 받은 뒤 자식 프로세스에서 준비합니다.
5. **확인**: 해시와 크기(TFDS는 샤드와 체크섬)를 확인한 뒤에야 제자리로 옮깁니다.
6. **대체물**\ (:meth:`Target.obtain_or_standin`): 그래도 없으면 한국어 알림을 내고 이름을 밝힌
   대체물로 계속합니다(``CNN_VISION_REQUIRE_REAL=1``\ 이면 오류).

명령행(``python -m cnn_vision fetch|check``)은 대상마다 :meth:`Target.obtain` 과 :meth:`Target.check`
를 부를 뿐이고, 불러오기 함수는 :meth:`Target.obtain_or_standin` 을 부른 뒤 데이터만 읽습니다.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from cnn_vision.assets import fetch, paths
from cnn_vision.assets.errors import DataFileError, DownloadError, NetworkUnavailableError
from cnn_vision.assets.local_copies import copy_verified, find_local_copy, local_fix
from cnn_vision.assets.registry import DEFAULT, Registry, RemoteFile, TargetSpec
from cnn_vision.assets.standin import FETCH_COMMAND, Resource, StandIn, standin_notice, use_standin
from cnn_vision.assets.tfds_check import (
    check_tfds_dataset,
    install_dataset,
    prepare_dataset,
)
from cnn_vision.assets.verify import file_problem

__all__ = ["ItemState", "Target", "Report", "Progress"]

Report = Callable[[str, str, str], None]
"""``report(상태, 무엇, 자세히)``: 진행 상황을 한 줄씩 알리는 함수(명령행이 출력합니다)."""

Progress = Callable[[RemoteFile, int, "int | None"], None]
"""``progress(파일, 받은 바이트, 전체 바이트 또는 None)``: 내려받는 동안 1MB마다 불립니다."""


@dataclass(frozen=True)
class ItemState:
    r""":meth:`Target.check` 가 돌려주는 항목 하나의 상태.

    Attributes
    ----------
    description : str
        한국어 이름.
    path : pathlib.Path
        파일이나 폴더의 자리.
    status : str
        ``"ok"``, ``"missing"``, ``"damaged"``.
    problem : str
        손상되었을 때 무엇이 틀렸는지.
    """

    description: str
    path: Path
    status: str
    problem: str = ""

    @property
    def ok(self) -> bool:
        """온전하면 ``True``."""
        return self.status == "ok"


def _quiet(*args) -> None:
    return None


def _remove_empty(folders: Sequence[Path]) -> None:
    for folder in reversed(folders):
        with contextlib.suppress(OSError):
            folder.rmdir()  # 비어 있을 때만 지워집니다.


class Target:
    r"""명령행 대상 하나(또는 파일 하나)와 그것을 얻는 순서.

    Parameters
    ----------
    key : str
        표의 대상 이름(``"weights"``, ``"flowers"``, ...) 또는 파일 이름(``"resnet50"``).
    registry : Registry, optional
        자료 표(기본: :data:`cnn_vision.assets.registry.DEFAULT`). 시험은 바꾼 표를 줍니다.
    tfds_root : path-like, optional
        TFDS 데이터 폴더(기본: ``TFDS_DATA_DIR`` 규칙).

    Raises
    ------
    ValueError
        표에 없는 이름일 때(쓸 수 있는 이름을 알려 줍니다).
    """

    def __init__(self, key: str, registry: Registry | None = None, *,
                 tfds_root: os.PathLike | str | None = None):
        self.registry = DEFAULT if registry is None else registry
        self.tfds_root = tfds_root
        targets = self.registry.target_keys()
        if key in targets:
            self.spec = self.registry.spec(key)
            self.files = self.registry.files_of(key)
            self.fetch_name = key
        else:
            try:
                remote = self.registry.file(key)
            except KeyError:
                names = ", ".join([*targets, *(r.key for r in self.registry.files)])
                raise ValueError(f"표에 없는 이름입니다: {key!r}. 쓸 수 있는 이름: {names}") from None
            self.spec = TargetSpec(key=key, name=remote.description)
            self.files = (remote,)
            self.fetch_name = remote.target or remote.key
        self.key = self.spec.key
        self.name = self.spec.name

    def __repr__(self) -> str:
        return f"Target({self.key!r})"

    # -- 자리 --------------------------------------------------------------------------------

    @property
    def approx_mb(self) -> float:
        """대략의 크기(MB)."""
        return sum(remote.approx_mb for remote in self.files)

    def path_of(self, remote: RemoteFile) -> Path:
        """파일 하나의 자리."""
        return paths.location(remote, self.tfds_root)

    @property
    def location(self) -> Path:
        """대상의 자리: TFDS 데이터셋이면 준비된 폴더, 파일 하나면 그 파일, 여럿이면 그 폴더."""
        if self.spec.tfds is not None:
            return paths.dataset_dir(self.spec.tfds, self.tfds_root)
        places = [self.path_of(remote) for remote in self.files]
        if len(places) == 1:
            return places[0]
        return Path(os.path.commonpath([place.parent for place in places]))

    def _where(self) -> str:
        keras = self.spec.tfds is None and self.files[0].root == "keras"
        variable = "KERAS_HOME으로" if keras else "TFDS_DATA_DIR로"
        text = f"{self.location} (환경 변수 {variable} 바꿀 수 있습니다)"
        note = paths.keras_cache_note() if keras else ""
        return f"{text}. {note}" if note else text

    def fix(self) -> str:
        """캐시를 고치는 명령(한국어)."""
        return f"고치는 방법: 인터넷이 되는 곳에서 '{FETCH_COMMAND} {self.fetch_name}'를 실행하세요."

    # -- 확인(쓰지 않음) ---------------------------------------------------------------------

    def check(self) -> list[ItemState]:
        r"""캐시의 내용을 확인합니다. 아무것도 쓰거나 받지 않습니다.

        Raises
        ------
        SettingError
            캐시 폴더 설정이 잘못되었을 때(``KERAS_HOME``\ 이 파일 등).
        """
        if self.spec.tfds is not None:
            result = check_tfds_dataset(self.location)
            return [ItemState(self.name, result.dataset_dir, result.status, result.problem)]
        states = []
        for remote in self.files:
            path = self.path_of(remote)
            if not os.path.lexists(path):
                states.append(ItemState(remote.description, path, "missing"))
                continue
            problem = file_problem(remote, path)
            states.append(ItemState(remote.description, path, "damaged" if problem else "ok",
                                    problem or ""))
        return states

    # -- 얻기 -------------------------------------------------------------------------------

    def obtain(
        self,
        *,
        timeout: float = 2.0,
        probe: fetch.Probe | None = None,
        report: Report | None = None,
        progress: Progress | None = None,
        error: type[DataFileError] = DataFileError,
    ) -> Resource:
        r"""캐시 → 로컬 사본 → 접속 확인 → 내려받기 → 확인의 순서로 대상을 준비합니다.

        Parameters
        ----------
        timeout : float, default 2.0
            접속 확인에 기다릴 최대 시간(초). ``probe``\ 를 주면 그 값을 씁니다.
        probe : Probe, optional
            접속 확인 결과를 여러 대상이 함께 쓸 때.
        report : callable, optional
            ``report(상태, 무엇, 자세히)``. 항목마다 ``있음``, ``손상``, ``복사함``, ``준비``,
            ``받음`` 을 알립니다.
        progress : callable, optional
            ``progress(파일, 받은 바이트, 전체 바이트 또는 None)``.
        error : type, default DataFileError
            파일 문제에 낼 오류의 종류.

        Returns
        -------
        Resource
            ``source``\ 는 ``"cache"``, ``"env"``, ``"debian"``, ``"download"``.

        Raises
        ------
        DataFileError
            캐시나 로컬 사본의 파일이 손상되었고 고칠 수 없을 때, 내려받은 것이 확인을 통과하지
            못했을 때(캐시는 그대로). 메시지에 경로와 고치는 방법이 들어갑니다.
        NetworkUnavailableError
            캐시에도 로컬 사본에도 없고 인터넷도 안 될 때.
        SettingError
            캐시 폴더 설정이 잘못되었을 때.
        """
        probe = fetch.Probe(timeout) if probe is None else probe
        report = _quiet if report is None else report
        with fetch.interruptible():
            if self.spec.tfds is not None:
                return self._obtain_dataset(probe, report, progress, error)
            return self._obtain_files(probe, report, progress, error)

    def _obtain_files(self, probe, report, progress, error) -> Resource:
        for folder in {self.path_of(remote).parent for remote in self.files}:
            fetch.sweep_stale_parts(folder)
        states = self.check()
        needed = [(remote, state) for remote, state in zip(self.files, states) if not state.ok]
        for state in states:
            if state.ok:
                report("있음", state.description, str(state.path))
            elif state.status == "damaged":
                report("손상", state.description, f"{state.path}: {state.problem}")
        if not needed:
            return Resource(name=self.name, path=self.location, source="cache")

        found = find_local_copy(self.spec.local, self.files, target=self.key, error=error)
        if found is not None:
            kind, source_dir = found
            created = []
            try:
                for remote, _ in needed:
                    created += paths.prepare_folder(self.path_of(remote).parent)
                copied = copy_verified([(remote, self.path_of(remote)) for remote, _ in needed],
                                       source_dir, how_to_fix=local_fix(self.spec.local, self.key),
                                       error=error)
            except BaseException:
                _remove_empty(created)
                raise
            for name in copied:
                report("복사함", name, f"{source_dir}에서 확인한 파일을 넣었습니다")
            return Resource(name=self.name, path=self.location, source=kind, origin=source_dir,
                            copied=copied)

        offline = next((reason for reason in (probe.problem(r.url) for r, _ in needed) if reason), "")
        if offline:
            raise self._offline_error(offline, needed, error)
        failures = []
        for remote, _ in needed:
            destination = self.path_of(remote)
            created = paths.prepare_folder(destination.parent)
            try:
                fetch.download(remote, destination, progress=self._progress(remote, progress))
            except DownloadError as failure:
                _remove_empty(created)
                failures.append((destination, failure))
                continue
            except BaseException:
                _remove_empty(created)
                raise
            report("받음", remote.description, str(destination))
        if failures:
            destination, failure = failures[0]
            more = f" (받지 못한 파일 {len(failures)}개 가운데 첫 번째)" if len(failures) > 1 else ""
            raise error(destination, f"{failure}{more}",
                        "고치는 방법: 잠시 뒤 다시 실행하세요. 확인을 통과하지 못한 것은 캐시에 넣지 "
                        "않았습니다.") from failure
        return Resource(name=self.name, path=self.location, source="download",
                        copied=tuple(remote.fname for remote, _ in needed))

    @staticmethod
    def _progress(remote: RemoteFile, progress: Progress | None):
        if progress is None:
            return None
        return lambda received, total: progress(remote, received, total)

    def _offline_error(self, offline: str, needed, error) -> Exception:
        damaged = [state for _, state in needed if state.status == "damaged"]
        if damaged:
            state = damaged[0]
            fix = (f"고치는 방법: 인터넷이 되면 '{FETCH_COMMAND} {self.fetch_name}'를 실행하세요(확인된 새 "
                   "파일로 바꿉니다).")
            local = ""
            if self.spec.local is not None:
                fix += " 인터넷이 없으면 " + local_fix(self.spec.local, self.key).split(": ", 1)[1]
                local = "확인된 로컬 사본도 없고 "
            return error(state.path, f"캐시의 파일이 손상되었습니다({state.problem.rstrip('.')}). "
                                     f"{local}{offline}.", fix)
        folders = {state.path.parent for _, state in needed}
        if len(needed) == 1:
            where = f"({needed[0][1].path})"
        elif len(folders) == 1:
            where = f"({folders.pop()}): " + ", ".join(state.path.name for _, state in needed)
        else:
            where = ": " + ", ".join(str(state.path) for _, state in needed)
        local = ""
        fix = self.fix()
        if self.spec.local is not None:
            local = (f" 환경 변수 {self.spec.local.env_var}도 없고 {self.spec.local.system_dir}에도 "
                     "파일이 없습니다.")
            fix = local_fix(self.spec.local, self.key)
        problem = f"캐시에 파일이 없습니다{where}.{local} {offline}"
        return NetworkUnavailableError(f"{self.name}: {problem}. {fix}", problem)

    def _obtain_dataset(self, probe, report, progress, error) -> Resource:
        dataset = self.spec.tfds
        archive = self.registry.file(dataset.archive)
        destination = self.location
        root = destination.parent.parent
        fetch.sweep_stale_parts(root)
        state = self.check()[0]
        if state.ok:
            report("있음", self.name, str(destination))
            return Resource(name=self.name, path=destination, source="cache")
        if state.status == "damaged":
            report("손상", self.name, f"{destination}: {state.problem}")
        offline = probe.problem(archive.url)
        if offline:
            if state.status == "damaged":
                raise error(destination, f"데이터 폴더가 덜 복사되었거나 손상되었습니다({state.problem}). "
                                         f"{offline}.",
                            f"고치는 방법: 인터넷이 되는 곳에서 '{FETCH_COMMAND} {self.fetch_name}'를 "
                            "실행하세요(새로 받아 검사를 통과한 뒤에 이 폴더와 바꿉니다).")
            problem = f"{root}에 준비된 데이터가 없습니다. {offline}"
            raise NetworkUnavailableError(f"{self.name}: {problem}. {self.fix()}", problem)
        unchanged = "고치는 방법: 잠시 뒤 다시 실행하세요. 데이터 폴더는 바뀌지 않았습니다."
        created = paths.prepare_folder(root)
        try:
            with fetch.part_dir(root / dataset.name) as staging:
                try:
                    fetch.download(archive, staging / archive.fname,
                                   progress=self._progress(archive, progress))
                except DownloadError as failure:
                    raise error(destination, str(failure), unchanged) from failure
                report("준비", self.name, "받은 원본을 TFDS로 준비합니다(자식 프로세스, 몇 분 걸릴 수 있음)")
                prepared, failure = prepare_dataset(dataset, staging / archive.fname, staging)
                result = check_tfds_dataset(prepared) if not failure else None
                if failure or not result.ok:
                    problem = failure or f"준비된 데이터가 검사를 통과하지 못했습니다({result.problem})"
                    raise error(destination, problem, unchanged)
                install_dataset(prepared, destination, staging)
        except BaseException:
            _remove_empty(created)
            raise
        report("받음", self.name, str(destination))
        return Resource(name=self.name, path=destination, source="download")

    def obtain_or_standin(
        self,
        standin: StandIn,
        *,
        timeout: float = 2.0,
        verbose: bool = True,
    ) -> Resource:
        r""":meth:`obtain` 하고, 실패하면 알림을 낸 뒤 대체물 결과(``source="standin"``)를 돌려줍니다.

        Parameters
        ----------
        standin : StandIn
            대신 쓰는 것의 설명.
        timeout : float, default 2.0
            접속 확인에 기다릴 최대 시간(초).
        verbose : bool, default True
            ``False``\ 면 알림을 출력하지 않습니다.

        Returns
        -------
        Resource
            진짜면 :meth:`obtain` 의 결과, 아니면 ``standin=True``\ 인 결과(``reason``\ 에 이유).

        Raises
        ------
        StandInRefusedError
            대체물이 필요한데 ``CNN_VISION_REQUIRE_REAL=1``\ 일 때.
        SettingError
            캐시 폴더 설정이 잘못되었을 때.
        """
        try:
            return self.obtain(timeout=timeout)
        except (NetworkUnavailableError, DataFileError) as failure:
            reason = failure.problem  # 이름, 자리, 받는 방법은 알림의 다른 줄에 있습니다.
        single = self.files[0] if len(self.files) == 1 and self.spec.tfds is None else None
        use_standin(
            standin_notice(
                missing=self.name if single is None else single.description,
                reason=reason,
                location=self._where(),
                fetch=self.fetch_name,
                url=single.url if single is not None else None,
                standin=standin.what,
                label=standin.label,
                consequence=standin.consequence,
            ),
            verbose=verbose,
        )
        label = standin.label if standin.result_label is None else standin.result_label
        return Resource(name=self.name, path=self.location, source="standin", standin_label=label,
                        reason=reason)
