-- 노트북 글 셀의 reST를 마크다운으로 바꿀 때 pandoc이 남기는 것을 정리하는 pandoc Lua 필터.
-- Sphinx-Gallery의 pypandoc 설정(docs/conf.py)이 이 파일을 씁니다.
--
-- * 역할(:func:, :class:, :mod:, :data:, :meth:, :attr:, :exc:, :obj:, :ref:, :doc:, :term:)은
--   pandoc이 `...`{.interpreted-text role=...}로 남깁니다. 이것을 "sphinx-xref:역할:대상" 주소의
--   링크로 바꾸고, docs/_ext/reader_site.py가 문서를 모두 읽은 뒤 사이트의 실제 주소로 바꿉니다.
-- * 알 수 없는 역할은 코드 글자로 남깁니다.
-- * 알림 상자(.. note:: 등)는 굵은 한국어 제목이 붙은 인용문이 됩니다(pandoc의 ::: 블록 대신).

local PY_ROLES = {
  ["func"] = true, ["class"] = true, ["mod"] = true, ["data"] = true, ["meth"] = true,
  ["attr"] = true, ["exc"] = true, ["obj"] = true, ["const"] = true,
  ["py:func"] = true, ["py:class"] = true, ["py:mod"] = true, ["py:data"] = true,
  ["py:meth"] = true, ["py:attr"] = true, ["py:exc"] = true, ["py:obj"] = true,
}
local TEXT_ROLES = { ["ref"] = true, ["doc"] = true, ["term"] = true, ["std:ref"] = true, ["std:term"] = true }

local ADMONITIONS = {
  note = "참고", tip = "팁", hint = "힌트", important = "중요", warning = "경고",
  caution = "주의", attention = "주의", danger = "위험", error = "오류", seealso = "함께 보기",
}

local function encode(target)
  return (target:gsub("[^%w%._%-]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function xref(role, target, content)
  return pandoc.Link(content, "sphinx-xref:" .. role:gsub("^py:", ""):gsub("^std:", "") .. ":" .. encode(target))
end

function Code(el)
  local role = el.attributes["role"]
  if role == nil then
    return nil
  end
  local title, target = el.text:match("^(.-)%s*<([^<>]+)>$")
  if target == nil or title == "" then
    title, target = nil, el.text
  end
  if PY_ROLES[role] then
    local shown = title
    if shown == nil then
      shown = target
      if shown:sub(1, 1) == "~" then
        shown = shown:match("([^%.]+)$")
      end
      if role:match("func$") or role:match("meth$") then
        shown = shown .. "()"
      end
    end
    target = target:gsub("^[~%.]+", "")
    return xref(role, target, { pandoc.Code(shown) })
  elseif TEXT_ROLES[role] then
    local content = {}
    if title ~= nil then
      content = pandoc.Inlines(title)
    elseif role:match("term$") then
      content = pandoc.Inlines(target)
    end
    return xref(role, target, content)
  end
  return pandoc.Code(title or target)
end

function Div(el)
  if el.classes:includes("title") then
    return nil -- 알림 상자의 제목: 바깥 상자를 처리할 때 씁니다
  end
  for _, class in ipairs(el.classes) do
    local label = ADMONITIONS[class]
    if label ~= nil or class == "admonition" then
      local blocks = {}
      for i, block in ipairs(el.content) do
        if block.t == "Div" and block.classes:includes("title") then
          -- 정해진 종류(note 등)의 영어 제목("Note")은 버리고 한국어 제목을 씁니다.
        elseif class == "admonition" and i == 1 then
          label = pandoc.utils.stringify(block) -- .. admonition:: 제목
        else
          table.insert(blocks, block)
        end
      end
      table.insert(blocks, 1, pandoc.Para({ pandoc.Strong(pandoc.Inlines(label or "참고")) }))
      return pandoc.BlockQuote(blocks)
    end
  end
  -- 다른 클래스의 블록은 내용만 남깁니다.
  return el.content
end
