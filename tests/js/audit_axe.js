// axe-core로 이 페이지를 밝은 모드와 어두운 모드에서 검사합니다(tests/test_site_browser.py).
// axe는 페이지를 읽을 때 들어와 있습니다(CDP Page.addScriptToEvaluateOnNewDocument).
//
// 페이지를 다시 읽지 않고 pydata 테마의 색 모드 속성(data-theme)만 바꿉니다. 색 모드는 CSS 변수만
// 바꾸고 DOM은 그대로이므로, 밝은 모드에서는 axe의 기본 규칙을 모두 돌리고 어두운 모드에서는 색 규칙
// (COLOUR_RULES)만 다시 돌립니다. 이 가정은 테스트가 몇 페이지에서 어두운 모드의 전체 검사로 확인합니다
// (arguments[1] = true). 색이 바뀌는 중에 재지 않도록 전환 효과를 끕니다.
//
// 색 규칙은 색의 조합마다 요소 하나만 봅니다(아래 markColourSamples). 대비를 정하는 것은 글자의 계산된
// 색, 크기, 굵기, 그림자와 글자 뒤의 배경(배경색이 있는 가장 가까운 조상까지의 배경색·배경 그림, 불투명도)
// 이므로, 이것이 같은 요소들(본문의 문단들, 차례의 링크들, 코드의 같은 토큰들)은 결과가 같습니다. 링크는
// 둘레 글자의 색과 밑줄 여부도 봅니다(link-in-text-block). 앞 페이지에서 같은 모드로 이미 본 조합
// (arguments[2][모드], 조합의 해시)은 다시 보지 않으므로, 모든 페이지에 나오는 테마의 머리글·차례·바닥글은
// 처음 나온 페이지에서 한 번 봅니다. 건너뛸 요소에는 표시 속성을 달아 색 규칙의 선택자에서 뺍니다.
// 다른 규칙은 모든 요소를 봅니다.
//
// 돌려주는 것: 모드마다 본문 배경색(모드가 실제로 바뀌었는지), 위반(규칙, 영향도, 요소 수, 요소 최대
// 5개), 걸린 시간, 색 규칙이 본 조합 수와 새 조합의 해시(fresh).
const done = arguments[arguments.length - 1];
const modes = arguments[0];
const fullDark = arguments[1] === true;
const seenBefore = arguments[2] || {};
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];
const SKIP = "data-axe-colour-skip";

const hash = (text) => {
  // cyrb53: 53비트 문자열 해시
  let h1 = 0xdeadbeef, h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
};

// 요소 뒤의 배경: 배경색이 불투명하거나 배경 그림이 있는 조상까지 거슬러 올라가며 모은 배경과 불투명도
const backdrops = new Map();
const backdrop = (el) => {
  if (!el || el.nodeType !== 1) return "canvas";
  if (backdrops.has(el)) return backdrops.get(el);
  const style = getComputedStyle(el);
  let own = style.backgroundColor + (style.backgroundImage !== "none" ? " " + style.backgroundImage : "");
  if (style.opacity !== "1") own += " opacity " + style.opacity;
  if (style.mixBlendMode !== "normal" || style.filter !== "none") own += " " + style.mixBlendMode + " " + style.filter;
  const opaque = style.backgroundImage === "none" && /^rgb\(/.test(style.backgroundColor) && style.opacity === "1";
  const value = opaque ? own : own + " / " + backdrop(el.parentElement);
  backdrops.set(el, value);
  return value;
};
const ownText = (el) => [...el.childNodes].some((node) => node.nodeType === 3 && node.textContent.trim());

// 색의 조합마다 요소 하나만 남기고 나머지에 표시를 답니다(이 모드의 계산된 스타일로).
const markColourSamples = (seen) => {
  backdrops.clear();
  const fresh = [];
  let checked = 0;
  for (const el of document.querySelectorAll("[" + SKIP + "]")) el.removeAttribute(SKIP);
  for (const el of document.body.querySelectorAll("*")) {
    const link = el.tagName === "A" && el.hasAttribute("href");
    const text = link ? el.textContent.trim() !== "" : ownText(el);
    let key = null;
    if (text && el.getClientRects().length > 0) {
      const style = getComputedStyle(el);
      if (style.visibility === "visible") {
        key = [el.tagName === "A" ? "a" : "", style.color, style.fontSize, style.fontWeight, style.textShadow,
          style.webkitTextFillColor, backdrop(el)].join("|");
        if (link) {
          const around = el.parentElement ? getComputedStyle(el.parentElement) : style;
          key += "|" + around.color + "|" + style.textDecorationLine + "|" + style.borderBottomStyle;
        }
      }
    }
    const id = key === null ? null : hash(key);
    if (id === null || seen.has(id)) el.setAttribute(SKIP, "");
    else {
      seen.add(id);
      fresh.push(id);
      checked++;
    }
  }
  return { samples: checked, fresh: fresh };
};

// 두 색 규칙의 기본 선택자(color-contrast: *, link-in-text-block: a[href], [role=link])에서 표시한 요소를 뺍니다.
const not = ":not([" + SKIP + "])";
axe.configure({
  rules: [
    { id: "color-contrast", selector: "*" + not },
    { id: "link-in-text-block", selector: "a[href]" + not + ", [role=link]" + not },
  ],
});

const summarise = (result) =>
  result.violations.map((v) => ({
    id: v.id,
    impact: v.impact,
    help: v.help,
    count: v.nodes.length,
    nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + "  " + n.html.slice(0, 160)),
  }));

// 전체 검사는 한 번만 스타일시트를 미리 읽습니다(css-orientation-lock). 색 규칙만 돌릴 때는 필요 없습니다.
const fullAudit = () => axe.run(document, { resultTypes: ["violations"] });
const colourAudit = () =>
  axe.run(document, { resultTypes: ["violations"], preload: false, runOnly: { type: "rule", values: COLOUR_RULES } });

(async () => {
  const root = document.documentElement;
  const before = root.dataset.theme;
  const still = document.createElement("style");
  still.textContent = "*, *::before, *::after { transition: none !important; animation: none !important; }";
  document.head.appendChild(still);
  const out = {};
  for (const [position, mode] of modes.entries()) {
    root.dataset.theme = mode;
    root.dataset.mode = mode;
    getComputedStyle(document.body).color; // 스타일을 곧바로 다시 계산하게 합니다
    const started = performance.now();
    const sampled = markColourSamples(new Set(seenBefore[mode] || []));
    const full = position === 0 || fullDark;
    // 새 조합이 없으면 색 규칙이 볼 요소가 없으므로, 색 규칙만 돌리는 모드는 건너뜁니다.
    const audit = full ? fullAudit() : sampled.samples > 0 ? colourAudit() : Promise.resolve({ violations: [] });
    out[mode] = {
      background: getComputedStyle(document.body).backgroundColor,
      violations: summarise(await audit),
      full: full,
      ms: performance.now() - started,
      samples: sampled.samples,
      fresh: sampled.fresh,
    };
  }
  root.dataset.theme = before;
  still.remove();
  for (const el of document.querySelectorAll("[" + SKIP + "]")) el.removeAttribute(SKIP);
  return out;
})().then(done, (error) => done({ error: String(error) }));
