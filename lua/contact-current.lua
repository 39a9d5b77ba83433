-- contact-current: each contact was verified within contact_verify_every,
-- holds no placeholder values, and its email and phone are well-formed.
local function check_value(c, field)
  local v = c[field]
  if not v then return end
  local at = c
  local ph = rbc.placeholder(v)
  if ph then
    rbc.report(at, "contact '%s': %s holds the placeholder '%s'", c.id, field, ph)
    return true
  end
end

return {
  id = "contact-current",
  summary = "every contact is verified within contact_verify_every, without placeholders, with a valid email and phone",
  severity = "error",
  contact = function(c)
    if not c.verified then
      rbc.report(c, "contact '%s' has no 'verified:' date", c.id)
    else
      local r = rbc.review(c)   -- against contact_verify_every, as rbc stale
      if r.state == "overdue" then
        rbc.report(c, "contact '%s' was last verified %s, %d days overdue", c.id, c.verified, -r.days_left)
      end
    end
    for _, f in ipairs({ "name", "role", "email", "phone", "pager" }) do
      if not check_value(c, f) then
        local v = c[f]
        if f == "email" and v and not v:match("^[%w.!#$%%&'*+/=?^_`{|}~-]+@[%w-]+%.[%w.-]+$") then
          rbc.report(c, "contact '%s': '%s' is not an email address", c.id, v)
        elseif f == "phone" and v then
          local digits = v:gsub("[%s().-]", "")
          if not digits:match("^%+?%d+$") or #digits < 7 or #digits > 16 then
            rbc.report(c, "contact '%s': '%s' is not a phone number (write e.g. +44 20 7946 0100)",
              c.id, v)
          end
        end
      end
    end
  end,
}
