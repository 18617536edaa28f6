
-- ---- the runtime: a port of ctiscope's decode.rs over the tables above ----------------------

local ctiqbe = Proto("ctiqbe", "Cisco CTI QBE (CTIQBE)")

local PDU_NAMES = {}
for id = 0, PDU_COUNT - 1 do
  PDU_NAMES[id] = P[id].name or ("EmptySlot(" .. id .. ")")
end

local hf = {
  header = ProtoField.none("ctiqbe.header", "Header"),
  messageLength = ProtoField.uint32("ctiqbe.header.messageLength", "messageLength", base.DEC),
  reserved = ProtoField.uint32("ctiqbe.header.reserved", "reserved", base.DEC),
  magicCookie = ProtoField.uint32("ctiqbe.header.magicCookie", "magicCookie", base.HEX),
  protocolVersion = ProtoField.uint32("ctiqbe.header.protocolVersion", "protocolVersion", base.HEX),
  pduId = ProtoField.uint32("ctiqbe.header.pduId", "pduId", base.DEC),
  fixedPartOffset = ProtoField.uint32("ctiqbe.header.fixedPartOffset", "fixedPartOffset", base.DEC),
  fixedPartLength = ProtoField.uint32("ctiqbe.header.fixedPartLength", "fixedPartLength", base.DEC),
  variablePartLength = ProtoField.uint32("ctiqbe.header.variablePartLength", "variablePartLength", base.DEC),
  message = ProtoField.string("ctiqbe.message", "Message"),
  pdu = ProtoField.uint32("ctiqbe.pdu", "PDU", base.DEC, PDU_NAMES),
  direction = ProtoField.string("ctiqbe.message_direction", "Direction"),
  layout = ProtoField.string("ctiqbe.layout", "Layout confidence"),
  summary = ProtoField.string("ctiqbe.summary", "Summary"),
}
local HEADER_WORDS = {"messageLength", "reserved", "magicCookie", "protocolVersion", "pduId",
  "fixedPartOffset", "fixedPartLength", "variablePartLength"}

local ef = {
  malformed = ProtoExpert.new("ctiqbe.malformed", "Malformed CTIQBE message",
    expert.group.MALFORMED, expert.severity.ERROR),
  framing = ProtoExpert.new("ctiqbe.bad_header", "Bad CTIQBE header",
    expert.group.MALFORMED, expert.severity.ERROR),
  length_mismatch = ProtoExpert.new("ctiqbe.length_mismatch", "CTIQBE messageLength mismatch",
    expert.group.PROTOCOL, expert.severity.WARN),
  unknown_pdu = ProtoExpert.new("ctiqbe.unknown_pdu", "CTIQBE PDU unknown to the client",
    expert.group.PROTOCOL, expert.severity.WARN),
  resync = ProtoExpert.new("ctiqbe.resync", "CTIQBE resynchronised",
    expert.group.SEQUENCE, expert.severity.WARN),
}

-- F[type][path]: the ProtoField of `ctiqbe.<path>` (types u32, bool, str, bytes, none); a path
-- the tables cannot produce falls back to `ctiqbe.other.<type>` rather than failing.
local fields = {}
for _, v in pairs(hf) do fields[#fields + 1] = v end
local FALLBACK = {
  u32 = ProtoField.uint32("ctiqbe.other.u32", "other", base.DEC),
  bool = ProtoField.bool("ctiqbe.other.bool", "other"),
  str = ProtoField.string("ctiqbe.other.str", "other"),
  bytes = ProtoField.bytes("ctiqbe.other.bytes", "other"),
  none = ProtoField.none("ctiqbe.other.none", "other"),
}
local F = {}
for ty, f in pairs(FALLBACK) do
  F[ty] = setmetatable({}, {__index = function() return f end})
  fields[#fields + 1] = f
end

local function last_name(path)
  return path:match("([^.]+)$") or path
end

local function register(path, ty)
  local abbr, name = "ctiqbe." .. path, last_name(path)
  local f
  if ty == "u32" then f = ProtoField.uint32(abbr, name, base.DEC)
  elseif ty == "bool" then f = ProtoField.bool(abbr, name)
  elseif ty == "str" then f = ProtoField.string(abbr, name)
  elseif ty == "bytes" then f = ProtoField.bytes(abbr, name)
  else f = ProtoField.none(abbr, name) end
  F[ty][path] = f
  fields[#fields + 1] = f
end
for _, e in ipairs(FIELD_PATHS) do register(e[1], e[2]) end
for _, e in ipairs(GENERIC_SLOTS) do
  local prefix = e[1] == "" and "" or e[1] .. "."
  for n = 0, e[2] do register(prefix .. "slot_" .. n, "u32") end
end
ctiqbe.fields = fields
ctiqbe.experts = {ef.malformed, ef.framing, ef.length_mismatch, ef.unknown_pdu, ef.resync}

-- ---- helpers ----

local NULL = setmetatable({}, {__tostring = function() return "null" end})
local U32_MAX = 4294967295

local function int(n) return string.format("%.0f", n) end
local function hex8(n) return string.format("0x%08X", n) end

local function width(kind, sub)
  if kind == "u32" or kind == "bool" then return 4
  elseif kind == "str" or kind == "bytes" then return 8
  elseif kind == "struct" then return 12
  elseif kind == "inline" then return sub.size
  else return 16 end
end

local KIND_TEXT = {u32 = "u32", bool = "bool", str = "str", bytes = "bytes", ustr = "ustr",
  struct = "struct", array = "array", u32array = "u32 array", inline = "inline struct"}

local function join(prefix, name)
  if prefix == "" then return name end
  return prefix .. "." .. name
end

-- UTF-8 of code point `cp`.
local function utf8_char(cp)
  if cp < 0x80 then return string.char(cp)
  elseif cp < 0x800 then
    return string.char(0xC0 + math.floor(cp / 0x40), 0x80 + cp % 0x40)
  elseif cp < 0x10000 then
    return string.char(0xE0 + math.floor(cp / 0x1000), 0x80 + math.floor(cp / 0x40) % 0x40,
      0x80 + cp % 0x40)
  end
  return string.char(0xF0 + math.floor(cp / 0x40000), 0x80 + math.floor(cp / 0x1000) % 0x40,
    0x80 + math.floor(cp / 0x40) % 0x40, 0x80 + cp % 0x40)
end
local REPLACEMENT = utf8_char(0xFFFD)

-- Rust's String::from_utf8_lossy: every maximal invalid subpart becomes U+FFFD.
local function utf8_lossy(s)
  if not s:find("[\128-\255]") then return s end
  local out, i, n = {}, 1, #s
  while i <= n do
    local b = s:byte(i)
    local need, lo, hi = 0, 0x80, 0xBF
    if b < 0x80 then need = -1
    elseif b >= 0xC2 and b <= 0xDF then need = 1
    elseif b == 0xE0 then need, lo = 2, 0xA0
    elseif b >= 0xE1 and b <= 0xEC then need = 2
    elseif b == 0xED then need, hi = 2, 0x9F
    elseif b >= 0xEE and b <= 0xEF then need = 2
    elseif b == 0xF0 then need, lo = 3, 0x90
    elseif b >= 0xF1 and b <= 0xF3 then need = 3
    elseif b == 0xF4 then need, hi = 3, 0x8F
    end
    if need == -1 then
      out[#out + 1] = string.char(b); i = i + 1
    elseif need == 0 then
      out[#out + 1] = REPLACEMENT; i = i + 1
    else
      local j, ok = i + 1, true
      for k = 1, need do
        local c = s:byte(j)
        local l, h = 0x80, 0xBF
        if k == 1 then l, h = lo, hi end
        if not c or c < l or c > h then ok = false; break end
        j = j + 1
      end
      if ok then out[#out + 1] = s:sub(i, j - 1) else out[#out + 1] = REPLACEMENT end
      i = j
    end
  end
  return table.concat(out)
end

-- UTF-16LE bytes → UTF-8, unpaired surrogates as U+FFFD (char::decode_utf16, lossy).
local function utf16le(s)
  local out, i, n = {}, 1, #s - 1
  while i <= n do
    local u = s:byte(i) + s:byte(i + 1) * 256
    i = i + 2
    if u >= 0xD800 and u <= 0xDBFF then
      local v = i <= n and (s:byte(i) + s:byte(i + 1) * 256) or nil
      if v and v >= 0xDC00 and v <= 0xDFFF then
        out[#out + 1] = utf8_char(0x10000 + (u - 0xD800) * 0x400 + (v - 0xDC00))
        i = i + 2
      else
        out[#out + 1] = REPLACEMENT
      end
    elseif u >= 0xDC00 and u <= 0xDFFF then
      out[#out + 1] = REPLACEMENT
    else
      out[#out + 1] = utf8_char(u)
    end
  end
  return table.concat(out)
end

-- A string as a Wireshark string field can hold it: embedded NULs (kept by ctiscope, as by
-- the client) written as the two characters \0.
local function shown(s)
  return (s:gsub("%z", "\\0"))
end

-- ---- one message: the walk ----

local Ctx = {}
Ctx.__index = Ctx

local function new_ctx(tvb, tree, to_client, pdu)
  return setmetatable({tvb = tvb, len = tvb:len(), tree = tree, to_client = to_client, pdu = pdu,
    errors = 0, unlisted = 0, flagged = false}, Ctx)
end

-- A range inside the message, clamped to it.
function Ctx:range(start, len)
  if start > self.len then start = self.len end
  if start < 0 then start = 0 end
  if len < 0 then len = 0 end
  if start + len > self.len then len = self.len - start end
  return self.tvb(start, len)
end

-- An error of the message (ctiscope's `errors` entry), as expert info at `range`.
function Ctx:error(msg, range)
  self.flagged = true
  if self.errors < MAX_ERRORS then
    self.errors = self.errors + 1
    self.tree:add_tvb_expert_info(ef.malformed, range or self:range(0, 0), msg)
  else
    self.unlisted = self.unlisted + 1
  end
end

function Ctx:finish_errors()
  if self.unlisted > 0 then
    self.tree:add_tvb_expert_info(ef.malformed, self:range(0, 0), "and " .. self.unlisted ..
      " more errors, not listed (at most " .. MAX_ERRORS .. " are listed per message)")
  end
end

function Ctx:u32_at(at)
  if at >= 0 and at + 4 <= self.len then return self.tvb(at, 4):le_uint() end
  return nil
end

-- Bytes start..start+len if entirely inside the message (with u32 overflow as in Rust).
function Ctx:bytes(start, len)
  if start + len > U32_MAX or start + len > self.len then return nil end
  return self.tvb:raw(start, len)
end

function Ctx:out_of_frame(path, what, start, len, range)
  self:error(path .. ": " .. what .. " at " .. int(start) .. ".." .. int(start + len) ..
    " lies outside the " .. self.len .. "-byte frame; not read (the client would read stale bytes of its receive buffer)",
    range)
end

-- Descriptor words at..at+4n, or nil (out of frame reported).
function Ctx:words(at, n, path, tree)
  local w = {}
  for i = 0, n - 1 do
    local v = nil
    if at + i * 4 <= U32_MAX then v = self:u32_at(at + i * 4) end
    if v == nil then
      self:out_of_frame(path, "descriptor", at, n * 4, self:range(at, n * 4))
      tree:add(self:range(at, n * 4), last_name(path) .. ": null (descriptor out of frame)")
      return nil
    end
    w[i + 1] = v
  end
  return w
end

function Ctx:limit_count(path, count, range)
  if count > MAX_ARRAY_ELEMENTS then
    self:error(path .. ": count " .. int(count) .. " exceeds the limit of " .. MAX_ARRAY_ELEMENTS ..
      "; the rest not decoded", range)
    return MAX_ARRAY_ELEMENTS
  end
  return count
end

local function u32_note(ctx, struct_name, name, v)
  if IPV4_FIELDS[name] then
    return string.format("%d.%d.%d.%d", v % 256, math.floor(v / 256) % 256,
      math.floor(v / 65536) % 256, math.floor(v / 16777216) % 256)
  end
  if name == "compressionType" then return CODECS[v] end
  if CODE_FIELDS[name] then
    local m = RESULT_CODES[v]
    if m then return hex8(v) .. " " .. m end
    if (name == "result" and v ~= 0) or math.floor(v / 65536) == 0x8CCC then return hex8(v) end
    return nil
  end
  if name == "providerId" or name == "providerID" then return hex8(v) end
  if name == "daysUntilPasswordExpiry" and v == U32_MAX then return "never expires (-1)" end
  if name == "state" and struct_name == "" and (ctx.pdu == 48 or ctx.pdu == 281) and CALL_STATES[v] then
    return CALL_STATES[v] .. " (name INFERRED)"
  end
  return nil
end

local function type_text(sub)
  if sub.name == "" then return "structure of unknown layout" end
  return sub.name
end

local decode_fields

-- A field the message does not carry (offset at or beyond fixedPartLength / the struct size):
-- the client's default, shown as generated.
local function default_value(ctx, kind, sub, fpath, name, tree)
  local note = " (default: beyond the fixed part or structure size)"
  if kind == "u32" then
    local it = tree:add(F.u32[fpath], ctx:range(0, 0), 0)
    it:append_text(note); it:set_generated()
    return 0
  elseif kind == "bool" then
    local it = tree:add(F.bool[fpath], ctx:range(0, 0), false)
    it:append_text(note); it:set_generated()
    return false
  elseif kind == "inline" then
    local it = tree:add(F.none[fpath], ctx:range(0, 0))
    it:set_text(name .. ": " .. type_text(sub) .. note); it:set_generated()
    local map = {_n = 0}
    if sub.name ~= "" then map._type = sub.name end
    for _, s in ipairs(sub.fields) do
      local v = default_value(ctx, s[3], s[4], join(fpath, s[2]), s[2], it)
      map[s[2]] = v; map._n = map._n + 1
    end
    return map
  end
  local it = tree:add(ctx:range(0, 0), name .. ": null" .. note)
  it:set_generated()
  return NULL
end

local function decode_slot(ctx, at, slot, struct_name, fpath, rpath, tree, avail)
  local name, kind, sub = slot[2], slot[3], slot[4]
  if kind == "u32" then
    local w = ctx:words(at, 1, rpath, tree)
    if not w then return NULL end
    local it = tree:add_le(F.u32[fpath], ctx.tvb(at, 4))
    local note = u32_note(ctx, struct_name, name, w[1])
    if note then it:append_text(" (" .. note .. ")") end
    return w[1]
  elseif kind == "bool" then
    local w = ctx:words(at, 1, rpath, tree)
    if not w then return NULL end
    local v = w[1]
    if v == 0 or v == 1 or v == U32_MAX then
      tree:add(F.bool[fpath], ctx.tvb(at, 4), v ~= 0)
      return v ~= 0
    end
    local r = ctx.tvb(at, 4)
    local it = tree:add(F.bool[fpath], r, true)
    it:set_text(name .. ": invalid boolean " .. hex8(v))
    ctx:error(rpath .. ": invalid boolean " .. hex8(v) .. " at offset " .. int(at) ..
      " (the client rejects it and drops the connection)", r)
    return v
  elseif kind == "str" or kind == "bytes" then
    local w = ctx:words(at, 2, rpath, tree)
    if not w then return NULL end
    local off, len = w[1], w[2]
    local desc = ctx.tvb(at, 8)
    if len == 0 and kind == "str" and EMPTY_STRING_STRUCTS[struct_name] then
      -- MultiForkingRecorderInfo: a zero-length string prints "" (ctiqbe-wire-2 §2).
      tree:add(desc, name .. ": \"\" (length 0)")
      return ""
    end
    if len == 0 then
      tree:add(desc, name .. ": null (length 0)")
      return NULL
    end
    local is_str = kind == "str"
    local take = is_str and len - 1 or len
    local data = ctx:bytes(off, take)
    if not data then
      ctx:out_of_frame(rpath, is_str and "string" or "byte array", off, take, desc)
      tree:add(desc, name .. ": null (" .. (is_str and "string" or "byte array") .. " at " ..
        int(off) .. ".." .. int(off + take) .. " outside the frame)")
      return NULL
    end
    if is_str then
      local text = utf8_lossy(data)
      tree:add(F.str[fpath], ctx.tvb(off, take), shown(text))
      return text
    end
    tree:add(F.bytes[fpath], ctx.tvb(off, take))
    return (data:gsub(".", function(c) return string.format("%02x", c:byte()) end))
  elseif kind == "ustr" then
    local w = ctx:words(at, 4, rpath, tree)
    if not w then return NULL end
    local off, count = w[1], w[3]
    local desc = ctx.tvb(at, 16)
    local units = count
    if ctx.to_client then units = math.max(count - 1, 0) end
    if ctx.to_client and count == 0 then
      ctx:error(rpath .. ": UnicodeString count 0 from the server (the client reads count − 1 units)", desc)
    end
    local nbytes = units * 2
    local data = nil
    if nbytes <= U32_MAX then data = ctx:bytes(off, nbytes) end
    if not data then
      ctx:out_of_frame(rpath, "UnicodeString", off, nbytes, desc)
      tree:add(desc, name .. ": null (UnicodeString at " .. int(off) .. ".." .. int(off + nbytes) ..
        " outside the frame)")
      return NULL
    end
    local text = utf16le(data)
    local it = tree:add(F.str[fpath], ctx.tvb(off, nbytes), shown(text))
    it:append_text(" (UTF-16LE, count " .. int(count) .. ")")
    return text
  elseif kind == "struct" then
    local w = ctx:words(at, 3, rpath, tree)
    if not w then return NULL end
    local off, len, size = w[1], w[2], w[3]
    local desc = ctx.tvb(at, 12)
    if len == 0 then
      tree:add(desc, name .. ": null (length 0)")
      return NULL
    end
    local it = tree:add(F.none[fpath], desc)
    it:set_text(name .. ": " .. type_text(sub) .. " at " .. int(off) .. ", length " .. int(len) ..
      ", size " .. int(size))
    return decode_fields(ctx, off, size, sub, fpath, rpath, it, false)
  elseif kind == "inline" then
    local lim = math.min(avail, sub.size)
    local it = tree:add(F.none[fpath], ctx:range(at, lim))
    it:set_text(name .. ": " .. type_text(sub))
    return decode_fields(ctx, at, lim, sub, fpath, rpath, it, false)
  elseif kind == "array" then
    local w = ctx:words(at, 4, rpath, tree)
    if not w then return NULL end
    local off, total, count, elem = w[1], w[2], w[3], w[4]
    local desc = ctx.tvb(at, 16)
    -- totalLength is only the null flag; element i is at offset + i * elementSize, as the
    -- client reads it (ctiqbe-wire-2 §2).
    if total == 0 then
      tree:add(desc, name .. ": null (totalLength 0)")
      return NULL
    end
    local stride = elem
    local it = tree:add(F.none[fpath], desc)
    it:set_text(name .. ": " .. int(count) .. " × " .. type_text(sub) .. " at " .. int(off) ..
      ", totalLength " .. int(total) .. ", elementSize " .. int(elem))
    if total < count * elem then
      ctx:error(rpath .. ": totalLength " .. int(total) .. " < count " .. int(count) ..
        " × elementSize " .. int(elem) .. "; elements read at elementSize strides, as the client does", desc)
    end
    local n = ctx:limit_count(rpath, count, desc)
    local list = {}
    for i = 0, n - 1 do
      local base = off + i * stride
      if base > U32_MAX then
        ctx:out_of_frame(rpath, "array element", off, total, desc)
        break
      end
      local epath = rpath .. "." .. i
      if base >= ctx.len then
        ctx:out_of_frame(epath, "array element", base, stride, desc)
        break
      end
      local el = it:add(F.none[fpath], ctx:range(base, stride))
      el:set_text(name .. "[" .. i .. "]: " .. type_text(sub))
      list[#list + 1] = decode_fields(ctx, base, elem, sub, fpath, epath, el, false)
    end
    return list
  elseif kind == "u32array" then
    local w = ctx:words(at, 4, rpath, tree)
    if not w then return NULL end
    local off, total, count, elem = w[1], w[2], w[3], w[4]
    local desc = ctx.tvb(at, 16)
    if total == 0 then
      tree:add(desc, name .. ": null (totalLength 0)")
      return NULL
    end
    if total < count * elem then
      ctx:error(rpath .. ": totalLength " .. int(total) .. " < count " .. int(count) ..
        " × elementSize " .. int(elem) .. "; elements read at elementSize strides, as the client does", desc)
    end
    if elem ~= 4 then
      ctx:error(rpath .. ": elementSize " .. int(elem) .. " for u32 elements; read as 4-byte values", desc)
    end
    tree:add(desc, name .. ": " .. int(count) .. " × u32 at " .. int(off) .. ", totalLength " ..
      int(total) .. ", elementSize " .. int(elem))
    local n = ctx:limit_count(rpath, count, desc)
    local data = ctx:bytes(off, n * 4)
    if not data then
      ctx:out_of_frame(rpath, "u32 array", off, n * 4, desc)
      return NULL
    end
    local list = {}
    for i = 0, n - 1 do
      local it = tree:add_le(F.u32[fpath], ctx.tvb(off + i * 4, 4))
      it:prepend_text("[" .. i .. "] ")
      list[#list + 1] = ctx.tvb(off + i * 4, 4):le_uint()
    end
    return list
  end
  return NULL
end

-- Bytes covered..limit of a fixed part or structure not described by the schema, as slot_N.
local function generic_slots(ctx, base, covered, limit, fprefix, rprefix, map, tree)
  local first = math.floor((covered + 3) / 4)
  local last = math.floor(limit / 4)
  local shown = 0
  for index = first, last - 1 do
    if shown >= MAX_GENERIC_SLOTS then
      ctx:error((rprefix == "" and "fixed part" or rprefix) .. ": " .. int(last - index) ..
        " more unknown slots not shown (limit " .. MAX_GENERIC_SLOTS .. ")")
      break
    end
    shown = shown + 1
    local name = "slot_" .. index
    local at = base + index * 4
    local v = nil
    if at <= U32_MAX then v = ctx:u32_at(at) end
    if v == nil then
      ctx:out_of_frame(join(rprefix, name), "slot", at, 4)
      tree:add(ctx:range(0, 0), name .. ": null (outside the frame)")
      map[name] = NULL
    else
      local it = tree:add_le(F.u32[join(fprefix, name)], ctx.tvb(at, 4))
      it:append_text(" (layout unknown)")
      map[name] = v
    end
    map._n = map._n + 1
  end
end

-- The fields of a fixed part (top) or structure at `base`; fields at offsets >= limit take
-- their defaults. fpath: field path (no indices), rpath: ctiscope's path (with indices).
decode_fields = function(ctx, base, limit, st, fprefix, rprefix, tree, top)
  local map = {_n = 0}
  if st.name and st.name ~= "" and not top then map._type = st.name end
  local covered = 0
  for _, slot in ipairs(st.fields or st.slots) do
    local off, name, kind, sub = slot[1], slot[2], slot[3], slot[4]
    local fpath, rpath = join(fprefix, name), join(rprefix, name)
    local w = width(kind, sub)
    if off + w > covered then covered = off + w end
    local v
    if off >= limit then
      v = default_value(ctx, kind, sub, fpath, name, tree)
    else
      if top and off + w > limit then
        ctx:error(rpath .. ": " .. KIND_TEXT[kind] .. " slot at " .. off .. ".." .. (off + w) ..
          " extends past fixedPartLength (" .. int(limit) .. "); read from the following bytes, as the client does",
          ctx:range(base + off, w))
      end
      local at = base + off
      if at > U32_MAX then
        ctx:out_of_frame(rpath, "slot", at, 4)
        tree:add(ctx:range(0, 0), name .. ": null (outside the frame)")
        v = NULL
      else
        v = decode_slot(ctx, at, slot, top and "" or (st.name or ""), fpath, rpath, tree,
          math.max(limit - off, 0))
      end
    end
    if map[name] == nil then map._n = map._n + 1 end
    map[name] = v
  end
  if st.open or top then
    generic_slots(ctx, base, covered, limit, fprefix, rprefix, map, tree)
  end
  return map
end

-- ---- the summary (decode.rs `summarize`) ----

local function text(v)
  if type(v) == "string" and v ~= "" then return v end
  return nil
end
local function number(v)
  if type(v) == "number" then return v end
  return nil
end

local function summarize(name, class, seq, f)
  local s = {name}
  if seq then s[#s + 1] = " seq " .. int(seq) end
  if text(f.login) then s[#s + 1] = " login " .. f.login end
  if text(f.applicationID) then s[#s + 1] = " app " .. f.applicationID end
  local cv = text(f.qbeClientVerion) or text(f.qbeClientVersion)
  if cv then s[#s + 1] = " client \"" .. cv .. "\"" end
  local sv = text(f.providerInfoString) or text(f.providerInfo)
  if sv then s[#s + 1] = " server \"" .. sv .. "\"" end
  if text(f.deviceName) then s[#s + 1] = " " .. f.deviceName end
  if type(f.deviceInfo) == "table" and text(f.deviceInfo.name) then
    s[#s + 1] = " " .. f.deviceInfo.name
  end
  local ip = number(f.ipAddr) or number(f.ipV4addr) or number(f.ipAddress)
  if ip and ip ~= 0 then
    s[#s + 1] = " " .. u32_note(nil, "", "ipAddr", ip)
    if number(f.rtpPortNumber) then s[#s + 1] = ":" .. int(f.rtpPortNumber) end
  end
  if number(f.compressionType) and CODECS[f.compressionType] then
    s[#s + 1] = " " .. CODECS[f.compressionType]
  end
  if number(f.newGlobalCallManagerID) and number(f.newGlobalCallID) then
    s[#s + 1] = " new global call " .. int(f.newGlobalCallManagerID) .. "|" .. int(f.newGlobalCallID)
  end
  if text(f.lineName) then
    s[#s + 1] = " line " .. f.lineName
    if text(f.partition) then s[#s + 1] = " (" .. f.partition .. ")" end
  end
  for _, pair in ipairs({{f.callingAddress, f.destAddress}, {f.callingParty, f.calledParty}}) do
    local x, y = text(pair[1]), text(pair[2])
    if x and y then s[#s + 1] = " " .. x .. " → " .. y
    elseif y then s[#s + 1] = " → " .. y end
  end
  if text(f.redirectAddress) then s[#s + 1] = " → " .. f.redirectAddress end
  local leg = number(f.callLegID)
  if number(f.callCallManagerID) and leg then
    s[#s + 1] = " call " .. int(f.callCallManagerID) .. "|" .. int(leg)
  elseif number(f.callManagerID) and leg then
    s[#s + 1] = " call " .. int(f.callManagerID) .. "|" .. int(leg)
  end
  local state = number(f.state)
  if state then
    if CALL_STATES[state] then s[#s + 1] = " state " .. int(state) .. " (" .. CALL_STATES[state] .. "?)"
    else s[#s + 1] = " state " .. int(state) end
  end
  if type(f.dtmfDigits) == "table" and f.dtmfDigits ~= NULL then
    local d = {}
    for i, v in ipairs(f.dtmfDigits) do d[i] = int(v) end
    s[#s + 1] = " digits [" .. table.concat(d, ",") .. "]"
  end
  for _, key in ipairs({"result", "reason"}) do
    local v = number(f[key])
    if v and v ~= 0 then
      if RESULT_CODES[v] then s[#s + 1] = " " .. key .. " " .. hex8(v) .. " (" .. RESULT_CODES[v] .. ")"
      elseif v > 0xFFFF then s[#s + 1] = " " .. key .. " " .. hex8(v)
      else s[#s + 1] = " " .. key .. " " .. int(v) end
    end
  end
  if text(f.failureDescription) then s[#s + 1] = " \"" .. f.failureDescription .. "\"" end
  if class == "unknown" and f._n > 0 then s[#s + 1] = " (" .. f._n .. " slots)" end
  return table.concat(s)
end

-- ---- one message ----

local function dissect_message(tvb, pinfo, root, to_client)
  local pdu = tvb(16, 4):le_uint()
  local def = P[pdu]
  local name
  if not def then name = "UnknownPdu(" .. int(pdu) .. ")"
  else name = def.name or ("EmptySlot(" .. pdu .. ")") end
  local tree = root:add(ctiqbe, tvb())
  local ctx = new_ctx(tvb, tree, to_client, pdu)

  local msg_item = tree:add(hf.message, tvb(16, 4), name)
  tree:add_le(hf.pdu, tvb(16, 4))
  tree:add(hf.direction, tvb(0, 0), to_client and "to_client" or "to_server"):set_generated()
  local h = tree:add(hf.header, tvb(0, HEADER_LEN))
  for i, word in ipairs(HEADER_WORDS) do
    local it = h:add_le(hf[word], tvb((i - 1) * 4, 4))
    if word == "pduId" then it:append_text(" (" .. name .. ")") end
  end
  tree:add(hf.layout, tvb(16, 4), def and def.layout or "unknown"):set_generated()

  if not def then
    tree:add_tvb_expert_info(ef.unknown_pdu, tvb(16, 4), "PDU " .. int(pdu) ..
      " is outside the client's table (0..=" .. (PDU_COUNT - 1) .. "); the client ignores such messages")
  elseif not def.name then
    tree:add_tvb_expert_info(ef.unknown_pdu, tvb(16, 4), "PDU " .. int(pdu) ..
      " is an empty slot of the client's table; the client drops the connection on it")
  end
  local st = def or {slots = {}, open = true}
  local fixed_offset, fixed_len = tvb(20, 4):le_uint(), tvb(24, 4):le_uint()
  local top = decode_fields(ctx, fixed_offset, fixed_len, {slots = st.slots, open = st.open},
    "", "", tree, true)
  ctx:finish_errors()

  local seq = number(top.sequenceNumber) or number(top.requestId)
  local class = def and def.class or "unknown"
  local summary = summarize(name, class, seq, top)
  tree:add(hf.summary, tvb(0, 0), shown(summary)):set_generated()
  tree:append_text(": " .. shown(summary))
  msg_item:append_text(" (PDU " .. int(pdu) .. ")")
  return shown(summary), tree
end

-- ---- framing (frame.rs) ----

-- The frame length if the header at `offset` passes Header::check, else nil and the reason.
local function check_header(tvb, offset)
  local magic = tvb(offset + 8, 4):le_uint()
  if magic ~= MAGIC then
    return nil, "magic cookie " .. hex8(magic) .. " at offset 8, expected " .. hex8(MAGIC)
  end
  local fixed_offset = tvb(offset + 20, 4):le_uint()
  if fixed_offset < HEADER_LEN then
    return nil, "fixedPartOffset " .. int(fixed_offset) .. " points into the " .. HEADER_LEN ..
      "-byte header"
  end
  local flen = fixed_offset + tvb(offset + 24, 4):le_uint() + tvb(offset + 28, 4):le_uint()
  if flen > MAX_MESSAGE_LEN then
    return nil, "frame length " .. int(flen) .. " exceeds the " .. MAX_MESSAGE_LEN .. "-byte limit"
  end
  return flen
end

local function plausible(tvb, offset)
  local flen = check_header(tvb, offset)
  if not flen then return false end
  return tvb(offset, 4):le_uint() + 8 == flen or tvb(offset + 16, 4):le_uint() < PDU_COUNT
end

-- The server side of each TCP conversation not on the well-known ports, decided once.
local servers = {}

local function endpoint(addr, port) return tostring(addr) .. ":" .. port end

local function to_client_of(tvb, pinfo, offset)
  if pinfo.src_port == PORT or pinfo.src_port == TLS_PORT then return true end
  if pinfo.dst_port == PORT or pinfo.dst_port == TLS_PORT then return false end
  local src, dst = endpoint(pinfo.src, pinfo.src_port), endpoint(pinfo.dst, pinfo.dst_port)
  local key = src < dst and (src .. " " .. dst) or (dst .. " " .. src)
  local server = servers[key]
  if not server then
    -- By the first message's sender (the client opens with ProviderInitRequest), else the
    -- lower port is the server's.
    local def = tvb:len() >= offset + 20 and P[tvb(offset + 16, 4):le_uint()]
    local sender = def and def.sender or "unknown"
    if sender == "client" then server = dst
    elseif sender == "server" then server = src
    elseif pinfo.src_port < pinfo.dst_port then server = src
    else server = dst end
    servers[key] = server
  end
  return server == src
end

function ctiqbe.init()
  servers = {}
end

local function dissect(tvb, pinfo, root)
  local len = tvb:len()
  local offset = 0
  local summaries = {}
  pinfo.cols.protocol = "CTIQBE"
  local to_client = nil
  while offset < len do
    local rem = len - offset
    if rem < HEADER_LEN then
      if pinfo.can_desegment > 0 then
        pinfo.desegment_offset = offset
        pinfo.desegment_len = DESEGMENT_ONE_MORE_SEGMENT
        break
      end
      local t = root:add(ctiqbe, tvb(offset, rem))
      t:add_tvb_expert_info(ef.framing, tvb(offset, rem), "header needs " .. HEADER_LEN ..
        " bytes, " .. rem .. " available")
      offset = len
      break
    end
    local flen, why = check_header(tvb, offset)
    if not flen then
      -- Bad header: report it and scan for the next plausible one (frame.rs resync).
      local t = root:add(ctiqbe, tvb(offset, rem))
      t:set_text("CTIQBE: bytes that are not a message")
      t:add_tvb_expert_info(ef.framing, tvb(offset, math.min(rem, HEADER_LEN)),
        why .. "; scanning for the next header")
      local pos = offset + 1
      while pos + HEADER_LEN <= len and not plausible(tvb, pos) do pos = pos + 1 end
      if pos + HEADER_LEN > len then
        offset = len
        break
      end
      t:add_tvb_expert_info(ef.resync, tvb(pos, 0),
        "resynchronised on a plausible header after skipping " .. (pos - offset) .. " bytes")
      t:set_len(pos - offset)
      offset = pos
    elseif rem < flen then
      if pinfo.can_desegment > 0 then
        pinfo.desegment_offset = offset
        pinfo.desegment_len = flen - rem
        break
      end
      local t = root:add(ctiqbe, tvb(offset, rem))
      t:add_tvb_expert_info(ef.framing, tvb(offset, rem), "truncated: the message needs " ..
        int(flen) .. " bytes, " .. rem .. " available")
      offset = len
      break
    else
      if to_client == nil then to_client = to_client_of(tvb, pinfo, offset) end
      local msg = tvb(offset, flen):tvb()
      local summary, tree = dissect_message(msg, pinfo, root, to_client)
      summaries[#summaries + 1] = summary
      local message_length = msg(0, 4):le_uint()
      if message_length + 8 ~= flen then
        tree:add_tvb_expert_info(ef.length_mismatch, msg(0, 4), "messageLength " ..
          int(message_length) .. " + 8 != frame length " .. int(flen) .. " (fixedPartOffset " ..
          int(msg(20, 4):le_uint()) .. " + fixedPartLength " .. int(msg(24, 4):le_uint()) ..
          " + variablePartLength " .. int(msg(28, 4):le_uint()) ..
          "); framing by the latter, as the client does")
      end
      offset = offset + flen
    end
  end
  if #summaries > 0 then
    pinfo.cols.info:clear()
    pinfo.cols.info:set(table.concat(summaries, " | "))
  end
  return len
end

-- Any TCP port: a CTIQBE header at the start of the payload (messageLength consistent,
-- reserved 0, magic, fixedPartOffset 32); the conversation is then ours.
local function heuristic(tvb, pinfo, root)
  if tvb:len() < HEADER_LEN then return false end
  if tvb(8, 4):le_uint() ~= MAGIC or tvb(4, 4):le_uint() ~= 0 then return false end
  if tvb(20, 4):le_uint() ~= HEADER_LEN then return false end
  local flen = HEADER_LEN + tvb(24, 4):le_uint() + tvb(28, 4):le_uint()
  if flen > MAX_MESSAGE_LEN or tvb(0, 4):le_uint() + 8 ~= flen then return false end
  pinfo.conversation = ctiqbe
  dissect(tvb, pinfo, root)
  return true
end

ctiqbe.dissector = dissect

DissectorTable.get("tcp.port"):add(PORT, ctiqbe)
pcall(function() DissectorTable.get("tls.port"):add(TLS_PORT, ctiqbe) end)
ctiqbe:register_heuristic("tcp", heuristic)
