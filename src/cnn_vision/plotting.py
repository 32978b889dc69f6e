r"""한글 글꼴 설정과 그림 도우미.

그림의 제목·축 이름·범례를 한글로 쓰려면 한글 글꼴이 필요합니다. :func:`use_korean_font` 는
pip로 설치되는 ``koreanize-matplotlib`` 패키지에 들어 있는 나눔고딕을 먼저 찾고, 없으면
데비안/우분투의 ``fonts-nanum`` 패키지 글꼴을 찾아 matplotlib에 등록하고, 기본 글꼴에 없는
한글만 그 글꼴로 그리게 합니다.

Sphinx-Gallery는 예제마다 ``plt.rcdefaults()``\ 를 불러 글꼴 설정을 지우므로, 문서 빌드에서는
:func:`reset_matplotlib` 를 ``reset_modules``\ 에 걸어 예제마다 다시 적용합니다. 내려받은 스크립트를
따로 실행할 때를 위해 예제도 맨 앞에서 :func:`set_book_style` 을 부릅니다.
"""

from __future__ import annotations

import importlib.util
import warnings
from collections.abc import Sequence
from functools import cache, lru_cache
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from matplotlib import font_manager

from cnn_vision.checks import positive_int, positive_number

# 글꼴 파일 후보: pip 패키지 → 데비안 fonts-nanum 순서.
_SYSTEM_FONT_DIRS = (
    Path("/usr/share/fonts/truetype/nanum"),
    Path("/usr/share/fonts/nanum"),
)
_PREFERRED_FILES = ("NanumBarunGothic.ttf", "NanumGothic.ttf")

# 책(노트북)이 쓰는 글자 크기.
BOOK_RC = {
    "font.size": 14,
    "axes.labelsize": 14,
    "axes.titlesize": 14,
    "legend.fontsize": 14,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
}


def _koreanize_font_dir() -> Path | None:
    # 모듈을 import하지 않고 위치만 찾습니다(import하면 DeprecationWarning과 전역 설정이 생깁니다).
    spec = importlib.util.find_spec("koreanize_matplotlib")
    if spec is None or not spec.submodule_search_locations:
        return None
    return Path(next(iter(spec.submodule_search_locations))) / "fonts"


@lru_cache(maxsize=1)
def find_korean_font() -> Path | None:
    """쓸 수 있는 한글 글꼴 파일의 경로를 돌려줍니다. 없으면 ``None``.

    Returns
    -------
    pathlib.Path or None
        나눔바른고딕 또는 나눔고딕 TTF 파일의 경로.
    """
    directories = [d for d in (_koreanize_font_dir(), *_SYSTEM_FONT_DIRS) if d is not None]
    for name in _PREFERRED_FILES:
        for directory in directories:
            candidate = directory / name
            if candidate.is_file():
                return candidate
    return None


def use_korean_font() -> str | None:
    r"""matplotlib이 한글을 나눔 글꼴로 그리도록 설정하고, 그 글꼴 이름을 돌려줍니다.

    ``font.family``\ 를 ``["DejaVu Sans", 나눔 글꼴]``\ 로 둡니다. 라틴 문자, 숫자, 기호는
    matplotlib의 기본 글꼴 DejaVu Sans로 그리고, 그 글꼴에 없는 한글은 나눔 글꼴로 넘어가
    그립니다(matplotlib 3.6부터의 글꼴 대체). 나눔 글꼴을 맨 앞에 두면 나눔 글꼴에 없는 마이너스
    기호(U+2212)가 깨집니다. 책처럼 ``axes.unicode_minus``\ 를 꺼도 로그 축 눈금(``10^{-2}``)은
    수식 글꼴로 그려져 여전히 깨지므로, 이 순서가 음수를 제대로 그리는 방법입니다.
    몇 번을 불러도 됩니다(글꼴 등록은 한 번만 합니다).

    Returns
    -------
    str or None
        설정한 글꼴 이름. 한글 글꼴을 찾지 못하면 경고를 내고 ``None``\ 을 돌려줍니다.
    """
    matplotlib.rcParams["axes.unicode_minus"] = True
    path = find_korean_font()
    if path is None:
        warnings.warn(
            "한글 글꼴을 찾지 못했습니다. 그림의 한글이 네모로 보일 수 있습니다. "
            "'pip install koreanize-matplotlib' 또는 'apt-get install fonts-nanum'으로 설치하세요.",
            stacklevel=2,
        )
        return None
    name = _register(str(path))
    matplotlib.rcParams["font.family"] = ["DejaVu Sans", name]
    return name


@cache
def _register(path: str) -> str:
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name()


def set_book_style() -> None:
    """책의 글자 크기와 한글 글꼴을 함께 설정합니다. 예제 맨 앞에서 부릅니다."""
    matplotlib.rcParams.update(BOOK_RC)
    use_korean_font()


def reset_matplotlib(gallery_conf=None, fname=None) -> None:
    r"""Sphinx-Gallery의 ``reset_modules``\ 용: 기본 설정으로 되돌린 뒤 책 스타일을 다시 적용합니다.

    Parameters
    ----------
    gallery_conf, fname
        Sphinx-Gallery가 넘겨주는 인자(쓰지 않습니다).
    """
    plt.rcdefaults()
    set_book_style()


def plot_image_grid(
    images: Sequence[np.ndarray] | np.ndarray,
    titles: Sequence[str] | None = None,
    *,
    ncols: int = 3,
    cmap: str | None = None,
    image_size: float = 4.0,
    suptitle: str | None = None,
):
    r"""이미지 여러 장을 격자로 그립니다(축 눈금 없이).

    Parameters
    ----------
    images : sequence of array or array
        ``(높이, 너비)`` 또는 ``(높이, 너비, 채널)`` 배열들의 목록, 또는 그것을 쌓은
        ``(장 수, 높이, 너비)``\ 나 ``(장 수, 높이, 너비, 채널)`` 배열. 채널은 1, 3, 4개입니다.
        실수는 0~1, 정수는 0~255로 봅니다. 이미지 **한 장**\ 은 ``[image]``\ 처럼 목록으로
        감싸서 줍니다(``(높이, 너비, 3)`` 배열 하나를 주면 높이만큼의 띠로 그리지 않고 오류를
        냅니다).
    titles : sequence of str, optional
        이미지마다의 제목.
    ncols : int, default 3
        한 줄에 놓을 이미지 수.
    cmap : str, optional
        흑백 이미지에 쓸 컬러맵(예: ``"gray"``).
    image_size : float, default 4.0
        이미지 한 장의 폭(인치).
    suptitle : str, optional
        그림 전체의 제목.

    Returns
    -------
    matplotlib.figure.Figure

    Raises
    ------
    ValueError
        이미지가 없거나 차원(rank)이 맞지 않을 때, ``titles``\ 의 개수가 다를 때, ``ncols``\ 나
        ``image_size``\ 가 양수가 아닐 때. 메시지에 인자 이름과 모양이 들어갑니다.
    """
    images = _image_list(images)
    if titles is not None:
        if isinstance(titles, str):
            raise ValueError(f"titles는 이미지마다 하나씩인 문자열 목록이어야 합니다: titles={titles!r}")
        if len(titles) != len(images):
            raise ValueError(f"titles의 개수({len(titles)})가 이미지 수({len(images)})와 다릅니다")
    ncols = positive_int(ncols, "ncols")
    image_size = positive_number(image_size, "image_size")
    ncols = min(ncols, len(images))
    nrows = -(-len(images) // ncols)
    first = images[0]
    aspect = first.shape[0] / first.shape[1]
    fig, axes = plt.subplots(
        nrows,
        ncols,
        # 줄마다 제목이 들어갈 자리(약 0.5인치)를 더합니다.
        figsize=(image_size * ncols,
                 nrows * (image_size * aspect + (0.5 if titles else 0.1)) + (0.5 if suptitle else 0)),
        squeeze=False,
    )
    for index, ax in enumerate(axes.flat):
        ax.axis("off")
        if index >= len(images):
            continue
        image = images[index]
        ax.imshow(image[..., 0] if image.ndim == 3 and image.shape[-1] == 1 else image, cmap=cmap)
        if titles is not None:
            ax.set_title(titles[index])
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def _image_list(images) -> list[np.ndarray]:
    """``plot_image_grid`` 의 ``images`` 를 확인해 이미지 배열의 목록으로 바꿉니다."""
    if isinstance(images, (list, tuple)):
        arrays = [np.asarray(image) for image in images]
        where = "images의 {index}번째 이미지"
    else:
        stacked = np.asarray(images)
        if stacked.ndim in (2, 3) and (stacked.ndim == 2 or stacked.shape[-1] in (1, 3, 4)):
            raise ValueError(
                f"images가 이미지 한 장(shape={stacked.shape})처럼 보입니다. 이 함수는 이미지 여러 "
                "장을 받습니다. 한 장을 그리려면 [image]처럼 목록으로 감싸 주세요"
            )
        if stacked.ndim not in (3, 4):
            raise ValueError(
                "images는 (장 수, 높이, 너비) 또는 (장 수, 높이, 너비, 채널) 배열이어야 합니다: "
                f"shape={stacked.shape}"
            )
        arrays = list(stacked)
        where = "images[{index}]"
    if not arrays:
        raise ValueError("그릴 이미지가 없습니다: images가 비어 있습니다")
    for index, array in enumerate(arrays):
        name = where.format(index=index)
        if array.ndim not in (2, 3) or min(array.shape[:2], default=0) < 1:
            raise ValueError(
                f"{name}는 (높이, 너비) 또는 (높이, 너비, 채널) 배열이어야 합니다: shape={array.shape}"
            )
        if array.ndim == 3 and array.shape[-1] not in (1, 3, 4):
            raise ValueError(
                f"{name}의 채널 수는 1, 3, 4 중 하나여야 합니다: shape={array.shape}"
            )
        if array.dtype.kind not in "biuf":
            raise ValueError(f"{name}는 숫자 배열이어야 합니다: dtype={array.dtype}")
    return arrays


def plot_feature_maps(
    fmaps,
    *,
    fmap_indices: Sequence[int] = (0, 1),
    fmap_names: Sequence[str] | None = None,
    suptitle: str | None = None,
    cmap: str = "gray",
):
    r"""배치의 이미지마다 특성 맵 몇 개를 격자로 그립니다(행: 이미지, 열: 특성 맵).

    Parameters
    ----------
    fmaps : array_like, shape (배치, 높이, 너비, 채널)
        합성곱 층의 출력.
    fmap_indices : sequence of int, default (0, 1)
        그릴 특성 맵(채널) 번호.
    fmap_names : sequence of str, optional
        열 제목에 쓸 특성 맵 이름. 없으면 ``"특성 맵 0"``\ 처럼 번호를 씁니다.
    suptitle : str, optional
        그림 전체의 제목.
    cmap : str, default "gray"
        컬러맵.

    Returns
    -------
    matplotlib.figure.Figure
    """
    maps = np.asarray(fmaps)
    if maps.ndim != 4:
        raise ValueError(f"fmaps는 [배치, 높이, 너비, 채널] 4D여야 합니다: shape={maps.shape}")
    bad = [i for i in fmap_indices if not -maps.shape[-1] <= i < maps.shape[-1]]
    if bad:
        raise ValueError(f"없는 특성 맵 번호입니다: {bad} (채널 수 {maps.shape[-1]})")
    if fmap_names is not None and len(fmap_names) != len(fmap_indices):
        raise ValueError(
            f"fmap_names의 개수({len(fmap_names)})가 fmap_indices({len(fmap_indices)})와 다릅니다"
        )
    names = fmap_names or [f"특성 맵 {i}" for i in fmap_indices]
    n_images, n_maps = maps.shape[0], len(fmap_indices)
    aspect = maps.shape[1] / maps.shape[2]
    fig, axes = plt.subplots(n_images, n_maps, squeeze=False,
                             figsize=(7.5 * n_maps, 7.5 * aspect * n_images + 0.8))
    for image_idx in range(n_images):
        for column, (fmap_idx, name) in enumerate(zip(fmap_indices, names)):
            ax = axes[image_idx, column]
            ax.imshow(maps[image_idx, :, :, fmap_idx], cmap=cmap)
            ax.set_title(f"이미지 {image_idx}, {name}")
            ax.axis("off")
    if suptitle:
        fig.suptitle(suptitle)
    fig.tight_layout()
    return fig


def plot_learning_curves(history, *, title: str = "학습 곡선", metrics: Sequence[str] | None = None):
    r"""``model.fit()``\ 이 돌려준 History(또는 그 ``history`` 딕셔너리)로 학습 곡선을 그립니다.

    훈련 값은 실선, 같은 이름의 검증 값(``val_``)은 점선으로 그립니다.

    Parameters
    ----------
    history : keras.callbacks.History or dict
        에포크마다의 지표.
    title : str
        그림 제목.
    metrics : sequence of str, optional
        그릴 지표 이름(기본: ``val_``\ 로 시작하지 않는 모든 지표).

    Returns
    -------
    matplotlib.figure.Figure
    """
    logs = getattr(history, "history", history)
    if not logs:
        raise ValueError("history가 비어 있습니다: fit()이 한 에포크도 돌지 않았습니다")
    names = list(metrics) if metrics else [k for k in logs if not k.startswith("val_")]
    missing = [name for name in names if name not in logs]
    if missing:
        raise ValueError(f"history에 없는 지표입니다: {missing!r} (있는 것: {sorted(logs)!r})")
    labels = {"loss": "손실", "accuracy": "정확도", "learning_rate": "학습률"}
    fig, axes = plt.subplots(1, len(names), figsize=(6 * len(names), 4), squeeze=False)
    for ax, name in zip(axes.flat, names):
        epochs = np.arange(1, len(logs[name]) + 1)
        label = labels.get(name, name)
        ax.plot(epochs, logs[name], "o-", label=f"훈련 {label}")
        if f"val_{name}" in logs:
            ax.plot(epochs, logs[f"val_{name}"], "s--", label=f"검증 {label}")
        ax.set_xlabel("에포크")
        ax.set_ylabel(label)
        ax.set_xticks(epochs)
        ax.grid(True)
        ax.legend()
    fig.suptitle(title)
    fig.tight_layout()
    return fig
