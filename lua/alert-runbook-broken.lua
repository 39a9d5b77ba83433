-- alert-runbook-broken: an alert's runbook link into the book lands on a
-- page that exists and on an anchor of that page.
local function hint(near, prefix)
  return near and string.format("; did you mean '%s%s'?", prefix, near) or ""
end

return {
  id = "alert-runbook-broken",
  summary = "every alert's runbook link into the book lands on an existing page and anchor",
  severity = "error",
  book = function(book)
    for _, a in ipairs(book.alerts) do
      local ignored = a.ignore and not a.ignore.expired
      if a.link_kind == "book" and not a.anchor_ok and not ignored then
        if not a.runbook then
          rbc.report(a, "alert '%s': %s '%s' leads to no runbook of the book (no page '%s')%s",
            a.name, a.link_key, a.link, a.page, hint(a.nearest, ""))
        else
          rbc.report(a, "alert '%s': %s '%s': %s has no anchor '#%s'%s",
            a.name, a.link_key, a.link, a.runbook.path, a.fragment, hint(a.nearest, "#"))
        end
      end
    end
  end,
}
