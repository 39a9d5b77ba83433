-- scenario-alert-unknown: every alert a scenario's **Alerts:** names is
-- defined by an alert rule file (checked when rbc.yaml has alerts:, and
-- skipped while an alert file has an error: its names are not known).
return {
  id = "scenario-alert-unknown",
  summary = "every alert a scenario's Alerts: names is defined in the alert rule files",
  severity = "error",
  book = function(book)
    if not book.alerts_configured or book.alert_files_broken then return end
    for _, ref in ipairs(book.alert_refs) do
      if not ref.alert then
        rbc.report(ref, "scenario '%s' names alert '%s', which no alert rule file defines%s",
          ref.scenario.title, ref.name,
          ref.nearest and string.format(" (renamed? did you mean '%s'?)", ref.nearest) or "")
      end
    end
  end,
}
