-- alert-runbook-missing: an alert whose severity is one of rbc.yaml's
-- alerts: require_severity has a runbook link (runbook_url or runbook
-- annotation), unless a live alerts: ignore entry names it.
return {
  id = "alert-runbook-missing",
  summary = "every alert whose severity is in alerts: require_severity has a runbook link",
  severity = "error",
  book = function(book)
    for _, a in ipairs(book.alerts) do
      local ignored = a.ignore and not a.ignore.expired
      if a.required and not a.link and not ignored then
        rbc.report(a, "alert '%s' (severity %s) has no runbook; add a runbook_url annotation that points "
          .. "at its scenario, or an alerts: ignore entry", a.name, a.severity)
      end
    end
  end,
}
