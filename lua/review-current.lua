-- review-current: reviewed + review_every is not before the as-of date;
-- a warning when it falls due within the window (30 days, or
-- rules: {review-current: {window: N}}). rbc.review is the computation
-- rbc stale, the site and the handbook use.
return {
  id = "review-current",
  summary = "every runbook was reviewed within its review_every",
  severity = "error",
  runbook = function(rb)
    local r = rbc.review(rb, tonumber(rbc.settings.window))
    if r.state == "never" then
      rbc.report(rb, { line = 1, col = 1 },
        "runbook has no 'reviewed:' date; add 'reviewed: YYYY-MM-DD' to the front matter")
      return
    end
    local at = rb.reviewed_loc or rb
    if r.state == "overdue" then
      rbc.report(at, "review overdue by %d days (reviewed %s, every %d days)", -r.days_left, rb.reviewed, r.every)
    elseif r.state == "due" then
      rbc.report(at, { level = "warning" }, "review due in %d days (reviewed %s, every %d days)",
        r.days_left, rb.reviewed, r.every)
    end
  end,
}
