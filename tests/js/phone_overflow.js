// 좁은 화면에서 페이지 전체가 옆으로 스크롤되는지 봅니다(tests/test_site_browser.py).
// 창 너비를 바꾼 뒤 부릅니다. 페이지가 넘치면, 스스로 스크롤하거나 잘라 내는 상자(코드 블록, 넓은 표)
// 밖에서 화면 오른쪽을 넘는 가장 바깥 요소들을 돌려줍니다. 본문에서 내용을 잘라 숨기는 상자도 찾습니다.
const root = document.documentElement;
const width = root.clientWidth;
const scrolls = (el) => {
  const x = getComputedStyle(el).overflowX;
  return x === "auto" || x === "scroll" || x === "hidden" || x === "clip";
};
const offenders = [];
if (root.scrollWidth > width) {
  const walk = (el) => {
    for (const child of el.children) {
      const box = child.getBoundingClientRect();
      const style = getComputedStyle(child);
      if (style.display === "none" || style.visibility === "hidden") continue;
      if (box.right > width + 1 && box.width > 0) {
        const name = child.tagName.toLowerCase() + (child.id ? "#" + child.id : "") +
          (typeof child.className === "string" && child.className ? "." + child.className.trim().split(/\s+/).join(".") : "");
        offenders.push([name, Math.round(box.right), child.textContent.trim().slice(0, 60)]);
        if (offenders.length >= 8) return;
      }
      if (!scrolls(child)) walk(child);
      if (offenders.length >= 8) return;
    }
  };
  walk(document.body);
}
// 본문에서 내용을 보이지 않게 잘라 내는 상자(overflow-x: hidden/clip인데 내용이 4 px 넘게 더 넓음).
// 화면 낭독기용으로 숨긴 글자(너비 1 px 이하)와 글자 모양이 상자 끝에 조금 걸치는 것은 셈하지 않습니다.
// 수식(.math)도 뺍니다: MathJax가 화면 낭독기용 MathML을 상자 밖에 두어 scrollWidth만 늘어납니다.
const clipped = [];
for (const el of document.querySelectorAll("article.bd-article *")) {
  if (el.closest(".math, mjx-container")) continue;
  const x = getComputedStyle(el).overflowX;
  if ((x === "hidden" || x === "clip") && el.scrollWidth > el.clientWidth + 4 && el.clientWidth > 1)
    clipped.push(el.tagName.toLowerCase() + "." + String(el.className).trim().split(/\s+/).join(".") +
      " " + el.scrollWidth + ">" + el.clientWidth);
  if (clipped.length >= 8) break;
}
return { width: width, scrollWidth: root.scrollWidth, offenders: offenders, clipped: clipped };
