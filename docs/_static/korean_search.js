/*
 * 한국어 검색 질의 정규화 (Sphinx 검색 언어 "ko", docs/_ext/korean_search.py).
 *
 * 색인은 빌드할 때 형태소 분석기(Kiwi)로 만든 명사·어간입니다. 브라우저에는 분석기가 없으므로
 * 질의의 한글 낱말을 색인에 맞춥니다.
 *   1. 낱말이 색인에 있으면 그대로 씁니다("높이", "합성곱층").
 *   2. 없으면 끝에서 조사·어미를 떼어, 남은 앞부분이 색인에 있는 가장 긴 모양을 씁니다
 *      ("가중치를" → "가중치", "훈련합니다" → "훈련").
 *   3. 그래도 없으면 (조사·어미를 뗀) 낱말을 색인의 낱말들로 쪼갭니다
 *      ("최대풀링" → "최대" + "풀링"). 모든 조각을 찾으므로 검색은 AND가 됩니다.
 *   4. 아무것도 맞지 않으면 조사·어미만 떼고 Sphinx의 부분 일치 검색에 맡깁니다.
 * 한글이 아닌 낱말(Conv2D, tf.data)은 Sphinx 영어 검색과 같은 영어 어간 추출기를 씁니다.
 *
 * 어떤 질의도 탭을 멈추지 않습니다(질의 길이 n에 선형):
 *   - 쪼개기(3번)의 조각은 색인에 있는 가장 긴 한글 낱말보다 길 수 없으므로, 낱말의 자리마다 그 길이
 *     (MAX_PIECE_LENGTH가 상한)까지만 봅니다. 가장 적은 조각 수는 자리마다 수와 바로 앞 자리만 적어
 *     두고(동적 계획법), 조각 목록은 끝에서 한 번만 만듭니다.
 *   - 떼어 볼 조사·어미는 가장 긴 것의 길이까지만 봅니다.
 *   - 검색어는 같은 것을 한 번만 쓰고, 서로 다른 검색어는 앞에서부터 MAX_TERMS개까지만 씁니다
 *     (Sphinx가 검색어마다 색인 전체를 훑는 부분 일치 검색을 하기 때문입니다). 그 뒤의 낱말은 보지
 *     않습니다. 모든 검색어를 다 찾는 AND 검색이므로, 검색어를 덜 쓰면 결과가 줄지 않고 늘 뿐입니다.
 *
 * 이 파일은 Sphinx가 language_data.js 안에 그대로 넣습니다(searchtools.js 다음에 읽힘).
 * 색인은 질의할 때 Search._index에서 읽습니다.
 */
var KoreanSearch = (() => {
  const HANGUL = /[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]/;
  // 한글 덩어리와 그 밖의 낱말 문자(영문, 숫자, 밑줄, 한자 등) 덩어리로 나눕니다.
  // 밑줄은 낱말 안에 둡니다(load_sample_images): 색인 쪽 파이썬의 \w와 같습니다.
  const PIECES =
    /[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]+|(?:(?![\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F])[\p{L}\p{N}\p{M}_])+/gu;
  const WORD_CHAR = /[\p{L}\p{N}_]/u;

  // 낱말 끝에 붙는 조사와 어미(와 그 결합형). 떼어 낸 앞부분이 색인에 있을 때만 뗍니다.
  const ENDINGS = new Set(
    (
      "이 가 을 를 은 는 의 에 도 만 와 과 로 으로 에서 에게 께 한테 서 랑 이랑 " +
      "에는 에서는 에서도 으로는 로는 으로도 로도 으로써 로써 으로서 로서 에도 과는 와는 " +
      "의는 까지 부터 마다 보다 처럼 만큼 같이 마저 조차 밖에 이나 나 이든 든 이며 며 " +
      "이고 고 이다 다 이라 라 이란 란 이라는 라는 이라고 라고 입니다 였다 이었다 " +
      "에서의 으로의 로의 와의 과의 에의 까지의 부터의 만의 들 들을 들이 들은 들의 들에 " +
      "들과 들로 들에서 들도 들만 " +
      "하 하다 한 할 함 해 했 하고 하는 하며 하면 하여 하지 하게 하기 하니 해서 해야 했다 " +
      "합니다 했습니다 한다 할까 하려면 하므로 하도록 한다면 해도 해요 " +
      "되 되다 된 될 됨 돼 되고 되는 되며 되면 되어 되지 되게 되기 돼서 됐다 됩니다 " +
      "됐습니다 된다 되도록 " +
      "시키 시킨 시키는 시켜 시킵니다 시키면 시키고 " +
      "적 적인 적으로 적이다 " +
      "은데 는데 지만 면 으면 어 아 여 어서 아서 여서 게 기 음 " +
      "습니다 습니까 었다 았다 였다 었습니다 았습니다 였습니다 는다 던 겠다 어요 아요 " +
      "어야 아야 으며 으니 니 려면 으려면 도록 어도 아도 지 지요 죠"
    ).split(/\s+/),
  );
  // 마지막 음절의 받침으로 붙는 어미("줄입니다" = 줄이 + ㅂ니다, "줄인" = 줄이 + ㄴ)
  const JAMO_ENDINGS = new Set(
    "ㄴ ㄹ ㅁ ㅂ니다 ㅂ니까 ㅂ시다 ㄴ다 ㄹ까 ㄴ데 ㄹ지 ㄹ수록 ㄴ다면".split(" "),
  );
  const FINALS = { 4: "ㄴ", 8: "ㄹ", 16: "ㅁ", 17: "ㅂ" }; // 받침 번호 → 자모
  const addFinal = (syllable, final) => String.fromCharCode(syllable.charCodeAt(0) + final);
  // 받침이 FINALS에 있는 음절이면 [받침 없는 음절, 받침 자모]
  const dropFinal = (syllable) => {
    const code = syllable.charCodeAt(0) - 0xac00;
    if (code < 0 || code > 11171 || !FINALS[code % 28]) return null;
    return [String.fromCharCode(0xac00 + code - (code % 28)), FINALS[code % 28]];
  };
  const MAX_ENDING = Math.max(...[...ENDINGS].map((e) => e.length));

  const index = () =>
    typeof Search !== "undefined" && Search._index ? Search._index : null;

  // 색인(본문 또는 제목)에 그대로 있는 낱말인지
  const known = (word) => {
    const idx = index();
    if (!idx || !word) return false;
    return Object.hasOwn(idx.terms, word) || Object.hasOwn(idx.titleterms, word);
  };

  // 끝의 조사·어미를 뗀 모양들: 앞부분이 긴 것부터.
  const strippedForms = (word) => {
    const forms = [];
    for (let cut = word.length; cut >= 1; cut--) {
      const tail = word.slice(cut);
      if (tail.length > MAX_ENDING) break;
      if (cut < word.length && ENDINGS.has(tail)) forms.push(word.slice(0, cut));
      const open = dropFinal(word[cut - 1]);
      if (open && JAMO_ENDINGS.has(open[1] + tail)) {
        forms.push(word.slice(0, cut - 1) + open[0]);
        // ㄹ 탈락 용언: "만듭니다" = 만들 + ㅂ니다
        forms.push(word.slice(0, cut - 1) + addFinal(open[0], 8));
      }
    }
    return forms;
  };

  // 쪼갤 때 보는 가장 긴 조각: 색인에 있는 가장 긴 한글 낱말의 길이(색인마다 한 번 셉니다)와 이 값 중
  // 작은 것. 색인에 더 긴 한글 낱말이 있어도 질의 쪽 일은 이 값으로 묶입니다.
  const MAX_PIECE_LENGTH = 24;
  // 한 질의에서 쓰는 서로 다른 검색어의 최대 수
  const MAX_TERMS = 32;
  const longestPieces = new WeakMap();
  const longestPiece = () => {
    const idx = index();
    if (!idx) return 0;
    if (!longestPieces.has(idx)) {
      let longest = 0;
      for (const table of [idx.terms, idx.titleterms])
        for (const term of Object.keys(table || {}))
          if (term.length > longest && HANGUL.test(term)) longest = term.length;
      longestPieces.set(idx, Math.min(longest, MAX_PIECE_LENGTH));
    }
    return longestPieces.get(idx);
  };

  // 낱말을 색인의 낱말로 쪼갭니다(조각이 가장 적게). 한 글자 조각은 맨 끝에만 둡니다.
  // count[i]: 앞 i글자를 쪼갠 가장 적은 조각 수, from[i]: 그때 마지막 조각이 시작하는 자리.
  // 같은 수면 앞 조각이 짧은(먼저 찾은) 쪼개기를 그대로 둡니다.
  const segment = (word) => {
    const n = word.length;
    const longest = longestPiece();
    if (n < 2 || longest === 0) return null;
    const count = new Array(n + 1).fill(Infinity);
    const from = new Array(n + 1).fill(-1);
    count[0] = 0;
    for (let start = 0; start < n; start++) {
      if (count[start] === Infinity) continue;
      for (let stop = Math.min(n, start + longest); stop > start; stop--) {
        if (stop - start === 1 && stop !== n) continue;
        if (count[start] + 1 >= count[stop]) continue;
        if (!known(word.slice(start, stop))) continue;
        count[stop] = count[start] + 1;
        from[stop] = start;
      }
    }
    if (count[n] === Infinity || count[n] < 2) return null;
    const pieces = [];
    for (let stop = n; stop > 0; stop = from[stop]) pieces.push(word.slice(from[stop], stop));
    return pieces.reverse();
  };

  // 한글 낱말 하나를 색인의 낱말(들)로 바꿉니다.
  const normaliseKorean = (word) => {
    if (known(word)) return [word];
    const forms = strippedForms(word);
    for (const form of forms) if (known(form)) return [form];
    for (const form of [word, ...forms]) {
      const pieces = segment(form);
      if (pieces) return pieces;
    }
    const shortest = forms.filter((form) => form.length >= 2).pop();
    return [shortest || word];
  };

  // 질의를 검색어로 나눕니다. 영문 바로 뒤에 붙은 조사("Conv2D를", "tf.data로")는 버립니다.
  // 같은 검색어는 한 번만, 서로 다른 검색어는 MAX_TERMS개까지 돌려줍니다.
  const splitQuery = (query) => {
    const terms = new Set();
    for (const match of query.matchAll(PIECES)) {
      if (terms.size >= MAX_TERMS) break;
      const piece = match[0];
      if (!WORD_CHAR.test(piece)) continue;
      if (!HANGUL.test(piece)) {
        terms.add(piece);
        continue;
      }
      const before = query[match.index - 1];
      if (before && WORD_CHAR.test(before) && ENDINGS.has(piece)) continue;
      for (const term of normaliseKorean(piece)) terms.add(term);
    }
    return [...terms].slice(0, MAX_TERMS);
  };

  return { splitQuery, normaliseKorean, segment, strippedForms, known, MAX_TERMS, MAX_PIECE_LENGTH };
})();

// 한글 검색어는 splitQuery에서 이미 색인의 모양으로 바꿨으므로 그대로 두고,
// 그 밖의 낱말은 Sphinx 영어 검색과 같은 snowball 영어 어간 추출기로 줄입니다.
var Stemmer = function () {
  const english = new EnglishStemmer();
  this.stemWord = (word) =>
    /[\uAC00-\uD7A3\u1100-\u11FF\u3130-\u318F]/.test(word)
      ? word
      : english.stemWord(word);
};
