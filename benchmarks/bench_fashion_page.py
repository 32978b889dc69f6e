r"""패션 MNIST CNN 페이지를 docs 프로필로 한 번 실행해 걸린 시간과 정확도를 기록합니다.

``examples/03_architectures/plot_01_fashion_mnist_cnn.py``\ 를 사이트 빌드처럼 한 프로세스에서
처음부터 끝까지 실행하고(그림은 Agg 백엔드로 그리기만 합니다), 페이지 전체 시간, 페이지가 잰 훈련
시간과 초당 이미지, 가중치 EMA 전후의 검증 정확도, 테스트 정확도를
``benchmarks/results/fashion_cnn_page.json``\ 에 쓰고 같은 이름의 ``.md``\ 에 표로 씁니다.
문서의 "빌드 성능" 페이지가 이 표를 그대로 넣습니다.

실행::

    make bench-page                     # 2코어에서 10분 안팎(다른 작업이 CPU를 쓰면 더)
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import hashlib
import io
import os
import runpy
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "examples" / "03_architectures" / "plot_01_fashion_mnist_cnn.py"
DEFAULT_OUTPUT = Path(__file__).resolve().parent / "results" / "fashion_cnn_page.json"
BOOK_TEST_ACCURACY = 0.9117


def git_commit() -> str | None:
    r"""지금 커밋. 페이지가 커밋과 다르면 ``+작업 트리 변경``\ 을 붙입니다(페이지 해시가 정확한 값)."""
    try:
        commit = subprocess.run(["git", "-C", str(ROOT), "rev-parse", "--short", "HEAD"],
                                capture_output=True, text=True, check=True).stdout.strip()
        changed = subprocess.run(["git", "-C", str(ROOT), "diff", "--quiet", "HEAD", "--", str(PAGE)],
                                 check=False).returncode != 0
    except (OSError, subprocess.CalledProcessError):
        return None
    return commit + ("+작업 트리 변경" if changed else "")


def run_page(profile: str) -> dict:
    os.environ["CNN_VISION_PROFILE"] = profile
    from cnn_vision import runtime

    runtime.apply_defaults()  # 사이트 빌드와 같은 환경 기본값
    import matplotlib

    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    load_before = os.getloadavg()[0]
    output = io.StringIO()
    start = time.perf_counter()
    previous = Path.cwd()
    with tempfile.TemporaryDirectory() as folder, contextlib.redirect_stdout(output):
        os.chdir(folder)  # 페이지가 파일을 쓰더라도 저장소에 남지 않게
        try:
            namespace = runpy.run_path(str(PAGE), run_name="__main__")
        finally:
            os.chdir(previous)
    seconds = time.perf_counter() - start
    plt.close("all")
    import tensorflow as tf

    return {
        "profile": profile,
        "page_seconds": round(seconds, 1),
        "train_seconds": round(namespace["train_seconds"], 1),
        "images_per_second": round(namespace["images_per_second"], 1),
        "epochs": namespace["EPOCHS"],
        "batch_size": namespace["BATCH_SIZE"],
        "train_images": len(namespace["X_train"]),
        "label_smoothing": namespace["LABEL_SMOOTHING"],
        "use_ema": namespace["USE_EMA"],
        "valid_accuracy": round(float(namespace["valid_after_fit"]), 4),
        "test_accuracy": round(float(namespace["test_accuracy"]), 4),
        "precision": tf.keras.mixed_precision.global_policy().name,
        "load_average_1min": {"before": round(load_before, 2),
                              "after": round(os.getloadavg()[0], 2)},
        "output_tail": output.getvalue().splitlines()[-8:],
    }


def render_markdown(document: dict) -> str:
    """결과 JSON을 Markdown 표로 바꿉니다(숫자는 모두 JSON에서 옵니다)."""
    run, cpu = document["run"], document["cpu"]
    lines = [
        "<!-- benchmarks/bench_fashion_page.py가 만든 파일입니다. 손으로 고치지 마세요. -->",
        "",
        f"`{document['page']}`, {run['profile']} 프로필, {run['precision']}, "
        f"커밋 `{document['commit']}`(페이지 SHA-256 앞 12자리 `{document['page_sha256'][:12]}`). "
        f"CPU: {cpu['model']} {cpu['count']}개(플래그: {', '.join(cpu['flags']) or '없음'}), "
        f"텐서플로 {document['tensorflow']}, 측정 {document['started'][:10]}.",
        "",
        "| 항목 | 값 |",
        "|------|---:|",
        f"| 페이지 전체 시간 | {run['page_seconds']:.0f}초 |",
        f"| 그중 훈련 시간({run['epochs']} 에포크 × {run['train_images']:,}장, 배치 {run['batch_size']}) "
        f"| {run['train_seconds']:.0f}초 |",
        f"| 초당 이미지 | {run['images_per_second']:.0f} |",
        f"| 레이블 스무딩, 가중치 EMA | {run['label_smoothing']:g}, {'켬' if run['use_ema'] else '끔'} |",
        f"| 검증 정확도 | {run['valid_accuracy']:.2%} |",
        f"| 테스트 정확도(책: {BOOK_TEST_ACCURACY:.2%}) | {run['test_accuracy']:.2%} |",
        "",
        f"실행 전후의 1분 평균 부하: {run['load_average_1min']['before']:.1f}, "
        f"{run['load_average_1min']['after']:.1f}(CPU {cpu['count']}개). 부하가 CPU 수보다 크면 "
        "다른 작업과 CPU를 나눠 쓴 것이라 시간은 상한입니다.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", default="docs", choices=("smoke", "docs", "full"),
                        help="페이지를 실행할 프로필(기본 docs)")
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT,
                        help="결과 JSON 파일(기본 benchmarks/results/fashion_cnn_page.json)")
    args = parser.parse_args(argv)

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from bench_common import cpu_description, write_results

    started = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    run = run_page(args.profile)
    import tensorflow as tf

    document = {
        "benchmark": "fashion_cnn_page",
        "page": PAGE.relative_to(ROOT).as_posix(),
        "page_sha256": hashlib.sha256(PAGE.read_bytes()).hexdigest(),
        "commit": git_commit(),
        "cpu": cpu_description(),
        "tensorflow": tf.__version__,
        "TF_ENABLE_ONEDNN_OPTS": os.environ.get("TF_ENABLE_ONEDNN_OPTS"),
        "started": started,
        "run": run,
    }
    print(write_results(args.output, document, render_markdown))
    return 0


if __name__ == "__main__":
    sys.exit(main())
