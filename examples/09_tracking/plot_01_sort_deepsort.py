r"""
=====================================================
객체 추적: 칼만 필터, 헝가리안 알고리즘, 외형 특징
=====================================================

:term:`객체 탐지` 모델은 이미지 한 장에서 객체를 찾습니다. 영상에서는 여기에 한 가지가 더
필요합니다. 프레임마다 찾은 상자를 이어 붙여 같은 객체에는 영상 내내 같은 번호를 붙여야 합니다. 이것이
:term:`객체 추적`\ (object tracking)입니다. 책은 이 일을 하는 DeepSORT 계열의 추적기를 세 부품으로
설명합니다.

1. **움직임 모델**: 객체마다 :term:`칼만 필터`\ (Kalman filter)로 다음 프레임의 위치를 예측합니다.
2. **데이터 연관**\ (:term:`데이터 연관`, data association): 예측한 상자와 새로 탐지한 상자를
   :term:`헝가리안 알고리즘`\ (Hungarian algorithm)으로 짝짓습니다.
3. **외형 특징**\ (:term:`외형 특징`, appearance feature): 서로 엇갈리는 객체를 생김새로
   구별하도록 CNN이 만든 특성 벡터를 비교합니다.

이 페이지는 세 부품을 모두 직접 구현하고 인터넷 없이 실행합니다. 데이터는 진짜 패션 MNIST 아이템이
큰 캔버스 위를 움직이는 짧은 영상입니다. 아이템이 서로 지나치며 가리고(:term:`가림`, occlusion),
중간에 들어오고 나갑니다.
어디에 무엇을 그렸는지 알기 때문에 프레임마다 정답 상자와 정답 ID가 정확합니다. 추적기는 MOT
벤치마크의 표준 지표인 :term:`MOTA`, :term:`MOTP`, :term:`IDF1`, :term:`ID 전환`\ 으로 평가합니다.

탐지 모델 만들기는 앞 갤러리(:ref:`gallery_detection`)에서 했으므로, 여기서는 정답 상자에 잡음과
놓침, :term:`거짓 양성`\ 을 일부러 넣은 :term:`공개 탐지`\ (public detections)를 씁니다. 추적 벤치마크들이
모든 참가자에게 같은 탐지를 주고 연결하는 방법만 겨루게 하는 것과 같은 방식이라, 탐지기의 실력과
상관없이 추적기의 데이터 연관만 따로 볼 수 있습니다.
"""

# sphinx_gallery_thumbnail_number = 2

# %%
# 움직이는 패션 MNIST 아이템의 영상
# ---------------------------------
# :func:`cnn_vision.sequences.make_sequences` 가 영상을 만듭니다. 아이템을 고르고 크기를 바꾸는
# 일은 탐지 페이지와 같은 :func:`cnn_vision.scenes.make_scenes` 가 하고, 그 위에 움직임을
# 더합니다.
#
# - 아이템마다 처음 속도(1~3픽셀/프레임)로 캔버스 가운데 쪽을 향해 움직이고, 프레임마다 속도에 작은
#   잡음이 더해집니다(등속 운동 + 잡음). 그래서 아이템의 길이 자주 엇갈립니다.
# - 절반쯤은 첫 프레임부터 캔버스 안에 있고, 나머지는 나중에 가장자리 밖에서 들어옵니다. 캔버스를
#   벗어난 아이템은 다시 들어오지 않습니다.
# - 아이템마다 깊이 순서가 있어서 나중에 그린 아이템이 먼저 그린 아이템을 **가립니다**.
#
# 정답 상자는 가려진 부분까지 포함한 아이템 전체를 감싸고(캔버스 밖 부분은 잘라 냄), 아이템이 보이는
# 정도(보이는 픽셀 / 전체 픽셀)가 25% 이상인 프레임에서만 그 아이템이 정답에 듭니다. 그보다 많이
# 가려지면 찾지 않아도 되는 객체로 칩니다(이 규칙은 모듈 설명에 정리되어 있습니다).
#
# 아이템은 패션 MNIST **테스트 세트** 에서 고릅니다. 뒤에서 외형 특징을 만드는 CNN은 훈련 세트의
# 아이템으로만 훈련합니다.
import time

import matplotlib.pyplot as plt
import numpy as np
import tensorflow as tf

from cnn_vision import plotting, profile
from cnn_vision.fashion_mnist import ensure_fashion_mnist
from cnn_vision.sequences import make_detections, make_sequences

plotting.set_book_style()
print(profile.describe())
print(ensure_fashion_mnist().describe())
page_start = time.perf_counter()

(X_train_full, y_train_full), (X_test, y_test) = tf.keras.datasets.fashion_mnist.load_data()

NUM_SEQUENCES = profile.pick(smoke=3, docs=30, full=100)
NUM_FRAMES = profile.pick(smoke=20, docs=50, full=60)
sequences = make_sequences(X_test, y_test, NUM_SEQUENCES, num_frames=NUM_FRAMES, canvas_size=128,
                           num_objects=(4, 7), seed=1)

num_items = sum(sequence.num_items for sequence in sequences)
num_boxes = sum(int(sequence.present.sum()) for sequence in sequences)
entering = sum(int((~sequence.alive[0]).sum()) for sequence in sequences)
hidden = sum(int((sequence.alive & ~sequence.present).sum()) for sequence in sequences)
print(f"영상 {len(sequences)}개 × {NUM_FRAMES}프레임(128×128), 아이템 {num_items}개 "
      f"(그중 {entering}개는 중간에 들어옴)")
print(f"정답 상자 {num_boxes:,}개; 캔버스에 있지만 75% 넘게 가려지거나 밖으로 나가 정답에서 빠진 "
      f"경우 {hidden:,}번")

# %%
# 영상 하나의 몇 프레임을 정답 상자, 정답 ID와 함께 봅니다. 색은 ID마다 다르고, 점선 상자는 캔버스에
# 있지만 정답에서 빠진(많이 가려진) 아이템입니다.
from matplotlib.patches import Rectangle

COLORS = plt.get_cmap("tab10").colors


def draw_box(ax, box, label, color, *, linestyle="-", text_below=False):
    x_min, y_min, x_max, y_max = box
    ax.add_patch(Rectangle((x_min - 0.5, y_min - 0.5), x_max - x_min, y_max - y_min, fill=False,
                           edgecolor=color, linewidth=2, linestyle=linestyle))
    y, va = (y_max + 0.5, "top") if text_below else (y_min - 1.5, "bottom")
    ax.text(x_min - 0.5, y, label, color=color, fontsize=10, va=va, clip_on=True,
            bbox={"facecolor": "black", "alpha": 0.6, "pad": 1, "edgecolor": "none"})


def show_frame(ax, sequence, frame, title=None):
    ax.imshow(sequence.frames[frame], cmap="gray", vmin=0, vmax=255)
    for item in np.flatnonzero(sequence.alive[frame] & (sequence.visibility[frame] > 0)):
        present = sequence.present[frame, item]
        draw_box(ax, sequence.boxes[frame, item], f"{item}", COLORS[item % 10],
                 linestyle="-" if present else ":")
    ax.set_title(title or f"프레임 {frame}")
    ax.set_xlim(-0.5, 127.5)
    ax.set_ylim(127.5, -0.5)
    ax.axis("off")


def hidden_inside(sequence):
    """프레임마다, 캔버스 안에 다 들어와 있는데 많이 가려져 정답에서 빠진 아이템 수."""
    height, width = sequence.canvas_shape
    x_min, y_min, x_max, y_max = np.moveaxis(sequence.boxes, -1, 0)
    inside = (x_min > 0) & (y_min > 0) & (x_max < width) & (y_max < height)
    return (sequence.alive & inside & ~sequence.present).sum(axis=1)


# 아이템이 다른 아이템에 가려지는 장면이 있는 첫 영상에서, 그런 아이템이 가장 많은 프레임과 그 앞뒤를
# 봅니다.
shown = next((sequence for sequence in sequences if hidden_inside(sequence).any()), sequences[0])
busiest = int(np.argmax(hidden_inside(shown)))
shown_frames = sorted({max(busiest - 9, 0), max(busiest - 6, 0), max(busiest - 3, 0), busiest,
                       min(busiest + 3, NUM_FRAMES - 1), min(busiest + 6, NUM_FRAMES - 1)})
fig, axes = plt.subplots(2, 3, figsize=(11, 7.8))
for ax, frame in zip(axes.flat, shown_frames):
    show_frame(ax, shown, frame)
for ax in axes.flat[len(shown_frames):]:
    ax.axis("off")
fig.suptitle("정답 상자와 ID(점선: 많이 가려져 정답에서 빠진 아이템)")
fig.tight_layout()
plt.show()

# %%
# 공개 탐지
# ---------
# :func:`cnn_vision.sequences.make_detections` 는 정답에 든 아이템마다 확률 10%로 탐지를 놓치고,
# 남은 상자의 중심과 너비·높이에 표준 편차 ``σ``\ 픽셀의 정규 잡음을 더하고, 프레임마다 평균 0.2개의
# 거짓 양성 상자를 무작위 위치에 더합니다. 탐지에는 ID가 없습니다. 어느 아이템에서 나온
# 탐지인지(``object_ids``)는 분석에만 쓰고 추적기에는 주지 않습니다. 잡음의 크기는 정답 상자의
# 크기(아래 출력)와 견주어 보세요.
MISS_RATE = 0.1
FALSE_POSITIVES = 0.2
NOISE_LEVELS = profile.pick(smoke=(0.0, 2.0), docs=(0.0, 1.0, 2.0, 3.0), full=(0.0, 1.0, 2.0, 3.0))


def detect_all(noise):
    return [make_detections(sequence, position_noise=noise, miss_rate=MISS_RATE,
                            false_positives=FALSE_POSITIVES, seed=index)
            for index, sequence in enumerate(sequences)]


detections_by_noise = {noise: detect_all(noise) for noise in NOISE_LEVELS}
some_detections = detections_by_noise[NOISE_LEVELS[0]]
true_ones = sum(int((found.object_ids >= 0).sum()) for found in some_detections)
false_ones = sum(int((found.object_ids < 0).sum()) for found in some_detections)
print(f"탐지 {true_ones + false_ones:,}개(정답 아이템에서 {true_ones:,}개, 거짓 양성 {false_ones:,}개), "
      f"잡음 수준 {len(NOISE_LEVELS)}가지: σ = {', '.join(f'{noise:.0f}' for noise in NOISE_LEVELS)}픽셀")
sides = np.concatenate([(sequence.boxes[..., 2:] - sequence.boxes[..., :2])[sequence.present].ravel()
                        for sequence in sequences])
print(f"정답 상자의 너비와 높이: 중앙값 {np.median(sides):.0f}픽셀, 10~90% 범위 "
      f"{np.percentile(sides, 10):.0f}~{np.percentile(sides, 90):.0f}픽셀")

# %%
# 잡음 수준마다 같은 시드를 쓰므로 놓친 탐지와 거짓 양성의 개수와 자리는 모든 σ에서 같고, 상자의
# 흔들림만 다릅니다. 그래서 뒤의 표에서 σ에 따른 차이는 상자 잡음에서만 옵니다.

# %%
# 칼만 필터: 등속 운동 모델
# -------------------------
# :term:`트랙`\ (track) 하나는 객체 하나를 따라가는 추적기의 기억입니다. 상자를 중심과 크기
# :math:`z = (c_x, c_y, w, h)`\ 로 쓰고, 칼만 필터의 상태는 여기에 속도를 붙인 8개 값
# :math:`x = (c_x, c_y, w, h, \dot c_x, \dot c_y, \dot w, \dot h)`\ 입니다. 필터는 상태의 평균
# :math:`x`\ 와 불확실성(공분산 행렬 :math:`P`)을 함께 들고 다니며 두 단계를 번갈아 합니다.
#
# - **예측**: 등속 운동을 가정해 한 프레임 뒤로 옮깁니다. :math:`x \leftarrow F x`,
#   :math:`P \leftarrow F P F^\top + Q`. :math:`F`\ 는 위치에 속도를 더하는 행렬이고, :math:`Q`\ 는
#   모델이 틀리는 정도(속도가 조금씩 바뀜)만큼 불확실성을 키웁니다.
# - **갱신**: 짝지어진 탐지 :math:`z`\ 가 오면 예측과 탐지를 불확실성에 따라 섞습니다.
#   :math:`S = H P H^\top + R`, :math:`K = P H^\top S^{-1}`,
#   :math:`x \leftarrow x + K (z - H x)`, :math:`P \leftarrow (I - K H) P`. :math:`H`\ 는 상태에서
#   상자 부분만 꺼내는 행렬, :math:`R`\ 은 탐지 잡음의 분산입니다. 예측이 확실할수록(:math:`P`\ 가
#   작을수록) 탐지를 덜 믿습니다.
#
# 잡음의 크기는 상수로 정합니다. 탐지 잡음은 2픽셀로 가정하고 모든 σ에 같은 값을 씁니다.
MEASUREMENT_STD = 2.0
POSITION_STD = 1.0
VELOCITY_STD = 0.5
INITIAL_VELOCITY_STD = 10.0


def box_to_measurement(boxes):
    """(x_min, y_min, x_max, y_max) 상자들을 (중심 x, 중심 y, 너비, 높이)로 바꿉니다."""
    boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
    return np.column_stack([(boxes[:, 0] + boxes[:, 2]) / 2, (boxes[:, 1] + boxes[:, 3]) / 2,
                            boxes[:, 2] - boxes[:, 0], boxes[:, 3] - boxes[:, 1]])


def measurement_to_box(measurement):
    center_x, center_y, width, height = measurement[:4]
    return np.array([center_x - width / 2, center_y - height / 2,
                     center_x + width / 2, center_y + height / 2])


# %%
# 트랙의 시작과 끝도 트랙 클래스가 기억합니다. 새 트랙은 **임시 트랙** 으로 시작해서
# ``MIN_HITS``\ 프레임 연달아 탐지와 짝지어져야 **확정** 되고, 그 전에 한 번이라도 짝을 못 찾으면
# 지웁니다(거짓 양성은 대개 한 프레임만 나오므로 여기서 걸러집니다). 확정된 트랙은 짝을 못 찾아도
# 칼만 필터의 예측으로 버티다가 ``MAX_MISSES``\ 프레임 넘게 연달아 못 찾으면 끝냅니다. 객체가
# 잠깐 가려지거나 탐지를 놓쳐도 트랙이 끊기지 않게 하려는 것입니다.
#
# 외형 특징(뒤에서 씁니다)은 트랙마다 최근 ``GALLERY_SIZE``\ 개를 모아 두고, 새 탐지의 특징과 가장
# 가까운 것과의 코사인 거리를 씁니다(DeepSORT의 방식). 칼만 필터가 주는 예측 분포로 탐지가 얼마나
# 그럴듯한지도 잽니다. 이 거리는 :term:`마할라노비스 거리`
# :math:`d^2 = (z - Hx)^\top S^{-1} (z - Hx)`\ 입니다.
MIN_HITS = 3
MAX_MISSES = 5
GALLERY_SIZE = 20


class KalmanBoxTrack:
    F = np.block([[np.eye(4), np.eye(4)], [np.zeros((4, 4)), np.eye(4)]])  # 위치 += 속도
    H = np.eye(4, 8)  # 상태에서 (c_x, c_y, w, h)만 봅니다
    Q = np.diag([POSITION_STD**2] * 4 + [VELOCITY_STD**2] * 4)
    R = np.eye(4) * MEASUREMENT_STD**2

    def __init__(self, track_id, box, feature=None):
        self.id = track_id
        self.mean = np.concatenate([box_to_measurement(box)[0], np.zeros(4)])
        self.covariance = np.diag([MEASUREMENT_STD**2] * 4 + [INITIAL_VELOCITY_STD**2] * 4)
        self.hits = 1  # 연달아 짝지어진 횟수(확정 전까지 셉니다)
        self.misses = 0  # 연달아 짝을 못 찾은 프레임 수
        self.features = [] if feature is None else [feature]

    @property
    def confirmed(self):
        return self.hits >= MIN_HITS

    @property
    def box(self):
        return measurement_to_box(self.mean)

    def predict(self):
        self.mean = self.F @ self.mean
        self.covariance = self.F @ self.covariance @ self.F.T + self.Q
        self.mean[2:4] = np.maximum(self.mean[2:4], 1.0)  # 너비와 높이는 1픽셀 이상

    def project(self):
        """상자 공간의 예측 평균 Hx와 공분산 S = HPH^T + R."""
        return self.H @ self.mean, self.H @ self.covariance @ self.H.T + self.R

    def update(self, box, feature=None):
        predicted, innovation_covariance = self.project()
        gain = self.covariance @ self.H.T @ np.linalg.inv(innovation_covariance)
        self.mean = self.mean + gain @ (box_to_measurement(box)[0] - predicted)
        self.covariance = (np.eye(8) - gain @ self.H) @ self.covariance
        self.hits += 1
        self.misses = 0
        if feature is not None:
            self.features = (self.features + [feature])[-GALLERY_SIZE:]

    def mark_missed(self):
        self.misses += 1

    def is_alive(self):
        if not self.confirmed:
            return self.misses == 0
        return self.misses <= MAX_MISSES

    def mahalanobis(self, boxes):
        predicted, innovation_covariance = self.project()
        difference = box_to_measurement(boxes) - predicted
        return np.einsum("ni,ij,nj->n", difference, np.linalg.inv(innovation_covariance), difference)

    def appearance_distance(self, features):
        if not self.features:
            return np.ones(len(features))
        return 1.0 - (np.asarray(features) @ np.array(self.features).T).max(axis=1)


# %%
# 등속으로 움직이는 상자에 잡음 섞인 탐지를 주어 필터를 확인합니다. 필터가 속도를 알아낸 뒤에는
# 탐지 하나하나보다 필터의 상자가 실제 상자에 더 가깝습니다.
rng = np.random.default_rng(0)
true_boxes = np.array([[10 + 2 * t, 40 + t, 34 + 2 * t, 64 + t] for t in range(30)], dtype=float)
noisy_boxes = true_boxes + rng.normal(0, MEASUREMENT_STD, size=true_boxes.shape)
track = KalmanBoxTrack(0, noisy_boxes[0])
filtered = [track.box]
for box in noisy_boxes[1:]:
    track.predict()
    track.update(box)
    filtered.append(track.box)
filtered = np.array(filtered)
error_detection = np.abs(noisy_boxes[10:] - true_boxes[10:]).mean()
error_filtered = np.abs(filtered[10:] - true_boxes[10:]).mean()
print(f"프레임 10 이후 좌표의 평균 절대 오차: 탐지 {error_detection:.2f}픽셀, "
      f"칼만 필터 {error_filtered:.2f}픽셀; 추정한 속도 (x, y) = "
      f"({track.mean[4]:.2f}, {track.mean[5]:.2f}), 실제 (2, 1)")
assert error_filtered < error_detection

# %%
# 데이터 연관: IoU 비용과 헝가리안 알고리즘
# -----------------------------------------
# 프레임마다 트랙들의 예측 상자와 새 탐지들을 짝지어야 합니다. 트랙 :math:`i`\ 와 탐지 :math:`j`\ 의
# 비용을 :math:`1 - \mathrm{IoU}`\ 로 두면, 전체 비용의 합이 가장 작은 일대일 짝짓기가 가장 그럴듯한
# 연결입니다. 이 문제(할당 문제)를 푸는 것이 헝가리안 알고리즘이고, 사이파이의
# ``scipy.optimize.linear_sum_assignment``\ 가 구현합니다. 비용이 ``max_cost``\ 보다 큰 짝(예: IoU
# 0.3 미만)은 짝이 아니라고 보고 버립니다. 그 트랙은 이번 프레임에 짝을 못 찾은 것이고, 그 탐지는 새
# 트랙의 후보가 됩니다.
from scipy.optimize import linear_sum_assignment

from cnn_vision.detection import iou

MIN_IOU = 0.3
NOT_ALLOWED = 1e5  # 허용하지 않는 짝의 비용


def associate(cost, max_cost):
    """비용 행렬의 행(트랙)과 열(탐지)을 짝짓고 (짝, 남은 행, 남은 열)을 돌려줍니다."""
    cost = np.asarray(cost, dtype=float)
    if cost.size == 0:
        return [], list(range(cost.shape[0])), list(range(cost.shape[1]))
    rows, cols = linear_sum_assignment(cost)
    matches = [(int(r), int(c)) for r, c in zip(rows, cols) if cost[r, c] <= max_cost]
    matched_rows = {r for r, _ in matches}
    matched_cols = {c for _, c in matches}
    unmatched_rows = [r for r in range(cost.shape[0]) if r not in matched_rows]
    unmatched_cols = [c for c in range(cost.shape[1]) if c not in matched_cols]
    return matches, unmatched_rows, unmatched_cols


# %%
# 욕심쟁이 방법(가장 싼 짝부터 고르기)과 비교해 봅니다. 트랙 0은 탐지 0과도 1과도 잘 맞고, 트랙 1은
# 탐지 0과만 맞습니다. 가장 싼 짝 (0, 0)부터 고르면 트랙 1이 짝을 잃지만, 헝가리안 알고리즘은 합이
# 가장 작은 짝짓기 {(0, 1), (1, 0)}을 찾습니다.
example_cost = np.array([[0.1, 0.2],
                         [0.3, 0.9]])
matches, _, _ = associate(example_cost, max_cost=1 - MIN_IOU)
print("헝가리안 알고리즘의 짝(트랙, 탐지):", matches)
assert matches == [(0, 1), (1, 0)]

# %%
# 추적기
# ------
# 한 프레임의 일은 다음과 같습니다.
#
# 1. 모든 트랙을 칼만 필터로 예측합니다.
# 2. (외형 특징을 쓸 때) 확정된 트랙과 탐지를 외형 특징의 코사인 거리로 먼저 짝짓습니다. 칼만 필터가
#    보기에 너무 먼 탐지(마할라노비스 거리가 자유도 4의 카이제곱 분포의 95% 지점을 넘는 탐지)와, 코사인
#    거리가 ``MAX_APPEARANCE_DISTANCE``\ 를 넘는 탐지는 짝이 될 수 없습니다.
# 3. 남은 트랙과 탐지를 IoU 비용으로 짝짓습니다.
# 4. 짝지어진 트랙은 탐지로 갱신하고, 못 찾은 트랙은 놓친 횟수를 늘리고, 끝난 트랙은 지웁니다.
# 5. 짝이 없는 탐지마다 새 임시 트랙을 시작합니다.
# 6. 확정되었고 이번 프레임에 탐지와 짝지어진 트랙의 ID와 (필터로 다듬은) 상자를 냅니다.
#
# 2단계가 DeepSORT의 생각이고, 이것을 빼면 IoU만 쓰는 SORT와 같은 구조가 됩니다. 카이제곱 분포의
# 95% 지점은 사이파이로 확인합니다.
from scipy.stats import chi2

MAHALANOBIS_GATE = 9.4877
MAX_APPEARANCE_DISTANCE = 0.3
assert abs(chi2.ppf(0.95, df=4) - MAHALANOBIS_GATE) < 1e-4


class Tracker:
    def __init__(self, use_appearance=False):
        self.use_appearance = use_appearance
        self.tracks = []
        self.next_id = 0

    def match_appearance(self, boxes, features, track_indices, detection_indices):
        cost = np.full((len(track_indices), len(detection_indices)), NOT_ALLOWED)
        for row, index in enumerate(track_indices):
            track = self.tracks[index]
            if not track.confirmed:
                continue
            gate = track.mahalanobis(boxes[detection_indices]) <= MAHALANOBIS_GATE
            distance = track.appearance_distance(features[detection_indices])
            cost[row] = np.where(gate, distance, NOT_ALLOWED)
        matches, rows, cols = associate(cost, MAX_APPEARANCE_DISTANCE)
        return ([(track_indices[r], detection_indices[c]) for r, c in matches],
                [track_indices[r] for r in rows], [detection_indices[c] for c in cols])

    def match_iou(self, boxes, track_indices, detection_indices):
        if not track_indices or not detection_indices:
            return [], track_indices, detection_indices
        predicted = np.array([self.tracks[index].box for index in track_indices])
        cost = 1.0 - iou(predicted[:, None], boxes[detection_indices][None], box_format="corners")
        matches, rows, cols = associate(cost, 1.0 - MIN_IOU)
        return ([(track_indices[r], detection_indices[c]) for r, c in matches],
                [track_indices[r] for r in rows], [detection_indices[c] for c in cols])

    def step(self, boxes, features=None):
        boxes = np.asarray(boxes, dtype=float).reshape(-1, 4)
        for track in self.tracks:
            track.predict()
        tracks_left = list(range(len(self.tracks)))
        detections_left = list(range(len(boxes)))
        matches = []
        if self.use_appearance and tracks_left and detections_left:
            matches, tracks_left, detections_left = self.match_appearance(
                boxes, features, tracks_left, detections_left)
        iou_matches, tracks_left, detections_left = self.match_iou(boxes, tracks_left, detections_left)
        matches += iou_matches
        for track_index, detection_index in matches:
            feature = features[detection_index] if self.use_appearance else None
            self.tracks[track_index].update(boxes[detection_index], feature)
        for track_index in tracks_left:
            self.tracks[track_index].mark_missed()
        self.tracks = [track for track in self.tracks if track.is_alive()]
        for detection_index in detections_left:
            feature = features[detection_index] if self.use_appearance else None
            self.tracks.append(KalmanBoxTrack(self.next_id, boxes[detection_index], feature))
            self.next_id += 1
        shown = [track for track in self.tracks if track.confirmed and track.misses == 0]
        return (np.array([track.id for track in shown], dtype=int),
                np.array([track.box for track in shown]).reshape(-1, 4))


# %%
# 추적하고 평가하기
# -----------------
# 영상마다 새 추적기를 만들어 프레임을 차례로 넣습니다. 결과는 프레임마다 (트랙 ID들, 상자들)이고,
# :func:`cnn_vision.tracking.evaluate_tracking` 이 정답과 비교합니다. IoU가 0.5 이상인 정답과
# 트랙만 짝이 될 수 있습니다.
#
# - MOTA는 놓침, 거짓 양성, ID 전환을 모두 더한 오류를 정답 상자 수로 나눠 1에서 뺀 값입니다.
#   대부분 탐지의 품질로 정해집니다.
# - MOTP는 짝지어진 상자들의 평균 IoU입니다. 상자가 얼마나 정확한지를 봅니다.
# - ID 전환은 어떤 정답 객체를 따라가던 트랙 ID가 다른 ID로 바뀐 횟수입니다.
# - IDF1은 영상 전체에서 정답 궤적과 트랙을 일대일로 한 번만 짝지은 뒤 ID까지 맞은 상자의
#   비율(F1 점수)입니다. 트랙이 끊기거나 바뀌면 크게 떨어지므로 ID를 얼마나 잘 지키는지를 봅니다.
#
# 이 라이브러리의 지표는 ``motmetrics`` 패키지와 같은 규칙으로 계산하며, 이 프로젝트의 테스트가 두
# 결과를 비교합니다.
from cnn_vision.tracking import combine, evaluate_tracking


def run_tracker(sequence, detections, features=None, use_appearance=False):
    tracker = Tracker(use_appearance=use_appearance)
    outputs = []
    for frame in range(len(sequence)):
        rows = detections.indices(frame)
        outputs.append(tracker.step(detections.boxes[rows],
                                    None if features is None else features[rows]))
    return outputs


SHOWN_NOISE = NOISE_LEVELS[-1] if profile.is_smoke() else 2.0
start = time.perf_counter()
iou_outputs = [run_tracker(sequence, detections)
               for sequence, detections in zip(sequences, detections_by_noise[SHOWN_NOISE])]
iou_scores = [evaluate_tracking(sequence.ground_truth(), outputs)
              for sequence, outputs in zip(sequences, iou_outputs)]
total = combine(iou_scores)
print(f"σ = {SHOWN_NOISE:.0f}픽셀, IoU만 쓰는 추적기({time.perf_counter() - start:.1f}초): "
      f"MOTA {total.mota:.3f}, MOTP {total.motp:.3f}, IDF1 {total.idf1:.3f}, "
      f"ID 전환 {total.num_switches}번")
print(f"  정답 상자 {total.num_objects:,}개 = 짝 {total.num_true_positives:,} + 놓침 "
      f"{total.num_misses:,}; 거짓 양성 {total.num_false_positives:,}")
print(f"  놓침 가운데 {total.num_objects - true_ones:,}개는 탐지 단계에서 이미 빠진 상자입니다")

# %%
# 탐지에서 빠진 상자(탐지의 10%를 일부러 놓쳤습니다)는 추적기가 낼 수 없으므로 놓침이 됩니다. 새 트랙이
# 확정되기까지의 ``MIN_HITS - 1``\ 프레임도 놓침으로 셉니다.
#
# 궤적
# ----
# 첫 영상에서 정답 아이템의 중심이 지나간 길(왼쪽)과 추적기가 낸 트랙의 길(오른쪽)을 그립니다.
# 트랙 색은 트랙 ID마다 다릅니다. 한 아이템의 길이 오른쪽에서 두 색으로 나뉘면 그 자리에서 트랙이
# 끊기거나 바뀐 것입니다.


def centers(boxes):
    boxes = np.asarray(boxes)
    return (boxes[..., 0] + boxes[..., 2]) / 2, (boxes[..., 1] + boxes[..., 3]) / 2


first = sequences[0]
fig, axes = plt.subplots(1, 2, figsize=(11, 5.6))
for ax in axes:
    ax.imshow(first.frames[-1], cmap="gray", vmin=0, vmax=255, alpha=0.5)
    ax.set_xlim(-0.5, 127.5)
    ax.set_ylim(127.5, -0.5)
    ax.set_xticks([])
    ax.set_yticks([])
for item in range(first.num_items):
    frames = np.flatnonzero(first.present[:, item])
    if frames.size:
        x, y = centers(first.boxes[frames, item])
        axes[0].plot(x, y, "o-", color=COLORS[item % 10], markersize=3, label=f"ID {item}")
axes[0].legend(loc="lower left", fontsize=9, ncol=2)
axes[0].set_title(f"정답 궤적(아이템 {first.num_items}개)")
track_paths = {}
for ids, boxes in iou_outputs[0]:
    for track_id, box in zip(ids, boxes):
        track_paths.setdefault(int(track_id), []).append(centers(box))
for track_id, path in track_paths.items():
    x, y = np.array(path).T
    axes[1].plot(x, y, "o-", color=COLORS[track_id % 10], markersize=3)
    axes[1].text(x[0], y[0] - 2, f"트랙 {track_id}", color=COLORS[track_id % 10], fontsize=9)
axes[1].set_title(f"IoU 추적기의 트랙 {len(track_paths)}개(σ = {SHOWN_NOISE:.0f})")
fig.tight_layout()
plt.show()

# %%
# ID 전환 하나
# ------------
# 평가 결과에는 ID 전환마다 프레임, 정답 ID, 전후의 트랙 ID가 들어 있습니다. 전환 앞 10프레임 안에
# 그 아이템의 정답 상자가 다른 아이템의 상자와 겹쳤으면 "겹친 곳에서" 일어난 전환으로 칩니다. 그런
# 전환 가운데(캔버스 가장자리의 것은 빼고) 겹침이 가장 큰 것을 골라, 그 아이템 주위를 확대해 앞뒤
# 프레임을 그립니다. 흰 점선은 그 아이템의 정답 상자, 회색 파선은 그것과 겹친 아이템의 정답 상자, 색
# 상자는 추적기의 트랙(색과 번호가 트랙 ID)입니다.


def crossing_overlap(sequence, switch, window=10):
    """전환 앞 window프레임 동안 그 아이템의 상자와 다른 아이템 상자의 가장 큰 IoU와 그 아이템."""
    item, largest, partner = switch.object_id, 0.0, None
    for frame in range(max(0, switch.frame - window), switch.frame + 1):
        others = [other for other in range(sequence.num_items)
                  if other != item and sequence.alive[frame, other] and sequence.alive[frame, item]]
        if others:
            overlaps = np.atleast_1d(iou(sequence.boxes[frame, item], sequence.boxes[frame, others],
                                         box_format="corners"))
            if overlaps.max() > largest:
                largest, partner = float(overlaps.max()), others[int(np.argmax(overlaps))]
    return largest, partner


def inside_canvas(sequence, switch, margin=4):
    x_min, y_min, x_max, y_max = sequence.boxes[switch.frame, switch.object_id]
    height, width = sequence.canvas_shape
    return x_min >= margin and y_min >= margin and x_max <= width - margin and y_max <= height - margin


candidates = [(*crossing_overlap(sequences[index], switch), index, switch)
              for index, scores in enumerate(iou_scores) for switch in scores.switches
              if inside_canvas(sequences[index], switch)]
candidates = [candidate for candidate in candidates if candidate[0] > 0]
if not candidates:
    print("이번 실행에는 아이템이 겹친 곳의 ID 전환이 없습니다(smoke 프로필은 영상이 아주 짧습니다).")
else:
    overlap, partner, index, switch = max(candidates, key=lambda candidate: candidate[0])
    sequence, outputs = sequences[index], iou_outputs[index]
    print(f"아이템이 겹친 곳의 ID 전환 {len(candidates)}개 가운데 겹침이 가장 큰 것(IoU {overlap:.2f}): "
          f"영상 {index}, 프레임 {switch.frame}에서 정답 ID {switch.object_id}(겹친 아이템은 "
          f"{partner})의 트랙이 "
          f"{switch.previous_hypothesis}번에서 {switch.hypothesis}번으로 바뀌었습니다.")
    last_seen = max((frame for frame in range(switch.frame)
                     if switch.previous_hypothesis in outputs[frame][0]), default=switch.frame)
    picked = sorted({max(last_seen - 3, 0), last_seen, (last_seen + switch.frame) // 2, switch.frame,
                     min(switch.frame + 3, len(sequence) - 1)})
    center_x, center_y = centers(sequence.boxes[switch.frame, switch.object_id])
    columns = (len(picked) + 1) // 2
    fig, axes = plt.subplots(2, columns, figsize=(3.8 * columns, 8.2))
    for ax in axes.flat[len(picked):]:
        ax.axis("off")
    for ax, frame in zip(axes.flat, picked):
        ax.imshow(sequence.frames[frame], cmap="gray", vmin=0, vmax=255)
        if sequence.alive[frame, partner]:
            draw_box(ax, sequence.boxes[frame, partner], f"정답 {partner}", "silver",
                     linestyle="--", text_below=True)
        if sequence.alive[frame, switch.object_id]:
            draw_box(ax, sequence.boxes[frame, switch.object_id], f"정답 {switch.object_id}", "white",
                     linestyle=":", text_below=True)
        for track_id, box in zip(*outputs[frame]):
            draw_box(ax, box, f"{track_id}", COLORS[int(track_id) % 10])
        ax.set_title(f"프레임 {frame}")
        ax.set_xlim(center_x - 36, center_x + 36)
        ax.set_ylim(center_y + 36, center_y - 36)
        ax.axis("off")
    fig.suptitle(f"ID 전환(σ = {SHOWN_NOISE:.0f}): 정답 {switch.object_id}을 따라가던 트랙 "
                 f"{switch.previous_hypothesis} → 트랙 {switch.hypothesis}")
    fig.tight_layout()
    plt.show()

# %%
# 외형 특징: 아이템을 구별하는 작은 CNN
# -------------------------------------
# 두 아이템이 엇갈리며 겹치면 IoU와 움직임만으로는 어느 탐지가 어느 트랙의 것인지 헷갈립니다. 가려진
# 아이템을 몇 프레임 못 보다가 다시 찾을 때도 그렇습니다. DeepSORT는 여기에 생김새를 더합니다.
# 보행자 :term:`재식별`\ (re-identification) 데이터에서 **사람 한 명 한 명을 구별하도록** 훈련한 CNN으로 탐지
# 상자 안의 이미지를 특성 벡터로 바꾸고, 같은 사람의 벡터끼리 가깝다는 성질을 씁니다.
#
# 여기서도 같은 방법으로, 패션 MNIST **훈련 세트** 의 아이템 하나하나를 서로 다른 클래스로 보고
# 분류하는 작은 CNN을 훈련합니다. 아이템마다 상자를 조금씩 흔들어 자른 이미지 여러 장을 만들어, 탐지
# 상자가 흔들려도 같은 아이템으로 알아보게 합니다. 추적할 때는 분류층을 떼고 그 앞 층의 출력(64개
# 값)을 길이 1로 맞춰 외형 특징으로 씁니다. 추적하는 영상의 아이템은 테스트 세트에서 왔으므로 이
# CNN이 처음 보는 아이템입니다.
NUM_IDENTITIES = profile.pick(smoke=50, docs=800, full=3000)
VIEWS_PER_IDENTITY = profile.pick(smoke=4, docs=16, full=20)
EMBEDDING_EPOCHS = profile.pick(smoke=1, docs=3, full=5)
CROP_SIZE = 28


def crop_boxes(frames, boxes, frame_indices):
    """상자 안의 이미지를 잘라 CROP_SIZE×CROP_SIZE로 늘이거나 줄입니다(0~1 실수)."""
    height, width = frames.shape[1:3]
    boxes = np.asarray(boxes, dtype=np.float32).reshape(-1, 4)
    normalized = np.stack([boxes[:, 1] / height, boxes[:, 0] / width,
                           boxes[:, 3] / height, boxes[:, 2] / width], axis=1)
    images = tf.convert_to_tensor(frames[..., np.newaxis], dtype=tf.float32) / 255
    return tf.image.crop_and_resize(images, normalized, np.asarray(frame_indices, dtype=np.int32),
                                    (CROP_SIZE, CROP_SIZE)).numpy()


def tight_box(image):
    rows, cols = np.flatnonzero(image.any(axis=1)), np.flatnonzero(image.any(axis=0))
    return [cols[0], rows[0], cols[-1] + 1, rows[-1] + 1]


identity_rng = np.random.default_rng(42)
identity_items = X_train_full[:NUM_IDENTITIES]
identity_labels = np.repeat(np.arange(NUM_IDENTITIES), VIEWS_PER_IDENTITY)
jittered = np.array([tight_box(item) for item in identity_items], dtype=float)[identity_labels]
jittered += identity_rng.normal(0, 1.5, size=jittered.shape)
identity_crops = crop_boxes(identity_items, jittered, identity_labels)

tf.random.set_seed(42)
identity_model = tf.keras.Sequential([
    tf.keras.Input(shape=[CROP_SIZE, CROP_SIZE, 1]),
    tf.keras.layers.Conv2D(32, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPool2D(),
    tf.keras.layers.Conv2D(64, 3, padding="same", activation="relu"),
    tf.keras.layers.MaxPool2D(),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(64, activation="relu", name="embedding"),
    tf.keras.layers.Dense(NUM_IDENTITIES, activation="softmax"),
])
identity_model.compile(loss="sparse_categorical_crossentropy", optimizer="adam",
                       metrics=["accuracy"])
start = time.perf_counter()
identity_model.fit(identity_crops, identity_labels, epochs=EMBEDDING_EPOCHS, batch_size=128,
                   verbose=2)
print(f"아이템 {NUM_IDENTITIES:,}개 × 자른 이미지 {VIEWS_PER_IDENTITY}장으로 "
      f"{EMBEDDING_EPOCHS} 에포크 훈련: {time.perf_counter() - start:.0f}초")
embedder = tf.keras.Model(identity_model.inputs, identity_model.get_layer("embedding").output)


def embed_detections(detections_per_sequence):
    """영상마다의 탐지를 모두 모아 한 번에 특징으로 바꾸고, 영상마다 나눠 돌려줍니다."""
    crops = np.concatenate([crop_boxes(sequence.frames, detections.boxes, detections.frame)
                            for sequence, detections in zip(sequences, detections_per_sequence)])
    features = embedder.predict(crops, batch_size=1024, verbose=0)
    features /= np.maximum(np.linalg.norm(features, axis=1, keepdims=True), 1e-12)
    sizes = [len(detections) for detections in detections_per_sequence]
    return np.split(features, np.cumsum(sizes)[:-1])


start = time.perf_counter()
features_by_noise = {noise: embed_detections(detections_by_noise[noise]) for noise in NOISE_LEVELS}
print(f"탐지 상자 {sum(len(f) for f in features_by_noise[NOISE_LEVELS[0]]) * len(NOISE_LEVELS):,}개의 "
      f"외형 특징: {time.perf_counter() - start:.1f}초")


# %%
# 이 특징이 아이템을 구별하는지 먼저 확인합니다. σ = 1의 탐지에서, 정답 아이템에서 나온 탐지마다 5프레임
# 앞의 탐지들 가운데 코사인 거리가 가장 가까운 것이 같은 아이템인 비율을 셉니다. 무작위로 고르면 맞을
# 비율(후보 수의 역수의 평균)과 비교합니다. 그림은 같은 아이템끼리와 다른 아이템끼리의 거리 분포입니다.
check_noise = NOISE_LEVELS[1] if len(NOISE_LEVELS) > 2 else NOISE_LEVELS[-1]
same_distances, other_distances, hits, chance, wrong_occluded = [], [], [], [], []
for sequence, detections, features in zip(sequences, detections_by_noise[check_noise],
                                          features_by_noise[check_noise]):
    for row in np.flatnonzero(detections.object_ids >= 0):
        earlier = detections.indices(int(detections.frame[row]) - 5) if detections.frame[row] >= 5 else []
        if len(earlier) < 2 or detections.object_ids[row] not in detections.object_ids[earlier]:
            continue
        distances = 1.0 - features[earlier] @ features[row]
        same = detections.object_ids[earlier] == detections.object_ids[row]
        same_distances.extend(distances[same])
        other_distances.extend(distances[~same])
        hits.append(bool(same[np.argmin(distances)]))
        chance.append(same.sum() / len(earlier))
        if not hits[-1]:
            frame, item = int(detections.frame[row]), int(detections.object_ids[row])
            wrong_occluded.append(bool(min(sequence.visibility[frame, item],
                                           sequence.visibility[frame - 5, item]) < 1))
print(f"σ = {check_noise:.0f}: 5프레임 앞에서 가장 가까운 탐지가 같은 아이템인 비율 "
      f"{np.mean(hits):.1%} (무작위로 고르면 {np.mean(chance):.1%}, 비교한 탐지 {len(hits):,}개)")
print(f"틀린 {len(wrong_occluded):,}개 가운데 {sum(wrong_occluded):,}개는 그 아이템이 지금이나 5프레임 "
      f"앞에 일부 가려졌거나 캔버스 가장자리에 걸쳐 있었습니다(보이는 정도 < 1)")

fig, ax = plt.subplots(figsize=(7, 3.8))
bins = np.linspace(0, 1, 41)
ax.hist(same_distances, bins=bins, density=True, alpha=0.6, label="같은 아이템")
ax.hist(other_distances, bins=bins, density=True, alpha=0.6, label="다른 아이템")
ax.axvline(MAX_APPEARANCE_DISTANCE, color="k", linestyle="--", label="짝으로 허용하는 최대 거리")
ax.set_xlabel("외형 특징의 코사인 거리")
ax.set_ylabel("밀도")
ax.set_title(f"5프레임 떨어진 탐지 사이의 거리(σ = {check_noise:.0f})")
ax.legend(fontsize=10)
fig.tight_layout()
plt.show()

# %%
# 정답 상자(와 그것을 흐트러뜨린 탐지)는 가려진 부분까지 감싸므로, 많이 가려진 아이템의 상자 안에는
# 앞에 있는 아이템이 더 많이 보입니다. 그런 탐지의 특징은 앞의 아이템을 닮게 됩니다.
#
# 탐지 잡음에 따른 비교
# ---------------------
# 이제 모든 잡음 수준에서 두 추적기(IoU만, IoU + 외형 특징)를 돌립니다. 두 추적기는 칼만 필터, IoU
# 짝짓기, 트랙의 시작과 끝 규칙이 모두 같고, 외형 특징으로 먼저 짝짓는 단계만 다릅니다. 마지막 열은
# ID 전환 가운데 아이템이 겹친 곳(앞의 정의)에서 일어난 수입니다.
start = time.perf_counter()
table = {}
for noise in NOISE_LEVELS:
    for use_appearance in (False, True):
        scores, at_crossings = [], 0
        for sequence, detections, features in zip(sequences, detections_by_noise[noise],
                                                  features_by_noise[noise]):
            features = features if use_appearance else None
            outputs = run_tracker(sequence, detections, features, use_appearance)
            result = evaluate_tracking(sequence.ground_truth(), outputs)
            scores.append(result)
            at_crossings += sum(crossing_overlap(sequence, switch)[0] > 0 for switch in result.switches)
        table[noise, use_appearance] = (combine(scores), at_crossings)
print(f"(추적과 평가 {time.perf_counter() - start:.0f}초)")
print(f"{'σ(픽셀)':>7} {'추적기':<12} {'MOTA':>6} {'MOTP':>6} {'IDF1':>6} {'ID 전환':>7} {'겹친 곳':>7}")
for (noise, use_appearance), (result, at_crossings) in table.items():
    name = "IoU + 외형" if use_appearance else "IoU만"
    print(f"{noise:>7.0f} {name:<12} {result.mota:>6.3f} {result.motp:>6.3f} {result.idf1:>6.3f} "
          f"{result.num_switches:>7} {at_crossings:>7}")

# %%
# 표를 그림으로도 봅니다.
fig, axes = plt.subplots(1, 3, figsize=(13, 3.8))
for use_appearance, marker in ((False, "o--"), (True, "s-")):
    rows = [table[noise, use_appearance] for noise in NOISE_LEVELS]
    label = "IoU + 외형 특징" if use_appearance else "IoU만"
    axes[0].plot(NOISE_LEVELS, [r.mota for r, _ in rows], marker, label=label)
    axes[1].plot(NOISE_LEVELS, [r.idf1 for r, _ in rows], marker, label=label)
    axes[2].plot(NOISE_LEVELS, [r.num_switches for r, _ in rows], marker, label=label)
for ax, name in zip(axes, ["MOTA", "IDF1", "ID 전환 수"]):
    ax.set_xlabel("탐지 잡음 σ(픽셀)")
    ax.set_title(name)
    ax.grid(True)
axes[0].legend()
fig.tight_layout()
plt.show()

# %%
# 무엇을 보여 주나
# ----------------
# 가장 큰 잡음에서 두 추적기의 ID 전환과 IDF1을 비교하고, 잡음이 없을 때 IoU 추적기의 ID 전환이 어디서
# 생겼는지 셉니다. docs 프로필 이상에서는 세 조건(가장 큰 잡음에서 외형 특징을 쓰면 ID 전환이 더 적고
# IDF1이 더 높다, 잡음이 없을 때 IoU 추적기의 ID 전환은 모두 아이템이 겹친 곳에서 생긴다)을
# ``assert``\ 로 확인하므로, 이 결론이 바뀌면 사이트 빌드가 실패합니다.
noisiest = NOISE_LEVELS[-1]
plain, _ = table[noisiest, False]
with_appearance, _ = table[noisiest, True]
print(f"σ = {noisiest:.0f}: ID 전환 {plain.num_switches} → {with_appearance.num_switches}, "
      f"IDF1 {plain.idf1:.3f} → {with_appearance.idf1:.3f}")
quiet, quiet_at_crossings = table[NOISE_LEVELS[0], False]
print(f"σ = {NOISE_LEVELS[0]:.0f}, IoU만: ID 전환 {quiet.num_switches}개 가운데 아이템이 겹친 곳에서 "
      f"{quiet_at_crossings}개")
if profile.is_smoke():
    print("(smoke 프로필: 영상이 몇 개뿐이고 특징 CNN을 잠깐 훈련했으므로 이 숫자는 의미가 없습니다)")
else:
    assert with_appearance.num_switches < plain.num_switches
    assert with_appearance.idf1 > plain.idf1
    assert quiet_at_crossings == quiet.num_switches
print(f"이 페이지 전체: {time.perf_counter() - page_start:.0f}초")

# %%
# 잡음이 크면 예측 상자와 탐지의 IoU가 0.3 아래로 떨어지는 일이 잦아서, IoU만 쓰는 추적기는 트랙을
# 놓치고 새 트랙을 만듭니다. 그때마다 ID가 바뀝니다. 외형 특징을 쓰는 추적기는 칼만 필터의 불확실성
# 안(마할라노비스 게이트)에 있는 탐지를 생김새로 다시 찾아 같은 트랙을 이어 갑니다.
#
# 잡음이 작을 때는 두 추적기 모두 ID 전환이 몇 개뿐이라, 외형 특징을 더한 쪽이 더 많을 수도 적을 수도
# 있습니다(특징 CNN의 훈련이 실행마다 조금씩 다르고, 영상 수도 적습니다). 잡음이 없을 때 IoU 추적기에
# 남는 ID 전환은 아이템이 겹친 곳에서 생기는데, 그런 곳에서는 많이 가려진 아이템의 상자 안에 앞의
# 아이템이 보이므로 생김새도 쉽게 헷갈립니다.
#
# 정리
# ----
# - 추적은 탐지를 프레임 사이에 이어 붙이는 일입니다. 칼만 필터가 트랙마다 다음 위치를 예측하고,
#   헝가리안 알고리즘이 예측과 탐지를 비용의 합이 가장 작게 짝짓고, 임시·확정 트랙과 놓친 횟수로
#   트랙을 시작하고 끝냅니다(SORT).
# - DeepSORT는 여기에 객체 하나하나를 구별하도록 훈련한 CNN의 특징을 더해, 움직임이 그럴듯한
#   범위 안에서 생김새로 먼저 짝짓습니다.
# - 평가는 MOTA(놓침, 거짓 양성, ID 전환), MOTP(상자의 정확도), IDF1(ID를 얼마나 지키는지)로 합니다.
#   MOTA는 탐지 품질에 크게 좌우되고, ID를 지키는 능력은 IDF1과 ID 전환 수가 더 잘 보여 줍니다.
# - 이 페이지의 영상은 작고 움직임이 단순합니다(등속 + 작은 잡음, 모양이 바뀌지 않는 아이템). 실제
#   영상에서는 탐지기의 오류, 카메라의 움직임, 자세와 조명의 변화가 더해집니다.
