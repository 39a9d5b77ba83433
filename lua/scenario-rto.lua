-- scenario-rto: the RTO is declared (on the scenario or the runbook) and
-- within the tier's policy in rbc.yaml. Points at the RTO (or the
-- metadata line), or the heading when it is missing.
local function where(sc)
  if sc.rto and sc.rto.line > 0 then return sc.rto end
  if sc.meta_line then return sc, { line = sc.meta_line, col = 1 } end
  return sc
end

return {
  id = "scenario-rto",
  summary = "every scenario declares an RTO within its tier's policy",
  severity = "error",
  scenario = function(sc, rb)
    local rto = sc.rto or rb.rto
    if not rto then
      rbc.report(sc, "scenario '%s' declares no RTO; add '**RTO:** 1h' to its metadata line", sc.title)
      return
    end
    if not rb.tier then return end
    local policy = rbc.tier_policy(rb.tier)
    if policy and policy.rto and rto.max > policy.rto.max then
      local node, over = where(sc)
      if not sc.rto then node, over = rb.rto, nil end
      if over then
        rbc.report(node, over, "RTO %s is longer than the tier %d policy of %s (tiers: in rbc.yaml)",
          rto.text, rb.tier, policy.rto.text)
      else
        rbc.report(node, "RTO %s is longer than the tier %d policy of %s (tiers: in rbc.yaml)",
          rto.text, rb.tier, policy.rto.text)
      end
    end
  end,
}
