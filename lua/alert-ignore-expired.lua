-- alert-ignore-expired: an alerts: ignore entry of rbc.yaml is past its
-- until: date. The alert is then checked as if it were not ignored.
return {
  id = "alert-ignore-expired",
  summary = "no alerts: ignore entry in rbc.yaml is past its until: date",
  severity = "warning",
  book = function(book)
    for _, e in ipairs(book.alert_ignores) do
      if e.expired then
        rbc.report(e, "the ignore entry for alert '%s' (owner %s) ended on %s; the alert is checked again: "
          .. "fix it, or renew the entry with a later until:", e.alert or "?", e.owner or "?", e["until"])
      end
    end
  end,
}
