"""모든 테스트가 smoke 프로필, Agg 백엔드로 돌도록 합니다."""

import os

os.environ["CNN_VISION_PROFILE"] = "smoke"
os.environ.setdefault("MPLBACKEND", "Agg")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import matplotlib  # noqa: E402

matplotlib.use("Agg", force=True)
