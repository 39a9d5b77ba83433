-- alert-runbook-mismatch: an alert whose runbook link lands on a scenario
-- is named by that scenario's **Alerts:**.
return {
  id = "alert-runbook-mismatch",
  summary = "an alert's runbook link lands on a scenario whose Alerts: names the alert",
  severity = "warning",
  book = function(book)
    for _, a in ipairs(book.alerts) do
      local ignored = a.ignore and not a.ignore.expired
      if a.scenario and not a.named and not ignored then
        rbc.report(a, "alert '%s' links to scenario '%s' (%s#%s), whose Alerts: does not name it; "
          .. "add it there, or point the link at the right scenario",
          a.name, a.scenario.title, a.runbook.path, a.scenario.id)
      end
    end
  end,
}
