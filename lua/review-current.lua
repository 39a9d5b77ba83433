-- review-current: reviewed + review_every is not before the as-of date;
-- a warning when it falls due within the window (30 days, or
-- rules: {review-current: {window: N}}). Same arithmetic as rbc stale.
return {
  id = "review-current",
  summary = "every runbook was reviewed within its review_every",
  severity = "error",
  runbook = function(rb)
    if not rb.reviewed then
      rbc.report(rb, { line = 1, col = 1 },
        "runbook has no 'reviewed:' date; add 'reviewed: YYYY-MM-DD' to the front matter")
      return
    end
    local every = rb.review_every and rb.review_every.max // 86400 or 90
    local due = rbc.date(rb.reviewed) + every
    local left = due - rbc.as_of_days
    local window = tonumber(rbc.settings.window) or 30
    local at = rb.reviewed_loc or rb
    if left < 0 then
      rbc.report(at, "review overdue by %d days (reviewed %s, every %d days)", -left, rb.reviewed, every)
    elseif left <= window then
      rbc.report(at, { level = "warning" }, "review due in %d days (reviewed %s, every %d days)",
        left, rb.reviewed, every)
    end
  end,
}
