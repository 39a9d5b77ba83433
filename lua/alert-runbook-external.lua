-- alert-runbook-external (opt in): an alert's runbook link points outside
-- the book and its base_url, so rbc cannot check it (it never fetches).
return {
  id = "alert-runbook-external",
  summary = "alerts whose runbook link is outside the book and base_url (off unless rbc.yaml sets a level)",
  severity = "warning",
  opt_in = true,
  book = function(book)
    for _, a in ipairs(book.alerts) do
      if a.link_kind == "external" then
        rbc.report(a, "alert '%s': %s '%s' is outside the book%s; rbc cannot check it",
          a.name, a.link_key, a.link, a.link:find("{{", 1, true) and " (it is templated)" or
          " and alerts: base_url")
      end
    end
  end,
}
