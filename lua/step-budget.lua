-- step-budget: where steps carry time estimates, the sum of their upper
-- ends stays within the scenario's RTO. Rollback steps are left out: they
-- replace recovery rather than add to it. Points at the scenario heading.
return {
  id = "step-budget",
  summary = "the steps' time estimates (upper ends) add up to no more than the scenario's RTO",
  severity = "warning",
  scenario = function(sc, rb)
    local rto = sc.rto or rb.rto
    if not rto then return end
    local total, any = 0, false
    for _, sec in ipairs(sc.sections) do
      -- estimate_max: the sum of the section's step estimates (upper ends)
      if sec.kind ~= "rollback" and sec.estimate_max then
        total = total + sec.estimate_max
        any = true
      end
    end
    if any and total > rto.max then
      rbc.report(sc, "the steps (without Rollback) take up to %d min, more than the RTO of %s",
        (total + 59) // 60, rto.text)
    end
  end,
}
