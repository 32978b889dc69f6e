// axe-core로 이 페이지를 밝은 모드와 어두운 모드에서 검사합니다(tests/test_site_browser.py).
// axe는 페이지를 읽을 때 들어와 있습니다(CDP Page.addScriptToEvaluateOnNewDocument).
//
// 페이지를 다시 읽지 않고 pydata 테마의 색 모드 속성(data-theme)만 바꿉니다. 색 모드는 CSS 변수만
// 바꾸고 DOM은 그대로이므로, 밝은 모드에서는 axe의 기본 규칙을 모두 돌리고 어두운 모드에서는 색 규칙
// (COLOUR_RULES)만 다시 돌립니다. 이 가정은 테스트가 몇 페이지에서 어두운 모드의 전체 검사로 확인합니다
// (arguments[1] = true).
//
// 색 규칙(color-contrast, link-in-text-block)은 모양이 같은 요소 가운데 하나씩만, 앞 페이지에서 본
// 모양은 다시 보지 않습니다(아래 markColourSamples). 색이 바뀌는 중에 재지 않도록 전환 효과도 끕니다.
//
// 돌려주는 것: 모드마다 본문 배경색(모드가 실제로 바뀌었는지)과 위반(규칙, 영향도, 요소 수, 요소 최대
// 5개), 그리고 sampled(요소 수, 색 규칙이 본 견본 수, 새로 본 모양의 해시).
const done = arguments[arguments.length - 1];
const modes = arguments[0];
const fullDark = arguments[1] === true;
const seenBefore = arguments[2] || [];
const COLOUR_RULES = ["color-contrast", "link-in-text-block"];

// 색 규칙은 모양이 같은 요소 가운데 하나씩만 봅니다. 요소의 "모양"은 태그, 페이지의 스타일시트가
// 선택자에 쓰는 class·id, 그 요소에 맞는 선택자의 속성 조건([href^="http"] 등), style 속성이고, body에서 그 요소까지 모양이 있는 조상(그런
// class·id·속성·style이 있거나 STYLED 태그인 요소)의 모양을 앞에 붙입니다. 스타일시트가 쓰지 않는
// class(예: 코드 링크마다 다른 sphx-glr-backref-...)는 색을 바꿀 수 없으므로 모양에 넣지 않고, class
// 없는 div·section 같은 틀은 건너뛰므로 절의 깊이가 달라도 같은 모양입니다. 그래서 모양이 같은 요소
// (본문의 문단들, 차례의 링크들, 코드 블록의 같은 토큰들)는 색이 같습니다. 앞 페이지에서 이미 본
// 모양(arguments[2], 모양의 해시)도 다시 보지 않습니다: 모든 페이지에 같은 모양으로 나오는 테마의
// 머리글·차례·바닥글은 처음 나온 페이지에서 한 번 봅니다. 건너뛸 요소에는 표시 속성을 달아 색 규칙의
// 선택자에서 뺍니다. 다른 규칙은 모든 요소를 봅니다.
const SKIP = "data-axe-colour-skip";
const STYLED = new Set(("A ABBR ARTICLE ASIDE B BLOCKQUOTE BUTTON CAPTION CODE DD DEL DETAILS DL DT EM FIGCAPTION " +
  "FIGURE FOOTER H1 H2 H3 H4 H5 H6 HEADER I INPUT INS KBD LABEL LI MAIN MARK NAV OL PRE SAMP SMALL STRONG SUB " +
  "SUMMARY SUP TABLE TBODY TD TH THEAD TR U UL").split(" "));
// 스타일시트의 선택자가 쓰는 class, id, 속성 조건([name], [name="값"], [name^="값"] 등)
const ATTRIBUTE_TEST = /\[\s*([\w:-]+)\s*(?:([~|^$*]?=)\s*(?:"([^"]*)"|'([^']*)'|([^\]\s]+))\s*([is])?)?\s*\]/g;
const cssNames = () => {
  const names = { classes: new Set(), ids: new Set(), tests: new Map() }; // tests: 속성 이름 → 조건들
  const walk = (rules) => {
    for (const rule of rules) {
      if (rule.selectorText) {
        const selector = rule.selectorText;
        for (const m of selector.matchAll(/\.(-?[_a-zA-Z][\w-]*)/g)) names.classes.add(m[1]);
        for (const m of selector.matchAll(/#(-?[_a-zA-Z][\w-]*)/g)) names.ids.add(m[1]);
        for (const m of selector.matchAll(ATTRIBUTE_TEST)) {
          const name = m[1].toLowerCase();
          if (name === "class" || name === "id" || name === "style" || name === SKIP) continue;
          const value = m[3] ?? m[4] ?? m[5] ?? null;
          const test = { op: m[2] || "", value: value, fold: m[6] === "i", text: m[0] };
          if (!names.tests.has(name)) names.tests.set(name, new Map());
          names.tests.get(name).set(test.text, test);
        }
      }
      if (rule.cssRules) walk(rule.cssRules);
    }
  };
  for (const sheet of document.styleSheets) {
    try {
      walk(sheet.cssRules);
    } catch (error) {
      names.all = true; // 읽을 수 없는 스타일시트가 있으면 모든 class를 모양에 넣습니다
    }
  }
  return names;
};
// 속성 조건 하나가 이 값에 맞는지(CSS 선택자의 규칙대로)
const attributeMatches = (test, actual) => {
  if (test.op === "") return true;
  let value = test.value;
  if (test.fold) {
    value = value.toLowerCase();
    actual = actual.toLowerCase();
  }
  switch (test.op) {
    case "=": return actual === value;
    case "~=": return actual.split(/\s+/).includes(value);
    case "|=": return actual === value || actual.startsWith(value + "-");
    case "^=": return value !== "" && actual.startsWith(value);
    case "$=": return value !== "" && actual.endsWith(value);
    case "*=": return value !== "" && actual.includes(value);
    default: return true;
  }
};
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
const markColourSamples = (seenBefore) => {
  const css = cssNames();
  const seen = new Set(seenBefore);
  const fresh = [];
  const path = new Map([[document.body, "body"]]); // 요소 → 모양이 있는 조상들의 경로(자신 포함)
  let elements = 0;
  for (const el of document.body.querySelectorAll("*")) {
    let own = el.tagName;
    let relevant = STYLED.has(el.tagName);
    const classes = [...el.classList].filter((name) => css.all || css.classes.has(name)).sort();
    if (classes.length) own += "." + classes.join(".");
    if (el.id && css.ids.has(el.id)) own += "#" + el.id;
    if (el.hasAttribute("style")) own += "[style=" + el.getAttribute("style") + "]";
    for (const attribute of el.attributes) {
      const tests = css.tests.get(attribute.name);
      if (!tests) continue;
      for (const test of tests.values()) if (attributeMatches(test, attribute.value)) own += test.text;
    }
    if (own !== el.tagName) relevant = true;
    const above = path.get(el.parentElement) || "?";
    const key = above + ">" + own;
    path.set(el, relevant ? key : above);
    elements++;
    const id = hash(key);
    if (seen.has(id)) el.setAttribute(SKIP, "");
    else {
      seen.add(id);
      fresh.push(id);
    }
  }
  return { elements: elements, samples: fresh.length, fresh: fresh };
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

const fullAudit = () => axe.run(document, { resultTypes: ["violations"] });
const colourAudit = () =>
  axe.run(document, { resultTypes: ["violations"], runOnly: { type: "rule", values: COLOUR_RULES } });

(async () => {
  const sampled = markColourSamples(seenBefore);
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
    const full = position === 0 || fullDark;
    // 새 모양이 없으면 색 규칙이 볼 요소가 없으므로 두 번째 모드부터는 돌리지 않습니다.
    const started = performance.now();
    const audit = full ? fullAudit() : sampled.samples > 0 ? colourAudit() : Promise.resolve({ violations: [] });
    out[mode] = {
      background: getComputedStyle(document.body).backgroundColor,
      violations: summarise(await audit),
      full: full,
      ms: performance.now() - started,
    };
  }
  root.dataset.theme = before;
  still.remove();
  for (const el of document.querySelectorAll("[" + SKIP + "]")) el.removeAttribute(SKIP);
  out.sampled = sampled;
  return out;
})().then(done, (error) => done({ error: String(error) }));
